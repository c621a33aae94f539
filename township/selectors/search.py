"""Reads of the search page, its exports and the API's item search: the one home of search.

Only this module (and the API's reads) uses township.filters; filters.py itself builds on
township.selectors.common alone, so the two never import each other.

A page of results is bounded by what a person reads, not by the size of the country: at most
RESULT_LIMIT items are taken from the indexes, then ordered and paged. Counting or ranking
every match is what made a one-character search take seconds at a million items: "水" occurs
in a third of them. Past the limit the page says "1,000 项以上" and asks for a narrower search.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import groupby
from typing import Mapping

from django.db import connection, connections
from django.db.models import BooleanField, F, Func, Q, QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL

from township.filters import DutySearchFilter, counties_within
from township.models import Duty, DutyList, Township
from township.search import (
    MATCH_WEIGHTS, TsQuery, duty_keyword_order, has_long_keywords, keyword_tokens, keywords, lookup_literal,
    query_literal, texts_literal,
)
from township.selectors.common import SEARCH_ORDER, id_array, latest_lists, township_label, township_order

# The most common tokens of a document column with the share of items holding each, as ANALYZE saw them.
TOKEN_SHARES = """
    SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats
    WHERE schemaname = current_schema() AND tablename = %s AND attname = %s
"""

# The most items a search lists (20 pages of 50). Beyond it nobody reads on; they narrow down.
RESULT_LIMIT = 1000
# Without a keyword, items are taken township by township in the page's order: first from this
# many townships, then four times as many each round, until the limit is reached.
FIRST_TOWNSHIPS = 4
TOWNSHIPS_GROWTH = 4
# Filters that may leave few items in scope, spread over many townships.
SPARSE_FILTERS = ("place", "township", "category", "department")
# Items read in order when a keyword is common in names, before the name index is asked: where
# a keyword is in one name in twenty or more, its first 1,000 matches are among them (17 ms to
# read them all). Items are read in the order of their list, through the list index, which leads
# straight to live rows; a scan in the table's order first crosses whatever space rewritten rows
# left behind (after migration 0013 rewrote every item, the first 1,001 took 35 ms, against 0.5 ms).
PROBE_ITEMS = 20_000


def duty_search(*, params: Mapping[str, str]) -> DutySearchFilter:
    """The search page's filters bound to a query string; `.qs` is every matching item, best first.

    The items come with what a result row shows (township, category) joined, and with their
    steps and methods prefetched for excerpts: a page costs the same queries however many match.
    `.qs` is unbounded (the exports read it, up to their own limit); pages read `duty_search_results`.
    """
    return DutySearchFilter(params, queryset=search_rows())


def search_rows() -> QuerySet[Duty]:
    """Items with what a result row shows, steps and methods too (for exports), in the search page's order."""
    return result_rows().prefetch_related("blocks__steps", "methods")


def result_rows() -> QuerySet[Duty]:
    """Items with what every result row shows (township, category, departments); steps come by `with_excerpts`."""
    return (
        Duty.objects.select_related("category", "duty_list__township__county")
        .prefetch_related("duty_departments")
        .defer("search_document", "name_document")  # kilobytes per item that only the database needs
        .order_by(*SEARCH_ORDER)
    )


def with_excerpts(duties: list[Duty], terms: list[str]) -> list[Duty]:
    """A page of result rows with the steps and methods of those that show an excerpt; each gets `text_match`.

    A row shows an excerpt of a step or method that holds a keyword when its name does not:
    only those items' steps are read (one query says which), not 50 items' hundreds of steps
    to show a few lines (7-10 ms of a page for "市农业农村局" at a million items).
    """
    in_texts = texts_literal(terms)
    unnamed = [duty.pk for duty in duties if not getattr(duty, "name_match", True)]
    excerpted = set()
    if in_texts and unnamed:
        # Checked on these items alone: from the index, every item holding a term would be read.
        holding = _checked("search_document", in_texts)
        excerpted = set(Duty.objects.filter(_among(unnamed), holding).values_list("pk", flat=True))
    for duty in duties:
        duty.text_match = duty.pk in excerpted
    prefetch_related_objects([duty for duty in duties if duty.text_match], "blocks__steps", "methods")
    return duties


# The most townships a search box value names (one keyword each) that the page links to.
NAMED_TOWNSHIPS = 10


def townships_named(*, text: str) -> list[Township]:
    """Townships a keyword names, by name ("夏马勒乡") or with its county ("巴楚县夏马勒乡"), at most NAMED_TOWNSHIPS.

    Someone typing a township's name into the search box is looking for the township: the page
    leads there beside the items that mention it.
    """
    names = keywords(text)[:NAMED_TOWNSHIPS]
    if not names:
        return []
    found = (Township.objects.annotate(full_name=township_label()).filter(Q(name__in=names) | Q(full_name__in=names))
             .select_related("county").order_by(*township_order()))
    return list(found[:NAMED_TOWNSHIPS])


def duty_search_export(*, duty_search: DutySearchFilter) -> QuerySet[Duty]:
    """The search page's very query (same filters, same order); its rows come with the links an export writes."""
    return duty_search.qs


@dataclass
class SearchResults:
    """At most `limit` matching items in the page's order; `more` says whether others match too.

    It pages like a list (a Paginator takes it) without counting in the database: the count is
    the number of items taken.
    """

    duties: QuerySet[Duty]
    found: int
    more: bool
    limit: int = RESULT_LIMIT
    ordered = True  # for Paginator: the order is the page's own

    def count(self) -> int:
        """How many items are listed (not how many match, when `more`)."""
        return self.found

    def __len__(self) -> int:
        return self.found

    def __getitem__(self, index):
        """An item, or a page of them: a slice is ordered by ids alone, then only its items are read whole.

        Ordering reads a few columns of the items taken (and each one's search document, for
        its rank); reading every column of them all and joining each one's list version, only
        to keep 50, made the page's query half again as slow (19 ms against 12.5 for
        "市农业农村局" at a million items).
        """
        if not isinstance(index, slice):
            return self.duties[index]
        page = list(self.duties.values_list("pk", flat=True)[index])
        return list(self.duties.filter(pk__in=page)) if page else []

    def __iter__(self):
        return iter(self.duties)


def duty_search_results(*, duty_search: DutySearchFilter, rows: QuerySet[Duty] | None = None,
                        limit: int = RESULT_LIMIT) -> SearchResults:
    """The first `limit` items the filters find, from the indexes, ordered as the page shows them.

    With a keyword, items whose name holds it come first (from the name index), then items whose
    steps or methods do; the taken items are ranked. Without one, items are taken township by
    township in the page's order. `rows` (default: `search_rows()`) says what each item comes with.
    """
    rows = search_rows() if rows is None else rows
    if not duty_search.form.is_valid():
        return SearchResults(duties=rows.none(), found=0, more=False, limit=limit)
    scope = duty_search.filter_scope(Duty.objects.order_by())
    text = duty_search.keyword_text
    if text:
        ids = _keyword_candidates(scope, text, wanted=limit + 1)
    else:
        ids = _first_in_order(scope, duty_search.form.cleaned_data, wanted=limit + 1)
    ids, more = ids[:limit], len(ids) > limit
    duties = rows.filter(_among(ids)) if ids else rows.none()
    duties = duty_keyword_order(duties, text) if text else duties.order_by(*SEARCH_ORDER)
    return SearchResults(duties=duties, found=len(ids), more=more, limit=limit)


def _keyword_candidates(scope: QuerySet[Duty], text: str, *, wanted: int) -> list[int]:
    """Up to `wanted` ids of matching items: those whose name holds the keywords first."""
    literal, in_name = query_literal(text, weight=MATCH_WEIGHTS), query_literal(text)
    if literal is None or in_name is None:
        return []
    in_names = _matching(scope.db, "name_document", in_name, text)
    named = _name_candidates(scope, in_names, in_name, share=_share_in_names(text, using=scope.db), wanted=wanted)
    if len(named) >= wanted:
        return named
    texts = (scope.filter(_matching(scope.db, "search_document", literal, text))
             .exclude(_among(named))
             .values_list("pk", flat=True)[:wanted - len(named)])
    return named + list(texts)


def _among(ids: list[int]) -> RawSQL:
    """Items with these ids: one array, not a parameter each (id_array)."""
    table = connection.ops.quote_name(Duty._meta.db_table)
    return RawSQL(f"{table}.id = ANY(%s::bigint[])", (id_array(ids),), output_field=BooleanField())


def _matching(using: str, column: str, query: str, text: str) -> Q:
    """Items whose document `column` matches `query` (the search box's `text`), through its index.

    For long keywords the index is asked for their rarest tokens (lookup_literal, by the
    column's statistics), and the whole query checked on what it returns (`_checked`): with the
    operator, the planner would ask the index for every token again.
    """
    if not has_long_keywords(text):
        return Q(**{column: TsQuery(query)})
    lookup = lookup_literal(text, shares=_token_shares(using, column))
    return Q(**{column: TsQuery(lookup)}) & Q(_checked(column, query))


def _checked(column: str, query: str) -> Func:
    """Whether the document `column` matches `query`, checked row by row: by the match function, which no index answers."""
    return Func(F(column), TsQuery(query), function="ts_match_vq", output_field=BooleanField())


def _name_candidates(scope: QuerySet[Duty], matching: Q, in_name: str, *, share: float, wanted: int) -> list[int]:
    """Up to `wanted` ids of items in scope whose name matches the query `in_name` (`matching` through the index).

    A common keyword ("工" is in half of all names) is found fastest by reading items in order
    and stopping at `wanted`; the name index would first collect every match of it (541,971 at a
    million items: 60 ms). A rare one is found fastest from the index, where reading 20,000
    items in vain costs 17 ms. `share` is at most the share of names holding the keyword (from
    the planner's statistics): when PROBE_ITEMS items would hold `wanted` such names, they are
    read first, and the index is asked only if they did not after all (a phrase of common
    pairs may itself be rare) and the scope holds more.
    """
    from_index = scope.filter(matching).values_list("pk", flat=True)[:wanted]
    if share * PROBE_ITEMS < wanted:
        return list(from_index)
    probe = scope.order_by("duty_list_id").values_list("id", "name_document")[:PROBE_ITEMS]
    sql, params = probe.query.get_compiler(using=probe.db).as_sql()
    # The probe's last item comes back too (unless enough matches come first): whether it is
    # there says whether the scope holds more items than were read. One query either way.
    with connections[probe.db].cursor() as cursor:  # a replica's, when the router reads from one
        cursor.execute(f"""
            SELECT id, name_document @@ %s::tsquery, number = %s FROM (
                SELECT id, name_document, row_number() OVER () AS number FROM ({sql}) AS scoped
            ) AS probe WHERE name_document @@ %s::tsquery OR number = %s LIMIT %s""",
                       [in_name, PROBE_ITEMS, *params, in_name, PROBE_ITEMS, wanted + 1])
        rows = cursor.fetchall()
    found = [pk for pk, matches, _ in rows if matches][:wanted]
    if len(found) >= wanted or not any(last for _, _, last in rows):
        return found
    return list(from_index)


def _share_in_names(text: str, *, using: str) -> float:
    """At most the share of item names that hold every keyword of `text`: its rarest token's.

    A name holding the keywords holds each of their tokens (characters, pairs, words), so the
    rarest one's share bounds theirs. Shares are the planner's statistics of the name column;
    a token missing from its most common ones is rarer than all of them: the least common's
    share bounds it (0 without statistics: a table never analysed is small).
    """
    shares = _token_shares(using, "name_document")
    rarer = min(shares.values(), default=0.0)
    tokens = [token for keyword in keywords(text) for token, _ in keyword_tokens(keyword)]
    return min((shares.get(token, rarer) for token in tokens), default=0.0)


# The planner's statistics change with ANALYZE, which autovacuum runs as imports add items.
TOKEN_SHARES_SECONDS = 600
_token_shares_read: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}


def _token_shares(using: str, column: str) -> dict[str, float]:
    """{token: share of items holding it} for the most common tokens of a document column, re-read every few minutes."""
    read_at, shares = _token_shares_read.get((using, column), (0.0, {}))
    if time.monotonic() - read_at < TOKEN_SHARES_SECONDS:
        return shares
    with connections[using].cursor() as cursor:
        cursor.execute(TOKEN_SHARES, [Duty._meta.db_table, column])
        row = cursor.fetchone()
    tokens, frequencies = row if row and row[0] else ([], [])
    shares = dict(zip(tokens, frequencies))  # the frequencies end with a minimum, maximum and null share
    _token_shares_read[(using, column)] = (time.monotonic(), shares)
    return shares


def _first_in_order(scope: QuerySet[Duty], cleaned: dict, *, wanted: int) -> list[int]:
    """Up to `wanted` ids of the items in scope, the first ones in the page's order.

    When fewer match, all of them (the page orders them). When more do, they are taken
    township by township in order, from ever more townships, each round one query: a sort of a
    few townships' items instead of the whole country's. A scope narrowed by place, township,
    category or department may hold few items spread over many townships: it is first read
    whole up to `wanted`, so that rounds are only taken when they will end soon. Every
    township's list has items of every part, so without those filters rounds do.
    """
    if any(cleaned.get(name) for name in SPARSE_FILTERS):
        few = list(scope.order_by("duty_list_id").values_list("pk", flat=True)[:wanted])
        if len(few) < wanted:
            return few
    townships = _township_lists(cleaned)
    found: list[int] = []
    start, size = 0, FIRST_TOWNSHIPS
    while start < len(townships) and len(found) < wanted:
        lists = [list_id for group in townships[start:start + size] for list_id in group]
        found += scope.filter(duty_list_id__in=lists).order_by(*SEARCH_ORDER).values_list(
            "pk", flat=True)[:wanted - len(found)]
        start, size = start + size, size * TOWNSHIPS_GROWTH
    return found


def _township_lists(cleaned: dict) -> list[list[int]]:
    """The ids of the list versions in scope, grouped by township, townships in the page's order."""
    lists = DutyList.objects.all() if cleaned.get("all_versions") else latest_lists()
    if cleaned.get("township"):
        lists = lists.filter(township=cleaned["township"])
    if cleaned.get("place"):
        lists = lists.filter(township__county__in=counties_within(cleaned["place"]))
    rows = lists.order_by(*township_order("township__")).values_list(
        "township_id", "pk")
    return [[list_id for _, list_id in group] for _, group in groupby(rows, key=lambda row: row[0])]
