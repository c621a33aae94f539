"""A list version as the portal's workbook: published layout, print set-up, safe text, and the round trip."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from importers.layouts.xlsx import parse_workbook
from importers.layouts.xlsx.format import (
    FLAG_LABELS, FLAGS_SHEET, META_SHEET, NOTES_SHEET, PART_COLUMNS, PART_SHEETS,
)
from importers.records import PART_COORDINATING
from township.services.imports.versions import SUMMARY
from township.exports import duty_list_as_json, duty_list_as_xlsx
from township.exports.xlsx import EDITING_HELP
from township.models import (
    Category, Department, Duty, DutyDepartment, DutyList, ImportRecord, Place, ReclaimedMethod, ReviewFlag,
    Step, Township,
)
from township.services import review_flags_mark_reviewed

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
BUNDLED = [
    ("000_5d7574d3c5ca649c.txt", "潘津镇", {"basic": 87, "coordinating": 129, "reclaimed": 52}),
    ("001_1fdc4c7ea05d9441.txt", "某乡（清单未载明乡名）", {"basic": 104, "coordinating": 102, "reclaimed": 58}),
    ("002_fe4ab73d7f7b2358.txt", "先拜巴扎镇", {"basic": 116, "coordinating": 98, "reclaimed": 41}),
    ("004_75977ff95c5311e1.txt", "夏马勒乡", {"basic": 140, "coordinating": 108, "reclaimed": 44}),
]
PART_SHEET_NAMES = ["基本履职事项", "配合履职事项", "上级部门收回事项"]
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"]


def run_import(*args) -> str:
    out = io.StringIO()
    call_command("import_list", *map(str, args), stdout=out)
    return out.getvalue()


def export_xlsx(township: str, target: Path, *args: str) -> Path:
    call_command("export_list", township, "--format", "xlsx", "-o", str(target), *args)
    return target


def latest(township: str) -> DutyList:
    return DutyList.objects.filter(township__name=township).latest()


def empty_database() -> None:
    """Delete every list, place and vocabulary entry, children first (the keys protect them)."""
    ImportRecord.objects.all().delete()  # the import history keeps its townships otherwise
    DutyList.objects.all().delete()
    Township.objects.all().delete()
    Department.objects.all().delete()
    for level in ("county", "prefecture", "region"):
        Place.objects.filter(level=level).delete()
    Category.objects.all().delete()


@pytest.fixture
def workbook_002(tmp_path):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    path = export_xlsx("先拜巴扎镇", tmp_path / "002.xlsx")
    return load_workbook(path)


def test_the_workbook_has_the_three_parts_then_notes_flags_and_a_hidden_format_sheet(workbook_002):
    assert workbook_002.sheetnames == [*PART_SHEET_NAMES, NOTES_SHEET, FLAGS_SHEET, META_SHEET]
    states = {sheet.title: sheet.sheet_state for sheet in workbook_002.worksheets}
    assert states == {**{name: "visible" for name in PART_SHEET_NAMES + [NOTES_SHEET, FLAGS_SHEET]},
                      META_SHEET: "hidden"}


@pytest.mark.parametrize("sheet, headings", [
    ("基本履职事项", ["序号", "事项类别", "事项名称", "备注"]),
    ("配合履职事项", ["序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责", "备注"]),
    ("上级部门收回事项", ["序号", "事项类别", "事项名称", "承接部门及工作方式", "备注", "承接部门（门户补充，供导回）"]),
])
def test_each_part_sheet_has_title_the_published_headings_and_one_row_per_item(workbook_002, sheet, headings):
    rows = list(workbook_002[sheet].iter_rows(values_only=True))
    assert rows[0][0] == "先拜巴扎镇履职事项清单（2025年7月）"
    assert list(rows[1]) == headings
    counts = {"基本履职事项": 116, "配合履职事项": 98, "上级部门收回事项": 41}
    assert [row[0] for row in rows[2:] if row[0] is not None] == list(range(1, counts[sheet] + 1))
    # An item too tall for one printed row continues in rows without 序号, 类别 and 名称.
    continuations = [row for row in rows[2:] if row[0] is None]
    assert all(row[1] is None and row[2] is None and any(row[3:]) for row in continuations)


@pytest.mark.parametrize("sheet", PART_SHEET_NAMES)
def test_part_sheets_are_set_up_for_reading_and_printing(workbook_002, sheet):
    worksheet = workbook_002[sheet]
    assert worksheet.freeze_panes == "A3"
    assert worksheet.print_title_rows == "$2:$2"
    assert worksheet.page_setup.orientation == Worksheet.ORIENTATION_LANDSCAPE
    assert int(worksheet.page_setup.paperSize) == int(Worksheet.PAPERSIZE_A4) == 9
    assert worksheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(worksheet.page_setup.fitToWidth), int(worksheet.page_setup.fitToHeight)) == (1, 0)
    widths = [worksheet.column_dimensions[letter].width for letter in "ABC"]
    assert widths[0] < widths[1] < widths[2]  # 序号 narrow, 事项名称 wide
    body = [cell for row in worksheet.iter_rows(min_row=3) for cell in row]
    assert all(cell.alignment.wrap_text for cell in body if isinstance(cell.value, str))


def test_steps_are_one_per_line_with_department_blocks_kept(workbook_002):
    row = next(row for row in workbook_002["配合履职事项"].iter_rows(min_row=3, values_only=True) if row[0] == 3)
    assert row[4].split("\n")[:3] == ["【于田县委组织部】", "1. 负责推荐党内政协委员；",
                                      "2. 对推荐人选进行考察、资格联审、公示，确定人选后报县政协。"]
    assert row[5].startswith("1. 按权限做好政协委员人选推荐工作；\n2. ")


def test_the_notes_sheet_states_place_month_figures_and_profile(workbook_002):
    notes = {row[0]: row[1] for row in workbook_002[NOTES_SHEET].iter_rows(min_row=3, values_only=True)}
    assert notes["县（市、区）"] == "于田县" and notes["发布月份"] == "2025-07"
    assert notes["说明所载配合履职事项数"] == 98 and notes["配合事项涉及部门数（说明）"] == 37
    assert notes["区域面积（平方公里）"] == 85.05 and notes["行政村数"] == 14


def test_the_notes_sheet_explains_how_to_edit_the_workbook(workbook_002):
    notes = [row[:2] for row in workbook_002[NOTES_SHEET].iter_rows(min_row=3, values_only=True)]
    assert notes[-len(EDITING_HELP):] == list(EDITING_HELP)
    help_rows = dict(EDITING_HELP)
    assert "最后一列" in help_rows["承接部门（门户补充，供导回）"]
    assert "再次标记为“部门无法识别”" in help_rows["待核对"] and "已核对（日期）" in help_rows["待核对"]


def test_the_flags_sheet_lists_every_flag_by_part_seq_and_reason(workbook_002):
    rows = [row[:4] for row in workbook_002[FLAGS_SHEET].iter_rows(min_row=3, values_only=True)]
    flags = ReviewFlag.objects.filter(duty__duty_list=latest("先拜巴扎镇")).select_related("duty")
    expected = [(PART_SHEETS[flag.duty.kind], flag.duty.seq, flag.duty.name, FLAG_LABELS[flag.reason])
                for flag in flags]
    assert len(rows) >= 1 and sorted(rows) == sorted(expected)


def test_the_flag_labels_of_the_workbook_are_the_portals():
    assert FLAG_LABELS == {code: str(label) for code, label in ReviewFlag.Reason.choices}


def test_formula_looking_text_is_stored_as_exact_text_never_as_a_formula(tmp_path):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    duties = list(Duty.objects.filter(duty_list=latest("先拜巴扎镇"), kind="coordinating").order_by("seq"))
    for duty, text in zip(duties, FORMULAS):
        Duty.objects.filter(pk=duty.pk).update(name=text)
    Step.objects.filter(pk=Step.objects.filter(block__duty=duties[0]).first().pk).update(text="=1+1")
    workbook = load_workbook(export_xlsx("先拜巴扎镇", tmp_path / "formulas.xlsx"))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    names = [row[2].value for row in workbook["配合履职事项"].iter_rows(min_row=3, max_row=8)]
    assert names == list(FORMULAS)  # exact text, a lone CR included (openpyxl reads it with lxml)
    assert all(row[2].quotePrefix for row in workbook["配合履职事项"].iter_rows(min_row=3, max_row=8))


def test_formula_looking_text_comes_back_unchanged_through_an_import(tmp_path):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    duty = Duty.objects.get(duty_list=latest("先拜巴扎镇"), kind="basic", seq=1)
    Duty.objects.filter(pk=duty.pk).update(name="=HYPERLINK(\"x\")")
    path = export_xlsx("先拜巴扎镇", tmp_path / "formula.xlsx")
    run_import(path, "--published", "2025-08")
    assert Duty.objects.get(duty_list=latest("先拜巴扎镇"), kind="basic", seq=1).name == "=HYPERLINK(\"x\")"


@pytest.mark.parametrize("filename, township, counts", BUNDLED, ids=[name[:3] for name, _, _ in BUNDLED])
def test_export_then_import_into_an_empty_database_gives_the_same_json(tmp_path, filename, township, counts):
    run_import(FIXTURES / filename)
    before = duty_list_as_json(latest(township))
    path = export_xlsx(township, tmp_path / f"{township}.xlsx")
    empty_database()
    assert not Duty.objects.exists() and not Place.objects.exists()
    report = run_import(path)
    assert "版式 本门户导出的 Excel 工作簿（xlsx）" in report
    after = duty_list_as_json(latest(township))
    assert after == before
    assert {part: len(after[part]) for part in counts} == counts


def test_an_unchanged_workbook_for_the_same_month_changes_nothing_it_would_replace(tmp_path):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    path = export_xlsx("先拜巴扎镇", tmp_path / "002.xlsx")
    with pytest.raises(CommandError) as refused:
        run_import(path)
    assert SUMMARY.format(added=0, removed=0, changed=0) in str(refused.value)


def _edit_first_step(path: Path, text: str) -> None:
    """Change one cell as an editor would, saving with a full (not write-only) openpyxl."""
    workbook = load_workbook(path)
    sheet = workbook["配合履职事项"]
    sheet["F3"] = sheet["F3"].value.replace("1. 按照分配的名额", f"1. {text}", 1)
    workbook.save(path)


def test_an_edited_cell_reimported_with_replace_reports_one_changed_item(tmp_path):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    path = export_xlsx("先拜巴扎镇", tmp_path / "002.xlsx")
    _edit_first_step(path, "严格按照分配的名额")
    report = run_import(path, "--replace")
    assert SUMMARY.format(added=0, removed=0, changed=1) in report and "已替换原版本" in report
    step = Step.objects.get(block__duty__duty_list=latest("先拜巴扎镇"), block__duty__kind="coordinating",
                            block__duty__seq=1, block__side="township", position=1)
    assert step.text.startswith("严格按照分配的名额")
    assert DutyList.objects.filter(township__name="先拜巴扎镇").count() == 1


def test_an_edited_workbook_for_another_month_becomes_a_new_version(tmp_path):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    path = export_xlsx("先拜巴扎镇", tmp_path / "002.xlsx")
    _edit_first_step(path, "严格按照分配的名额")
    run_import(path, "--published", "2025-09")
    versions = DutyList.objects.filter(township__name="先拜巴扎镇").order_by("published")
    assert [f"{version.published:%Y-%m}" for version in versions] == ["2025-07", "2025-09"]
    assert versions[1].layout == "xlsx" and versions[1].source_name == "002.xlsx"


def test_a_township_exports_in_the_same_number_of_queries_whatever_its_size(tmp_path):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt", FIXTURES / "000_5d7574d3c5ca649c.txt")
    queries = {}
    for township in ("先拜巴扎镇", "潘津镇"):
        duty_list = latest(township)
        with CaptureQueriesContext(connection) as captured:
            duty_list_as_xlsx(duty_list, tmp_path / f"{township}.xlsx")
        queries[township] = len(captured)
    assert queries["先拜巴扎镇"] == queries["潘津镇"] <= 12


def _reviewed_flags(duty_list: DutyList) -> dict[tuple, tuple]:
    """(part, 序号, reason) → (day reviewed, reviewer) of the version's reviewed item flags."""
    flags = ReviewFlag.objects.filter(duty__duty_list=duty_list, reviewed_at__isnull=False).select_related("duty")
    return {(flag.duty.kind, flag.duty.seq, flag.reason): (timezone.localtime(flag.reviewed_at).date(),
                                                          flag.reviewed_by_id) for flag in flags}


@pytest.mark.parametrize("where", ["new-month", "another-database"])
def test_a_cleared_flag_stays_cleared_through_the_workbook(tmp_path, where):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    flags = ReviewFlag.objects.filter(duty__duty_list=latest("先拜巴扎镇")).order_by("pk")
    editor = get_user_model().objects.create_user("editor")
    review_flags_mark_reviewed(flags=flags.filter(pk=flags.first().pk), user=editor)
    cleared, still_open = _reviewed_flags(latest("先拜巴扎镇")), flags.count() - 1
    assert len(cleared) == 1
    path = export_xlsx("先拜巴扎镇", tmp_path / "002.xlsx")
    if where == "new-month":
        run_import(path, "--published", "2025-08")
    else:
        empty_database()
        run_import(path)
    imported = latest("先拜巴扎镇")
    assert where == "another-database" or f"{imported.published:%Y-%m}" == "2025-08"
    # The same flag, reviewed the same day; no reviewer, as the workbook names none.
    assert _reviewed_flags(imported) == {key: (day, None) for key, (day, _) in cleared.items()}
    assert ReviewFlag.objects.filter(duty__duty_list=imported, reviewed_at__isnull=True).count() == still_open


def test_a_deleted_flag_row_comes_back_when_its_department_is_still_unresolved(tmp_path):
    township = "某乡（清单未载明乡名）"  # 001 names 国家电网额敏分公司, which no county department matches
    run_import(FIXTURES / "001_1fdc4c7ea05d9441.txt")
    unresolved = ReviewFlag.objects.filter(duty__duty_list=latest(township), reason="department_unresolved")
    flagged = {(flag.duty.kind, flag.duty.seq) for flag in unresolved.select_related("duty")}
    assert flagged
    path = export_xlsx(township, tmp_path / "001.xlsx")
    workbook = load_workbook(path)
    sheet = workbook[FLAGS_SHEET]
    for row in range(sheet.max_row, 2, -1):
        if sheet.cell(row, 4).value == FLAG_LABELS["department_unresolved"]:
            sheet.delete_rows(row)
    workbook.save(path)
    run_import(path, "--published", "2025-08")
    again = ReviewFlag.objects.filter(duty__duty_list=latest(township), reason="department_unresolved")
    assert {(flag.duty.kind, flag.duty.seq) for flag in again.select_related("duty")} == flagged


def _unusual_texts(duty_list: DutyList) -> dict[str, object]:
    """Put in text the cell grammar must escape, and return what the version then holds."""
    reclaimed = Duty.objects.filter(duty_list=duty_list, kind="reclaimed").order_by("seq")
    stopped, split = (ReclaimedMethod.objects.filter(duty=duty).first() for duty in reclaimed[:2])
    ReclaimedMethod.objects.filter(pk=stopped.pk).update(department_name="", department=None,
                                                         text="【注】此项工作不再开展。")
    ReclaimedMethod.objects.filter(pk=split.pk).update(text="由县民政局负责；\n乡镇配合。")
    step = Step.objects.filter(block__duty__duty_list=duty_list).order_by("pk").first()
    Step.objects.filter(pk=step.pk).update(text="第一行\n第二行")
    link = DutyDepartment.objects.filter(duty__duty_list=duty_list, named_in="column").order_by("pk").first()
    DutyDepartment.objects.filter(pk=link.pk).update(name_as_published="县委（县政府）办公室、县信访局")
    Duty.objects.filter(duty_list=duty_list, kind="basic", seq=1).update(name="\t=1 （前后空白） ", note=" 备注")
    DutyList.objects.filter(pk=duty_list.pk).update(stated_categories={"basic": ["党的建设、组织建设", "经济发展"]})
    return _texts(DutyList.objects.get(pk=duty_list.pk), stopped.duty.seq, split.duty.seq, step, link)


def _texts(duty_list: DutyList, stopped: int, split: int, step: Step, link: DutyDepartment) -> dict[str, object]:
    methods = {seq: list(ReclaimedMethod.objects.filter(duty__duty_list=duty_list, duty__kind="reclaimed",
                                                        duty__seq=seq).values_list("department_name", "text"))
               for seq in (stopped, split)}
    block = step.block
    return {
        "methods": methods,
        "step": Step.objects.get(block__duty__duty_list=duty_list, block__duty__kind=block.duty.kind,
                                 block__duty__seq=block.duty.seq, block__side=block.side,
                                 block__position=block.position, position=step.position).text,
        "departments": list(DutyDepartment.objects.filter(
            duty__duty_list=duty_list, duty__kind=link.duty.kind, duty__seq=link.duty.seq,
            named_in="column").values_list("name_as_published", flat=True)),
        "basic": Duty.objects.filter(duty_list=duty_list, kind="basic", seq=1).values_list("name", "note").get(),
        "categories": duty_list.stated_categories["basic"],
    }


def test_text_the_cell_grammar_must_escape_comes_back_exactly(tmp_path):
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    original = latest("先拜巴扎镇")
    before = _unusual_texts(original)
    path = export_xlsx("先拜巴扎镇", tmp_path / "002.xlsx")
    run_import(path, "--published", "2025-08")
    step = Step.objects.filter(block__duty__duty_list=original, text="第一行\n第二行").get()
    link = DutyDepartment.objects.get(duty__duty_list=original, name_as_published="县委（县政府）办公室、县信访局")
    stopped, split = (seq for seq in sorted(before["methods"]))
    after = _texts(latest("先拜巴扎镇"), stopped, split, step, link)
    assert after == before
    assert before["methods"][stopped][0] == ("", "【注】此项工作不再开展。")


def test_the_writer_and_the_reader_share_one_definition_of_sheets_and_columns(monkeypatch):
    """Renaming a sheet and a heading in format.py renames them in the file and in what is read back."""
    run_import(FIXTURES / "002_fe4ab73d7f7b2358.txt")
    duty_list = latest("先拜巴扎镇")
    renamed = tuple(replace(column, heading=f"{column.heading}（改）") if column.key == "name" else column
                    for column in PART_COLUMNS[PART_COORDINATING])
    monkeypatch.setitem(PART_COLUMNS, PART_COORDINATING, renamed)
    monkeypatch.setitem(PART_SHEETS, PART_COORDINATING, "配合事项（改）")
    buffer = io.BytesIO()
    duty_list_as_xlsx(duty_list, buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["配合事项（改）"]
    assert [cell.value for cell in sheet[2]] == [column.heading for column in renamed]
    items, _ = parse_workbook(buffer.getvalue(), source="002.xlsx")
    exported = Duty.objects.filter(duty_list=duty_list, kind="coordinating").order_by("seq")
    assert [(item.seq, item.name) for item in items.coordinating] == [(duty.seq, duty.name) for duty in exported]
