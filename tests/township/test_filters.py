"""The search page's filters, alone and combined, and the page that shows what they select."""

from __future__ import annotations

import html
import re

import pytest
from django.db.models import Q
from django.http import QueryDict

from tests.search_params import query_string
from township.selectors import common as selectors_common, search as selectors_search
from tests.township.conftest import import_as
from township.filters import (
    DEPARTMENT_NOT_FOUND, INVALID_FILTERS, MAX_DEPARTMENTS, NAME_CONTROL_CHARACTER, NAME_TOO_LONG,
    TOO_MANY_DEPARTMENTS, TOWNSHIP_AMBIGUOUS, TOWNSHIP_NOT_FOUND,
)
from township.models import Category, Department, Duty, DutyDepartment, Place, ReclaimedMethod, Township
from township.services import duty_search_document_refresh

pytestmark = pytest.mark.django_db

SEARCH_URL = "/search/"
# The one script of the search page: the type-ahead fields' own file, never inline code.
SUGGEST_SCRIPT = '<script src="/static/js/suggest.js" defer></script>'


def _expected(orm_filter: Q, keyword: str = "") -> set[int]:
    """The same selection by plain ORM lookups over latest versions (ILIKE for the keyword).

    A keyword may be in the name, the steps, the methods or a department's name (as published
    or canonical).
    """
    duties = Duty.objects.filter(duty_list__in=selectors_common.latest_lists()).filter(orm_filter)
    if keyword:
        duties = duties.filter(
            Q(name__icontains=keyword)
            | Q(blocks__steps__text__icontains=keyword)
            | Q(methods__text__icontains=keyword)
            | Q(duty_departments__name_as_published__icontains=keyword)
            | Q(duty_departments__department__name__icontains=keyword)
        )
    return set(duties.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("spec", "orm_filter"),
    [
        ({"kind": "coordinating"}, Q(kind="coordinating")),
        ({"kind": "reclaimed", "place": "巴楚县"},
         Q(kind="reclaimed", duty_list__township__county__name="巴楚县")),
        ({"place": "喀什地区"}, Q(duty_list__township__county__parent__name="喀什地区")),
        ({"place": "新疆维吾尔自治区", "kind": "basic"}, Q(kind="basic")),
        ({"township": "先拜巴扎镇"}, Q(duty_list__township__name="先拜巴扎镇")),
        ({"category": "党的建设", "kind": "basic"}, Q(category__name="党的建设", kind="basic")),
        ({"category": "社会保障", "place": "伊宁市"},
         Q(category__name="社会保障", duty_list__township__county__name="伊宁市")),
        ({"department": ("伊宁市", "市农业农村局")},
         Q(duty_departments__department__name="市农业农村局",
           duty_departments__department__place__name="伊宁市")),
        ({"department": ("于田县", "于田县水利局"), "kind": "coordinating"},
         Q(kind="coordinating", duty_departments__department__name="于田县水利局")),
        ({"township": "夏马勒乡", "kind": "coordinating", "category": "党的建设"},
         Q(duty_list__township__name="夏马勒乡", kind="coordinating", category__name="党的建设")),
    ],
)
def test_filters_select_what_direct_orm_lookups_select(bundled_lists, spec, orm_filter):
    found = [duty.pk for duty in selectors_search.duty_search(params=query_string(spec)).qs]
    assert len(found) == len(set(found))
    assert set(found) == _expected(orm_filter)
    assert found


@pytest.mark.parametrize(
    ("spec", "orm_filter"),
    [
        ({"q": "消防", "kind": "coordinating", "place": "额敏县"},
         Q(kind="coordinating", duty_list__township__county__name="额敏县")),
        ({"q": "党", "category": "党的建设", "kind": "basic"}, Q(category__name="党的建设", kind="basic")),
        ({"q": "低保", "place": "和田地区"}, Q(duty_list__township__county__parent__name="和田地区")),
        ({"q": "消防", "department": ("巴楚县", "巴楚县消防救援局")},
         Q(duty_departments__department__name="巴楚县消防救援局")),
    ],
)
def test_keyword_and_filters_combine(bundled_lists, spec, orm_filter):
    found = {duty.pk for duty in selectors_search.duty_search(params=query_string(spec)).qs}
    assert found == _expected(orm_filter, keyword=spec["q"])
    assert found


@pytest.mark.parametrize(
    ("spec", "line"),
    [
        ({}, "全部履职事项：{count} 项"),
        ({"place": "巴楚县", "kind": "coordinating", "q": "消防"}, "巴楚县 · 配合履职事项 · 含“消防”：{count} 项"),
        ({"place": "喀什地区", "township": "夏马勒乡"}, "巴楚县夏马勒乡：{count} 项"),
        ({"q": "消防 低保"}, "含“消防”“低保”：{count} 项"),
        ({"category": "党的建设", "kind": "basic"}, "基本履职事项 · 党的建设：{count} 项"),
        ({"department": ("伊宁市", "市农业农村局")}, "市农业农村局：{count} 项"),
        ({"kind": "reclaimed", "all_versions": "on"}, "上级部门收回事项 · 含历史版本：{count} 项"),
    ],
)
def test_the_summary_says_in_plain_words_what_is_shown(bundled_lists, spec, line):
    duty_search = selectors_search.duty_search(params=query_string(spec))
    count = duty_search.qs.count()
    assert duty_search.summary(count) == line.format(count=count)


@pytest.mark.parametrize(
    "params",
    [{"kind": "nonsense"}, {"place": "999999"}, {"place": "99999999999999999999"}, {"place": "巴楚县"},
     {"township": "abc"}, {"department": "99999999999999999999"}, {"q": "消" * 101}],
)
def test_invalid_filters_show_nothing_and_say_so(bundled_lists, params):
    duty_search = selectors_search.duty_search(params=params)
    assert list(duty_search.qs) == []
    assert duty_search.summary(0) == INVALID_FILTERS


# ---------------------------------------------------------------------------------------------
# The page


def _hrefs(content: str, rel: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(rf'href="([^"]*)" rel="{rel}"', content)]


def test_the_page_shows_the_summary_and_marks_the_keyword(bundled_lists, client):
    params = query_string({"q": "消防", "place": "巴楚县", "kind": "coordinating"})
    content = client.get(SEARCH_URL, params).content.decode()
    count = len(_expected(Q(kind="coordinating", duty_list__township__county__name="巴楚县"), "消防"))
    assert f"巴楚县 · 配合履职事项 · 含“消防”：{count} 项" in content
    assert content.count('<li class="search-result">') == count
    assert "<mark>消防</mark>" in content


def test_a_text_match_shows_the_step_around_the_keyword(bundled_lists, client):
    content = client.get(SEARCH_URL, {"q": "网格员"}).content.decode()
    assert re.search(r'<p class="search-excerpt"><span class="search-excerpt-label">[^<]+：</span>'
                     r"[^<]*<mark>网格员</mark>", content)


def test_page_links_keep_the_other_conditions(bundled_lists, client):
    params = query_string({"q": "党", "place": "新疆维吾尔自治区"})
    first = client.get(SEARCH_URL, params).content.decode()
    [next_page] = _hrefs(first, "next")
    place = f"place={params['place']}"
    assert next_page.startswith("?") and sorted(next_page[1:].split("&")) == sorted(
        ["q=%E5%85%9A", place, "page=2"])
    second = client.get(SEARCH_URL + next_page).content.decode()
    [previous_page] = _hrefs(second, "prev")
    assert "q=%E5%85%9A" in previous_page and place in previous_page
    assert '<span aria-current="page">2</span>' in second


def test_fifty_results_make_a_page(bundled_lists, client):
    response = client.get(SEARCH_URL, {"q": "党"})
    page = response.context["page"]
    assert page.paginator.per_page == 50
    assert len(response.context["results"]) == 50 < page.paginator.count


def test_list_text_is_shown_as_text_never_as_markup(bundled_lists, client):
    duty = Duty.objects.filter(kind="reclaimed").first()
    duty.name = '<script>alert("消防")</script>事项'
    duty.save()
    ReclaimedMethod.objects.filter(duty=duty).update(text='<img src=x onerror="消防">由县局承接')
    duty_search_document_refresh(duty_ids=[duty.pk])
    content = client.get(SEARCH_URL, {"q": "消防"}).content.decode()
    assert "&lt;script&gt;alert(&quot;<mark>消防</mark>&quot;)&lt;/script&gt;事项" in content
    assert "<script" not in content.replace(SUGGEST_SCRIPT, "", 1) and "<img" not in content


@pytest.mark.parametrize(
    "spec",
    [
        {},
        {"q": "党"},
        {"q": "党代表"},
        {"q": "消防", "place": "喀什地区", "kind": "coordinating", "category": "应急管理及消防"},
        {"q": "消防", "department": ("巴楚县", "巴楚县消防救援局"), "township": "夏马勒乡", "page": "1"},
    ],
)
def test_the_page_runs_a_fixed_number_of_queries(bundled_lists, client, django_assert_max_num_queries, spec):
    # Checking up to 4 chosen values, the latest versions, names then texts, the page's ids in
    # order, its items, their departments, which of them show an excerpt and those items' blocks,
    # steps and methods, the townships the keyword names, the place and category choices: never
    # a query per result.
    params = query_string(spec)
    with django_assert_max_num_queries(17):
        response = client.get(SEARCH_URL, params)
    assert response.status_code == 200


def test_the_form_is_labelled_in_chinese_and_free_of_inline_styles_and_scripts(bundled_lists, client):
    content = client.get(SEARCH_URL).content.decode()
    for field, label in [("q", "关键词"), ("place", "地区"), ("township", "乡镇（街道）"),
                         ("kind", "事项类型"), ("category", "事项类别"), ("department", "上级部门"),
                         ("all_versions", "包括历史版本")]:
        assert re.search(rf'<label for="id_{field}">{re.escape(label)}', content)
    assert 'type="search"' in content and 'method="get"' in content
    assert "style=" not in content and "<script" not in content.replace(SUGGEST_SCRIPT, "", 1)
    assert SUGGEST_SCRIPT in content
    assert 'href="/static/css/search.css"' in content


def test_regions_and_prefectures_are_offered_as_a_tree_and_no_county_unless_chosen(bundled_lists, client):
    # Counties (thousands nationally) are no longer options: one comes from its place page's link.
    content = client.get(SEARCH_URL).content.decode()
    assert re.search(r'<option value="" selected>全部地区</option>\s*<option[^>]*>新疆维吾尔自治区</option>', content)
    assert re.search(r">\u3000和田地区</option>\s*<option[^>]*>\u3000喀什地区</option>", content)
    assert "巴楚县</option>" not in content
    bachu = Place.objects.get(name="巴楚县")
    chosen = client.get(SEARCH_URL, {"place": bachu.pk}).content.decode()
    assert re.search(rf'>\u3000喀什地区</option>\s*<option value="{bachu.pk}" selected>\u3000\u3000巴楚县</option>',
                     chosen)


def test_townships_and_departments_are_text_boxes_not_thousands_of_options(bundled_lists, client):
    content = re.search(r"<form.*?</form>", client.get(SEARCH_URL).content.decode(), flags=re.S).group(0)
    assert "<optgroup" not in content
    assert content.count("<option") == Place.objects.exclude(level="county").count() + 1 + len(
        Duty.Kind.choices) + 1 + Category.objects.count() + 1
    for name in Township.objects.values_list("name", flat=True):
        assert name not in content
    assert "于田县水利局" not in content
    for field in ("township", "department"):
        box = re.search(rf'<input [^>]*name="{field}"[^>]*>', content).group(0)
        assert 'type="text"' in box and f'data-suggest="{field}"' in box
        assert 'data-suggest-url="/suggest/"' in box and "data-chosen" not in box


def test_a_shared_link_shows_the_chosen_township_and_department_by_name(bundled_lists, client):
    params = query_string({"township": "先拜巴扎镇", "department": ("于田县", "于田县水利局")})
    content = client.get(SEARCH_URL, params).content.decode()
    township = re.search(r'<input [^>]*name="township"[^>]*>', content).group(0)
    assert 'value="于田县先拜巴扎镇"' in township and f'data-chosen="{params["township"]}"' in township
    department = re.search(r'<input [^>]*name="department"[^>]*>', content).group(0)
    assert 'value="于田县水利局（于田县）"' in department and f'data-chosen="{params["department"]}"' in department


@pytest.mark.parametrize(
    ("typed", "orm_filter"),
    [
        ({"township": "夏马勒乡"}, Q(duty_list__township__name="夏马勒乡")),
        ({"township": " 于田县先拜巴扎镇 "}, Q(duty_list__township__name="先拜巴扎镇")),
        ({"department": "于田县水利局", "kind": "coordinating"},
         Q(kind="coordinating", duty_departments__department__name="于田县水利局")),
        ({"department": "市农业农村局（伊宁市）"},
         Q(duty_departments__department__name="市农业农村局", duty_departments__department__place__name="伊宁市")),
        ({"department": "伊宁市市农业农村局"},
         Q(duty_departments__department__name="市农业农村局", duty_departments__department__place__name="伊宁市")),
    ],
)
def test_a_typed_name_filters_as_its_id_does_without_javascript(bundled_lists, typed, orm_filter):
    found = {duty.pk for duty in selectors_search.duty_search(params=typed).qs}
    assert found == _expected(orm_filter)
    assert found


def test_a_typed_name_shows_its_full_name_and_id_in_the_box(bundled_lists, client):
    content = client.get(SEARCH_URL, {"township": "夏马勒乡"}).content.decode()
    township = Township.objects.get(name="夏马勒乡")
    assert "巴楚县夏马勒乡：" in content
    box = re.search(r'<input [^>]*name="township"[^>]*>', content).group(0)
    assert 'value="巴楚县夏马勒乡"' in box and f'data-chosen="{township.pk}"' in box


def test_a_name_several_counties_share_is_refused_with_the_counties_to_choose_from(bundled_lists, client):
    import_as("004_75977ff95c5311e1.txt", "夏马勒乡")  # a second 夏马勒乡, in 于田县
    content = client.get(SEARCH_URL, {"township": "夏马勒乡"}).content.decode()
    assert html.escape(TOWNSHIP_AMBIGUOUS.format(
        count=2, name="夏马勒乡", places="巴楚县、于田县", example="巴楚县夏马勒乡"), quote=True) in content
    assert INVALID_FILTERS in content and '<li class="search-result">' not in content
    resolved = client.get(SEARCH_URL, {"township": "于田县夏马勒乡"}).content.decode()
    assert "于田县夏马勒乡：" in resolved and '<li class="search-result">' in resolved


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"township": "没有这个镇"}, TOWNSHIP_NOT_FOUND.format(name="没有这个镇")),
        ({"department": "不存在的局"}, DEPARTMENT_NOT_FOUND.format(name="不存在的局")),
        ({"township": "镇" * 101}, NAME_TOO_LONG.format(limit=100, length=101)),
        ({"township": "夏马\x00勒乡"}, NAME_CONTROL_CHARACTER),
        ({"township": "99999999999999999999"}, None),
    ],
)
def test_an_unknown_name_is_refused_in_chinese_and_shows_nothing(bundled_lists, client, typed, message):
    response = client.get(SEARCH_URL, typed)
    assert response.status_code == 200
    content = response.content.decode()
    assert INVALID_FILTERS in content and '<li class="search-result">' not in content
    if message:
        assert html.escape(message) in content


def test_the_api_still_takes_ids_for_township_and_department(bundled_lists, client):
    params = query_string({"township": "夏马勒乡", "department": ("巴楚县", "巴楚县消防救援局")})
    response = client.get("/api/duties/", params)
    assert response.status_code == 200
    expected = _expected(Q(duty_list__township__name="夏马勒乡",
                           duty_departments__department__name="巴楚县消防救援局"))
    assert response.json()["count"] == len(expected) > 0


# ---------------------------------------------------------------------------------------------
# Several departments: department=A&department=B selects the items that name both


def two_departments_named_together() -> tuple[Department, Department]:
    """Two departments of the latest lists that some items name together and some name apart."""
    named: dict[int, set[int]] = {}
    links = DutyDepartment.objects.filter(duty__duty_list__in=selectors_common.latest_lists(),
                                          department__isnull=False)
    for duty_id, department_id in links.values_list("duty_id", "department_id"):
        named.setdefault(department_id, set()).add(duty_id)
    pairs = [(len(named[a] & named[b]), a, b) for a in sorted(named) for b in sorted(named)
             if a < b and named[a] & named[b] and named[a] - named[b] and named[b] - named[a]]
    _, first, second = max(pairs)
    return Department.objects.get(pk=first), Department.objects.get(pk=second)


def items_naming_all(*departments: Department) -> set[int]:
    """The latest items that name every one of the departments, by plain ORM lookups."""
    duties = Duty.objects.filter(duty_list__in=selectors_common.latest_lists())
    for department in departments:
        duties = duties.filter(duty_departments__department=department)
    return set(duties.values_list("pk", flat=True))


def test_two_departments_select_the_items_that_name_both(bundled_lists):
    first, second = two_departments_named_together()
    params = QueryDict(mutable=True)
    params.setlist("department", [str(first.pk), f"{second.name}（{second.place.name}）"])  # an id, a typed name
    found = [duty.pk for duty in selectors_search.duty_search(params=params).qs]
    assert len(found) == len(set(found))
    assert set(found) == items_naming_all(first, second)
    assert 0 < len(found) < min(len(items_naming_all(first)), len(items_naming_all(second)))


def test_the_page_with_two_departments_lists_the_items_naming_both_and_keeps_both_boxes(bundled_lists, client):
    first, second = two_departments_named_together()
    content = client.get(SEARCH_URL, {"department": [first.pk, second.pk]}).content.decode()
    expected = items_naming_all(first, second)
    assert f"{first.name} · {second.name}：{len(expected)} 项" in html.unescape(content)
    assert content.count('<li class="search-result">') == len(expected)
    boxes = re.findall(r'<input [^>]*name="department"[^>]*>', content)
    assert len(boxes) == 2 and len({re.search(r'id="([^"]+)"', box).group(1) for box in boxes}) == 2
    for box, department in zip(boxes, (first, second)):
        assert f'value="{department.name}（{department.place.name}）"' in box
        assert f'data-chosen="{department.pk}"' in box


def test_more_departments_than_the_limit_are_refused_in_chinese(bundled_lists, client):
    ids = list(Department.objects.values_list("pk", flat=True)[:MAX_DEPARTMENTS + 1])
    content = client.get(SEARCH_URL, {"department": ids}).content.decode()
    assert html.escape(TOO_MANY_DEPARTMENTS.format(limit=MAX_DEPARTMENTS, count=len(ids))) in content
    assert INVALID_FILTERS in content and '<li class="search-result">' not in content


def test_the_api_takes_two_departments_and_lists_the_items_naming_both(bundled_lists, client):
    first, second = two_departments_named_together()
    response = client.get("/api/duties/", {"department": [first.pk, second.pk], "page_size": 100},
                          HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    expected = items_naming_all(first, second)
    assert response.json()["count"] == len(expected) <= 100
    assert {duty["id"] for duty in response.json()["results"]} == expected
