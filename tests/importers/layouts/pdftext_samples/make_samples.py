"""Make the pdftext samples: part of the 002 list as Word files, to PDF, to `pdftotext -layout` text.

Run from the repository root (needs python-docx, LibreOffice and poppler-utils; not run in CI,
its outputs are committed):

    .venv/bin/python tests/importers/layouts/pdftext_samples/make_samples.py

Each style varies what published documents vary: portrait or landscape 配合 pages, merged or
repeated category cells, a 备注 column or none, fonts and sizes, footers, a two-row header.
The items are the ones the markdown layout reads from fixtures/002, so a test can compare.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
FIXTURE = ROOT / "fixtures" / "002_fe4ab73d7f7b2358.txt"

# Which items of 002 each sample holds (seq ranges per part, inclusive).
SELECTION = {"basic": (20, 34), "coordinating": (9, 14), "reclaimed": (1, 7)}


@dataclass(frozen=True)
class Style:
    """How one sample document is drawn."""

    name: str
    font: str = "Noto Serif CJK SC"
    size: float = 10.5
    landscape_coordinating: bool = True
    merged_categories: bool = True
    note_column: bool = True
    footer: str = "— {PAGE} —"
    two_row_header: bool = False
    numbered_steps: bool = True  # "1.…" at the start of each step paragraph
    centred: bool = False  # 序号 and 事项类别 centred, merged categories in their span's middle
    part_breaks: bool = True  # each part's table starts a new page


STYLES = (
    Style("portrait_merged", landscape_coordinating=False),
    Style("portrait_centred", font="WenQuanYi Micro Hei", size=11, landscape_coordinating=False,
          note_column=False, centred=True, numbered_steps=False, footer="{PAGE}"),
    Style("portrait_run_on", font="Noto Sans CJK SC", size=9, landscape_coordinating=False,
          part_breaks=False, footer="第 {PAGE} 页"),
    Style("landscape_repeated", font="WenQuanYi Zen Hei", size=9, merged_categories=False,
          note_column=False, footer="第 {PAGE} 页 共 {NUMPAGES} 页"),
    Style("landscape_two_row_header", font="Noto Sans CJK SC", size=10, two_row_header=True,
          footer="- {PAGE} -"),
)  # fmt: skip


def selected_items():
    """The 002 items each sample holds, and the list's title/month/说明 lines."""
    sys.path.insert(0, str(ROOT))
    from importers.layouts import markdown

    text = FIXTURE.read_text(encoding="utf-8")
    items = markdown.parse_text(text, source=FIXTURE.name)
    chosen = {
        part: [item for item in getattr(items, part) if low <= item.seq <= high]
        for part, (low, high) in SELECTION.items()
    }
    preamble = [line.strip() for line in text.split("目 录")[0].splitlines() if line.strip()]
    return chosen, preamble


def stated_preamble(preamble: list[str], chosen: dict) -> list[str]:
    """The 说明 with its stated counts made those of the selection."""
    counts = {part: len(items) for part, items in chosen.items()}
    total = sum(counts.values())
    replacements = {
        "共有履职事项 255 项": f"共有履职事项 {total} 项",
        "基本履职事项 116 项": f"基本履职事项 {counts['basic']} 项",
        "配合履职事项 98 项": f"配合履职事项 {counts['coordinating']} 项",
        "上级部门收回事项 41 项": f"上级部门收回事项 {counts['reclaimed']} 项",
    }
    lines = []
    for line in preamble:
        for old, new in replacements.items():
            line = line.replace(old, new)
        lines.append(line)
    return lines


# ----------------------------------------------------------------------------- Word writing


def _set_font(document, style: Style) -> None:
    normal = document.styles["Normal"]
    normal.font.name = style.font
    normal.font.size = Pt(style.size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), style.font)
    normal.paragraph_format.space_after = Pt(0)


def _field(paragraph, code: str) -> None:
    """A PAGE or NUMPAGES field in a footer paragraph."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _footer(section, style: Style) -> None:
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = style.footer
    while text:
        start = text.find("{")
        if start < 0:
            paragraph.add_run(text)
            break
        end = text.index("}", start)
        paragraph.add_run(text[:start])
        _field(paragraph, text[start + 1 : end])
        text = text[end + 1 :]


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _fill(cell, paragraphs: list[str]) -> None:
    """A cell's paragraphs, one per step or label."""
    cell.text = paragraphs[0] if paragraphs else ""
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def _steps(blocks, numbered: bool) -> list[str]:
    """A duty cell: per-department labels and numbered steps, one paragraph each."""
    lines = []
    for block in blocks:
        if block.department:
            lines.append(f"{block.department}：")
        for number, step in enumerate(block.steps, 1):
            lines.append(f"{number}.{step}" if numbered and len(block.steps) > 1 else step)
    return lines


def _methods(item) -> list[str]:
    """A 承接部门及工作方式 cell as 002 publishes it: the departments, then the ways of working."""
    ways = "；".join(method.text for method in item.methods)
    return [f"承接部门：{'、'.join(item.departments)}", f"工作方式：{ways}"] if item.departments else [ways]


def _table(document, headers: list[list[str]], rows: list[list[list[str]]], widths, style: Style):
    """A bordered table: header row(s) repeated on each page, then the item rows."""
    table = document.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.autofit = False
    for header in headers:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.text = text
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _repeat_header(table.rows[-1])
    if len(headers) == 2:  # 上级部门 over 部门 | 职责; the other columns merged down
        top, bottom = table.rows[0].cells, table.rows[1].cells
        for column, (upper, lower) in enumerate(zip(headers[0], headers[1])):
            if lower == "":
                top[column].merge(bottom[column]).text = upper
        top[3].merge(top[4]).text = headers[0][3]
    for row in rows:
        cells = table.add_row().cells
        for cell, paragraphs in zip(cells, row):
            _fill(cell, paragraphs)
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)  # the grid LibreOffice lays out by
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def _merge_categories(table, first_row: int, categories: list[str], centred: bool) -> None:
    """Merge each run of one category down its column, its name once in the merged cell."""
    start = 0
    while start < len(categories):
        end = start
        while end + 1 < len(categories) and categories[end + 1] == categories[start]:
            end += 1
        if end > start:
            merged = table.cell(first_row + start, 1).merge(table.cell(first_row + end, 1))
            merged.text = categories[start]
            if centred:
                merged.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        start = end + 1


def _part(document, part: str, items, style: Style, width: float) -> None:
    """One part: its title paragraph and its table."""
    titles = {"basic": "基本履职事项清单", "coordinating": "配合履职事项清单", "reclaimed": "上级部门收回事项清单"}
    heading = document.add_paragraph(titles[part])
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = style.note_column
    if part == "basic":
        headers = [["序号", "事项类别", "事项名称"] + (["备注"] if note else [])]
        rows = [[[str(i.seq)], [i.category], [i.name]] + ([[i.note]] if note else []) for i in items]
        fixed = [1.2, 2.2] + ([2.0] if note else [])
        widths = fixed[:2] + [width - sum(fixed)] + fixed[2:]
    elif part == "coordinating":
        if style.two_row_header:
            headers = [
                ["序号", "事项类别", "事项名称", "上级部门", "上级部门", "乡镇（街道）配合职责"],
                ["", "", "", "部门", "职责", ""],
            ]
        else:
            headers = [["序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责"]]
        rows = [
            [[str(i.seq)], [i.category], [i.name], list(i.departments),
             _steps(i.department_duties, style.numbered_steps), _steps(i.township_duties, style.numbered_steps)]
            for i in items
        ]  # fmt: skip
        rest = width - 1.2 - 2.2 - 3.2 - 3.2
        widths = [1.2, 2.2, 3.2, 3.2, rest / 2, rest / 2]
    else:
        headers = [["序号", "事项类别", "事项名称", "承接部门及工作方式"]]
        rows = [[[str(i.seq)], [i.category], [i.name], _methods(i)] for i in items]
        rest = width - 1.2 - 2.2
        widths = [1.2, 2.2, rest * 0.4, rest * 0.6]
    table = _table(document, headers, rows, widths, style)
    if style.centred:
        for row in table.rows[len(headers) :]:
            for cell in row.cells[:2]:
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if style.merged_categories:
        _merge_categories(table, len(headers), [i.category for i in items], style.centred)


def write_docx(path: Path, style: Style, chosen: dict, preamble: list[str]) -> None:
    """One sample as a Word file: title, month, 说明, then the three part tables."""
    document = Document()
    _set_font(document, style)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(2))
    _footer(section, style)
    for line in stated_preamble(preamble, chosen):
        paragraph = document.add_paragraph(line)
        if len(line) < 40:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_page_break()
    _part(document, "basic", chosen["basic"], style, 17)
    if style.landscape_coordinating:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        _footer(section, style)
        _part(document, "coordinating", chosen["coordinating"], style, 25.7)
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        _footer(section, style)
    else:
        if style.part_breaks:
            document.add_page_break()
        _part(document, "coordinating", chosen["coordinating"], style, 17)
        if style.part_breaks:
            document.add_page_break()
    _part(document, "reclaimed", chosen["reclaimed"], style, 17)
    document.save(path)


def convert(docx: Path, target: Path) -> None:
    """Word → PDF (LibreOffice) → layout text (pdftotext -layout)."""
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, str(docx)],
            check=True, capture_output=True,
        )  # fmt: skip
        pdf = Path(work) / (docx.stem + ".pdf")
        subprocess.run(["pdftotext", "-layout", str(pdf), str(target)], check=True)


def main() -> None:
    """Write every style's sample text next to this script."""
    chosen, preamble = selected_items()
    with tempfile.TemporaryDirectory() as work:
        for style in STYLES:
            docx = Path(work) / f"{style.name}.docx"
            write_docx(docx, style, chosen, preamble)
            convert(docx, HERE / f"{style.name}.txt")
            print(HERE / f"{style.name}.txt")


if __name__ == "__main__":
    main()
