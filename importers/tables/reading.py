"""Any TableDocument read into a list: preamble, part tables, merged and broken rows, items.

The PDF, Word and spreadsheet layouts each make a TableDocument; this module is the one place
that finds header rows and parts, drops repeated headers and page furniture, joins rows a page
break cut, resolves merged cells and builds items with the tabbed layout's builders.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from importers.layouts.tabbed.coordinating import coordinating_item
from importers.layouts.tabbed.items import basic_item
from importers.layouts.tabbed.reclaimed import reclaimed_item
from importers.layouts.tabbed.rows import cell_under, sequence
from importers.normalize import clean_text
from importers.places import place_from_titles
from importers.preamble import parse_preamble, preamble_issues
from importers.records import (
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PART_TITLES,
    FLAG_OCR_DOUBTFUL,
    PARTS,
    ParsedItems,
    ParseError,
    ParseIssue,
    Reading,
    ReviewFlag,
)
from importers.tables.assembly import DOUBTFUL_BELOW, DrawnRow, Section, assemble, seq_number
from importers.tables.furniture import contents_statement, is_contents_entry, is_footer
from importers.tables.headers import (
    SEQ,
    banner_text,
    combined_labels,
    header_roles,
    heading_part,
    is_sub_header,
    table_part,
    tabbed_table,
)
from importers.tables.model import CellScan, Paragraph, Row, TableDocument

NO_TABLE_MESSAGE = "未在文件中找到履职事项表格（含“序号”“事项名称”的表头）"
PART_MISSING_MESSAGE = "未找到{title}的表格（含“序号”“事项名称”等列的表头）；文件中找到的表格：{found}"
EMPTY_TABLE_MESSAGE = "{where}的{title}表格只有表头，没有任何事项行"
BANNER_ROW_MESSAGE = "{where}：表格中的一行只有“{text}”，不是事项，已跳过"
DOUBTFUL_CELL = "扫描件中“{column}”一栏{doubts}，请对照原件图片核对"
UNSURE_READING = "识别把握不大（置信度 {confidence:.0%}）"
TOO_LARGE_MESSAGE = "文件中的表格过大（{rows} 行、{chars} 个字），超出履职事项清单的合理范围，未读取"

# Bounds checked before any work: a list has a few hundred rows and well under a million chars.
MAX_BLOCKS = 50_000
MAX_CHARS = 5_000_000

_BUILDERS = {PART_BASIC: basic_item, PART_COORDINATING: coordinating_item, PART_RECLAIMED: reclaimed_item}


@dataclass
class _Walk:
    """What reading the blocks in order has found so far."""

    source: str
    preamble: list[str] = field(default_factory=list)  # lines before the first header row
    titles: list[str] = field(default_factory=list)  # part headings, for the place
    sections: list[Section] = field(default_factory=list)
    remarks: list[ParseIssue] = field(default_factory=list)
    hint: str | None = None  # the part the last heading named, for the next header
    page_pending: bool = False  # a page started since the last data row (header/footer dropped)

    @property
    def section(self) -> Section | None:
        """The table being read."""
        return self.sections[-1] if self.sections else None


def read_document(document: TableDocument, *, source: str) -> Reading:
    """Read a document's preamble and its three part tables into items."""
    _check_size(document, source)
    walk = _walk(document.blocks, source)
    _check_parts(walk, source)
    items = {part: [] for part in PARTS}
    for section in walk.sections:
        rows, remarks = assemble(section, source=source)
        items[section.part] += rows
        walk.remarks += remarks
    built = {part: _build(part, rows) for part, rows in items.items()}
    text = "\n".join(walk.preamble)
    return Reading(
        items=ParsedItems(
            basic=built[PART_BASIC],
            coordinating=built[PART_COORDINATING],
            reclaimed=built[PART_RECLAIMED],
            place=place_from_titles(walk.titles),
            issues=tuple(walk.remarks),
        ),
        preamble=parse_preamble(text),
        remarks=tuple(preamble_issues(text, source=source)),
    )


def _check_size(document: TableDocument, source: str) -> None:
    """Refuse a document too large to be a list before reading it."""
    rows = len(document.blocks)
    chars = 0
    for block in document.blocks[:MAX_BLOCKS]:
        cells = (block.text,) if isinstance(block, Paragraph) else block.cells
        chars += sum(len(cell) for cell in cells if cell)
    if rows > MAX_BLOCKS or chars > MAX_CHARS:
        message = TOO_LARGE_MESSAGE.format(rows=rows, chars=chars)
        raise ParseError(ParseIssue(file=source, line=None, code="too_large", message=message))


def _walk(blocks: tuple[Paragraph | Row, ...], source: str) -> _Walk:
    """Sort the blocks into preamble lines, headings and table sections."""
    walk = _Walk(source)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Paragraph):
            _paragraph(walk, block.text)
            index += 1
            continue
        header_rows = _header(walk, blocks, index)
        if not header_rows:
            _row(walk, block, index + 1)
        index += header_rows or 1
    return walk


def _paragraph(walk: _Walk, text: str) -> None:
    """A paragraph: footer, part heading, preamble line, or text between tables (ignored)."""
    text = text.strip()
    if not text or is_footer(text):
        walk.page_pending = walk.page_pending or bool(text and walk.sections)
        return
    part = heading_part(text)
    if part:
        walk.hint = part
        walk.titles.append(text)
    if not walk.sections:
        _preamble_line(walk, text)


def _preamble_line(walk: _Walk, text: str) -> None:
    """Keep a line of the preamble; a 目录 entry only for the count it may state."""
    if is_contents_entry(text):
        text = contents_statement(text)
    if text:
        walk.preamble.append(text)


def _header(walk: _Walk, blocks: tuple[Paragraph | Row, ...], index: int) -> int:
    """Open a table, or drop a repeated header, when the row is a header row: how many rows
    the header takes (2 with a row of sub-columns under it), else 0."""
    row = blocks[index]
    roles = header_roles(combined_labels(row.cells))
    if roles is None:
        return 0
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    taken = 1
    if isinstance(following, Row) and is_sub_header(row.cells, following.cells):
        with_sub = header_roles(combined_labels(row.cells, following.cells))
        roles, taken = (with_sub, 2) if with_sub else (roles, 1)
    part = table_part(roles, walk.hint)
    walk.hint = None
    if walk.section and walk.section.part == part and walk.section.roles == roles:
        walk.page_pending = walk.page_pending or row.starts_page  # a header repeated on a new page
        return taken
    walk.sections.append(Section(tabbed_table(part, roles), roles, row.where))
    walk.page_pending = False
    return taken


def _row(walk: _Walk, row: Row, index: int) -> None:
    """A row that is no header: preamble before any table, else furniture, heading or data."""
    texts = [cell.strip() for cell in row.cells if cell and cell.strip()]
    if not texts:
        return
    banner = banner_text(row.cells)
    if banner and is_footer(banner) and not _could_be_item(walk, banner):
        walk.page_pending = walk.page_pending or bool(walk.sections)
        return
    if banner and heading_part(banner):
        _paragraph(walk, banner)
        return
    section = walk.section
    if section is None:
        _preamble_line(walk, " ".join(texts))
        return
    if banner and section.roles[0] == SEQ and seq_number(banner) is None:
        message = BANNER_ROW_MESSAGE.format(where=row.where, text=banner[:30])
        walk.remarks.append(ParseIssue(file=walk.source, line=None, code="table_row", message=message))
        return
    cells = _fit(row.cells, len(section.roles))
    section.rows.append(DrawnRow(index, row.where, cells, _starts_page(walk, row), _fit_scans(row.scans, len(cells))))
    walk.page_pending = False


def _could_be_item(walk: _Walk, text: str) -> bool:
    """A bare number alone in the 序号 column is an (empty) item when it is the next 序号."""
    section = walk.section
    if section is None or not section.rows or seq_number(text) is None or not text.strip().isdecimal():
        return False
    seq_at = section.roles.index(SEQ)
    numbers = [seq_number(row.cells[seq_at]) for row in section.rows]
    last = next((number for number in reversed(numbers) if number is not None), None)
    return last is not None and int(text) == last + 1


def _starts_page(walk: _Walk, row: Row) -> bool:
    """Whether a data row is the first on its page (a header or footer before it was dropped)."""
    rows = walk.section.rows
    previous = rows[-1].where.page if rows else None
    new_page = row.where.page is not None and previous is not None and row.where.page != previous
    return row.starts_page or walk.page_pending or new_page


def _fit(cells: tuple[str | None, ...], width: int) -> tuple[str | None, ...]:
    """A row's cells made as wide as its header: short rows padded, surplus kept in the last."""
    if len(cells) <= width:
        return tuple(cells) + ("",) * (width - len(cells))
    surplus = "\n".join(cell for cell in cells[width - 1 :] if cell)
    return tuple(cells[: width - 1]) + (surplus,)


def _fit_scans(scans: tuple, width: int) -> tuple:
    """A scanned row's cell scans as wide as its cells (none for a document with a text layer)."""
    return tuple(scans[:width]) + (None,) * (width - len(scans)) if scans else ()


def _check_parts(walk: _Walk, source: str) -> None:
    """Stop when the document has no item table, lacks a part, or a part's table has no rows."""
    if not walk.sections:
        raise ParseError(ParseIssue(file=source, line=None, code="no_table", message=NO_TABLE_MESSAGE))
    found = "、".join(dict.fromkeys(PART_TITLES[section.part] for section in walk.sections))
    for part in PARTS:
        sections = [section for section in walk.sections if section.part == part]
        if not sections:
            message = PART_MISSING_MESSAGE.format(title=PART_TITLES[part], found=found)
            raise ParseError(ParseIssue(file=source, line=None, code="part_missing", message=message))
        if not any(section.rows for section in sections):
            message = EMPTY_TABLE_MESSAGE.format(where=sections[0].where, title=PART_TITLES[part])
            raise ParseError(ParseIssue(file=source, line=None, code="no_items", message=message))


def _build(part: str, rows: list) -> tuple:
    """A part's items from its assembled rows, numbered and flagged as the tabbed layout does."""
    tabbed_rows = [row for row, _, _ in rows]
    categories = {clean_text(cell_under(row, "类别")) for row in tabbed_rows}
    built = []
    for (row, where, doubts), (seq, seq_flags) in zip(rows, sequence(tabbed_rows)):
        item = _BUILDERS[part](row, seq, seq_flags, categories)
        built.append(replace(item, where=str(where), flags=item.flags + _doubt_flags(doubts)))
    return tuple(built)


def _doubt_flags(doubts: tuple) -> tuple[ReviewFlag, ...]:
    """One flag per scanned cell read with too little confidence, carrying the cell's image."""
    return tuple(ReviewFlag(FLAG_OCR_DOUBTFUL, DOUBTFUL_CELL.format(column=column, doubts=_doubts_said(scan)),
                            image=scan.png) for column, scan in doubts)


def _doubts_said(scan: CellScan) -> str:
    """What is doubtful in a scanned cell, in words: its confidence when low, then its notes."""
    unsure = [UNSURE_READING.format(confidence=scan.confidence)] if scan.confidence < DOUBTFUL_BELOW else []
    return "，".join(unsure + list(scan.notes))
