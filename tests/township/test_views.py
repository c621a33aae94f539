"""The browsing pages: home, township, item and department, against the four bundled lists."""

from __future__ import annotations

import datetime
import io
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.township.conftest import six_more_townships
from township.selectors import catalogue as selectors_catalogue, common as selectors_common
from township.models import (
    CatalogueBuild, CatalogueEntry, Department, Duty, DutyDepartment, DutyList, Place, ReclaimedMethod,
    ReviewFlag, Step, Township,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LIST_002 = FIXTURES / "002_fe4ab73d7f7b2358.txt"
XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


def page_text(response) -> str:
    """A page's visible text: tags dropped, entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(text)).strip()


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def township(name: str) -> Township:
    return Township.objects.get(name=name)


def latest_list(name: str) -> DutyList:
    return DutyList.objects.filter(township__name=name).latest()


def duty(township_name: str, kind: str, *, name: str | None = None, seq: int | None = None) -> Duty:
    duties = Duty.objects.filter(duty_list=latest_list(township_name), kind=kind)
    return duties.get(name=name) if name is not None else duties.get(seq=seq)


def department(name: str) -> Department:
    return Department.objects.get(name=name)


def import_next_month_of_002(tmp_path: Path) -> None:
    """Import 先拜巴扎镇's list again as if re-published in January 2026."""
    later = tmp_path / "002_2026.txt"
    later.write_text(LIST_002.read_text(encoding="utf-8").replace("2025年7月", "2026年1月", 1),
                     encoding="utf-8")
    call_command("import_list", str(later), stdout=io.StringIO())


def row_of(response, duty_obj: Duty) -> str:
    """The HTML of the table row that links to an item."""
    html = response.content.decode()
    match = re.search(r"<tr[^>]*>(?:(?!</tr>).)*?" + re.escape(duty_obj.get_absolute_url()) + r".*?</tr>",
                      html, flags=re.S)
    assert match, duty_obj
    return match.group(0)


# --- the site frame ------------------------------------------------------------------------


def test_home_page_responds_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "乡镇履职事项清单" in response.content.decode()
    assert response.headers["Content-Language"] == "zh-hans"


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_admin_login_page_responds(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "用户名" in response.content.decode()


def test_admin_login_with_a_superuser_reaches_the_index(client):
    get_user_model().objects.create_superuser("admin", "", "s3cret-passw0rd")
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "admin", "password": "s3cret-passw0rd"}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/admin/"
    assert "数据管理" in response.content.decode()


# --- home ----------------------------------------------------------------------------------


def test_home_lists_the_top_level_places_with_their_counties_and_townships(client, bundled_lists):
    # The townships' counts moved to their county's page (tests/township/views/test_places.py).
    region = Place.objects.get(parent=None)
    counties = Place.objects.filter(level=Place.Level.COUNTY).count()
    response = get_ok(client, "/")
    assert f"新疆维吾尔自治区 自治区/省 {counties} 个县（市、区） · {Township.objects.count()} 个乡镇（街道）" in page_text(
        response)
    html = response.content.decode()
    assert f'href="{region.get_absolute_url()}">新疆维吾尔自治区</a>' in html
    assert f'href="{reverse("township:search")}?place={region.pk}"' in html
    assert "潘津镇" not in html  # townships are listed on their county's page only


def test_home_has_a_search_box_that_sends_q_to_the_search_page(client):
    html = get_ok(client, "/").content.decode()
    form = re.search(r"<form[^>]*>.*?</form>", html, flags=re.S).group(0)
    assert f'action="{reverse("township:search")}"' in form and 'method="get"' in form
    label_for = re.search(r'<label for="([^"]+)">搜索履职事项</label>', form).group(1)
    assert re.search(rf'<input id="{label_for}" name="q"', form)


def test_home_without_any_list_says_how_to_import_one(client):
    assert "尚未导入任何清单" in page_text(get_ok(client, "/"))


# --- township ------------------------------------------------------------------------------


def test_township_page_shows_the_three_parts_with_their_counts(client, bundled_lists):
    text = page_text(get_ok(client, township("潘津镇").get_absolute_url()))
    assert "伊宁市潘津镇履职事项清单" in text
    assert "基本履职事项清单 87 项" in text
    assert "配合履职事项清单 129 项" in text
    assert "上级部门收回事项清单 52 项" in text
    assert "清单说明" not in text.split("基本履职事项清单 87 项")[1][:20]


def test_the_part_tabs_link_to_each_part_with_its_count(client, bundled_lists):
    html = get_ok(client, township("潘津镇").get_absolute_url()).content.decode()
    tabs = re.search(r'<nav class="part-tabs".*?</nav>', html, flags=re.S).group(0)
    assert re.findall(r'href="#part-(\w+)"', tabs) == ["basic", "coordinating", "reclaimed"]
    assert [int(n) for n in re.findall(r'<span class="count">(\d+)</span>', tabs)] == [87, 129, 52]
    for kind in ("basic", "coordinating", "reclaimed"):
        assert f'id="part-{kind}"' in html


def test_a_part_whose_count_differs_from_the_stated_one_shows_both(client, bundled_lists):
    DutyList.objects.filter(pk=latest_list("夏马勒乡").pk).update(stated_coordinating=109)
    text = page_text(get_ok(client, township("夏马勒乡").get_absolute_url()))
    assert "配合履职事项清单 108 项（清单说明 109 项）" in text
    assert "基本履职事项清单 140 项 " in text  # agrees with its 说明: one figure only


def test_township_page_shows_the_profile_its_explanation_states(client, bundled_lists):
    text = page_text(get_ok(client, township("夏马勒乡").get_absolute_url()))
    for fact in ("农业型乡镇", "位于巴楚县西南，距县城22公里", "898 平方公里", "3154 户，10606 人",
                 "7993 人", "14 个行政村", "105000 亩", "23000 元"):
        assert fact in text


def test_a_list_without_an_explanation_says_it_states_no_profile(client, bundled_lists):
    assert "本清单未载明乡镇基本情况" in page_text(get_ok(client, township("潘津镇").get_absolute_url()))


def test_township_page_counts_and_marks_the_items_awaiting_review(client, bundled_lists):
    open_flags = ReviewFlag.objects.filter(duty__duty_list=latest_list("夏马勒乡"), reviewed_at__isnull=True)
    awaiting = open_flags.values("duty").distinct().count()
    assert awaiting > 0
    response = get_ok(client, township("夏马勒乡").get_absolute_url())
    assert f"待核对 {awaiting} 项事项" in page_text(response)
    assert response.content.decode().count('<tr class="flagged">') == awaiting


def test_a_reviewed_flag_no_longer_counts_its_item_as_awaiting_review(client, bundled_lists):
    flagged = duty("潘津镇", "basic", seq=1)
    flagged.flags.create(reason=ReviewFlag.Reason.TEXT_DAMAGED, detail="测试")
    before = get_ok(client, township("潘津镇").get_absolute_url())
    assert '<tr class="flagged">' in row_of(before, flagged)
    flagged.flags.update(reviewed_at=timezone.now())
    after = get_ok(client, township("潘津镇").get_absolute_url())
    assert '<tr class="flagged">' not in row_of(after, flagged)


def test_items_are_grouped_by_category_in_order_of_first_appearance(client, bundled_lists):
    duties = Duty.objects.filter(duty_list=latest_list("先拜巴扎镇"), kind="basic").order_by("seq")
    expected = list(dict.fromkeys(duties.values_list("category_id", flat=True)))
    html = get_ok(client, township("先拜巴扎镇").get_absolute_url()).content.decode()
    jump = re.search(r'<nav class="category-jump" aria-label="基本履职事项的事项类别">.*?</nav>', html, flags=re.S)
    assert [int(pk) for pk in re.findall(r'href="#basic-category-(\d+)"', jump.group(0))] == expected
    headings = [int(pk) for pk in re.findall(r'<th scope="rowgroup"[^>]* id="basic-category-(\d+)"', html)]
    assert headings == expected


def test_every_item_of_the_version_links_to_its_own_page(client, bundled_lists):
    html = get_ok(client, township("夏马勒乡").get_absolute_url()).content.decode()
    for item in Duty.objects.filter(duty_list=latest_list("夏马勒乡")):
        assert f'href="{item.get_absolute_url()}"' in html


def test_coordinating_and_taken_back_rows_show_their_departments(client, bundled_lists):
    response = get_ok(client, township("先拜巴扎镇").get_absolute_url())
    coordinating = duty("先拜巴扎镇", "coordinating", name="推荐县级以上党代表工作")
    assert f'<a href="{department("于田县委组织部").get_absolute_url()}">于田县委组织部</a>' in row_of(
        response, coordinating)
    reclaimed = duty("先拜巴扎镇", "reclaimed", seq=1)
    row = row_of(response, reclaimed)
    assert "于田县农业农村局" in row and "于田县财政局" in row


def test_a_dropped_taken_back_item_says_so_in_its_row(client, bundled_lists):
    response = get_ok(client, township("先拜巴扎镇").get_absolute_url())
    dropped = Duty.objects.filter(duty_list=latest_list("先拜巴扎镇"), kind="reclaimed",
                                  duty_departments__isnull=True).first()
    assert "不再开展此项工作" in row_of(response, dropped)


def test_a_new_month_is_shown_by_default_and_the_earlier_one_stays_reachable(client, bundled_lists, tmp_path):
    older = latest_list("先拜巴扎镇")
    import_next_month_of_002(tmp_path)
    newer = latest_list("先拜巴扎镇")
    assert newer.published == datetime.date(2026, 1, 1)

    latest_page = get_ok(client, township("先拜巴扎镇").get_absolute_url())
    assert latest_page.context["current"] == newer
    text = page_text(latest_page)
    assert "2026年1月发布" in text and "2026年1月 当前查看 最新" in text
    assert f'href="{older.get_absolute_url()}"' in latest_page.content.decode()

    older_page = get_ok(client, older.get_absolute_url())
    text = page_text(older_page)
    assert "2025年7月发布" in text and "您正在查看 2025年7月 的旧版本" in text
    assert "2025年7月 当前查看" in text
    assert f'href="{newer.get_absolute_url()}"' in older_page.content.decode()
    assert older.duties.first().get_absolute_url() in older_page.content.decode()


def test_a_version_of_another_township_is_not_found(client, bundled_lists):
    url = reverse("township:version", args=[township("潘津镇").pk, latest_list("夏马勒乡").pk])
    assert client.get(url).status_code == 404


def test_a_township_without_a_list_and_an_unknown_one_are_not_found(client, bundled_lists):
    bare = Township.objects.create(name="新建乡", county=township("潘津镇").county)
    assert client.get(bare.get_absolute_url()).status_code == 404
    assert client.get(reverse("township:township", args=[999999])).status_code == 404


# --- item ----------------------------------------------------------------------------------


def test_a_coordinating_item_shows_its_department_beside_the_numbered_township_steps(client, bundled_lists):
    item = duty("先拜巴扎镇", "coordinating", name="推荐县级以上党代表工作")
    html = get_ok(client, item.get_absolute_url()).content.decode()
    assert f'<a href="{department("于田县委组织部").get_absolute_url()}">于田县委组织部</a>' in html
    department_side = html.split('id="department-side"')[1].split('id="township-side"')[0]
    township_side = html.split('id="township-side"')[1].split("</section>")[0]
    assert department_side.count("<li value=") == 3
    assert township_side.count("<li value=") == 7
    assert '<li value="7">召开党员大会、代表大会或代表会议' in township_side


def test_a_shared_item_keeps_each_departments_name_and_sub_headings(client, bundled_lists):
    item = Duty.objects.filter(duty_list=latest_list("先拜巴扎镇"), blocks__heading="职级晋升").distinct().get()
    html = get_ok(client, item.get_absolute_url()).content.decode()
    department_side = html.split('id="department-side"')[1].split('id="township-side"')[0]
    names = re.findall(r'<h3 class="block-department"><a href="[^"]+">([^<]+)</a></h3>', department_side)
    assert names == ["于田县委组织部", "于田县人力资源和社会保障局", "于田县委组织部"]
    assert re.findall(r'<h4 class="block-heading">([^<]+)</h4>', department_side)[:2] == [
        "乡镇领导班子和领导干部年度考核、绩效考核", "科级干部选拔任用"]
    township_side = html.split('id="township-side"')[1]
    assert '<h3 class="block-heading">干部职级晋升</h3>' in township_side


def test_a_taken_back_item_shows_who_took_it_and_how_it_is_handled(client, bundled_lists):
    item = duty("先拜巴扎镇", "reclaimed", seq=1)
    response = get_ok(client, item.get_absolute_url())
    html, text = response.content.decode(), page_text(response)
    assert f'href="{department("于田县农业农村局").get_absolute_url()}"' in html
    assert "由于田县财政局对农业资金使用过程进行监督管理。" in text
    assert "不再开展此项工作" not in text


def test_a_dropped_taken_back_item_says_so_plainly_once(client, bundled_lists):
    dropped = ReclaimedMethod.objects.filter(
        duty__duty_list=latest_list("先拜巴扎镇"), text="此项工作不再开展。").first().duty
    text = page_text(get_ok(client, dropped.get_absolute_url()))
    assert text.count("不再开展此项工作") == 1
    assert "此项工作不再开展。" not in text


def test_open_review_flags_are_shown_to_the_reader_with_reason_and_detail(client, bundled_lists):
    flag = ReviewFlag.objects.filter(duty__duty_list=latest_list("夏马勒乡"), reviewed_at__isnull=True) \
        .exclude(detail="").first()
    html = get_ok(client, flag.duty.get_absolute_url()).content.decode()
    assert "此事项待核对" in html
    assert f"<li><strong>{flag.get_reason_display()}</strong>：{escape(flag.detail)}</li>" in html
    ReviewFlag.objects.filter(duty=flag.duty).update(reviewed_at=timezone.now())
    assert "此事项待核对" not in page_text(get_ok(client, flag.duty.get_absolute_url()))


def test_an_item_links_to_its_places_township_and_category_search(client, bundled_lists):
    item = duty("先拜巴扎镇", "coordinating", name="推荐县级以上党代表工作")
    town = township("先拜巴扎镇")
    html = get_ok(client, item.get_absolute_url()).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, flags=re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", crumbs) == ["首页", "新疆维吾尔自治区", "和田地区", "于田县", "先拜巴扎镇"]
    assert f'href="/places/{town.county_id}/"' in crumbs  # the county's place page
    assert '<li aria-current="page">配合履职事项第 1 项</li>' in crumbs
    search = reverse("township:search")
    assert f'href="{search}?category={item.category_id}&amp;township={town.pk}">党的建设</a>' in html


def test_an_item_links_to_its_neighbours_in_the_same_part(client, bundled_lists):
    second = duty("先拜巴扎镇", "coordinating", seq=2)
    html = get_ok(client, second.get_absolute_url()).content.decode()
    first, third = duty("先拜巴扎镇", "coordinating", seq=1), duty("先拜巴扎镇", "coordinating", seq=3)
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{third.get_absolute_url()}" rel="next"' in html


def test_an_item_of_an_earlier_version_says_so(client, bundled_lists, tmp_path):
    older = duty("先拜巴扎镇", "basic", seq=1)
    import_next_month_of_002(tmp_path)
    text = page_text(get_ok(client, older.get_absolute_url()))
    assert "此事项属于 2025年7月 的旧版本清单" in text
    newer = duty("先拜巴扎镇", "basic", seq=1)
    assert "旧版本" not in page_text(get_ok(client, newer.get_absolute_url()))


def test_an_unknown_item_is_not_found(client):
    assert client.get(reverse("township:duty", args=[999999])).status_code == 404


# --- department ----------------------------------------------------------------------------


def test_department_page_lists_its_items_grouped_by_township_with_counts(client, bundled_lists):
    organisation = department("于田县委组织部")
    items = Duty.objects.filter(duty_departments__department=organisation,
                                duty_list__in=selectors_common.latest_lists()).distinct()
    coordinating = items.filter(kind="coordinating").count()
    response = get_ok(client, organisation.get_absolute_url())
    text = page_text(response)
    assert f"于田县先拜巴扎镇 {items.count()} 项" in text
    assert f"配合履职事项 {coordinating} 项 · 上级部门收回事项 {items.count() - coordinating} 项" in text
    for item in items:
        assert f'href="{item.get_absolute_url()}"' in response.content.decode()


def test_department_page_has_breadcrumbs_to_its_county(client, bundled_lists):
    html = get_ok(client, department("于田县委组织部").get_absolute_url()).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, flags=re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", crumbs) == ["首页", "新疆维吾尔自治区", "和田地区", "于田县"]


def test_department_page_lists_its_other_spellings(client, bundled_lists):
    market = department("巴楚县市场监督管理局")
    aliases = list(market.aliases.values_list("name", flat=True))
    assert aliases
    text = page_text(get_ok(client, market.get_absolute_url()))
    assert "清单中的其他写法" in text
    for alias in aliases:
        assert alias in text


def test_department_page_counts_only_the_latest_version_of_each_list(client, bundled_lists, tmp_path):
    organisation = department("于田县委组织部")
    before = page_text(get_ok(client, organisation.get_absolute_url()))
    import_next_month_of_002(tmp_path)
    response = get_ok(client, organisation.get_absolute_url())
    assert re.search(r"于田县先拜巴扎镇 \d+ 项", before).group(0) in page_text(response)
    assert "2026年1月版" in page_text(response)
    newest = duty("先拜巴扎镇", "coordinating", name="推荐县级以上党代表工作")
    assert newest.get_absolute_url() in response.content.decode()


def test_an_unknown_department_is_not_found(client):
    assert client.get(reverse("township:department", args=[999999])).status_code == 404


# --- every page: reachable, titled, escaped, no inline code --------------------------------


def links(response, pattern: str) -> list[str]:
    return re.findall(rf'href="({pattern})"', response.content.decode())


def test_home_township_item_department_item_are_reachable_by_links(client, bundled_lists):
    page, seen = get_ok(client, "/"), set()
    while not links(page, r"/townships/\d+/"):  # region → prefecture → county, skipping breadcrumbs
        place = next(url for url in links(page, r"/places/\d+/") if url not in seen)
        seen.add(place)
        page = get_ok(client, place)
    town = get_ok(client, links(page, r"/townships/\d+/")[0])
    coordinating = town.content.decode().split('id="part-coordinating"')[1]
    item_url = re.search(r'href="(/duties/\d+/)"', coordinating).group(1)
    item = get_ok(client, item_url)
    department_page = get_ok(client, links(item, r"/departments/\d+/")[0])
    get_ok(client, links(department_page, r"/duties/\d+/")[0])


def page_urls() -> dict[str, str]:
    item = duty("先拜巴扎镇", "coordinating", name="推荐县级以上党代表工作")
    return {
        "home": "/",
        "township": township("先拜巴扎镇").get_absolute_url(),
        "duty": item.get_absolute_url(),
        "reclaimed": duty("先拜巴扎镇", "reclaimed", seq=1).get_absolute_url(),
        "department": department("于田县委组织部").get_absolute_url(),
    }


@pytest.mark.parametrize("page, title", [
    ("home", "<title>首页 · 乡镇履职事项清单</title>"),
    ("township", "<title>于田县先拜巴扎镇履职事项清单（2025年7月） · 乡镇履职事项清单</title>"),
    ("duty", "<title>推荐县级以上党代表工作 · 先拜巴扎镇 · 乡镇履职事项清单</title>"),
    ("department", "<title>于田县委组织部涉及的履职事项 · 乡镇履职事项清单</title>"),
])
def test_every_page_has_its_own_title(client, bundled_lists, page, title):
    assert title in get_ok(client, page_urls()[page]).content.decode()


@pytest.mark.parametrize("page", ["home", "township", "duty", "reclaimed", "department"])
def test_pages_use_no_inline_style_or_script_and_keep_a_skip_link(client, bundled_lists, page):
    html = get_ok(client, page_urls()[page]).content.decode()
    assert "<script" not in html and " style=" not in html and not re.search(r"\son\w+=", html)
    assert '<a class="skip-link" href="#main">跳到正文</a>' in html and '<main id="main"' in html
    assert f'href="{settings.STATIC_URL}css/print.css" media="print"' in html
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith(("/", "#")) and not url.startswith("//"), url  # nothing from elsewhere


def test_tables_have_column_headers_with_scope(client, bundled_lists):
    html = get_ok(client, page_urls()["township"]).content.decode()
    assert html.count("<thead>") == 3
    assert '<th scope="col" class="seq">序号</th>' in html and '<th scope="row" class="name">' in html


def test_list_text_is_escaped_on_every_page(client, bundled_lists):
    item = duty("先拜巴扎镇", "coordinating", name="推荐县级以上党代表工作")
    Duty.objects.filter(pk=item.pk).update(name=f"推荐{XSS}", note=XSS)
    first_step = Step.objects.filter(block__duty=item).order_by("block__position", "position").first()
    Step.objects.filter(pk=first_step.pk).update(text=XSS)
    DutyDepartment.objects.filter(duty=item).update(name_as_published=XSS)
    Department.objects.filter(pk=department("于田县委组织部").pk).update(name=f"于田县委组织部{XSS}")
    ReviewFlag.objects.create(duty=item, reason=ReviewFlag.Reason.TEXT_DAMAGED, detail=XSS)
    Township.objects.filter(pk=township("先拜巴扎镇").pk).update(name=f"先拜巴扎镇{XSS}")
    town = township(f"先拜巴扎镇{XSS}")
    # The county's page, which lists its townships as the home page once did.
    for url in (town.county.get_absolute_url(), town.get_absolute_url(), item.get_absolute_url(),
                department(f"于田县委组织部{XSS}").get_absolute_url()):
        html = get_ok(client, url).content.decode()
        assert XSS not in html and "<script" not in html, url
        assert ESCAPED_XSS in html, url


# --- query counts --------------------------------------------------------------------------


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return len(queries)


@pytest.mark.parametrize("name", ["夏马勒乡", "潘津镇"])
def test_a_township_page_runs_a_few_queries_whatever_its_size(client, bundled_lists, django_assert_max_num_queries, name):
    assert latest_list(name).duties.count() > 250
    with django_assert_max_num_queries(10):
        get_ok(client, township(name).get_absolute_url())


def test_township_pages_of_different_sizes_run_the_same_queries(client, bundled_lists):
    assert query_count(client, township("夏马勒乡").get_absolute_url()) == query_count(
        client, township("潘津镇").get_absolute_url())


@pytest.mark.parametrize("page", ["home", "duty", "reclaimed", "department"])
def test_other_pages_run_a_few_queries(client, bundled_lists, django_assert_max_num_queries, page):
    url = page_urls()[page]
    with django_assert_max_num_queries(10):
        get_ok(client, url)


def test_an_item_page_does_not_grow_with_its_steps_or_departments(client, bundled_lists):
    short = duty("先拜巴扎镇", "coordinating", name="推荐县级以上党代表工作")
    shared = Duty.objects.filter(duty_list=latest_list("先拜巴扎镇"), blocks__heading="职级晋升").distinct().get()
    assert query_count(client, short.get_absolute_url()) == query_count(client, shared.get_absolute_url())


def test_a_missing_page_answers_404_in_chinese(client, db):
    response = client.get("/townships/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


# --- catalogue marks on the township page ----------------------------------------------------


def test_before_the_catalogue_is_built_the_page_says_so_and_marks_nothing(client, bundled_lists):
    response = get_ok(client, township("潘津镇").get_absolute_url())
    assert "事项目录尚未生成，暂不显示“少见”标记和本县对照，请联系管理员。" in page_text(response)
    assert "tag-rare" not in response.content.decode()
    assert "manage.py" not in response.content.decode()  # the command is for the README and the admin


def catalogue_date() -> str:
    """When the catalogue was last brought up to date, as the township page writes it."""
    built = timezone.localtime(CatalogueBuild.objects.get().built_at)
    return f"{built.year}年{built.month}月{built.day}日 {built:%H:%M}"


def test_a_fresh_catalogue_gives_its_date_and_a_later_import_keeps_it_current(client, bundled_lists, tmp_path):
    call_command("build_catalogue", stdout=io.StringIO())
    text = page_text(get_ok(client, township("潘津镇").get_absolute_url()))
    assert f"事项目录生成于 {catalogue_date()}。" in text and "可能已过时" not in text
    import_next_month_of_002(tmp_path)
    text = page_text(get_ok(client, township("潘津镇").get_absolute_url()))
    # The import matched its list into the catalogue and dated it: nothing is out of date.
    assert f"事项目录生成于 {catalogue_date()}。" in text and "可能已过时" not in text
    assert "少见" in text


def test_an_item_corrected_since_the_build_makes_the_page_say_the_marks_may_be_outdated(client, bundled_lists):
    call_command("build_catalogue", stdout=io.StringIO())
    Duty.objects.filter(pk=duty("夏马勒乡", "basic", seq=1).pk).update(corrected_at=timezone.now())
    assert "标记可能已过时" in page_text(get_ok(client, township("潘津镇").get_absolute_url()))


def test_items_only_this_township_has_are_marked_rare(client, bundled_lists):
    six_more_townships(besides="潘津镇")
    call_command("build_catalogue", stdout=io.StringIO())
    response = get_ok(client, township("潘津镇").get_absolute_url())
    unique = duty("潘津镇", "coordinating", name="深化党建引领普惠金融促进产业发展工作")
    shared = duty("潘津镇", "coordinating", name="推荐市级以上党代表工作")
    mark = selectors_catalogue.township_catalogue(township=township("潘津镇"), duty_list=latest_list("潘津镇")).rare[unique.pk]
    assert (f'<a class="tag tag-rare" href="/catalogue/{mark.entry_id}/" title="1 个乡镇的清单中有此事项">少见</a>'
            in row_of(response, unique))
    assert "tag-rare" not in row_of(response, shared)
    text = page_text(response)
    assert "对照事项目录中 10 个乡镇的最新清单：标有 少见 的" in text and "至多 2 个乡镇（含本乡镇）的清单中有" in text
    assert "不标注“少见”" not in text
    assert "本县在事项目录中的乡镇不足 3 个（现有 1 个）" in text


def test_with_fewer_than_ten_townships_no_item_is_marked_rare_and_the_page_says_why(client, bundled_lists):
    call_command("build_catalogue", stdout=io.StringIO())
    response = get_ok(client, township("潘津镇").get_absolute_url())
    assert "tag-rare" not in response.content.decode()
    suppressed = selectors_catalogue.RARE_SUPPRESSED.format(minimum=selectors_catalogue.RARE_MIN_TOWNSHIPS)
    assert f"对照事项目录中 4 个乡镇的最新清单：{suppressed}" in page_text(response)
    assert "目录中的乡镇少于 10 个，不标注“少见”事项" in page_text(response)


def test_the_page_lists_what_most_of_the_county_has_and_this_township_lacks(client, yutian_of_three):
    call_command("build_catalogue", stdout=io.StringIO())
    html = get_ok(client, township("先拜巴扎镇").get_absolute_url()).content.decode()
    gaps = re.search(r'<table class="duties catalogue-gaps".*?</table>', html, flags=re.S).group(0)
    assert "本县多数乡镇有、本乡镇缺少的事项" in html
    assert "配合履职事项 党的建设 开展对村巡察工作 2 / 3" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", gaps))
    assert "推荐县级以上党代表工作" not in gaps
    entry = CatalogueEntry.objects.get(kind="coordinating", name="开展对村巡察工作")
    assert f'<a href="/catalogue/{entry.pk}/" title="查看有此事项的乡镇">开展对村巡察工作</a>' in gaps


def test_a_version_imported_since_the_catalogue_was_built_is_covered_at_once(client, bundled_lists, tmp_path):
    six_more_townships(besides="先拜巴扎镇")
    call_command("build_catalogue", stdout=io.StringIO())
    import_next_month_of_002(tmp_path)
    response = get_ok(client, township("先拜巴扎镇").get_absolute_url())
    text = page_text(response)
    assert "尚未重新生成" not in text and "可能已过时" not in text
    assert "对照事项目录中 10 个乡镇的最新清单" in text
    assert "tag-rare" in response.content.decode()
    assert "manage.py" not in text


def test_a_township_page_with_the_catalogue_still_runs_a_few_queries(client, yutian_of_three,
                                                                     django_assert_max_num_queries):
    call_command("build_catalogue", stdout=io.StringIO())
    with django_assert_max_num_queries(10):
        get_ok(client, township("先拜巴扎镇").get_absolute_url())
    assert query_count(client, township("夏马勒乡").get_absolute_url()) == query_count(
        client, township("潘津镇").get_absolute_url())
