"""The department index (places down to a county, then its departments) and what a department page shows."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from township.models import Department, Duty, DutyList, Place, ResponsibilityBlock, Step, Township
from township.selectors.common import latest_lists
from township.services.demo import demo_data_build
from township.services.page_cache import page_cache_invalidate
from township.views import pages
from township.views.caching import CACHE_HEADER

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"
DEMO_TOWNSHIPS = 120
SMALL_PAGE = 300_000  # bytes


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(text)).strip()


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def index_url(place: Place | None = None) -> str:
    return reverse("township:departments") + (f"?place={place.pk}" if place else "")


def place(name: str) -> Place:
    return Place.objects.get(name=name)


def department(name: str) -> Department:
    return Department.objects.get(name=name)


def latest_items(department_obj: Department):
    return Duty.objects.filter(duty_departments__department=department_obj, duty_list__in=latest_lists()).distinct()


def row_of(response, url: str) -> str:
    html = response.content.decode()
    return re.search(r"<tr[^>]*>(?:(?!</tr>).)*?" + re.escape(f'href="{url}"') + r".*?</tr>", html, flags=re.S).group(0)


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return len(queries)


# --- the index ----------------------------------------------------------------------------


def test_every_page_links_to_the_department_index_in_its_header(client, bundled_lists):
    html = get_ok(client, reverse("township:home")).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, flags=re.S).group(0)
    assert f'<a href="{reverse("township:departments")}">上级部门</a>' in nav


def test_the_index_starts_at_the_top_level_places_and_drills_down_to_a_county(client, bundled_lists):
    top = get_ok(client, index_url())
    assert "请逐级选择区划" in page_text(top)
    xinjiang, hotan, yutian = place("新疆维吾尔自治区"), place("和田地区"), place("于田县")
    assert f'href="{index_url(xinjiang)}">新疆维吾尔自治区</a>' in top.content.decode()
    assert f'href="{index_url(hotan)}">和田地区</a>' in get_ok(client, index_url(xinjiang)).content.decode()
    prefecture = get_ok(client, index_url(hotan))
    assert f'href="{index_url(yutian)}">于田县</a>' in prefecture.content.decode()
    assert "于田县委组织部" not in prefecture.content.decode()  # departments only once a county is chosen


def test_a_countys_departments_show_the_townships_and_latest_items_that_name_them(client, bundled_lists):
    county = place("于田县")
    response = get_ok(client, index_url(county))
    departments = Department.objects.filter(place=county)
    assert f"{departments.count()} 个上级部门" in page_text(response)
    for each in departments:
        items = latest_items(each)
        coordinating = items.filter(kind="coordinating").count()
        reclaimed = items.filter(kind="reclaimed").count()
        townships = Township.objects.filter(lists__in=latest_lists(), lists__duties__in=items).distinct().count()
        cells = re.findall(r"<td[^>]*>(\d+)</td>", row_of(response, each.get_absolute_url()))
        assert [int(cell) for cell in cells] == [townships, coordinating, reclaimed, coordinating + reclaimed], each.name
    assert "潘津镇" not in response.content.decode()  # another county's townships


def test_the_county_is_also_accepted_as_county(client, bundled_lists):
    county = place("于田县")
    response = get_ok(client, f"{reverse('township:departments')}?county={county.pk}")
    assert department("于田县委组织部").get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("value", ["999999", "abc", "99999999999999999999"])
def test_an_unknown_place_on_the_index_is_not_found_in_chinese(client, db, value):
    response = client.get(f"{reverse('township:departments')}?place={value}")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_department_names_on_the_index_are_escaped(client, bundled_lists):
    organisation = department("于田县委组织部")
    Department.objects.filter(pk=organisation.pk).update(name=f"于田县委组织部{XSS}")
    html = get_ok(client, index_url(place("于田县"))).content.decode()
    assert XSS not in html and ESCAPED_XSS in html


def test_the_index_stays_small_and_runs_the_same_queries_with_many_townships(client, bundled_lists):
    pages = [index_url(), index_url(place("新疆维吾尔自治区")), index_url(place("和田地区")), index_url(place("于田县"))]
    before = [query_count(client, url) for url in pages]
    demo_data_build(townships=DEMO_TOWNSHIPS, seed=1)
    assert Township.objects.count() > DEMO_TOWNSHIPS
    assert [query_count(client, url) for url in pages] == before
    largest = Place.objects.filter(level="county").annotate(held=Count("departments")).order_by("-held").first()
    assert Department.objects.filter(place=largest).count() > Department.objects.filter(place=place("于田县")).count()
    for url in pages + [index_url(largest)]:
        assert len(get_ok(client, url).content) < SMALL_PAGE, url
    assert max(before) <= 8


def test_the_index_is_cached_until_a_list_changes(client, bundled_lists, settings):
    settings.DUTYLISTS_PAGE_CACHE = True
    url = index_url(place("于田县"))
    assert client.get(url)[CACHE_HEADER] == "miss"
    assert client.get(url)[CACHE_HEADER] == "hit"
    page_cache_invalidate()
    assert client.get(url)[CACHE_HEADER] == "miss"


# --- a department's page: what the department and the township do ---------------------------


def test_a_coordinating_item_shows_this_departments_steps_and_the_townships(client, bundled_lists):
    organisation = department("于田县委组织部")
    item = latest_items(organisation).filter(kind="coordinating", name="推荐县级以上党代表工作").get()
    row = row_of(get_ok(client, organisation.get_absolute_url()), item.get_absolute_url())
    department_cell = row.split('data-label="本部门职责"')[1].split("</td>")[0]
    township_cell = row.split('data-label="乡镇（街道）配合职责"')[1].split("</td>")[0]
    for side, cell in ((ResponsibilityBlock.Side.DEPARTMENT, department_cell),
                       (ResponsibilityBlock.Side.TOWNSHIP, township_cell)):
        steps = Step.objects.filter(block__duty=item, block__side=side)
        assert steps.exists()
        assert cell.count("<li value=") == steps.count()
        for step in steps:
            assert f'<li value="{step.position}">{step.text}</li>' in cell


def test_a_shared_item_shows_only_the_blocks_of_the_department_whose_page_it_is(client, bundled_lists):
    item = Duty.objects.filter(duty_list__in=latest_lists(), blocks__heading="职级晋升").distinct().get()
    for name in ("于田县委组织部", "于田县人力资源和社会保障局"):
        row = row_of(get_ok(client, department(name).get_absolute_url()), item.get_absolute_url())
        cell = row.split('data-label="本部门职责"')[1].split("</td>")[0]
        own = Step.objects.filter(block__duty=item, block__side="department", block__department__name=name)
        other = Step.objects.filter(block__duty=item, block__side="department").exclude(block__department__name=name)
        assert own.exists() and other.exists()
        assert cell.count("<li value=") == own.count(), name
        assert all(step.text in cell for step in own)


def test_a_taken_back_item_shows_how_each_receiving_department_handles_it_now(client, bundled_lists):
    item = Duty.objects.get(duty_list=DutyList.objects.filter(township__name="先拜巴扎镇").latest(),
                            kind="reclaimed", seq=1)
    methods = list(item.methods.select_related("department"))
    assert len({method.department_id for method in methods}) == 2  # agriculture and finance, each its own way
    for method in methods:
        response = get_ok(client, method.department.get_absolute_url())
        cell = row_of(response, item.get_absolute_url()).split('data-label="现在的工作方式"')[1].split("</td>")[0]
        assert unescape(cell).count('<p class="method">') == 1
        assert method.text in unescape(cell), method.department.name
    assert "由于田县财政局对农业资金使用过程进行监督管理。" in {method.text for method in methods}


def test_step_and_method_text_on_a_department_page_is_escaped(client, bundled_lists):
    organisation = department("于田县委组织部")
    item = latest_items(organisation).filter(kind="coordinating").first()
    Step.objects.filter(block__duty=item).update(text=f"步骤{XSS}")
    html = get_ok(client, organisation.get_absolute_url()).content.decode()
    assert XSS not in html and f"步骤{ESCAPED_XSS}" in html


def test_a_department_page_runs_the_same_queries_whatever_its_items(client, bundled_lists):
    counts = {name: latest_items(department(name)).count() for name in ("于田县委组织部", "于田县农业农村局")}
    assert len(set(counts.values())) == 2
    queries = [query_count(client, department(name).get_absolute_url()) for name in counts]
    assert queries[0] == queries[1] <= 10


def test_a_department_named_by_many_townships_is_shown_a_few_townships_a_page(client, yutian_of_three, monkeypatch):
    monkeypatch.setattr(pages, "TOWNSHIPS_PER_DEPARTMENT_PAGE", 2)
    organisation = department("于田县委组织部")
    items = latest_items(organisation)
    townships = Township.objects.filter(lists__duties__in=items).distinct()
    assert townships.count() == 3
    first = get_ok(client, organisation.get_absolute_url())
    second = get_ok(client, f"{organisation.get_absolute_url()}?page=2")
    header = (f"在 3 个乡镇（街道）的最新清单中列为对应部门：配合履职事项 {items.filter(kind='coordinating').count()} 项，"
              f"上级部门收回事项 {items.filter(kind='reclaimed').count()} 项。")
    assert header in page_text(first) and header in page_text(second)
    shown = [re.findall(r'href="(/duties/\d+/)"', response.content.decode()) for response in (first, second)]
    assert sorted(set(shown[0]) | set(shown[1])) == sorted(item.get_absolute_url() for item in items)
    assert not set(shown[0]) & set(shown[1])
    assert "本页为第 1–2 个" in page_text(first) and "本页为第 3–3 个" in page_text(second)
    assert '<a href="?page=2">2</a>' in first.content.decode()


def test_department_pages_stay_small_with_many_townships(client, bundled_lists):
    demo_data_build(townships=DEMO_TOWNSHIPS, seed=1)
    widest = (Department.objects.annotate(townships=Count("duty_links__duty__duty_list__township", distinct=True))
              .order_by("-townships").first())
    assert widest.townships > pages.TOWNSHIPS_PER_DEPARTMENT_PAGE
    response = get_ok(client, widest.get_absolute_url())
    assert len(response.content) < SMALL_PAGE, (widest.name, widest.townships, len(response.content))
