"""Bounded search results: the first items the indexes give, the same as the full search's first items."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.search_params import query_string
from township.search import duty_keyword_search
from township.selectors import common as selectors_common, search as selectors_search
from township.selectors.search import RESULT_LIMIT

pytestmark = pytest.mark.django_db

LIST_002 = Path(__file__).resolve().parents[3] / "fixtures" / "002_fe4ab73d7f7b2358.txt"


def bounded(spec: dict, limit: int):
    duty_search = selectors_search.duty_search(params=query_string(spec))
    return duty_search, selectors_search.duty_search_results(duty_search=duty_search, limit=limit)


def ids(duties) -> list[int]:
    return [duty.pk for duty in duties]


@pytest.mark.parametrize("spec", [
    {},
    {"kind": "basic"},
    {"place": "喀什地区"},
    {"category": "党的建设"},
    {"department": ("伊宁市", "市农业农村局")},
    {"kind": "coordinating", "all_versions": "on"},
])
@pytest.mark.parametrize("limit", [1, 7, 300, 2000])
def test_without_a_keyword_the_first_items_are_the_full_orders_first(bundled_lists, spec, limit):
    call_command("import_list", str(LIST_002), "--published", "2025-09", stdout=io.StringIO())
    duty_search, results = bounded(spec, limit)
    everything = ids(duty_search.qs)  # the unbounded search, sorted in the database
    assert ids(results.duties) == everything[:limit]
    assert results.found == min(limit, len(everything)) and results.more is (len(everything) > limit)


@pytest.mark.parametrize("spec", [
    {"q": "消防"},
    {"q": "低保"},
    {"q": "党代表", "kind": "basic"},
    {"q": "安全 检查", "place": "巴楚县"},
    {"q": "水"},
])
def test_with_a_keyword_and_room_for_every_match_the_results_are_the_full_searchs(bundled_lists, spec):
    duty_search, results = bounded(spec, RESULT_LIMIT)
    assert ids(results.duties) == ids(duty_search.qs) and results.more is False


@pytest.mark.parametrize("probe", [1, 25, 100_000])  # the index asked early, late, never
@pytest.mark.parametrize("spec", [{"q": "水"}, {"q": "党代表"}, {"q": "安全 检查", "place": "巴楚县"}, {"q": "鹦鹉螺"}])
def test_names_found_by_reading_items_in_order_are_the_names_the_index_finds(bundled_lists, monkeypatch, probe, spec):
    monkeypatch.setattr(selectors_search, "PROBE_ITEMS", probe)
    monkeypatch.setattr(selectors_search, "_share_in_names", lambda text, using: 1.0)  # always read first
    duty_search, results = bounded(spec, RESULT_LIMIT)
    assert ids(results.duties) == ids(duty_search.qs) and results.more is False
    for limit in (1, 30):
        duty_search, results = bounded(spec, limit)
        named = [duty.pk for duty in duty_search.qs if duty.name_match]
        listed = list(results.duties)
        assert sum(duty.name_match for duty in listed) == min(limit, len(named))
        assert {duty.pk for duty in listed if duty.name_match} <= set(named)


@pytest.mark.parametrize("spec", [
    {"q": "监督管理工作"},
    {"q": "市农业农村局"},
    {"q": "安全生产 监督检查"},
    {"q": "组织开展"},
    {"q": "农业农村 检查", "kind": "coordinating"},
])
@pytest.mark.parametrize("analysed", [False, True])  # without statistics, and with them
def test_asking_the_index_for_the_rarest_tokens_finds_what_the_whole_phrase_finds(bundled_lists, spec, analysed):
    from django.db import connection

    if analysed:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE township_duty")
    selectors_search._token_shares_read.clear()
    duty_search, results = bounded(spec, RESULT_LIMIT)
    assert ids(results.duties) == ids(duty_search.qs) and results.found > 0
    page = results[0:7]  # a page: ordered by ids first, then read whole
    assert ids(page) == ids(duty_search.qs)[:7]


def test_the_share_of_names_holding_a_keyword_comes_from_the_planners_statistics(bundled_lists):
    from django.db import connection

    from township.models import Duty

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE township_duty")
    selectors_search._token_shares_read.clear()
    names = list(Duty.objects.values_list("name", flat=True))
    for keyword in ("工作", "管理", "安全检查"):
        share = sum(keyword in name for name in names) / len(names)
        bound = selectors_search._share_in_names(keyword, using="default")
        assert bound >= share * 0.8  # the statistics sample names; allow for it
    # A word no name holds is rarer than every token the statistics list.
    least = min(selectors_search._token_shares("default", "name_document").values())
    assert selectors_search._share_in_names("鹦鹉螺", using="default") == least < 0.05


def test_a_departments_name_finds_every_item_that_names_it(bundled_lists):
    from django.db.models import Count

    from township.models import Department, Duty

    latest = Duty.objects.filter(duty_list__in=selectors_common.latest_lists())
    department = (Department.objects.annotate(items=Count("duty_links")).filter(items__gt=1)
                  .order_by("-items", "pk").first())
    linked = set(latest.filter(duty_departments__department=department).values_list("pk", flat=True))
    mentioned = set(latest.filter(name__contains=department.name).values_list("pk", flat=True))
    assert linked - mentioned  # some items name the department only as their department
    duty_search, results = bounded({"q": department.name}, RESULT_LIMIT)
    assert linked <= set(ids(results.duties)) and ids(results.duties) == ids(duty_search.qs)


def test_a_coordinating_result_shows_its_departments_with_the_match_marked(client, bundled_lists):
    from township.models import Duty, DutyDepartment

    link = (DutyDepartment.objects.filter(duty__kind=Duty.Kind.COORDINATING).select_related("duty")
            .order_by("pk").first())
    page = client.get("/search/", {"q": f"{link.name_as_published} {link.duty.name}"}).content.decode()
    [row] = [row for row in page.split('<li class="search-result">')[1:]
             if f'href="{link.duty.get_absolute_url()}"' in row]
    departments = row[row.index('class="search-result-departments"'):]
    assert "上级部门：" in departments and "<mark>" in departments
    assert link.name_as_published in departments.replace("<mark>", "").replace("</mark>", "")


@pytest.mark.parametrize("keyword", ["水", "工作", "管理"])
@pytest.mark.parametrize("limit", [3, 40])
def test_past_the_limit_items_whose_name_holds_the_keyword_come_first(bundled_lists, keyword, limit):
    duty_search, results = bounded({"q": keyword}, limit)
    matches = list(duty_search.qs)
    named = [duty.pk for duty in matches if duty.name_match]
    listed = list(results.duties)
    assert results.more is (len(matches) > limit) and results.found == len(listed) == min(limit, len(matches))
    # Every listed item matches; names first: as many name matches as there are, up to the limit.
    assert {duty.pk for duty in listed} <= {duty.pk for duty in matches}
    assert sum(duty.name_match for duty in listed) == min(limit, len(named))
    assert [duty.name_match for duty in listed] == sorted((duty.name_match for duty in listed), reverse=True)


def test_a_keyword_nobody_wrote_finds_nothing_without_a_second_query(bundled_lists, django_assert_max_num_queries):
    duty_search = selectors_search.duty_search(params={"q": "鹦鹉螺"})
    with django_assert_max_num_queries(3):  # names, then texts, then the (empty) page
        results = selectors_search.duty_search_results(duty_search=duty_search)
        assert list(results.duties) == [] and results.found == 0 and not results.more


@pytest.mark.parametrize("townships", [0, 30])
def test_a_page_of_results_asks_a_bounded_number_of_queries(bundled_lists, townships, django_assert_max_num_queries):
    from township.services.demo import demo_data_build

    if townships:
        demo_data_build(townships=townships, seed=1)
    for params in ({}, {"q": "消防"}, {"q": "水", "kind": "basic"}):
        duty_search = selectors_search.duty_search(params=params)
        # The first ids (a few rounds of townships without a keyword), the page, its prefetches.
        with django_assert_max_num_queries(9):
            results = selectors_search.duty_search_results(duty_search=duty_search)
            page = list(results.duties[:50])
        assert len(page) == min(50, results.found) > 0


def test_the_page_says_more_than_the_limit_and_asks_to_narrow(client, bundled_lists):
    page = client.get("/search/").content.decode()
    assert f"全部履职事项：{RESULT_LIMIT} 项以上" in page
    assert f"符合条件的事项超过 {RESULT_LIMIT} 项" in page and "缩小范围" in page
    narrow = client.get("/search/", query_string({"township": "夏马勒乡"})).content.decode()
    assert "项以上" not in narrow and "符合条件的事项超过" not in narrow


def test_the_keyword_order_ranks_what_the_full_search_ranks(bundled_lists):
    duty_search, results = bounded({"q": "消防"}, RESULT_LIMIT)
    full = duty_keyword_search(selectors_search.search_rows(), "消防")
    assert [(d.pk, d.name_match) for d in results.duties] == [(d.pk, d.name_match) for d in full]


@pytest.mark.parametrize("typed", ["夏马勒乡", "巴楚县夏马勒乡", "消防 夏马勒乡"])
def test_a_townships_name_in_the_search_box_leads_to_the_township(client, bundled_lists, typed):
    from township.models import Township

    township = Township.objects.get(name="夏马勒乡")
    page = client.get("/search/", {"q": typed}).content.decode()
    assert f'<a href="/townships/{township.pk}/">巴楚县夏马勒乡</a>' in page and "要找的是乡镇？" in page


def test_no_township_link_for_other_keywords_and_names_are_escaped(client, bundled_lists):
    from township.models import Place, Township

    assert "要找的是乡镇？" not in client.get("/search/", {"q": "消防"}).content.decode()
    county = Place.objects.get(name="巴楚县")
    Township.objects.create(name="<i>新</i>镇", county=county)
    page = client.get("/search/", {"q": "<i>新</i>镇"}).content.decode()
    assert "巴楚县&lt;i&gt;新&lt;/i&gt;镇</a>" in page and "<i>新</i>" not in page


@pytest.mark.parametrize("q", ["消防", "市农业农村局", "安全 检查", "水", "组织开展", "县农业农村局 培训"])
def test_a_page_reads_steps_only_for_the_rows_that_show_an_excerpt_and_shows_the_same(
        bundled_lists, q, django_assert_max_num_queries):
    from township.search import search_result

    def shown(duties, terms):
        return [(duty.pk, row.name, row.excerpt_label, row.excerpt, row.departments)
                for duty, row in ((duty, search_result(duty, terms)) for duty in duties)]

    duty_search = selectors_search.duty_search(params={"q": q})
    terms = duty_search.terms
    every_step = selectors_search.duty_search_results(duty_search=duty_search)[0:RESULT_LIMIT]
    light = selectors_search.duty_search_results(duty_search=duty_search, rows=selectors_search.result_rows())
    page = light[0:RESULT_LIMIT]
    with django_assert_max_num_queries(4):  # which rows show an excerpt, then their blocks, steps and methods
        page = selectors_search.with_excerpts(page, terms)
        rows = shown(page, terms)
    assert rows == shown(every_step, terms) and rows
    assert any(row[3] for row in rows) or q == "市农业农村局"  # excerpts were shown
