"""What a published duty list contains, as plain frozen records shared by every layout."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# The three parts of every list, in published order.
PART_BASIC = "basic"
PART_COORDINATING = "coordinating"
PART_RECLAIMED = "reclaimed"
PARTS = (PART_BASIC, PART_COORDINATING, PART_RECLAIMED)

PART_TITLES = {
    PART_BASIC: "基本履职事项清单",
    PART_COORDINATING: "配合履职事项清单",
    PART_RECLAIMED: "上级部门收回事项清单",
}

# Review flag codes: why an item needs a human look. The loader stores the code.
FLAG_TEXT_DAMAGED = "text_damaged"  # garbled / OCR noise / mixed-in neighbour text
FLAG_CATEGORY_INFERRED = "category_inferred"  # category cell missing or unreadable
FLAG_NAME_MISSING = "name_missing"  # item name cell empty or unreadable
FLAG_DEPARTMENT_UNRESOLVED = "department_unresolved"  # department cell unreadable
FLAG_CELL_MISSING = "cell_missing"  # a responsibility cell is empty or cut off
FLAG_COUNT_MISMATCH = "count_mismatch"  # version-level: counts differ from stated
FLAG_SEQUENCE = "sequence"  # gap or duplicate in the 序号 column
FLAG_TEXT_TRUNCATED = "text_truncated"  # a cell was cut off by extraction
FLAG_OCR_DOUBTFUL = "ocr_doubtful"  # a scanned cell the recogniser read with little confidence

FLAG_CODES = (
    FLAG_TEXT_DAMAGED,
    FLAG_CATEGORY_INFERRED,
    FLAG_NAME_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_CELL_MISSING,
    FLAG_COUNT_MISMATCH,
    FLAG_SEQUENCE,
    FLAG_TEXT_TRUNCATED,
    FLAG_OCR_DOUBTFUL,
)


@dataclass(frozen=True)
class ParseIssue:
    """A problem found in a source file: where it is and what is wrong."""

    file: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ParseError(Exception):
    """A problem that makes a file impossible to import; carries its ParseIssue."""

    def __init__(self, issue: ParseIssue):
        super().__init__(str(issue))
        self.issue = issue


@dataclass(frozen=True)
class ReviewFlag:
    """Why one item needs review (a FLAG_* code) and a short human explanation."""

    code: str
    detail: str = ""
    # Only the portal's own workbook says a flag was already reviewed, and on which day.
    reviewed_on: datetime.date | None = None
    # Scans only: the image of the doubtful cell (PNG), shown to the editor beside the text.
    image: bytes = b""


@dataclass(frozen=True)
class Place:
    """Where a township sits: 自治区 → 地区/自治州 → 县/市 → 乡/镇/街道. Any level may be unknown."""

    region: str | None = None
    prefecture: str | None = None
    county: str | None = None
    township: str | None = None


@dataclass(frozen=True)
class Profile:
    """A township's profile as stated in its 说明; every field optional."""

    township_type: str | None = None  # 农业型乡镇, 城郊型, …
    location: str | None = None  # 位于于田县西部，距县城 15 公里
    area_km2: Decimal | None = None
    households: int | None = None
    registered_population: int | None = None  # persons
    resident_population: int | None = None  # persons
    villages: int | None = None  # 行政村
    communities: int | None = None  # 社区
    farmland_mu: Decimal | None = None  # 亩
    village_collective_income: Decimal | None = None  # 元, average per village
    per_capita_income: Decimal | None = None  # 元
    summary: str | None = None  # the 基本情况 paragraph as published


@dataclass(frozen=True)
class StatedFigures:
    """What the list says about itself: item counts, categories and departments per part."""

    counts: dict[str, int] = field(default_factory=dict)  # part -> items
    departments: dict[str, int] = field(default_factory=dict)  # part -> 涉及 N 个部门
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)  # part -> names
    total: int | None = None  # 共有履职事项 N 项


@dataclass(frozen=True)
class Preamble:
    """Everything a list says before its first table: title place, month, 说明, contents."""

    place: Place = field(default_factory=Place)
    published: str | None = None  # "YYYY-MM"
    profile: Profile | None = None
    stated: StatedFigures = field(default_factory=StatedFigures)


@dataclass(frozen=True)
class StepBlock:
    """Ordered steps, optionally under one department and/or a sub-heading (一、…)."""

    steps: tuple[str, ...]
    department: str | None = None
    heading: str | None = None


@dataclass(frozen=True)
class BasicItem:
    """One row of 基本履职事项清单."""

    seq: int
    category: str
    name: str
    line: int
    note: str = ""
    flags: tuple[ReviewFlag, ...] = ()
    where: str = ""  # binary layouts: "第 12 页", "工作表“配合”第 30 行"; text layouts use line


@dataclass(frozen=True)
class CoordinatingItem:
    """One row of 配合履职事项清单, with both responsibility columns as step blocks."""

    seq: int
    category: str
    name: str
    line: int
    departments: tuple[str, ...]  # as published, split on 、
    department_duties: tuple[StepBlock, ...]
    township_duties: tuple[StepBlock, ...]
    note: str = ""
    flags: tuple[ReviewFlag, ...] = ()
    where: str = ""  # binary layouts: "第 12 页", "工作表“配合”第 30 行"; text layouts use line


@dataclass(frozen=True)
class ReclaimedMethod:
    """How one receiving department handles a taken-back item (or the work stops)."""

    text: str
    department: str | None = None


@dataclass(frozen=True)
class ReclaimedItem:
    """One row of 上级部门收回事项清单; no departments when the work simply stops."""

    seq: int
    category: str
    name: str
    line: int
    departments: tuple[str, ...]
    methods: tuple[ReclaimedMethod, ...]
    note: str = ""
    flags: tuple[ReviewFlag, ...] = ()
    where: str = ""  # binary layouts: "第 12 页", "工作表“配合”第 30 行"; text layouts use line


@dataclass(frozen=True)
class ParsedItems:
    """What a layout parser returns: the three parts and the place it read, if any."""

    basic: tuple[BasicItem, ...]
    coordinating: tuple[CoordinatingItem, ...]
    reclaimed: tuple[ReclaimedItem, ...]
    place: Place = field(default_factory=Place)  # from part titles, when the layout has them
    issues: tuple[ParseIssue, ...] = ()  # non-fatal remarks for the report


@dataclass(frozen=True)
class ParsedList:
    """A whole list ready for the loader: preamble, items, layout and source."""

    layout: str
    source: str
    preamble: Preamble
    items: ParsedItems


@dataclass(frozen=True)
class Reading:
    """What one layout read from one file, before place, month and categories are checked."""

    items: ParsedItems
    preamble: Preamble = field(default_factory=Preamble)
    remarks: tuple[ParseIssue, ...] = ()  # the 说明 contradicting itself, pages skipped, …
