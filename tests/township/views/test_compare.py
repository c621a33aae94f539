"""The compare page and its Excel export, against the bundled lists."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from importers.layouts.xlsx.format import HEADER_ROW
from tests.township.conftest import FIXTURES, import_as
from township.exports.compare import COUNTS_SHEET
from township.forms import COUNTY_AMBIGUOUS, COUNTY_NOT_FOUND, COUNTY_UNKNOWN, TOO_FEW, TOO_MANY
from township.models import Duty, DutyList, Place, Township
from township.services.demo import demo_data_build

pytestmark = pytest.mark.django_db

ALL_FOUR = ["潘津镇", "某乡（清单未载明乡名）", "先拜巴扎镇", "夏马勒乡"]
# How the page names each compared list: county and township.
LABELS = {"潘津镇": "伊宁市潘津镇", "某乡（清单未载明乡名）": "额敏县某乡（清单未载明乡名）",
          "先拜巴扎镇": "于田县先拜巴扎镇", "夏马勒乡": "巴楚县夏马勒乡"}
XSS = "<script>alert(1)</script>"


def query(*names: str) -> str:
    return "&".join(f"t={Township.objects.get(name=name).pk}" for name in names)


def compare_url(*names: str) -> str:
    return f"{reverse('township:compare')}?{query(*names)}"


def export_url(*names: str) -> str:
    return f"{reverse('township:compare_export')}?{query(*names)}"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def get_ok(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html: str, kind: str) -> str:
    return html.split(f'id="compare-{kind}"')[1].split('<section class="part compare-part"')[0]


def test_without_a_choice_the_page_says_how_to_choose_and_lists_no_township(client, bundled_lists):
    html = get_ok(client, reverse("township:compare"))
    assert 'method="get"' in html and "compare-errors" not in html and "比较结果" not in html
    assert "先选县，再勾选乡镇" in html and "点击“列出本县乡镇”" in html
    box = re.search(r'<input [^>]*name="county"[^>]*>', html).group(0)
    assert 'type="text"' in box and 'data-suggest="place"' in box and 'data-suggest-level="county"' in box
    assert 'data-suggest-url="/suggest/"' in box and 'value=' not in box
    assert 'type="checkbox"' not in html and "潘津镇" not in html


def county_url(county: str, *names: str, **extra: str) -> str:
    params = [f"county={Place.objects.get(name=county, level='county').pk}"] + ([query(*names)] if names else [])
    params += [f"{key}={value}" for key, value in extra.items()]
    return f"{reverse('township:compare')}?{'&'.join(params)}"


# Moved from the bare page, which no longer lists every township: a county's page offers its own.
@pytest.mark.parametrize("county, township", [("伊宁市", "潘津镇"), ("于田县", "先拜巴扎镇"), ("巴楚县", "夏马勒乡")])
def test_a_county_page_offers_that_countys_townships_and_no_error(client, bundled_lists, county, township):
    html = get_ok(client, county_url(county))
    assert 'method="get"' in html and "compare-errors" not in html and "比较结果" not in html
    fieldset = re.search(rf"<legend>{county}</legend>.*?</fieldset>", html, flags=re.S).group(0)
    pk = Township.objects.get(name=township).pk
    assert f'<input type="checkbox" name="t" value="{pk}">' in fieldset and township in fieldset
    assert html.count('type="checkbox"') == 1  # the other counties' townships are not offered
    box = re.search(r'<input [^>]*name="county"[^>]*>', html).group(0)
    county_place = Place.objects.get(name=county, level="county")
    assert f'value="{county}（{county_place.parent.name}）"' in box and f'data-chosen="{county_place.pk}"' in box


def test_a_county_place_page_links_to_comparing_its_townships(client, bundled_lists):
    county = Place.objects.get(name="于田县")
    html = get_ok(client, county.get_absolute_url())
    assert f'<a href="{reverse("township:compare")}?county={county.pk}">比较本县乡镇清单</a>' in html
    assert "比较本县乡镇清单" not in get_ok(client, county.parent.get_absolute_url())


def test_a_county_name_typed_without_javascript_is_found_on_the_server(client, bundled_lists):
    html = get_ok(client, f"{reverse('township:compare')}?county=于田县&step=county")
    pk = Township.objects.get(name="先拜巴扎镇").pk
    assert f'<input type="checkbox" name="t" value="{pk}">' in html and "compare-errors" not in html
    assert 'value="于田县（和田地区）"' in html


def test_a_county_name_two_counties_share_is_refused_naming_both(client, bundled_lists):
    import_as("000_5d7574d3c5ca649c.txt", "测试甲镇", prefecture="喀什地区", county="于田县")
    html = unescape(get_ok(client, f"{reverse('township:compare')}?county=于田县&step=county"))
    assert COUNTY_AMBIGUOUS.format(count=2, name="于田县", places="和田地区、喀什地区",
                                   example="于田县（和田地区）") in html
    assert 'type="checkbox"' not in html
    html = get_ok(client, f"{reverse('township:compare')}?county=于田县（喀什地区）&step=county")
    assert "测试甲镇" in html and "先拜巴扎镇" not in html and "compare-errors" not in html


@pytest.mark.parametrize("county, message", [
    ("不存在县", COUNTY_NOT_FOUND.format(name="不存在县")),
    ("和田地区", COUNTY_NOT_FOUND.format(name="和田地区")),  # a prefecture is not a county
])
def test_an_unknown_county_name_is_said_in_chinese(client, bundled_lists, county, message):
    html = unescape(get_ok(client, f"{reverse('township:compare')}?county={county}&step=county"))
    assert message in html and 'type="checkbox"' not in html


def test_a_place_id_that_is_not_a_county_is_said_in_chinese(client, bundled_lists):
    prefecture = Place.objects.get(name="和田地区")
    html = get_ok(client, f"{reverse('township:compare')}?county={prefecture.pk}")
    assert COUNTY_UNKNOWN % {"value": prefecture.pk} in html and 'type="checkbox"' not in html


def test_townships_ticked_in_one_county_stay_ticked_in_the_next(client, bundled_lists):
    html = get_ok(client, county_url("于田县", "潘津镇", "夏马勒乡", step="county"))
    assert "compare-errors" not in html and "比较结果" not in html  # choosing a county judges nothing
    ticked = re.search(r'<legend>伊宁市<span class="compare-ticked">（已选）</span></legend>.*?</fieldset>',
                       html, flags=re.S).group(0)
    assert f'value="{Township.objects.get(name="潘津镇").pk}" checked' in ticked
    assert f'value="{Township.objects.get(name="夏马勒乡").pk}" checked' in html
    assert f'<input type="checkbox" name="t" value="{Township.objects.get(name="先拜巴扎镇").pk}">' in html
    assert "某乡（清单未载明乡名）" not in html  # neither ticked nor in the county chosen
    # The next county's township ticked too, then 比较: the three lists side by side.
    html = get_ok(client, county_url("于田县", "潘津镇", "夏马勒乡", "先拜巴扎镇"))
    assert text_of(html).count("比较结果") == 1
    assert "伊宁市潘津镇 伊宁市 2025年7月 87 129 52" in text_of(html)
    assert "于田县先拜巴扎镇" in html and "巴楚县夏马勒乡" in html


def test_one_township_ticked_when_choosing_a_county_is_not_yet_too_few(client, bundled_lists):
    html = get_ok(client, county_url("于田县", "潘津镇", step="county"))
    assert TOO_FEW not in html and f'value="{Township.objects.get(name="潘津镇").pk}" checked' in html
    assert TOO_FEW in get_ok(client, county_url("于田县", "潘津镇"))  # 比较 with one: too few


def test_one_township_is_too_few_and_stays_ticked(client, bundled_lists):
    html = get_ok(client, compare_url(ALL_FOUR[0]))
    assert TOO_FEW in html and "比较结果" not in html
    assert f'value="{Township.objects.get(name=ALL_FOUR[0]).pk}" checked' in html


def test_six_townships_are_too_many(client, bundled_lists):
    import_as("002_fe4ab73d7f7b2358.txt", "测试甲镇")
    import_as("004_75977ff95c5311e1.txt", "测试乙乡")
    html = get_ok(client, compare_url(*ALL_FOUR, "测试甲镇", "测试乙乡"))
    assert TOO_MANY.format(count=6) in html and "比较结果" not in html


def test_the_four_bundled_townships_all_have_the_party_congress_delegates_item(client, bundled_lists):
    html = get_ok(client, compare_url(*ALL_FOUR))
    coordinating = section(html, "coordinating")
    row = next(r for r in re.findall(r'<tr class="compare-row.*?</tr>', coordinating, flags=re.S) if "党代表" in r)
    assert 'class="compare-row row-variant"' in row and "都有·表述不同" in row
    assert text_of(row).count("级以上党代表工作") == 4
    # Against the leftmost list (潘津镇: 市级), the others' 县 is marked, escaped, with CSS classes only.
    assert '<del class="diff-removed"><span class="visually-hidden">［缺］</span>市</del>' in row
    assert '<ins class="diff-added"><span class="visually-hidden">［增］</span>县</ins>' in row
    for name in ALL_FOUR:
        item = Duty.objects.get(duty_list__township__name=name, kind="coordinating", name__contains="级以上党代表")
        assert item.get_absolute_url() in row


@pytest.mark.parametrize("kind, township, unique_name", [
    ("coordinating", "潘津镇", "深化党建引领普惠金融促进产业发展工作"),
    ("coordinating", "某乡（清单未载明乡名）", "做好网络舆论引导和舆情管理工作"),
    ("coordinating", "先拜巴扎镇", "防范和惩治统计造假"),
    ("coordinating", "夏马勒乡", "收缴国有土地承包费"),
    ("reclaimed", "潘津镇", "惠民保险征缴工作"),
])
def test_each_townships_unique_items_are_listed_under_it(client, bundled_lists, kind, township, unique_name):
    unique = section(get_ok(client, compare_url(*ALL_FOUR)), kind).split('class="compare-unique"')[1]
    lists = dict(re.findall(r"<summary>(.*?)独有 \d+ 项</summary>(.*?)</details>", unique, flags=re.S))
    assert set(lists) == set(LABELS.values())
    assert unique_name in lists[LABELS[township]]
    assert all(unique_name not in items for name, items in lists.items() if name != LABELS[township])


def test_the_summary_table_counts_each_lists_parts(client, bundled_lists):
    text = text_of(get_ok(client, compare_url(*ALL_FOUR)))
    assert "伊宁市潘津镇 伊宁市 2025年7月 87 129 52" in text
    assert "巴楚县夏马勒乡 巴楚县 2025年7月 140 108 44" in text


def test_two_unnamed_townships_of_different_counties_are_told_apart_by_their_county(client, bundled_lists):
    import_as("001_1fdc4c7ea05d9441.txt", "某乡（清单未载明乡名）")  # the same name, in 于田县
    unnamed = Township.objects.filter(name="某乡（清单未载明乡名）").order_by("county__name")
    assert [township.county.name for township in unnamed] == ["于田县", "额敏县"]
    query = "&".join(f"t={township.pk}" for township in unnamed)
    html = get_ok(client, f"{reverse('township:compare')}?{query}")
    headers = re.findall(r'<th scope="col"><span class="swatch series-\d" aria-hidden="true"></span>(.*?)</th>',
                         section(html, "basic"))
    assert headers == ["于田县某乡（清单未载明乡名）", "额敏县某乡（清单未载明乡名）"]
    legend = re.findall(r'<g class="chart-legend-item">.*?<text [^>]*>(.*?)</text>', section(html, "basic"))
    assert legend == headers
    workbook = load_workbook(io.BytesIO(client.get(f"{reverse('township:compare_export')}?{query}").content))
    assert [cell.value for cell in workbook["基本履职事项"][HEADER_ROW]][3::2] == headers


def test_counts_per_category_are_an_accessible_svg_with_a_table_alternative(client, bundled_lists):
    html = get_ok(client, compare_url("潘津镇", "先拜巴扎镇"))
    basic = section(html, "basic")
    svg = re.search(r"<svg .*?</svg>", basic, flags=re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="chart-basic-title" aria-describedby="chart-basic-desc"' in svg
    assert '<title id="chart-basic-title">基本履职事项各类别事项数</title>' in svg
    assert "党的建设，伊宁市潘津镇 22 项，于田县先拜巴扎镇 26 项" in text_of(svg)
    table = re.search(r'<table class="duties chart-data">.*?</table>', basic, flags=re.S).group(0)
    assert "党的建设 22 26" in text_of(table)


def test_two_versions_of_one_township_can_be_compared(client, bundled_lists, tmp_path):
    source = (FIXTURES / "002_fe4ab73d7f7b2358.txt").read_text(encoding="utf-8")
    later = tmp_path / "002_2026.txt"
    later.write_text(source.replace("2025年7月", "2026年1月", 1).replace("推荐县级以上党代表工作", "推荐县级以上党代表"),
                     encoding="utf-8")
    call_command("import_list", str(later), stdout=io.StringIO())
    versions = DutyList.objects.filter(township__name="先拜巴扎镇").order_by("published")
    html = get_ok(client, reverse("township:compare") + "?" + "&".join(f"v={v.pk}" for v in versions))
    assert "于田县先拜巴扎镇（2025年7月）" in html and "于田县先拜巴扎镇（2026年1月）" in html
    row = next(r for r in re.findall(r'<tr class="compare-row.*?</tr>', section(html, "coordinating"), flags=re.S)
               if "党代表" in r)
    assert '<del class="diff-removed"><span class="visually-hidden">［缺］</span>工作</del>' in row


def test_list_text_is_escaped_on_the_page(client, bundled_lists):
    Duty.objects.filter(duty_list__township__name="潘津镇", kind="coordinating", seq=1).update(name=f"推荐{XSS}")
    Township.objects.filter(name="夏马勒乡").update(name=f"夏马勒乡{XSS}")
    html = get_ok(client, compare_url("潘津镇", f"夏马勒乡{XSS}"))
    assert XSS not in html and "&lt;script&gt;" in html


def test_the_page_uses_no_inline_style_or_script_and_only_its_own_files(client, bundled_lists):
    html = get_ok(client, compare_url(*ALL_FOUR))
    assert " style=" not in html and not re.search(r"\son\w+=", html)
    # One script, the county box's type-ahead, from a file: nothing inline.
    assert re.findall(r"<script[^>]*>.*?</script>", html, flags=re.S) == [
        f'<script src="{settings.STATIC_URL}js/suggest.js" defer></script>']
    assert html.count("<script") == 1
    assert f'href="{settings.STATIC_URL}css/compare.css"' in html
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith(("/", "#")) and not url.startswith("//"), url


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        get_ok(client, url)
    return len(captured)


def test_the_page_runs_a_few_queries_however_many_lists_are_compared(client, bundled_lists):
    two, four = queries(client, compare_url(*ALL_FOUR[:2])), queries(client, compare_url(*ALL_FOUR))
    assert two == four <= 5
    assert queries(client, reverse("township:compare")) <= 2


def test_the_export_has_a_sheet_per_part_and_a_column_per_list(client, bundled_lists):
    response = client.get(export_url(*ALL_FOUR))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"dutylists.xlsx\"; filename*=utf-8''" + quote("乡镇履职事项清单比较.xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["说明", "基本履职事项", "配合履职事项", "上级部门收回事项", COUNTS_SHEET]
    sheet = workbook["配合履职事项"]
    labels = [LABELS[name] for name in ALL_FOUR]
    assert [cell.value for cell in sheet[HEADER_ROW]] == [
        "事项类别", "比对结果", *(heading for label in labels for heading in (f"{label}序号", label))]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    delegates = next(row for row in rows if row[3] and "党代表" in row[3] and "推荐" in row[3])
    seqs = [Duty.objects.get(duty_list__township__name=name, kind="coordinating", name__contains="级以上党代表").seq
            for name in ALL_FOUR]
    assert delegates == ["党的建设", "各清单都有，表述不同", seqs[0], "推荐市级以上党代表工作", seqs[1], "推荐县级以上党代表工作",
                         seqs[2], "推荐县级以上党代表工作", seqs[3], "推荐县级以上党代表工作"]
    # The same rows as the page: one per matched group.
    page_rows = section(get_ok(client, compare_url(*ALL_FOUR)), "coordinating").count('<tr class="compare-row')
    assert len(rows) == page_rows


def test_the_exports_counts_per_category_are_the_pages_chart_figures(client, bundled_lists):
    workbook = load_workbook(io.BytesIO(client.get(export_url("潘津镇", "先拜巴扎镇")).content))
    counts = [[cell.value for cell in row] for row in workbook[COUNTS_SHEET].iter_rows(min_row=HEADER_ROW + 1)]
    assert ["基本履职事项", "党的建设", 22, 26] in counts
    assert ["基本履职事项", "合计", 87, 116] in counts and ["上级部门收回事项", "合计", 52, 41] in counts
    basic = section(get_ok(client, compare_url("潘津镇", "先拜巴扎镇")), "basic")
    table = re.search(r'<table class="duties chart-data">.*?</table>', basic, flags=re.S).group(0)
    page = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)
    assert [[name, *map(int, re.findall(r">(\d+)</td>", cells))] for name, cells in page] == [
        row[1:] for row in counts if row[0] == "基本履职事项" and row[1] != "合计"]


def test_formula_looking_item_names_are_exported_as_quote_prefixed_text(client, bundled_lists):
    names = ["=HYPERLINK(\"http://example.invalid\",\"点击\")", "+1+1", "-2", "@SUM(A1:A9)"]
    for seq, name in enumerate(names, start=1):
        Duty.objects.filter(duty_list__township__name="潘津镇", kind="basic", seq=seq).update(name=name)
    content = client.get(export_url("潘津镇", "先拜巴扎镇")).content
    sheets = zipfile.ZipFile(io.BytesIO(content))
    assert all("<f>" not in sheets.read(name).decode() for name in sheets.namelist() if "worksheets/" in name)
    cells = {cell.value: cell for row in load_workbook(io.BytesIO(content))["基本履职事项"].iter_rows()
             for cell in row if cell.value}
    for name in names:
        assert cells[name].data_type == "s" and cells[name].quotePrefix


def test_an_invalid_export_goes_back_to_the_page_that_says_why(client, bundled_lists):
    response = client.get(export_url("潘津镇"))
    assert response.status_code == 302
    assert TOO_FEW in get_ok(client, response["Location"])


# --- bounded by one county and the boxes ticked, not by the size of the country -------------

DEMO_TOWNSHIPS = 60


def bytes_and_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        html = get_ok(client, url)
    return len(html.encode()), len(captured)


def test_the_page_stays_the_same_size_and_queries_with_many_more_townships(
        client, bundled_lists, django_assert_max_num_queries):
    pages = [reverse("township:compare"), county_url("于田县"), county_url("于田县", "潘津镇", step="county")]
    before = [bytes_and_queries(client, url) for url in pages]
    demo_data_build(townships=DEMO_TOWNSHIPS, seed=1)
    assert Township.objects.count() > DEMO_TOWNSHIPS
    assert [bytes_and_queries(client, url) for url in pages] == before
    with django_assert_max_num_queries(0):
        get_ok(client, reverse("township:compare"))
    largest = max(Place.objects.filter(level="county"), key=lambda county: county.townships.count())
    with django_assert_max_num_queries(3):  # the county, its townships, their versions
        html = get_ok(client, f"{reverse('township:compare')}?county={largest.pk}")
    assert html.count('type="checkbox"') == largest.townships.count()
    assert len(html.encode()) < 40_000


def test_a_version_ticked_in_another_county_stays_ticked_with_its_townships_versions(
        client, bundled_lists, tmp_path):
    source = (FIXTURES / "002_fe4ab73d7f7b2358.txt").read_text(encoding="utf-8")
    later = tmp_path / "002_2026.txt"
    later.write_text(source.replace("2025年7月", "2026年1月", 1), encoding="utf-8")
    call_command("import_list", str(later), stdout=io.StringIO())
    older, newer = DutyList.objects.filter(township__name="先拜巴扎镇").order_by("published")
    html = get_ok(client, county_url("伊宁市", step="county") + f"&v={older.pk}")
    assert f'name="v" value="{older.pk}" checked' in html and f'name="v" value="{newer.pk}">' in html
    html = get_ok(client, county_url("伊宁市", "潘津镇") + f"&v={older.pk}")
    assert "伊宁市潘津镇" in text_of(html) and "于田县先拜巴扎镇" in text_of(html) and "比较结果" in html
    # Another county, nothing ticked: 先拜巴扎镇's versions are not offered.
    assert 'name="v"' not in get_ok(client, county_url("伊宁市"))


@pytest.mark.parametrize("county", ["99999999999999999999", "0", "于田\x00县", "县" * 200, "-1", "%E4"])
def test_a_county_no_one_can_have_is_said_not_a_traceback_and_the_comparison_still_shows(
        client, bundled_lists, county):
    html = get_ok(client, f"{compare_url('潘津镇', '夏马勒乡')}&county={county}")
    assert 'class="compare-errors" role="alert"' in html and "比较结果" in html
