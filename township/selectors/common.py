"""Reads every other selector module builds on: the search order, the latest list versions."""

from __future__ import annotations

from typing import Iterable

from django.db.models import Case, CharField, Exists, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Concat

from township.models import DutyList
from township.selectors.review import open_review_flags

# The order of the search page's results, which the API's item list and the search export keep
# too (keyword search puts its matches by name and rank first). Counties and townships come in
# pinyin order (township/pinyin.py: a plain column, sorted as the names were), each id right
# after its key so that two with one reading (or one name) never interleave their items. The last
# two fields make it total: with every version searched, two versions of one item share county,
# township, part and 序号, and rows that sort equal come back in any order, so LIMIT/OFFSET pages
# would repeat some items and drop others. Of two versions of an item, the newer comes first.
SEARCH_ORDER = (
    "duty_list__township__county__pinyin_key", "duty_list__township__county_id",
    "duty_list__township__pinyin_key", "duty_list__township_id", "kind", "seq",
    "-duty_list__published", "pk",
)


def by_pinyin(path: str = "") -> tuple[str, str]:
    """Places, townships or departments by the pinyin of their names, then id; `path` leads to them ("county__")."""
    return f"{path}pinyin_key", f"{path}pk"


def township_order(path: str = "") -> tuple[str, ...]:
    """Townships by their county's pinyin, then their own, as SEARCH_ORDER lists them; `path` leads to them."""
    return (*by_pinyin(f"{path}county__"), *by_pinyin(path))


def latest_list_subquery(township: str = "pk", field: str = "pk") -> Subquery:
    """A field (the id unless told) of a township's most recently published list version.

    `township` names the outer field that holds the township's id.
    """
    latest = DutyList.objects.filter(township=OuterRef(township)).order_by("-published")
    return Subquery(latest.values(field)[:1])


def _newest_versions() -> QuerySet[DutyList]:
    """Each township's newest version: DISTINCT ON over dutylist_latest_idx, one ordered index scan
    rather than a lookup per township (15–30 ms at 3,700 townships)."""
    return DutyList.objects.order_by("township_id", "-published").distinct("township_id")


def latest_lists() -> QuerySet[DutyList]:
    """The most recent version of every township's list, as a queryset to filter and join."""
    return DutyList.objects.filter(pk__in=_newest_versions().values("pk"))


def latest_list_ids() -> list[int]:
    """The ids of every township's latest list version, as a list (one index-only scan, dutylist_latest_idx).

    Searches filter items by these ids written out, not by the subquery: a keyword's phrase gets
    a row estimate of a handful, and with a subquery the planner then matched every item first
    and joined after (30,657 phrase rechecks, 0.8 s for "市农业农村局" at a million items), where
    with the ids as constants the index scan stops at the first results.
    """
    return list(_newest_versions().values_list("pk", flat=True))


def id_array(ids: Iterable[int]) -> str:
    """Ids as one PostgreSQL array literal ("{1,2,3}"), for `column = ANY(%s::bigint[])`.

    A Python list goes to the server as ARRAY[1,2,…] (psycopg2's way) or an IN list (Django's),
    each id an expression the planner reads on its own: for 3,700 townships' versions that was
    4 ms of planning a query, as one literal 1.6 ms.
    """
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


def open_flag_exists(duty: str = "pk") -> Exists:
    """Whether the duty named by the outer field `duty` has a review flag nobody cleared."""
    return Exists(open_review_flags().filter(duty=OuterRef(duty)))


# How townships and departments are named in full, in the search form and its suggestions.


def township_label() -> Concat:
    """A township as people write it in full: its county's name, then its own ("巴楚县夏马勒乡")."""
    return Concat("county__name", "name", output_field=CharField())


def department_label() -> Concat:
    """A department with the county it belongs to: "市农业农村局（伊宁市）"."""
    return Concat("name", Value("（"), "place__name", Value("）"), output_field=CharField())


def place_label() -> Case:
    """A place with the place above it, as its suggestions show it: "伊宁市（伊犁哈萨克自治州）"."""
    return Case(When(parent__isnull=True, then="name"),
                default=Concat("name", Value("（"), "parent__name", Value("）")), output_field=CharField())


def department_full_name() -> Concat:
    """A department's name after its county's: "伊宁市市农业农村局"."""
    return Concat("place__name", "name", output_field=CharField())
