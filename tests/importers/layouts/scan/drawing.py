"""Synthetic scanned pages drawn with Pillow: ruled tables with merged cells, text, specks, a stamp."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

A4_PORTRAIT = (1241, 1754)  # 150 dpi
A4_LANDSCAPE = (1754, 1241)
FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def font(size: int = 21) -> ImageFont.FreeTypeFont:
    """A CJK font installed on this machine (tests needing one skip without it)."""
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    pytest.skip("no CJK font installed (fonts-noto-cjk or fonts-wqy-zenhei)")


@dataclass
class TableDrawing:
    """A ruled table to draw: column widths, row heights, merged spans and cell texts."""

    left: int
    top: int
    widths: list[int]
    heights: list[int]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, column, rows, columns)
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    thickness: int = 2

    @property
    def column_lines(self) -> list[int]:
        return [self.left + sum(self.widths[:i]) for i in range(len(self.widths) + 1)]

    @property
    def row_lines(self) -> list[int]:
        return [self.top + sum(self.heights[:i]) for i in range(len(self.heights) + 1)]

    def merged(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Whether two grid cells lie in one merged span."""
        return any(
            r <= a[0] < r + rows and c <= a[1] < c + columns and r <= b[0] < r + rows and c <= b[1] < c + columns
            for r, c, rows, columns in self.merges
        )


def draw_table(draw: ImageDraw.ImageDraw, table: TableDrawing, ink: int = 20) -> None:
    """The table's rulings, leaving out the ones inside merged spans, and its texts."""
    xs, ys = table.column_lines, table.row_lines
    width = table.thickness
    draw.rectangle([xs[0], ys[0], xs[-1], ys[-1]], outline=ink, width=width)
    for r in range(len(ys) - 2):
        for c in range(len(xs) - 1):
            if not table.merged((r, c), (r + 1, c)):
                draw.line([xs[c], ys[r + 1], xs[c + 1], ys[r + 1]], fill=ink, width=width)
    for c in range(len(xs) - 2):
        for r in range(len(ys) - 1):
            if not table.merged((r, c), (r, c + 1)):
                draw.line([xs[c + 1], ys[r], xs[c + 1], ys[r + 1]], fill=ink, width=width)
    face = font()
    for (r, c), text in table.texts.items():
        draw.multiline_text((xs[c] + 8, ys[r] + 6), text, fill=ink, font=face, spacing=6)


def page(size=A4_PORTRAIT, tables=(), lines=()) -> Image.Image:
    """A white grayscale page with the given tables and free text lines ((x, y), text)."""
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for table in tables:
        draw_table(draw, table)
    for (x, y), text in lines:
        draw.text((x, y), text, fill=20, font=font())
    return image


def add_specks(image: Image.Image, count: int = 400, seed: int = 7) -> Image.Image:
    """Scanner dust: small dark dots anywhere on the page."""
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)
    for _ in range(count):
        x, y, r = rng.randrange(image.width), rng.randrange(image.height), rng.choice((1, 1, 2, 3))
        draw.ellipse([x, y, x + r, y + r], fill=rng.randrange(0, 120))
    return image


def add_stamp(image: Image.Image, centre: tuple[int, int], radius: int = 110) -> Image.Image:
    """A round official stamp (a ring with a star and text), gray as a red stamp scans."""
    draw = ImageDraw.Draw(image)
    x, y = centre
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=130, width=5)
    draw.regular_polygon((x, y, radius // 4), 5, fill=130)
    draw.text((x - radius + 30, y + radius // 3), "乡人民政府印", fill=130, font=font(26))
    return image


def erase(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """White over a box: a ruling broken or missing there."""
    ImageDraw.Draw(image).rectangle(box, fill=255)
    return image


def array(image: Image.Image) -> np.ndarray:
    """The page as the scan reader takes it: a grayscale uint8 array."""
    return np.asarray(image.convert("L"), dtype=np.uint8).copy()


def category_table(left: int = 100, top: int = 150) -> TableDrawing:
    """A 基本-style table: a header row, a category cell merged over three rows, one over two."""
    return TableDrawing(
        left=left,
        top=top,
        widths=[90, 200, 640],
        heights=[44, 80, 80, 80, 80, 80],
        merges=[(1, 1, 3, 1), (4, 1, 2, 1)],
        texts={
            (0, 0): "序号", (0, 1): "事项类别", (0, 2): "事项名称",
            (1, 0): "1", (1, 1): "党的建设", (1, 2): "宣传贯彻党的路线方针政策",
            (2, 0): "2", (2, 2): "加强基层党组织建设",
            (3, 0): "3", (3, 2): "做好党员发展和教育管理",
            (4, 0): "4", (4, 1): "经济发展", (4, 2): "推动产业发展\n培育市场主体",
            (5, 0): "5", (5, 2): "优化营商环境",
        },
    )
