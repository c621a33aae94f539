"""Bundled text lists drawn back as TableDocuments the way PDF and Word readers would see them.

The 002 list is read with the markdown layout, then each item is drawn as table rows: merged
category cells, one paragraph per step and department label, page breaks that repeat the header,
leave a footer and sometimes cut a row in two. Reading the drawing back must give the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from importers.layouts import markdown
from importers.layouts.markdown.table import merge_continued_rows, read_rows, repair_english_and
from importers.normalize import strip_html
from importers.records import PART_BASIC, PART_COORDINATING, PART_RECLAIMED, PARTS, ParsedItems
from importers.tables.model import COVERED, Paragraph, Row, TableDocument, Where

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "002_fe4ab73d7f7b2358.txt"
CN = "一二三四五六七八九十"

HEADERS = {
    PART_BASIC: ("序号", "事项类别", "事项名称", "备注"),
    PART_COORDINATING: ("序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责", "备注"),
    PART_RECLAIMED: ("序号", "事项类别", "事项名称", "承接部门及工作方式", "备注"),
}
# A coordinating header in two rows: 上级部门 over its 部门 and 职责 sub-columns.
TWO_ROW_HEADER = (
    ("序号", "事项类别", "事项名称", "上级部门", "", "乡镇（街道）配合职责", "备注"),
    (COVERED, COVERED, COVERED, "部门", "职责", COVERED, COVERED),
)
TITLES = {PART_BASIC: "基本履职事项清单", PART_COORDINATING: "配合履职事项清单", PART_RECLAIMED: "上级部门收回事项清单"}


@dataclass(frozen=True)
class Style:
    """How a drawing varies, as real documents do."""

    paged: bool = True  # PDF: pages, header repeated on each, footers, rows cut by a break
    rows_per_page: int = 15
    split_every: int = 2  # every n-th page break cuts the row at the break in two (0: never)
    centred_categories: bool = True  # a merged category's text on the page holding its middle
    title_rows: bool = False  # part titles as a merged row inside the table, not a paragraph
    two_row_header: bool = False
    per_department_rows: bool = False  # an item with one labelled block per department: a row each
    departments_by_line: bool = False  # a department cell with one paragraph per name
    footer: str = "— {page} —"


def text_import() -> tuple[ParsedItems, str]:
    """The 002 list read by the markdown layout, and its text."""
    text = FIXTURE.read_text(encoding="utf-8")
    return markdown.parse_text(text, source=FIXTURE.name), text


def draw(items: ParsedItems, text: str, style: Style) -> TableDocument:
    """The whole list as a TableDocument: title, 说明, 目录, then the three tables."""
    blocks: list[Paragraph | Row] = [Paragraph(line) for line in _preamble(text)]
    blocks += _contents(style)
    methods = _reclaimed_cells(text)
    page = 1
    for part in PARTS:
        rows = [row for item in getattr(items, part) for row in _item_rows(part, item, style, methods)]
        _merge_categories(rows)
        part_blocks, page = _paginate(part, rows, style, page)
        blocks += part_blocks
    return TableDocument(tuple(blocks))


def _preamble(text: str) -> list[str]:
    """The title, month and 说明 lines of the fixture (up to its 目录)."""
    head = text.split("目 录")[0]
    return [line.strip() for line in head.splitlines() if line.strip()]


def _contents(style: Style) -> list[Paragraph | Row]:
    """A 目录: dotted-leader paragraphs (PDF) or a two-column table (Word)."""
    pages = {PART_BASIC: 1, PART_COORDINATING: 18, PART_RECLAIMED: 54}
    if style.paged:
        return [Paragraph("目  录")] + [
            Paragraph(f"{n}. {TITLES[part]}………………………… {pages[part]}") for n, part in enumerate(PARTS, 1)
        ]
    return [Paragraph("目 录")] + [
        Row((f"{n}. {TITLES[part]}.....", str(pages[part])), Where(table=1, row=n)) for n, part in enumerate(PARTS, 1)
    ]


def _item_rows(part: str, item, style: Style, methods: dict[int, list[str]]) -> list[list]:
    """One item as drawn rows; each cell a list of paragraphs (or COVERED)."""
    if part == PART_BASIC:
        return [[[str(item.seq)], [item.category], [item.name], [item.note] if item.note else []]]
    if part == PART_RECLAIMED:
        return [[[str(item.seq)], [item.category], [item.name], methods[item.seq], [item.note] if item.note else []]]
    township = _duty_paragraphs(item.township_duties)
    blocks = item.department_duties
    one_each = [block.department for block in blocks] == list(item.departments) and len(blocks) > 1
    if style.per_department_rows and one_each and not any(block.heading for block in blocks):
        first, *others = blocks
        rows = [[[str(item.seq)], [item.category], [item.name], [first.department], _steps(first), township, []]]
        for block in others:
            rows.append([COVERED, COVERED, COVERED, [block.department], _steps(block), COVERED, COVERED])
        return rows
    departments = list(item.departments) if style.departments_by_line else ["、".join(item.departments)]
    duties = _duty_paragraphs(blocks)
    return [[[str(item.seq)], [item.category], [item.name], departments, duties, township, [item.note] if item.note else []]]


def _steps(block) -> list[str]:
    """A block's steps numbered "1." as a Word reader writes automatic numbering."""
    return [f"{n}.{step}" for n, step in enumerate(block.steps, 1)]


def _duty_paragraphs(blocks) -> list[str]:
    """A responsibility cell: sub-headings, department labels and numbered steps, a line each."""
    lines: list[str] = []
    headings = 0
    for block in blocks:
        if block.heading and (not lines or lines[-1] != f"{CN[headings - 1]}、{block.heading}"):
            lines.append(f"{CN[headings]}、{block.heading}")
            headings += 1
        if block.department:
            lines.append(f"{block.department}：")
        lines += _steps(block)
    return lines


def _reclaimed_cells(text: str) -> dict[int, list[str]]:
    """Each taken-back item's 承接部门及工作方式 cell as published, one paragraph per label."""
    rows, _ = read_rows(text, source=FIXTURE.name)
    cells = {}
    for row in merge_continued_rows(rows, source=FIXTURE.name, notes=[]):
        row = repair_english_and(row, source=FIXTURE.name, notes=[])
        if row.part == PART_RECLAIMED:
            plain = " ".join(strip_html(row.cells["method"]).split())
            cells[int(row.cells["seq"])] = [p.strip() for p in plain.replace(" 工作方式", "\n工作方式").split("\n")]
    return cells


def _merge_categories(rows: list[list]) -> None:
    """Category cells merged down over each run of one category: text once, COVERED below."""
    previous = None
    for row in rows:
        if row[1] is COVERED:
            continue
        category = row[1][0]
        if category == previous:
            row[1] = COVERED
        previous = category


def _paginate(part: str, rows: list[list], style: Style, page: int) -> tuple[list, int]:
    """The part's table over pages: header on each, footers between, some rows cut in two."""
    header = TWO_ROW_HEADER if style.two_row_header and part == PART_COORDINATING else (HEADERS[part],)
    pages: list[list[list]] = [[]]
    breaks = 0
    for row in rows:
        if style.paged and len(pages[-1]) >= style.rows_per_page and row[0] is not COVERED:
            breaks += 1
            if style.split_every and breaks % style.split_every == 0 and _cuttable(pages[-1][-1]):
                top, bottom = _cut(pages[-1][-1])
                pages[-1][-1] = top
                pages.append([bottom])
            else:
                pages.append([])
        pages[-1].append(row)
    if style.centred_categories and style.paged:
        _centre_categories(pages)
    blocks: list = []
    heading = f"一、{TITLES[part]}" if part == PART_BASIC else TITLES[part]
    width = len(HEADERS[part])
    if not style.title_rows:
        blocks.append(Paragraph(heading, Where(page=page) if style.paged else Where()))
    for number, drawn in enumerate(pages):
        where = (lambda r: Where(page=page, row=r)) if style.paged else (lambda r: Where(table=PARTS.index(part) + 2, row=r))
        top = [(heading,) + ("",) * (width - 1)] if style.title_rows and number == 0 else []
        lines = top + list(header) + [tuple(_cell(cell) for cell in row) for row in drawn]
        for r, cells in enumerate(lines, 1):
            blocks.append(Row(cells, where(r), starts_page=style.paged and r == 1 and number > 0))
        if style.paged:
            blocks.append(Paragraph(style.footer.format(page=page)))
            page += 1
    return blocks, page


def _cell(cell) -> str | None:
    """A drawn cell as the model holds it."""
    return COVERED if cell is COVERED else "\n".join(cell)


def _cuttable(row: list) -> bool:
    """Whether a row has a long enough cell for a page break to cut."""
    return row[0] is not COVERED and any(cell is not COVERED and sum(map(len, cell)) > 30 for cell in row[2:])


def _cut(row: list) -> tuple[list, list]:
    """A row cut by a page break: its lines above go on this page, the rest on the next.

    Cells of several paragraphs are cut between paragraphs, a one-paragraph cell of at least
    24 characters mid-line at a Chinese character; the lower row has no 序号 and an empty
    (or COVERED) category.
    """
    top, bottom = list(row), [[""], COVERED if row[1] is COVERED else [""]]
    for cell in row[2:]:
        if cell is COVERED or not cell:
            bottom.append(COVERED if cell is COVERED else [])
            continue
        if len(cell) > 1:
            half = (len(cell) + 1) // 2
            top[len(bottom)], piece = cell[:half], cell[half:]
        elif len(cell[0]) >= 24:
            at = _cut_point(cell[0])
            top[len(bottom)], piece = [cell[0][:at]], [cell[0][at:]]
        else:
            piece = []
        bottom.append(piece)
    return top, bottom


def _cut_point(text: str) -> int:
    """Where a line wraps: past the middle, before a Chinese character that opens no step."""
    at = len(text) // 2
    while at < len(text) - 1 and not ("\u4e00" <= text[at] <= "\u9fff" and text[at] not in CN):
        at += 1
    return at


def _centre_categories(pages: list[list[list]]) -> None:
    """Move each merged category's text to the page holding the middle row of its span.

    On that page the text sits in the span's first row there; the span's first row on every
    other page is empty (its cell was cut by the break), as a PDF table reader sees it.
    """
    flat = [(p, r) for p, rows in enumerate(pages) for r in range(len(rows))]
    spans: list[list[tuple[int, int]]] = []
    for p, r in flat:
        cell = pages[p][r][1]
        cut_piece = r == 0 and cell == [""]  # the lower half of a cell a page break cut
        if cell is COVERED or cut_piece:
            spans[-1].append((p, r))
        else:
            spans.append([(p, r)])
    for span in spans:
        text = pages[span[0][0]][span[0][1]][1]
        if text is COVERED:
            continue
        middle_page = span[len(span) // 2][0]
        for p in dict.fromkeys(p for p, _ in span):
            first = next(r for q, r in span if q == p)
            pages[p][first][1] = text if p == middle_page else [""]
