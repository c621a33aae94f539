"""Search results as xlsx and CSV: exactly the page's results, safe text, bounded queries."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from township.selectors import search as selectors_search
from township.selectors.search import RESULT_LIMIT
from township.exports import search as search_export
from township.exports.cells import csv_safe, duty_cells, xlsx_text
from township.exports.printing import MAX_ROW_HEIGHT, row_height
from township.exports.search import BOM, SEARCH_COLUMNS, joined_results, search_results_as_csv
from township.models import Category, Department, Duty, DutyDepartment, Place, ReclaimedMethod, Township

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
HEADINGS = [column.heading for column in SEARCH_COLUMNS]
PREFETCHES_PER_CHUNK = 3  # department links, blocks joined to their steps, methods


def filter_cases() -> dict[str, dict[str, str]]:
    """Several filter combinations over the bundled lists, by what they look for."""
    yutian = Place.objects.get(name="于田县", level="county")
    xinjiang = Place.objects.get(name="新疆维吾尔自治区")
    organisation = Department.objects.get(name="于田县委组织部")
    return {
        "everything": {},
        "keyword": {"q": "消防"},
        "two-keywords-and-kind": {"q": "党 推荐", "kind": "coordinating"},
        "county-and-kind": {"place": str(yutian.pk), "kind": "reclaimed"},
        "region-and-category": {"place": str(xinjiang.pk),
                                "category": str(Category.objects.get(name="民生服务").pk)},
        "township": {"township": str(Township.objects.get(name="夏马勒乡").pk)},
        "department-with-keyword": {"department": str(organisation.pk), "q": "党"},
        "every-version": {"q": "低保", "all_versions": "on"},
        "invalid": {"kind": "nonsense"},
    }


CASES = ["everything", "keyword", "two-keywords-and-kind", "county-and-kind", "region-and-category",
         "township", "department-with-keyword", "every-version", "invalid"]


def page_results(client, params: dict[str, str]) -> list[tuple[str, str, int]]:
    """(township, part, 序号) of every result the search page lists, across all its pages."""
    response = client.get(reverse("township:search"), params)
    assert response.status_code == 200
    duties = response.context["page"].paginator.object_list
    return [(duty.duty_list.township.name, str(Duty.Kind(duty.kind).label), duty.seq) for duty in duties]


def assert_export_follows_the_page(client, params: dict[str, str], exported: list[tuple[str, str, int]]) -> None:
    """An export holds the page's results in its order; past the page's limit, every further match after them."""
    listed = page_results(client, params)
    matches = selectors_search.duty_search(params=params).qs.count()
    assert exported[:len(listed)] == listed and len(exported) == matches
    assert (len(listed) < matches) == (matches > RESULT_LIMIT)


def csv_rows(client, params: dict[str, str]) -> tuple[bytes, list[list[str]]]:
    response = client.get(reverse("township:search_csv"), params)
    assert response.status_code == 200 and response.streaming
    data = b"".join(response.streaming_content)
    return data, list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_sheet(client, params: dict[str, str]) -> Worksheet:
    response = client.get(reverse("township:search_xlsx"), params)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))["检索结果"]


def xlsx_rows(client, params: dict[str, str]) -> list[tuple]:
    """Title, header, then one row per result (an item continued over several rows joined back)."""
    rows = list(xlsx_sheet(client, params).iter_rows(values_only=True))
    return rows[:2] + [tuple(row) for row in joined_results(rows[2:])]


def keys(rows, *, township: int, part: int, seq: int) -> list[tuple[str, str, int]]:
    return [(row[township], row[part], int(row[seq])) for row in rows]


@pytest.mark.parametrize("case", CASES)
def test_the_csv_holds_the_pages_results_in_its_order(client, bundled_lists, case):
    params = filter_cases()[case]
    data, rows = csv_rows(client, params)
    assert data.startswith(BOM.encode("utf-8"))
    assert rows[0] == HEADINGS
    assert_export_follows_the_page(client, params, keys(rows[1:], township=1, part=3, seq=4))
    assert (len(rows) == 1) == (case == "invalid")


@pytest.mark.parametrize("case", ["everything", "keyword", "county-and-kind", "department-with-keyword"])
def test_the_xlsx_holds_the_pages_results_in_its_order(client, bundled_lists, case):
    params = filter_cases()[case]
    rows = xlsx_rows(client, params)
    assert rows[0][0].startswith("履职事项检索结果（") and list(rows[1]) == HEADINGS
    assert_export_follows_the_page(client, params, keys(rows[2:], township=1, part=3, seq=4))


def test_a_row_carries_place_part_and_the_items_columns(client, bundled_lists):
    _, rows = csv_rows(client, {"township": str(Township.objects.get(name="先拜巴扎镇").pk),
                                "kind": "coordinating", "q": "政协委员"})
    row = dict(zip(HEADINGS, rows[1]))
    assert (row["县（市、区）"], row["乡镇（街道）"], row["发布月份"], row["清单部分"]) == (
        "于田县", "先拜巴扎镇", "2025-07", "配合履职事项")
    assert row["上级部门职责"].startswith("【于田县委组织部】\n1. 负责推荐党内政协委员；")


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil.example\")", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_looking_text_gets_an_apostrophe_in_csv(client, bundled_lists, text):
    duty = Duty.objects.filter(duty_list__township__name="潘津镇", kind="basic").order_by("seq").first()
    Duty.objects.filter(pk=duty.pk).update(name=text)
    _, rows = csv_rows(client, {"township": str(duty.duty_list.township_id), "kind": "basic"})
    assert rows[1][HEADINGS.index("事项名称")] == "'" + text
    assert rows[1][HEADINGS.index("序号")] == "1"  # numbers are not text and stay as they are


def test_formula_looking_text_is_never_a_formula_cell_in_xlsx(client, bundled_lists):
    duty = Duty.objects.filter(duty_list__township__name="潘津镇", kind="basic").order_by("seq").first()
    Duty.objects.filter(pk=duty.pk).update(name="=1+1")
    response = client.get(reverse("township:search_xlsx"), {"township": str(duty.duty_list.township_id)})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["检索结果"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "=1+1" in [cell.value for cell in cells]


def _export_queries(params: dict[str, str]) -> tuple[int, int]:
    """(items, queries) of one CSV export, the filters' own look-ups included."""
    with CaptureQueriesContext(connection) as captured:
        duties = selectors_search.duty_search_export(duty_search=selectors_search.duty_search(params=params))
        lines = sum(1 for _ in search_results_as_csv(duties))
    return lines - 1, len(captured)


def test_queries_grow_with_chunks_never_with_items(bundled_lists, monkeypatch):
    few, few_queries = _export_queries({"q": "消防"})
    many, many_queries = _export_queries({"kind": "coordinating"})
    assert few < many <= search_export.EXPORT_CHUNK and few_queries == many_queries
    monkeypatch.setattr(search_export, "EXPORT_CHUNK", 100)
    everything, chunked_queries = _export_queries({})
    monkeypatch.setattr(search_export, "EXPORT_CHUNK", 10_000)
    _, single_queries = _export_queries({})
    assert everything == Duty.objects.count()
    extra_chunks = math.ceil(everything / 100) - 1
    # At most one query per prefetch per chunk (fewer when a chunk of basic items has no steps).
    assert single_queries < chunked_queries <= single_queries + PREFETCHES_PER_CHUNK * extra_chunks


def test_the_xlsx_title_says_what_was_searched(client, bundled_lists):
    params = filter_cases()["county-and-kind"]
    assert xlsx_rows(client, params)[0][0] == "履职事项检索结果（于田县 · 上级部门收回事项：41 项）"


def test_earlier_versions_are_exported_only_when_the_page_shows_them(client, bundled_lists):
    call_command("import_list", str(FIXTURES / "002_fe4ab73d7f7b2358.txt"), "--published", "2025-09",
                 stdout=io.StringIO())
    latest_only, every_version = {"q": "党代表"}, {"q": "党代表", "all_versions": "on"}
    for params in (latest_only, every_version):
        shown = client.get(reverse("township:search"), params).context["page"].paginator.object_list
        with_month = [(duty.duty_list.township.name, f"{duty.duty_list.published:%Y-%m}",
                       str(Duty.Kind(duty.kind).label), duty.seq) for duty in shown]
        exported = [(row[1], row[2], row[3], int(row[4])) for row in csv_rows(client, params)[1][1:]]
        assert exported == with_month  # month included: two versions of an item must keep their order
    months = {row[2] for row in csv_rows(client, every_version)[1][1:] if row[1] == "先拜巴扎镇"}
    assert months == {"2025-07", "2025-09"}
    assert {row[2] for row in csv_rows(client, latest_only)[1][1:] if row[1] == "先拜巴扎镇"} == {"2025-09"}


def test_the_search_workbook_is_set_up_for_reading_and_printing(client, bundled_lists):
    sheet = xlsx_sheet(client, {"q": "消防"})
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == Worksheet.ORIENTATION_LANDSCAPE
    assert int(sheet.page_setup.paperSize) == int(Worksheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(sheet.page_setup.fitToWidth), int(sheet.page_setup.fitToHeight)) == (1, 0)
    widths = {column.heading: sheet.column_dimensions[chr(ord("A") + index)].width
              for index, column in enumerate(SEARCH_COLUMNS)}
    assert widths == {column.heading: column.width for column in SEARCH_COLUMNS}
    body = [cell for row in sheet.iter_rows(min_row=3) for cell in row if isinstance(cell.value, str)]
    assert body and all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for cell in body)


# ---------------------------------------------------------------------------------------------
# The plain-row reading against the model-based one it replaced


def model_rows(params: dict[str, str]) -> list[list[object]]:
    """The rows as the export built them before: model instances, prefetched, through duty_cells."""
    rows = []
    for duty in selectors_search.duty_search_export(duty_search=selectors_search.duty_search(params=params)):
        duty_list = duty.duty_list
        cells = duty_cells(duty) | {"county": duty_list.township.county.name, "township": duty_list.township.name,
                                    "published": f"{duty_list.published:%Y-%m}",
                                    "part": str(Duty.Kind(duty.kind).label)}
        rows.append([cells[column.key] for column in SEARCH_COLUMNS])
    return rows


def as_csv_text(row: list[object]) -> list[str]:
    return ["" if value is None else str(csv_safe(value)) for value in row]


def as_xlsx_values(row: list[object]) -> tuple:
    """What openpyxl reads back from a cell written with this value (an empty text reads as None)."""
    return tuple(None if value == "" else xlsx_text(value) if isinstance(value, str) else value for value in row)


@pytest.mark.parametrize("case", ["everything", "keyword", "department-with-keyword", "county-and-kind"])
def test_both_files_hold_what_the_model_based_rows_held_across_many_chunks(client, bundled_lists, monkeypatch, case):
    params = filter_cases()[case]
    expected = model_rows(params)
    monkeypatch.setattr(search_export, "EXPORT_CHUNK", 3)  # chunk boundaries even in the narrowest case
    assert len(expected) > 2 * search_export.EXPORT_CHUNK
    assert csv_rows(client, params)[1][1:] == [as_csv_text(row) for row in expected]
    assert xlsx_rows(client, params)[2:] == [as_xlsx_values(row) for row in expected]


def test_every_column_is_filled_somewhere_so_the_comparison_covers_it(bundled_lists):
    rows = model_rows({})
    for index, column in enumerate(SEARCH_COLUMNS):
        if column.key != "note":  # the bundled lists leave 备注 empty
            assert any(row[index] for row in rows), column.heading


def test_formula_looking_text_from_the_items_parts_is_neutralised_too(client, bundled_lists):
    duty = (Duty.objects.filter(kind="reclaimed", methods__isnull=False, duty_departments__named_in="column")
            .order_by("pk").first())
    method = duty.methods.order_by("position").first()
    method.department_name = ""
    method.text = "=WEBSERVICE(\"http://evil.example\")"
    method.save()
    link = duty.duty_departments.filter(named_in="column").order_by("position").first()
    DutyDepartment.objects.filter(pk=link.pk).update(name_as_published="@SUM(A1)")
    Duty.objects.filter(pk=duty.pk).update(note="-1+2")
    params = {"township": str(duty.duty_list.township_id), "kind": "reclaimed"}
    _, rows = csv_rows(client, params)
    row = next(dict(zip(HEADINGS, line)) for line in rows[1:] if line[HEADINGS.index("序号")] == str(duty.seq))
    assert row["承接部门及工作方式"].startswith("\'=WEBSERVICE(")
    assert row["对应（承接）部门"].startswith("\'@SUM(A1)")
    assert row["备注"] == "\'-1+2"
    cells = [cell for line in xlsx_sheet(client, params).iter_rows(min_row=3) for cell in line]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    quoted = {cell.value for cell in cells if cell.quotePrefix}
    assert {"-1+2", "=WEBSERVICE(\"http://evil.example\")"} <= quoted


def test_body_cells_keep_their_styles_when_styles_are_shared(client, bundled_lists):
    rows = list(xlsx_sheet(client, {}).iter_rows(min_row=3))
    cells = [cell for row in rows for cell in row]
    numbers = [cell for cell in cells if isinstance(cell.value, int)]
    texts = [cell for cell in cells if isinstance(cell.value, str)]
    assert numbers and texts and len(numbers) == len(rows)  # a continued item's rows repeat its 序号
    assert len(joined_results([[cell.value for cell in row] for row in rows])) == Duty.objects.count()
    assert all(cell.border.left.style == cell.border.bottom.style == "thin" for cell in cells)
    assert all((cell.alignment.horizontal, cell.alignment.vertical) == ("center", "top") for cell in numbers)
    assert all(cell.alignment.wrap_text and not cell.quotePrefix for cell in texts)


def test_the_query_and_the_first_chunk_run_before_the_first_line_is_asked_for(bundled_lists):
    duties = selectors_search.duty_search_export(duty_search=selectors_search.duty_search(params={}))
    with CaptureQueriesContext(connection) as captured:
        lines = search_results_as_csv(duties)
    assert len(captured) == 1 + PREFETCHES_PER_CHUNK  # the items, then the first chunk's parts
    assert next(lines).startswith(BOM)


def test_a_query_that_fails_is_an_error_page_not_a_begun_download(bundled_lists):
    # A real failure inside the database: a column the export reads is gone (rolled back after).
    with connection.cursor() as cursor:
        cursor.execute('ALTER TABLE "%s" RENAME COLUMN "text" TO "text_gone"' % ReclaimedMethod._meta.db_table)
    response = Client(raise_request_exception=False).get(reverse("township:search_csv"))
    assert response.status_code == 500 and not response.streaming


def test_an_export_runs_a_bounded_number_of_queries(client, bundled_lists, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(search_export, "EXPORT_CHUNK", 100)
    items = Duty.objects.count()
    # The latest versions' ids, the bounded count and the items' query; three queries for each chunk's parts.
    with django_assert_max_num_queries(3 + PREFETCHES_PER_CHUNK * math.ceil(items / 100)):
        assert len(csv_rows(client, {})[1]) == 1 + items


def test_an_item_too_tall_for_one_row_continues_below_and_joins_back_whole():
    steps = "\n".join(f"{number}. 负责组织开展本行业领域的安全生产检查，督促整改发现的问题隐患；" for number in range(1, 61))
    values = [{"seq": 7, "name": "安全生产", "department_duties": steps}.get(column.key, column.heading)
              for column in SEARCH_COLUMNS]
    rows = search_export.printed_rows(values)
    name, steps_at = (HEADINGS.index(heading) for heading in ("事项名称", "上级部门职责"))
    assert len(rows) > 1
    assert all(row_height(row, [column.width for column in SEARCH_COLUMNS]) < MAX_ROW_HEIGHT for row in rows)
    assert [row[name] for row in rows[1:]] == ["安全生产（续）"] * (len(rows) - 1)
    assert all(row[:name] == values[:name] for row in rows)  # place, part, 序号, 类别 on every row
    assert joined_results(rows) == [values]
