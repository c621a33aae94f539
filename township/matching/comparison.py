"""What the compare page shows for each part: matched rows by category, and category counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from township.matching.groups import Group, Item, group_items
from township.matching.text import same_wording
from township.textdiff import Segment, diff

SHARED = "shared"  # every list has it, in the same words
VARIANT = "variant"  # every list has it, in different words
PARTIAL = "partial"  # more than one list has it, not all
UNIQUE = "unique"  # one list only
STATUSES = (SHARED, VARIANT, PARTIAL, UNIQUE)


@dataclass(frozen=True)
class Cell:
    """One list's item in a row; `segments` mark how its wording differs from the row's first."""

    item: Item
    segments: tuple[Segment, ...] | None = None


@dataclass
class Row:
    """One duty across the compared lists: a cell per list, None where a list lacks it."""

    status: str
    category: str
    cells: list[Cell | None]

    @property
    def present(self) -> list[Cell]:
        """The cells of the lists that have the duty."""
        return [cell for cell in self.cells if cell is not None]


@dataclass
class CategoryRows:
    """The rows placed in one category."""

    name: str
    order: int
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class CategoryCount:
    """How many items each list files under one category (its own filing, not the row's)."""

    name: str
    counts: tuple[int, ...]


@dataclass
class PartComparison:
    """One part (basic, coordinating, taken back) of the compared lists."""

    kind: str
    label: str
    columns: int
    categories: list[CategoryRows]
    counts: list[CategoryCount]

    @property
    def rows(self) -> list[Row]:
        """Every row, category by category."""
        return [row for category in self.categories for row in category.rows]

    @property
    def status_counts(self) -> dict[str, int]:
        """Rows per status, every status present."""
        found = Counter(row.status for row in self.rows)
        return {status: found[status] for status in STATUSES}

    @property
    def unique_by_column(self) -> list[list[Item]]:
        """For each list, its items that no other compared list has, in list order."""
        unique: list[list[Item]] = [[] for _ in range(self.columns)]
        for row in self.rows:
            if row.status == UNIQUE:
                cell = row.present[0]
                unique[cell.item.column].append(cell.item)
        return [sorted(items, key=lambda item: item.seq) for items in unique]


def _status(group: Group, columns: int) -> str:
    if len(group.members) == 1:
        return UNIQUE
    if len(group.members) < columns:
        return PARTIAL
    reference = group.first.name
    return SHARED if all(same_wording(reference, m.name) for m in group.members.values()) else VARIANT


def _cells(group: Group, columns: int) -> list[Cell | None]:
    reference = group.first
    cells: list[Cell | None] = [None] * columns
    for column, item in group.members.items():
        differs = item is not reference and not same_wording(reference.name, item.name)
        cells[column] = Cell(item, diff(reference.name, item.name) if differs else None)
    return cells


def _row_category(group: Group) -> tuple[str, int]:
    """The category most members file the duty under; the leftmost list's on a tie."""
    members = [group.members[column] for column in group.columns]
    votes = Counter(item.category for item in members)
    best = max(votes.values())
    chosen = next(item for item in members if votes[item.category] == best)
    return chosen.category, chosen.category_order


def _category_counts(items: list[Item], columns: int) -> list[CategoryCount]:
    orders = {item.category: item.category_order for item in items}
    per = Counter((item.category, item.column) for item in items)
    return [
        CategoryCount(name, tuple(per[(name, column)] for column in range(columns)))
        for name in sorted(orders, key=lambda name: (orders[name], name))
    ]


def compare_part(*, kind: str, label: str, items: list[Item], columns: int) -> PartComparison:
    """Match one part's items across `columns` lists and place each row in a category."""
    categories: dict[str, CategoryRows] = {}
    groups = sorted(group_items(items), key=lambda g: (-len(g.members), g.columns[0], g.first.seq))
    for group in groups:
        name, order = _row_category(group)
        row = Row(status=_status(group, columns), category=name, cells=_cells(group, columns))
        categories.setdefault(name, CategoryRows(name, order)).rows.append(row)
    ordered = sorted(categories.values(), key=lambda category: (category.order, category.name))
    return PartComparison(kind, label, columns, ordered, _category_counts(items, columns))


def compare_parts(*, items: list[Item], parts: list[tuple[str, str]], columns: int) -> list[PartComparison]:
    """Every part's comparison, in the order of `parts` ((kind, label) pairs)."""
    return [
        compare_part(kind=kind, label=label, items=[item for item in items if item.kind == kind],
                     columns=columns)
        for kind, label in parts
    ]
