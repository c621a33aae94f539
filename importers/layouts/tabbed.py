"""Tab-separated layout: one table row per line, cells split by tabs (clean extraction or OCR)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.normalize import clean_text, split_departments, split_steps, strip_html
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_NAME_MISSING,
    FLAG_SEQUENCE,
    FLAG_TEXT_DAMAGED,
    FLAG_TEXT_TRUNCATED,
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PART_TITLES,
    PARTS,
    BasicItem,
    CoordinatingItem,
    ParsedItems,
    ParseError,
    ParseIssue,
    Place,
    ReclaimedItem,
    ReclaimedMethod,
    ReviewFlag,
    StepBlock,
)

NAME = "tabbed"
DESCRIPTION = "制表符分隔的表格：每行一条事项，单元格以Tab分隔，多行单元格为<p>…</p>；含OCR识别的同类文本"

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IS_CJK = re.compile(rf"[{_CJK}]")
_SEQ = re.compile(r"^\s*(\d{1,3})\s*$")
# A 序号 cell OCR could not read ("l2", "1O"): short, no Chinese, not empty.
_UNREADABLE_SEQ = re.compile(rf"^\s*[^\s{_CJK}]{{1,4}}\s*$")
_PAGE_MARK = re.compile(r"^\s*(?:第\s*\d+\s*页.*|[-—\s]*\d{1,3}[-—\s]*)$")
_PART_TITLE = re.compile(r"(?:基本履职事项|配合履职事项|收回事项)清单\s*$")
_OPEN_TAG = re.compile(r"<(p|ol|ul|li)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Table:
    """One part's header: which part it is and where each column sits."""

    part: str
    columns: tuple[str, ...]

    def index(self, *keys: str) -> int | None:
        """Position of the first column whose header contains one of the keys."""
        for position, column in enumerate(self.columns):
            if any(key in column for key in keys):
                return position
        return None


@dataclass
class _Row:
    """A table row being assembled; OCR rows may continue on later lines."""

    table: _Table
    line: int
    seq: int | None
    cells: list[str]


def detect(text: str) -> bool:
    """True when the text has tab-separated 序号 header rows followed by numbered rows."""
    headers = rows = 0
    for raw in text.splitlines():
        if "\t" not in raw:
            continue
        cells = raw.split("\t")
        if _header_table(cells):
            headers += 1
        elif _SEQ.match(cells[0]):
            rows += 1
    return headers >= 1 and rows >= 3


def parse(text: str, *, source: str) -> ParsedItems:
    """Read the three tables of a tab-separated list into items, flagging damaged cells."""
    rows, title = _collect_rows(text.splitlines(), source)
    _check_parts(rows, source)
    issues: list[ParseIssue] = []
    items = {part: [] for part in PARTS}
    for part in PARTS:
        part_rows = [row for row in rows if row.table.part == part]
        seqs = _sequence(part_rows, part, source, issues)
        categories = {clean_text(_cell(row, "类别")) for row in part_rows}
        for row, (seq, seq_flags) in zip(part_rows, seqs):
            items[part].append(_BUILDERS[part](row, seq, seq_flags, categories))
    return ParsedItems(
        basic=tuple(items[PART_BASIC]),
        coordinating=tuple(items[PART_COORDINATING]),
        reclaimed=tuple(items[PART_RECLAIMED]),
        place=_place_from_title(title),
        issues=tuple(issues),
    )


# ---------------------------------------------------------------------------------------------
# Lines -> rows


def _header_table(cells: list[str]) -> _Table | None:
    """The table a header row opens (序号 | 事项类别 | 事项名称 | …), or None for other lines."""
    columns = tuple(re.sub(r"\s+", "", cell) for cell in cells)
    if not columns or columns[0] != "序号" or not any("事项名称" in c for c in columns):
        return None
    joined = "".join(columns)
    if "对应上级部门" in joined or "上级部门职责" in joined:
        return _Table(PART_COORDINATING, columns)
    if "承接部门" in joined or "工作方式" in joined:
        return _Table(PART_RECLAIMED, columns)
    return _Table(PART_BASIC, columns)


def _collect_rows(lines: list[str], source: str) -> tuple[list[_Row], str | None]:
    """Group lines into rows: headers switch tables, unnumbered lines continue the last row."""
    rows: list[_Row] = []
    table: _Table | None = None
    title: str | None = None
    for number, raw in enumerate(lines, start=1):
        cells = raw.split("\t")
        header = _header_table(cells)
        if header:
            table = header
        elif not raw.strip() or _PAGE_MARK.match(raw):
            continue
        elif "\t" not in raw and _PART_TITLE.search(raw):
            title = title or raw.strip()
        elif table and _starts_row(cells, table):
            seq = _SEQ.match(cells[0])
            rows.append(_Row(table, number, int(seq.group(1)) if seq else None, cells))
        elif table and rows and rows[-1].table.part == table.part:
            _continue_row(rows[-1], cells)
    if rows:
        _check_complete(rows[-1], source)
    return rows, title


def _starts_row(cells: list[str], table: _Table) -> bool:
    """A line opens a row when its first cell is a 序号, or an unreadable one in a full row."""
    if _SEQ.match(cells[0]):
        return len(cells) > 1
    return bool(_UNREADABLE_SEQ.match(cells[0])) and len(cells) == len(table.columns)


def _continue_row(row: _Row, cells: list[str]) -> None:
    """Append a wrapped line's cells to the row, column by column (a tabless line to its end)."""
    if len(cells) == 1:
        last = max((i for i, cell in enumerate(row.cells) if cell.strip()), default=0)
        row.cells[last] = f"{row.cells[last]}\n{cells[0]}"
        return
    width = len(row.table.columns)
    row.cells.extend([""] * (width - len(row.cells)))
    for position, cell in enumerate(cells):
        if cell.strip():
            target = min(position, width - 1)
            row.cells[target] = f"{row.cells[target]}\n{cell}".strip("\n")


def _check_complete(row: _Row, source: str) -> None:
    """The file's last row must have all its columns and closed cell markup, else it was cut."""
    unclosed = any(
        len(_OPEN_TAG.findall(cell)) > len(re.findall(r"</(?:p|ol|ul|li)>", cell, re.I))
        for cell in row.cells
    )
    if len(row.cells) < len(row.table.columns) or unclosed:
        title = PART_TITLES[row.table.part]
        raise ParseError(
            ParseIssue(
                file=source,
                line=row.line,
                code="truncated",
                message=f"文件在{title}第{row.line}行（序号{row.seq or '?'}）这一行中间结束，该行不完整",
            )
        )


def _check_parts(rows: list[_Row], source: str) -> None:
    """Every part needs its table; a header without any row means the table is empty."""
    for part in PARTS:
        if not any(row.table.part == part for row in rows):
            raise ParseError(
                ParseIssue(
                    file=source,
                    line=None,
                    code="part_missing",
                    message=f"未找到{PART_TITLES[part]}的表格（以“序号”开头、以Tab分隔的表头及其数据行）",
                )
            )


def _cell(row: _Row, *keys: str) -> str:
    """The row's cell under the first header column containing one of the keys ("" if none)."""
    position = row.table.index(*keys)
    if position is None or position >= len(row.cells):
        return ""
    return row.cells[position]


def _place_from_title(title: str | None) -> Place:
    """Split a part title like "伊犁州伊宁市潘津镇基本履职事项清单" into its place levels."""
    if not title:
        return Place()
    found = re.match(
        rf"^(?P<prefecture>[{_CJK}]+?(?:自治州|地区|州|盟))?"
        rf"(?P<county>[{_CJK}]+?(?:自治县|县|市|区|旗))?"
        rf"(?P<township>[{_CJK}]+?(?:乡|镇|街道))(?:基本|配合|上级)",
        re.sub(r"\s+", "", title),
    )
    return Place(**found.groupdict()) if found else Place()


# ---------------------------------------------------------------------------------------------
# Sequence numbers


def _sequence(
    rows: list[_Row], part: str, source: str, issues: list[ParseIssue]
) -> list[tuple[int, tuple[ReviewFlag, ...]]]:
    """Each row's 序号 (guessed from its neighbour when unreadable) with gap/duplicate flags."""
    result: list[tuple[int, tuple[ReviewFlag, ...]]] = []
    previous = 0
    for row in rows:
        seq, flags = row.seq, ()
        if seq is None:
            seq = previous + 1
            flags = (ReviewFlag(FLAG_SEQUENCE, f"序号无法识别，按上一项推定为{seq}"),)
        elif seq != previous + 1:
            detail = (
                f"表格从序号{seq}开始，前面的事项缺失"
                if previous == 0
                else f"序号由{previous}跳到{seq}" if seq > previous else f"序号{seq}重复或倒序"
            )
            flags = (ReviewFlag(FLAG_SEQUENCE, detail),)
        if flags:
            message = f"{PART_TITLES[part]}：{flags[0].detail}"
            issues.append(ParseIssue(source, row.line, "sequence", message))
        result.append((seq, flags))
        previous = seq
    return result


# ---------------------------------------------------------------------------------------------
# Rows -> items


def _common(row: _Row, categories: set[str]) -> tuple[str, str, list[ReviewFlag]]:
    """Category and name of any row, with the flags their damage calls for."""
    category = clean_text(_cell(row, "类别"))
    name = clean_text(_cell(row, "名称"))
    flags = [ReviewFlag(FLAG_TEXT_DAMAGED, d) for d in _category_damage(category, categories)]
    if not name:
        flags.append(ReviewFlag(FLAG_NAME_MISSING, "事项名称为空或无法识别"))
    else:
        name_at = row.table.index("名称")
        context = "\n".join(c for i, c in enumerate(row.cells) if i != name_at)
        raw = _cell(row, "名称")
        flags += [ReviewFlag(FLAG_TEXT_DAMAGED, d) for d in _name_damage(name, raw, context)]
    return category, name, flags


def _basic(row: _Row, seq: int, seq_flags: tuple, categories: set[str]) -> BasicItem:
    """A 基本履职事项 row."""
    category, name, flags = _common(row, categories)
    return BasicItem(
        seq=seq,
        category=category,
        name=name,
        line=row.line,
        note=clean_text(_cell(row, "备注")),
        flags=_unique(seq_flags, flags),
    )


def _coordinating(row: _Row, seq: int, seq_flags: tuple, categories: set[str]) -> CoordinatingItem:
    """A 配合履职事项 row: departments, their duties (per department) and the township's."""
    category, name, flags = _common(row, categories)
    department_cell = _cell(row, "对应上级部门")
    departments = split_departments(department_cell)
    flags += _department_flags(department_cell, departments)
    department_duties, duty_flags = _duties(_cell(row, "上级部门职责"), "上级部门职责", True)
    township_duties, township_flags = _duties(_cell(row, "配合职责"), "配合职责", False)
    return CoordinatingItem(
        seq=seq,
        category=category,
        name=name,
        line=row.line,
        departments=departments,
        department_duties=department_duties,
        township_duties=township_duties,
        note=clean_text(_cell(row, "备注")),
        flags=_unique(seq_flags, flags, duty_flags, township_flags),
    )


def _reclaimed(row: _Row, seq: int, seq_flags: tuple, categories: set[str]) -> ReclaimedItem:
    """A 上级部门收回事项 row: receiving departments and how each takes the work over."""
    category, name, flags = _common(row, categories)
    departments, methods, method_flags = _reclaimed_methods(_cell(row, "承接", "工作方式"))
    return ReclaimedItem(
        seq=seq,
        category=category,
        name=name,
        line=row.line,
        departments=departments,
        methods=methods,
        note=clean_text(_cell(row, "备注")),
        flags=_unique(seq_flags, flags, method_flags),
    )


_BUILDERS = {PART_BASIC: _basic, PART_COORDINATING: _coordinating, PART_RECLAIMED: _reclaimed}


def _unique(*groups) -> tuple[ReviewFlag, ...]:
    """All flags in order, each (code, detail) once."""
    seen: dict[tuple[str, str], ReviewFlag] = {}
    for group in groups:
        for flag in group:
            seen.setdefault((flag.code, flag.detail), flag)
    return tuple(seen.values())


# ---------------------------------------------------------------------------------------------
# Responsibility cells

_DEPT_SUFFIX = (
    "局", "部", "办", "委", "会", "院", "室", "所", "站", "中心", "处", "队", "行",
    "公司", "政府", "组", "馆", "社", "团", "机关", "部门", "庭", "联", "协", "人大",
)  # fmt: skip
# "县委编办:" / "市农业农村局：" at the start of a line or after a sentence: a department block.
_DEPT_LABEL = re.compile(
    rf"(?:^|(?<=[\s。；;>]))((?:[{_CJK}]|[（(][^（）()\n]{{1,12}}[)）]){{2,30}}?"
    rf"(?:{'|'.join(_DEPT_SUFFIX)})(?:[（(][^（）()\n]{{1,12}}[)）])?)[ \t]*[:：]",
    re.MULTILINE,
)
_STEP_NO = re.compile(r"(?:^|(?<=[\s。；;，,：:]))(\d{1,2})\s*[.．、](?!\d)", re.MULTILINE)
_HEADING_NO = re.compile(r"(?:^|(?<=[\s。；;]))[一二三四五六七八九十]{1,3}、", re.MULTILINE)
# OCR sometimes drops the dot of the first step ("1常态化…"); only trusted when "2." follows.
_DOTLESS_FIRST = re.compile(rf"^(\s*1)(?=[{_CJK}])")
_LOST = "\u2063lost\u2063"  # placeholder for steps cut off before the cell starts
_HEADING_AT_SPACE = re.compile(r"[ \t]+(?=[一二三四五六七八九十]{1,3}、)")
# "一、违法用地整治方面 市自然资源局对…": a sub-heading followed by one unnumbered step.
_HEADING_WITH_TEXT = re.compile(r"^(\s*[一二三四五六七八九十]{1,3}、\S{2,30}?)[ \t]+(?=\D)(.+)$")
# "会氏以向: 1.…": a block label too garbled to read as a department.
_ODD_LABEL = re.compile(rf"(?:^|(?<=[\s。；;]))([{_CJK}]{{2,10}})[ \t]*[:：](?=\s*(?:\d|$))", re.M)


def _duties(cell: str, column: str, by_department: bool) -> tuple[tuple[StepBlock, ...], list]:
    """Split a responsibility cell into step blocks (one per department label) with flags."""
    plain = strip_html(cell).strip()
    if not clean_text(plain):
        return (), [ReviewFlag(FLAG_CELL_MISSING, f"{column}为空")]
    if _DOTLESS_FIRST.match(plain) and re.search(r"(?:^|\s|[；;。])2\s*[.．]", plain):
        plain = _DOTLESS_FIRST.sub(r"\1.", plain)
    segments = _department_segments(plain) if by_department else [(None, plain)]
    blocks: list[StepBlock] = []
    flags = [ReviewFlag(FLAG_TEXT_DAMAGED, f"{column}{d}") for d in _text_damage(plain)]
    for label in _ODD_LABEL.findall(plain):
        if not _looks_like_department(label):
            flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, f"{column}中的标签“{label}”无法识别为部门"))
    for department, text in segments:
        found, segment_flags = _segment_blocks(department, text, column)
        blocks += found
        flags += segment_flags
    if not _ends_sentence(plain):
        flags.append(ReviewFlag(FLAG_TEXT_TRUNCATED, f"{column}在句子中间结束，后面的内容缺失"))
    return tuple(blocks), flags


def _department_segments(plain: str) -> list[tuple[str | None, str]]:
    """Cut a cell at its department labels; text before the first label has no department."""
    labels = list(_DEPT_LABEL.finditer(plain))
    if not labels:
        return [(None, plain)]
    segments: list[tuple[str | None, str]] = []
    if plain[: labels[0].start()].strip():
        segments.append((None, plain[: labels[0].start()]))
    for label, following in zip(labels, labels[1:] + [None]):
        end = following.start() if following else len(plain)
        segments.append((clean_text(label.group(1)), plain[label.end() : end]))
    return segments


def _segment_blocks(
    department: str | None, text: str, column: str
) -> tuple[list[StepBlock], list[ReviewFlag]]:
    """Step blocks of one department's text, flagging steps lost at its start or end."""
    where = f"{column}（{department}）" if department else column
    flags: list[ReviewFlag] = []
    first = _first_step(text)
    if first and int(first.group(1)) > 1:
        number = int(first.group(1))
        flags.append(ReviewFlag(FLAG_TEXT_TRUNCATED, f"{where}从第{number}条开始，前面的步骤缺失"))
        # Stand-ins for the lost steps keep split_steps counting; they are dropped below.
        lost = "\n".join(f"{n}.{_LOST}" for n in range(1, number))
        text = f"{text[: first.start()]}\n{lost}\n{text[first.start():]}"
    blocks = [
        StepBlock(
            steps=tuple(step for step in block.steps if _LOST not in step),
            department=department,
            heading=block.heading,
        )
        for block in split_steps(_number_heading_text(text))
    ]
    if not blocks or not blocks[-1].steps:
        blocks = blocks or [StepBlock(steps=(), department=department)]
        flags.append(ReviewFlag(FLAG_TEXT_TRUNCATED, f"{where}只有标题、没有内容，疑似被截断"))
    return blocks, flags


def _number_heading_text(text: str) -> str:
    """Give the unnumbered text after a sub-heading a step number, so split_steps keeps the
    heading short ("一、违法用地整治方面 市自然资源局…" → heading + one step)."""
    lines = _HEADING_AT_SPACE.sub("\n", text).split("\n")
    for i, line in enumerate(lines):
        found = _HEADING_WITH_TEXT.match(line)
        if found and not _STEP_NO.search(found.group(2)):
            lines[i] = f"{found.group(1)}\n1.{found.group(2)}"
    return "\n".join(lines)


def _first_step(text: str) -> re.Match | None:
    """The first numbered step before any sub-heading (None when there is none)."""
    heading = _HEADING_NO.search(text)
    step = _STEP_NO.search(text)
    if not step or (heading and heading.start() < step.start()):
        return None
    return step


def _ends_sentence(plain: str) -> bool:
    """Whether a responsibility cell ends like a finished sentence or list item."""
    text = clean_text(plain)
    return not text or text[-1] in "。；;！？!?.．）)”》"


def _department_flags(cell: str, departments: tuple[str, ...]) -> list[ReviewFlag]:
    """Flags for an empty, garbled or overflowing 对应上级部门 cell."""
    if not departments:
        return [ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "对应上级部门为空或无法识别")]
    flags = [ReviewFlag(FLAG_TEXT_DAMAGED, f"对应上级部门{d}") for d in _text_damage(cell)]
    if _irregular_wrap(cell):
        flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, "对应上级部门各行长短不一，疑似OCR乱码"))
    if len(_STEP_NO.findall(strip_html(cell))) >= 2:
        flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, "对应上级部门列混入了职责内容"))
    odd = [name for name in departments if not _looks_like_department(name)]
    if odd:
        shown = "、".join(name[:12] for name in odd[:4])
        flags.append(ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, f"部门名称不完整或无法识别：{shown}"))
    return flags


def _looks_like_department(name: str) -> bool:
    """A department name: at least three Chinese characters ending with an office word."""
    core = re.sub(r"[（(][^（）()]*[)）]$", "", name)
    return len(re.findall(rf"[{_CJK}]", core)) >= 3 and core.endswith(_DEPT_SUFFIX)


# ---------------------------------------------------------------------------------------------
# Taken-back methods

_NO_LONGER = "不再开展此项工作"
_RECEIVER_LABEL = re.compile(r"承接部门\s*[:：]")
_METHOD_LABEL = re.compile(r"(?:工作|承接)方式\s*[:：]")


def _reclaimed_methods(cell: str) -> tuple[tuple[str, ...], tuple[ReclaimedMethod, ...], list]:
    """Departments and methods of a 承接部门及工作方式 cell ("不再开展此项工作" means none)."""
    plain = strip_html(cell).strip()
    if not clean_text(plain):
        return (), (), [ReviewFlag(FLAG_CELL_MISSING, "承接部门及工作方式为空")]
    if clean_text(plain).rstrip("。.") == _NO_LONGER:
        return (), (ReclaimedMethod(text=_NO_LONGER),), []
    flags = [ReviewFlag(FLAG_TEXT_DAMAGED, f"承接部门及工作方式{d}") for d in _text_damage(plain)]
    departments: list[str] = []
    methods: list[ReclaimedMethod] = []
    for chunk in (c for c in _RECEIVER_LABEL.split(plain) if c.strip()):
        names, method, chunk_flags = _receiver_chunk(chunk)
        departments += [name for name in names if name not in departments]
        methods += [method] if method else []
        flags += chunk_flags
    return tuple(departments), tuple(methods), flags


def _receiver_chunk(chunk: str) -> tuple[tuple[str, ...], ReclaimedMethod | None, list]:
    """One "承接部门：X 工作方式：Y" pair (or "X 承接方式：Y", or a bare method text)."""
    parts = _METHOD_LABEL.split(chunk)
    names = split_departments(parts[0]) if len(parts) > 1 else ()
    if len(parts) == 1:
        text = clean_text(chunk)
        if _looks_like_department(text):
            return (text,), None, [ReviewFlag(FLAG_TEXT_TRUNCATED, f"承接部门“{text}”缺少工作方式")]
        return (), ReclaimedMethod(text=text), [ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "未写明承接部门")]
    flags = []
    if len(parts) > 2:
        flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, "工作方式标签重复出现，疑似OCR重复识别"))
    text = clean_text(max(parts[1:], key=len))
    department = names[0] if len(names) == 1 else None
    if not text:
        flags.append(ReviewFlag(FLAG_TEXT_TRUNCATED, "承接部门缺少工作方式"))
    return names, ReclaimedMethod(text=text, department=department) if text else None, flags


# ---------------------------------------------------------------------------------------------
# Damage heuristics: each returns short Chinese details, empty when the text looks clean.

# Digits and Latin letters interleaved ("1H1", "H1H"; "5G" is fine), or an English word.
_LATIN_NOISE = re.compile(r"\d[A-Za-z]+\d|[A-Za-z]\d+[A-Za-z]|[a-z]{3,}")
# Punctuation that cannot follow itself: "、 、 、", "，，", "、）".
_PUNCT_RUN = re.compile(r"[、，,；;]\s*[、，,；;）)]|[（(]\s*[、，,；;]")
# "的的", "是是": a function word doubled, which published names never do twice.
_DOUBLED_FUNCTION_WORD = re.compile(r"([的是了和在与及])\1")
_NOISE_SYMBOLS = re.compile(r"[【】\[\]{}|｜/\\_~^#@「」『』]")
# A step number without its dot ("2 与由…", "11 建"), which OCR produces from noise.
_BARE_NUMBER = re.compile(rf"(?:^|(?<=[\s。；;]))\d{{1,2}}\s+(?=[{_CJK}])")


def _text_damage(text: str) -> list[str]:
    """Generic signs of OCR noise in any cell."""
    plain = strip_html(text)
    details = []
    if _LATIN_NOISE.search(plain):
        details.append("混有英文字母或字母数字乱码")
    if _PUNCT_RUN.search(plain):
        details.append("含连续标点（如“、 、”），疑似文字缺失")
    if _NOISE_SYMBOLS.search(plain):
        details.append("含OCR噪声符号（如【】/|）")
    if _BARE_NUMBER.search(plain):
        details.append("含无点号的孤立数字，疑似编号或文字误识")
    if _has_non_gb2312(plain):
        details.append("含繁体或异体字，疑似OCR误识")
    return details


def _category_damage(category: str, categories: set[str]) -> list[str]:
    """A category with digits or Latin letters, or one cut short of another category."""
    if not category:
        return []
    if re.search(r"[A-Za-z0-9]", category):
        return ["事项类别疑似OCR乱码"]
    if any(other != category and other.startswith(category) for other in categories):
        return ["事项类别不完整，疑似被截断"]
    return [f"事项类别{d}" for d in _text_damage(category)]


def _name_damage(name: str, raw: str, context: str) -> list[str]:
    """Signs that an item name was garbled: noise, repeats, bad brackets, misread characters."""
    details = [f"事项名称{d}" for d in _text_damage(name)]
    if _repeated_fragment(name):
        details.append("事项名称有反复出现的片段，疑似OCR乱码")
    if len(_DOUBLED_FUNCTION_WORD.findall(name)) >= 2:
        details.append("事项名称多处虚词重叠（如“的的”），疑似OCR乱码")
    if _irregular_wrap(raw):
        details.append("事项名称各行长短不一，疑似漏字或混入其他文字")
    if not _brackets_balanced(name):
        details.append("事项名称括号或引号不成对")
    if name.endswith("。") or name.count("。") > 1:
        details.append("事项名称含句号，疑似混入其他列文字")
    misread = _misread_against(name, clean_text(context))
    if misread:
        details.append(f"事项名称疑似OCR错字：{misread}")
    return details


def _repeated_fragment(text: str) -> bool:
    """A phrase repeated back to back ("防安全举报防安全举报", "会会会会"): OCR stutter."""
    text = re.sub(r"[，,、。\s]", "", text)
    return bool(re.search(rf"([{_CJK}]{{4,}}?)\1|([{_CJK}]+?)\2\2\2", text))


def _irregular_wrap(raw: str) -> bool:
    """Whether an OCR cell's wrapped lines have lengths no fixed column width explains."""
    segments = strip_html(raw).split()
    if len(segments) < 3:
        return False
    lengths = [len(segment) for segment in segments[:-1]]
    return not any(
        all(_fits(segment, width, following) for segment, following in zip(segments, segments[1:]))
        for width in sorted({n for n in lengths if n >= 3}, reverse=True)
    )


def _fits(segment: str, width: int, following: str) -> bool:
    """A wrapped line fills one or more column widths (half-width marks blur it; a line is one
    short when the next line starts with a character that carries punctuation along)."""
    slack = len(re.findall(r"[\x21-\x7e]", segment))
    lines = max(1, round(len(segment) / width))
    if abs(len(segment) - lines * width) <= slack:
        return True
    pushed = bool(re.match(rf"^.?[、，。；：,.;:！？）)”\"]", following))
    return len(segment) == lines * width - 1 and pushed


def _brackets_balanced(text: str) -> bool:
    """Whether （）《》“” pair up."""
    pairs = (("（", "）"), ("(", ")"), ("《", "》"), ("“", "”"))
    return all(text.count(left) == text.count(right) for left, right in pairs)


def _misread_against(name: str, context: str) -> str:
    """Name characters that the row's other cells write differently in the same phrase
    (one such character with three matching neighbours each side, or two with two)."""
    strong = _misreads(name, context, side=3)
    if strong:
        return strong[0]
    weak = _misreads(name, context, side=2)
    return "，".join(weak[:3]) if len(weak) >= 2 else ""


def _misreads(name: str, context: str, side: int) -> list[str]:
    """Each "“X”应为“Y”" where name[i]=X sits between neighbours that the context joins by Y."""
    found = []
    for i in range(side, len(name) - side):
        left, right = name[i - side : i], name[i + 1 : i + 1 + side]
        if not _IS_CJK.match(name[i]) or name[i - side : i + 1 + side] in context:
            continue
        other = _between(context, left, right)
        if other and other != name[i]:
            found.append(f"“{name[i]}”应为“{other}”")
    return found


def _between(context: str, left: str, right: str) -> str:
    """The Chinese character that the context puts between left and right, if any."""
    start = context.find(left)
    while start >= 0:
        middle = start + len(left)
        if context[middle + 1 : middle + 1 + len(right)] == right:
            if _IS_CJK.match(context[middle : middle + 1]):
                return context[middle]
        start = context.find(left, start + 1)
    return ""


def _has_non_gb2312(text: str) -> bool:
    """Chinese characters outside GB2312: published simplified text has none, OCR misreads do."""
    for char in re.findall(rf"[{_CJK}]", text):
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            return True
    return False
