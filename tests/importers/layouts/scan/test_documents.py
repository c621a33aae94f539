"""Pages of a real list, printed to PDF by LibreOffice and drawn at 150 dpi as a scanner would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from importers.layouts.scan.read import read_scan
from importers.tables.model import COVERED, Paragraph, Row

DOCUMENT = Path(__file__).parents[4] / "fixtures" / "documents" / "002_xianbaibazha.pdf"
PDFTOPPM = shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(PDFTOPPM is None, reason="poppler-utils (pdftoppm) draws the test pages")


def drawn_page(number: int) -> bytes:
    """One page of the fixture as a 150 dpi grayscale PNG."""
    command = [PDFTOPPM, "-r", "150", "-gray", "-png", "-f", str(number), "-l", str(number), str(DOCUMENT)]
    return subprocess.run(command, check=True, capture_output=True, timeout=60).stdout


def read(recogniser, number: int):
    document = read_scan(drawn_page(number), source=f"page{number}.png", recogniser=recogniser)
    paragraphs = [block.text.replace(" ", "") for block in document.blocks if isinstance(block, Paragraph)]
    return paragraphs, [block for block in document.blocks if isinstance(block, Row)]


@pytest.fixture(scope="module")
def coordinating(recogniser):
    return read(recogniser, 8)  # landscape: the first page of the 配合 part


@pytest.fixture(scope="module")
def reclaimed(recogniser):
    return read(recogniser, 43)  # portrait: the first page of the 收回 part


def test_the_part_heading_above_the_coordinating_table_is_read(coordinating):
    paragraphs, _rows = coordinating
    assert paragraphs[0] == "二、配合履职事项清单"


def test_the_coordinating_header_row_is_read_cell_by_cell(coordinating):
    _paragraphs, rows = coordinating
    assert rows[0].cells == ("序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责", "备注")


def test_the_first_coordinating_item_keeps_its_lines_and_its_category_covers_the_next(coordinating):
    _paragraphs, rows = coordinating
    first = rows[1].cells
    assert first[:4] == ("1", "党的建设", "推荐县级以上党代表\n工作", "于田县委组织部")
    assert first[4].startswith("1.确定县级以上党代表名额分配；\n2.确定初步人员并进行考察；")
    assert rows[2].cells[:2] == ("2", COVERED)
    assert all(len(row.cells) == 7 for row in rows)


def test_the_reclaimed_header_and_first_item_are_read(reclaimed):
    paragraphs, rows = reclaimed
    assert paragraphs[0] == "三、上级部门收回事项清单"
    assert rows[0].cells == ("序号", "事项类别", "事项名称", "承接部门及工作方式", "备注")
    assert rows[1].cells[:3] == ("1", "经济发展", "对农业资金分配、使用过程的监\n督管理")
    assert rows[1].cells[3].startswith("承接部门：于田县农业农村局、于田\n县财政局")
