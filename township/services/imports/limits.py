"""Whether a parsed list fits the database, checked before anything is written.

The limits are read from the models (a CharField's max_length, an integer field's range and its
check constraints, a DecimalField's digits), so a change to a model changes the check. Whatever
does not fit is refused as a ParseError naming the file, the line or place and the field, instead
of a database error ("value too long for type character varying(64)") after half the work.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from importers.normalize import split_departments
from importers.records import PARTS, PART_TITLES, CoordinatingItem, ParsedList, ParseError, ParseIssue, ReclaimedItem
from township.models import (
    Category, Department, Duty, DutyDepartment, DutyList, Place, ReclaimedMethod, ResponsibilityBlock, Step,
    Township, TownshipProfile,
)

TOO_LONG = "{where}“{field}”有 {length:,} 个字，超过上限 {limit} 个字：{text}"
OUT_OF_RANGE = "{where}“{field}”为 {value}，应在 {low} 至 {high} 之间"
TOO_LARGE = "{where}“{field}”为 {value}，超过上限 {high}"
TOO_MANY = "{where}“{field}”有 {count:,} 个，超过上限 {high:,} 个"
ITEM = "{part}第 {seq} 项的"
STATED = "清单说明中"
NAMED = "清单或导入选项给出的"
_QUOTED = 20  # how much of an over-long text a message quotes

_LOOKUPS = {"gte": (0, 0), "gt": (0, 1), "lte": (1, 0), "lt": (1, -1)}


def _constraint_bounds(model, name: str) -> list[tuple[int, int]]:
    """(side, bound) pairs from the model's check constraints on one field: seq__gte=1 → (0, 1)."""
    bounds = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            for child in constraint.condition.children:
                if isinstance(child, tuple) and child[0].startswith(f"{name}__"):
                    side, shift = _LOOKUPS.get(child[0].split("__", 1)[1], (None, 0))
                    if side is not None:
                        bounds.append((side, child[1] + shift))
    return bounds


def integer_range(model, name: str) -> tuple[int, int]:
    """The values an integer field accepts: its validators' range narrowed by check constraints."""
    field = model._meta.get_field(name)
    low = max([v.limit_value for v in field.validators if isinstance(v, MinValueValidator)], default=None)
    high = min([v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)], default=None)
    for side, bound in _constraint_bounds(model, name):
        low, high = (max(low, bound), high) if side == 0 else (low, min(high, bound))
    return low, high


def _fail(source: str, line: int | None, message: str) -> ParseError:
    return ParseError(ParseIssue(source, line, "does_not_fit", message))


class _Checker:
    """Checks values against model fields for one file, raising at the first that does not fit."""

    def __init__(self, source: str):
        self.source = source

    def text(self, model, name: str, value: str | None, *, where: str, line: int | None = None) -> None:
        """A text over its CharField's max_length."""
        limit = model._meta.get_field(name).max_length
        if value and limit is not None and len(value) > limit:
            quoted = value if len(value) <= _QUOTED else value[:_QUOTED] + "…"
            field = model._meta.get_field(name).verbose_name
            raise _fail(self.source, line, TOO_LONG.format(where=where, field=field, length=len(value),
                                                           limit=limit, text=quoted))

    def integer(self, model, name: str, value: int | None, *, where: str, line: int | None = None) -> None:
        """An integer outside its field's range or check constraints."""
        if value is None:
            return
        low, high = integer_range(model, name)
        if (low is not None and value < low) or (high is not None and value > high):
            field = model._meta.get_field(name).verbose_name
            raise _fail(self.source, line, OUT_OF_RANGE.format(where=where, field=field, value=value,
                                                                low=low, high=high))

    def count(self, model, name: str, count: int, *, where: str, line: int | None = None) -> None:
        """More rows than a position field can number."""
        _, high = integer_range(model, name)
        if high is not None and count > high:
            field = model._meta.get_field(name).verbose_name
            raise _fail(self.source, line, TOO_MANY.format(where=where, field=field, count=count, high=high))

    def decimal(self, model, name: str, value: Decimal | None, *, where: str) -> None:
        """A figure with more whole digits than its DecimalField keeps."""
        if value is None:
            return
        field = model._meta.get_field(name)
        high = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(10) ** -field.decimal_places
        if not value.is_finite() or abs(value) > high:
            raise _fail(self.source, None, TOO_LARGE.format(where=where, field=field.verbose_name,
                                                            value=value, high=high))


def check_fits(parsed: ParsedList) -> None:
    """Raise ParseError for the first value of the list that its model field would not take."""
    checker = _Checker(parsed.source)
    checker.text(DutyList, "source_name", parsed.source, where="")
    _check_place(checker, parsed)
    _check_stated(checker, parsed)
    _check_profile(checker, parsed)
    for part in PARTS:
        for item in getattr(parsed.items, part):
            _check_item(checker, part, item)


def _check_place(checker: _Checker, parsed: ParsedList) -> None:
    place = parsed.preamble.place
    for level in ("region", "prefecture", "county"):
        checker.text(Place, "name", getattr(place, level), where=f"{NAMED}{Place.Level(level).label}")
    checker.text(Township, "name", place.township, where=f"{NAMED}{Township._meta.verbose_name}")


def _check_stated(checker: _Checker, parsed: ParsedList) -> None:
    stated = parsed.preamble.stated
    for part in PARTS:
        checker.integer(DutyList, f"stated_{part}", stated.counts.get(part), where=STATED)
    checker.integer(DutyList, "stated_total", stated.total, where=STATED)
    for part in ("coordinating", "reclaimed"):
        checker.integer(DutyList, f"stated_departments_{part}", stated.departments.get(part), where=STATED)


def _check_profile(checker: _Checker, parsed: ParsedList) -> None:
    profile = parsed.preamble.profile
    if profile is None:
        return
    for field in TownshipProfile._meta.concrete_fields:
        value = getattr(profile, field.name, None)
        if isinstance(field, models.DecimalField):
            checker.decimal(TownshipProfile, field.name, value, where=STATED)
        elif isinstance(field, models.IntegerField) and not field.is_relation and field.name != "id":
            checker.integer(TownshipProfile, field.name, value, where=STATED)
        elif isinstance(field, models.CharField):
            checker.text(TownshipProfile, field.name, value, where=STATED)


def _item_where(part: str, item) -> tuple[str, int | None]:
    """How a message names an item, and its line when the layout reads lines."""
    prefix = f"{item.where}，" if item.where else ""
    return prefix + ITEM.format(part=PART_TITLES[part], seq=item.seq), None if item.where else item.line


def _check_item(checker: _Checker, part: str, item) -> None:
    where, line = _item_where(part, item)
    checker.integer(Duty, "seq", item.seq, where=where, line=line)
    checker.text(Category, "name", item.category, where=where, line=line)
    names = list(getattr(item, "departments", ()))
    if isinstance(item, CoordinatingItem):
        _check_blocks(checker, item, where=where, line=line)
        names += [name for block in item.department_duties if block.department
                  for name in split_departments(block.department)]
    if isinstance(item, ReclaimedItem):
        checker.count(ReclaimedMethod, "position", len(item.methods), where=where, line=line)
        for method in item.methods:
            checker.text(ReclaimedMethod, "department_name", method.department, where=where, line=line)
            names += split_departments(method.department or "")
    checker.count(DutyDepartment, "position", len(names), where=where, line=line)
    for name in names:
        checker.text(DutyDepartment, "name_as_published", name, where=where, line=line)
        checker.text(Department, "name", name, where=where, line=line)


def _check_blocks(checker: _Checker, item: CoordinatingItem, *, where: str, line: int | None) -> None:
    for blocks in (item.department_duties, item.township_duties):
        checker.count(ResponsibilityBlock, "position", len(blocks), where=where, line=line)
        for block in blocks:
            checker.text(ResponsibilityBlock, "department_name", block.department, where=where, line=line)
            checker.text(ResponsibilityBlock, "heading", block.heading, where=where, line=line)
            checker.count(Step, "position", len(block.steps), where=where, line=line)
