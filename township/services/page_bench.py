"""How fast each kind of page answers on the current database, and the plain ILIKE scan beside search.

Every page is requested in-process with Django's test client (the whole view, templates and
middleware, no network), `repeat` times, each time of a different sample township or item
where the page has one. Samples and search terms are drawn from the data itself, so the
same command measures the bundled lists, demo data at any size and a real portal alike.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dutylists.serving import prepare_serving_process
from township.api.pagination import PAGE_SIZE
from township.selectors.search import RESULT_LIMIT
from township.models import Department, Duty, DutyDepartment, DutyList, Township
from township.selectors.common import latest_lists

NO_DATA = "数据库中没有已导入的清单，无从测量；请先导入清单或运行 make_demo_data。"
SAMPLE_NAMES = 400  # item names the search terms are drawn from
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# The search the page runs matches a keyword in an item's name, its departments (as published
# or canonical) or its steps and methods (township.search.MATCH_WEIGHTS); the baseline scans
# the same texts of the same items.
ILIKE_SCAN = """
WITH matched AS (
    SELECT id FROM township_duty WHERE name ILIKE %(pattern)s
    UNION
    SELECT link.duty_id FROM township_dutydepartment link
    LEFT JOIN township_department department ON department.id = link.department_id
    WHERE link.name_as_published ILIKE %(pattern)s OR department.name ILIKE %(pattern)s
    UNION
    SELECT b.duty_id FROM township_responsibilityblock b JOIN township_step s ON s.block_id = b.id
    WHERE s.text ILIKE %(pattern)s
    UNION
    SELECT duty_id FROM township_reclaimedmethod WHERE text ILIKE %(pattern)s
)
SELECT count(*) OVER (), d.id
FROM matched
JOIN township_duty d ON d.id = matched.id
JOIN township_dutylist l ON l.id = d.duty_list_id
JOIN township_township t ON t.id = l.township_id
JOIN township_place c ON c.id = t.county_id
WHERE d.duty_list_id IN (SELECT DISTINCT ON (township_id) id FROM township_dutylist
                         ORDER BY township_id, published DESC)
ORDER BY c.name, t.name, d.kind, d.seq
LIMIT 50
"""
# Nothing but sequential scans (each table read once, joined by hashing): the baseline must not
# profit from an index built for search.
# It may use the server's parallel workers, which pages go without (dutylists/serving.py).
UNINDEXED = ("SET LOCAL enable_indexscan = off", "SET LOCAL enable_bitmapscan = off",
             "SET LOCAL enable_indexonlyscan = off", "SET LOCAL max_parallel_workers_per_gather = DEFAULT")


@dataclass
class PageFigures:
    """What one kind of page cost over its repeats."""

    kind: str
    example: str
    seconds: list[float] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    status: set[int] = field(default_factory=set)
    scan_seconds: list[float] = field(default_factory=list)  # the ILIKE baseline, for searches
    matches: int | None = None  # items the ILIKE scan finds, for searches

    def as_dict(self) -> dict:
        """JSON-ready figures: p50/p95 in milliseconds, the largest response, the most queries."""
        figures = {"kind": self.kind, "example": self.example, "p50_ms": _ms(self.seconds, 50),
                   "p95_ms": _ms(self.seconds, 95), "bytes": max(self.bytes), "queries": max(self.queries),
                   "status": sorted(self.status), "repeats": len(self.seconds)}
        if self.scan_seconds:
            figures |= {"ilike_p50_ms": _ms(self.scan_seconds, 50), "ilike_p95_ms": _ms(self.scan_seconds, 95),
                        "matches": self.matches,
                        "speedup": round(_ms(self.scan_seconds, 50) / max(_ms(self.seconds, 50), 0.001), 1)}
        return figures


def _ms(seconds: list[float], percent: int) -> float:
    """The given percentile (nearest rank) in milliseconds."""
    ordered = sorted(seconds)
    rank = max(1, -(-percent * len(ordered) // 100))
    return round(ordered[rank - 1] * 1000, 1)


@dataclass(frozen=True)
class PageKind:
    """A kind of page and the URLs of its samples (one per repeat, in turn)."""

    kind: str
    urls: list[str]
    term: str | None = None  # a search's keyword: the ILIKE baseline runs beside it


def _spread(ids: list[int], count: int) -> list[int]:
    """`count` ids spread evenly over the list (all of them when there are fewer)."""
    if len(ids) <= count:
        return ids
    return [ids[index * len(ids) // count] for index in range(count)]


def _sample_duties(count: int) -> list[int]:
    """Items of latest versions spread evenly over the id range, found with one index lookup each."""
    bounds = Duty.objects.aggregate(low=Min("pk"), high=Max("pk"))
    latest = latest_lists()
    found: list[int] = []
    for index in range(count):
        target = bounds["low"] + (bounds["high"] - bounds["low"]) * index // max(count, 1)
        duty = (Duty.objects.filter(pk__gte=target, duty_list__in=latest).order_by("pk")
                .values_list("pk", flat=True).first())
        if duty is not None:
            found.append(duty)
    return found or list(Duty.objects.filter(duty_list__in=latest).values_list("pk", flat=True)[:1])


def _ngrams(names: list[str], size: int) -> Counter:
    """How many names contain each run of `size` Chinese characters."""
    counts: Counter = Counter()
    for name in names:
        grams = {run[i:i + size] for run in _CJK_RUN.findall(name) for i in range(len(run) - size + 1)}
        counts.update(grams)
    return counts


def search_terms(names: list[str], department: str | None) -> dict[str, str]:
    """Keywords by kind: the commonest 1, 2 and 3 characters and 6-character phrase, a department, a rare term."""
    terms = {}
    for size in (1, 2, 3, 6):
        common = _ngrams(names, size).most_common(1)
        if common:
            terms[f"搜索 {size} 字"] = common[0][0]
    if department:
        terms["搜索部门名"] = department
    rare = [gram for gram, count in sorted(_ngrams(names, 4).items()) if count == 1]
    if rare:
        terms["搜索少见词"] = rare[len(rare) // 2]
    return terms


def page_kinds(*, samples: int) -> list[PageKind]:
    """Every kind of page with sample URLs drawn from the data."""
    townships = _spread(list(Township.objects.filter(lists__isnull=False).distinct().order_by("pk")
                             .values_list("pk", flat=True)), samples)
    if not townships:
        raise LookupError(NO_DATA)
    counties = _spread(list(Township.objects.filter(pk__in=townships).values_list("county_id", flat=True)), samples)
    duties = _sample_duties(max(samples, SAMPLE_NAMES // 20))
    names = list(Duty.objects.filter(pk__in=duties).values_list("name", flat=True))
    names += _more_names(SAMPLE_NAMES - len(names))
    department = _busiest_department(townships[0])
    terms = search_terms(names, department.name if department else None)
    # The API lists at most RESULT_LIMIT items a search: its last page is the deepest there is.
    deep_page = max(1, RESULT_LIMIT // PAGE_SIZE)
    kinds = [
        PageKind("首页", [reverse("township:home")]),
        PageKind("县统计页", [reverse("township:county_statistics", args=[pk]) for pk in counties]),
        PageKind("乡镇页", [reverse("township:township", args=[pk]) for pk in townships]),
        PageKind("事项页", [reverse("township:duty", args=[pk]) for pk in duties[:samples]]),
    ]
    if department is not None:
        kinds.append(PageKind("部门页", [reverse("township:department", args=[department.pk])]))
    kinds += [PageKind(kind, [f"{reverse('township:search')}?{urlencode({'q': term})}"], term=term)
              for kind, term in terms.items()]
    kinds += [
        PageKind("统计页（全部）", [reverse("township:statistics")]),
        PageKind("API 事项第 1 页", ["/api/duties/"]),
        PageKind(f"API 事项第 {deep_page} 页", [f"/api/duties/?page={deep_page}"]),
        PageKind("导出乡镇 xlsx", [reverse("township:township_xlsx", args=[pk]) for pk in townships]),
    ]
    rare = terms.get("搜索少见词") or next(iter(terms.values()))
    kinds += [PageKind(f"导出搜索结果 {suffix}", [f"{reverse(name)}?{urlencode({'q': rare})}"])
              for suffix, name in (("csv", "township:search_csv"), ("xlsx", "township:search_xlsx"))]
    return kinds


def _more_names(count: int) -> list[str]:
    """Names of further items of latest versions, from evenly spaced ids."""
    if count <= 0:
        return []
    return list(Duty.objects.filter(pk__in=_sample_duties(count)).values_list("name", flat=True))


def _busiest_department(township_id: int) -> Department | None:
    """The department a sample township's latest list names most often."""
    latest = DutyList.objects.filter(township_id=township_id).order_by("-published").first()
    row = (DutyDepartment.objects.filter(duty__duty_list=latest, department__isnull=False)
           .values("department").annotate(links=Count("pk")).order_by("-links", "department").first())
    return Department.objects.get(pk=row["department"]) if row else None


def _fetch(client: Client, url: str) -> tuple[float, int, int, int]:
    """Seconds, response bytes, queries and status of one request, the body read to its end."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        # Reading a streamed body to its end closes it, as the test client emulates a WSGI server.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seconds = time.perf_counter() - started
    return seconds, len(body), len(queries), response.status_code


def ilike_scan(term: str) -> tuple[float, int]:
    """Seconds of the plain unindexed ILIKE scan for a keyword (count and first page), and its matches."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in UNINDEXED:
            cursor.execute(statement)
        started = time.perf_counter()
        cursor.execute(ILIKE_SCAN, {"pattern": f"%{term}%"})
        rows = cursor.fetchall()
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, rows[0][0] if rows else 0


def _bench_settings() -> override_settings:
    """Plain static files (no collectstatic needed), no API rate limit for the repeated requests,
    and no page cache: this measures what a page costs to render (bench_load measures the cache)."""
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
    static = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    return override_settings(REST_FRAMEWORK=rest, STORAGES=static, DUTYLISTS_PAGE_CACHE=False)


def bench_pages(*, repeat: int, warmup: int = 1, scan_repeat: int = 3,
                progress: Callable[[PageFigures], None] | None = None) -> list[PageFigures]:
    """Measure every kind of page `repeat` times (after `warmup` unmeasured requests each).

    Beside each search, the ILIKE scan runs `scan_repeat` times (at most `repeat`): at a million
    items one scan takes many seconds.
    """
    results = []
    with _bench_settings():
        client = Client()
        prepare_serving_process()  # as gunicorn's workers are (dutylists/wsgi.py)
        for kind in page_kinds(samples=repeat):
            figures = PageFigures(kind.kind, kind.urls[0])
            for attempt in range(warmup):
                _fetch(client, kind.urls[attempt % len(kind.urls)])
            for attempt in range(repeat):
                seconds, size, queries, status = _fetch(client, kind.urls[attempt % len(kind.urls)])
                figures.seconds.append(seconds)
                figures.bytes.append(size)
                figures.queries.append(queries)
                figures.status.add(status)
                if kind.term is not None and attempt < scan_repeat:
                    scan_seconds, figures.matches = ilike_scan(kind.term)
                    figures.scan_seconds.append(scan_seconds)
            results.append(figures)
            if progress is not None:
                progress(figures)
    return results
