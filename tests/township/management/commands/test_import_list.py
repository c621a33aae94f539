"""`import_list` end to end against PostgreSQL: golden counts, re-imports, bad input."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from importers import pipeline, sources
from importers.records import ParseError
from township.models import (
    Department, Duty, DutyDepartment, DutyList, DutyRevision, ImportRecord, Place, ReviewFlag, Step,
    Township,
)
from township.selectors.review import duty_list_review
from township.services import duty_revision_baseline, duty_revision_record
from township.services.imports.loader import RECORDED_REVIEW
from township.services.imports.report import REVIEW_HEADING, REVIEW_NONE

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[4] / "fixtures"
LIST_000 = FIXTURES / "000_5d7574d3c5ca649c.txt"
LIST_001 = FIXTURES / "001_1fdc4c7ea05d9441.txt"
LIST_002 = FIXTURES / "002_fe4ab73d7f7b2358.txt"
LIST_004 = FIXTURES / "004_75977ff95c5311e1.txt"

GOLDEN = [
    (LIST_000, "潘津镇", {"basic": 87, "coordinating": 129, "reclaimed": 52}),
    (LIST_001, "某乡（清单未载明乡名）", {"basic": 104, "coordinating": 102, "reclaimed": 58}),
    (LIST_002, "先拜巴扎镇", {"basic": 116, "coordinating": 98, "reclaimed": 41}),
    (LIST_004, "夏马勒乡", {"basic": 140, "coordinating": 108, "reclaimed": 44}),
]


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import_list", *map(str, args), stdout=out)
    return out.getvalue()


def database_state() -> dict[str, int]:
    """Row counts of every table an import writes."""
    models = (Place, Township, DutyList, Duty, DutyDepartment, Department, Step, ReviewFlag, ImportRecord)
    return {model.__name__: model.objects.count() for model in models}


def part_counts(township: str) -> dict[str, int]:
    duties = Duty.objects.filter(duty_list__township__name=township)
    return {kind: duties.filter(kind=kind).count() for kind in Duty.Kind.values}


@pytest.mark.parametrize("path, township, counts", GOLDEN, ids=[p.name[:3] for p, _, _ in GOLDEN])
def test_each_bundled_list_imports_every_item_of_every_part(path, township, counts):
    run_import(path)
    assert part_counts(township) == counts


@pytest.mark.parametrize("path, township", [(LIST_000, "潘津镇"), (LIST_001, "某乡（清单未载明乡名）")])
def test_lists_without_stated_figures_have_no_sequence_gaps(path, township):
    run_import(path)
    for kind, total in part_counts(township).items():
        seqs = list(Duty.objects.filter(duty_list__township__name=township, kind=kind)
                    .order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, total + 1)), kind


def test_002_departments_equal_its_stated_figures():
    report = run_import(LIST_002)
    assert "涉及部门：配合 37（清单说明 37）✓；收回 16（清单说明 16）✓" in report
    for kind, stated in (("coordinating", 37), ("reclaimed", 16)):
        distinct = (DutyDepartment.objects.filter(duty__kind=kind, department__isnull=False)
                    .values("department").distinct().count())
        assert distinct == stated


def test_the_report_compares_counts_with_the_stated_figures():
    report = run_import(LIST_002)
    assert "事项数：基本 116（清单说明 116）✓；配合 98（清单说明 98）✓；收回 41（清单说明 41）✓" in report
    assert "版式 Markdown 表格（markdown）" in report and "于田县 先拜巴扎镇" in report


def test_the_place_hierarchy_is_read_from_the_title():
    run_import(LIST_002)
    township = Township.objects.get(name="先拜巴扎镇")
    assert [p.name for p in township.county.lineage()] == ["新疆维吾尔自治区", "和田地区", "于田县"]
    assert township.kind == Township.Kind.ZHEN


def test_a_list_that_names_no_township_takes_it_from_its_metadata_file():
    run_import(LIST_001)
    township = Township.objects.get(name="某乡（清单未载明乡名）")
    assert township.county.name == "额敏县"
    assert DutyList.objects.get(township=township).published.isoformat() == "2025-07-01"


def test_without_metadata_or_options_a_nameless_list_is_refused(tmp_path):
    copy = tmp_path / "nameless.txt"
    shutil.copy(LIST_001, copy)
    with pytest.raises(CommandError, match="清单中没有写明乡镇（街道）名称.*--township"):
        run_import(copy)
    assert DutyList.objects.count() == 0


def test_options_supply_what_the_list_does_not_say(tmp_path):
    copy = tmp_path / "nameless.txt"
    shutil.copy(LIST_001, copy)
    run_import(copy, "--township", "甲乡", "--county", "乙县", "--published", "2025-7")
    duty_list = DutyList.objects.get(township__name="甲乡")
    assert duty_list.township.county.name == "乙县" and duty_list.published.month == 7


def test_dry_run_reports_and_writes_nothing():
    report = run_import(LIST_002, "--dry-run")
    assert "试运行：未写入数据库" in report and "事项数：基本 116" in report
    assert database_state() == {name: 0 for name in database_state()}


def test_a_dry_run_counts_what_awaits_review_as_the_real_import_leaves_it():
    dry = run_import(LIST_004, "--dry-run")
    assert not ReviewFlag.objects.exists()
    real = run_import(LIST_004)
    review = duty_list_review(duty_list=DutyList.objects.get(township__name="夏马勒乡"))
    heading = REVIEW_HEADING.format(tally=review.text)
    assert review.items < review.flags and heading in dry and heading in real
    listed = [line for line in real.splitlines() if line.startswith("    ") and " · " in line]
    assert len(listed) == review.flags == ReviewFlag.objects.count()
    assert RECORDED_REVIEW.format(tally=review.text) in ImportRecord.objects.get().summary


def test_once_every_flag_is_reviewed_the_report_says_nothing_awaits_review():
    assert REVIEW_NONE not in run_import(LIST_002)
    ReviewFlag.objects.update(reviewed_at=timezone.now())
    report = run_import(LIST_002)  # the same file again: the version as it stands now
    assert "与已导入的同一文件相同" in report and f"  {REVIEW_NONE}" in report.splitlines()


def test_reimporting_the_same_file_changes_nothing():
    run_import(LIST_002)
    before = database_state()
    report = run_import(LIST_002)
    assert "与已导入的同一文件相同，未作任何改动" in report
    assert database_state() == before


def _edited_copy(tmp_path: Path, old: str, new: str) -> Path:
    copy = tmp_path / "002_edited.txt"
    copy.write_text(LIST_002.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return copy


def test_a_different_file_for_a_loaded_month_is_refused_with_what_would_change(tmp_path):
    run_import(LIST_002)
    before = database_state()
    edited = _edited_copy(tmp_path, "做好人才引进、服务、管理和使用工作", "做好人才引进工作")
    with pytest.raises(CommandError) as raised:
        run_import(edited)
    message = str(raised.value)
    assert "已由另一文件（002_fe4ab73d7f7b2358.txt）导入" in message
    assert "新增 0 项、删除 0 项、修改 1 项" in message and "--replace" in message
    assert database_state() == before


def test_the_refusal_names_items_editors_have_corrected(tmp_path):
    run_import(LIST_002)
    duty = Duty.objects.get(kind="basic", seq=8)
    duty.corrected_at = duty.duty_list.imported_at
    duty.save()
    edited = _edited_copy(tmp_path, "做好人才引进、服务、管理和使用工作", "做好人才引进工作")
    with pytest.raises(CommandError, match="其中 1 项已被编辑人工修改过（基本履职事项清单第8项）"):
        run_import(edited)


def test_replace_swaps_the_version_for_the_new_file(tmp_path):
    run_import(LIST_002)
    edited = _edited_copy(tmp_path, "做好人才引进、服务、管理和使用工作", "做好人才引进工作")
    report = run_import(edited, "--replace")
    assert "已替换原版本" in report
    assert DutyList.objects.get().source_name == "002_edited.txt"
    assert Duty.objects.get(kind="basic", seq=8).name == "做好人才引进工作"


def test_every_import_that_writes_is_recorded_and_the_records_outlive_a_replaced_version(tmp_path):
    run_import(LIST_002)
    run_import(LIST_002)
    run_import(_edited_copy(tmp_path, "做好人才引进、服务、管理和使用工作", "做好人才引进工作"), "--replace")
    records = list(ImportRecord.objects.order_by("imported_at", "pk"))
    assert [(r.source_name, r.status, r.via) for r in records] == [
        (LIST_002.name, "created", "command"), ("002_edited.txt", "replaced", "command")]
    assert records[0].duty_list is None and records[1].duty_list == DutyList.objects.get()
    assert "修改 1 项" in records[1].summary and records[0].source_sha256 != records[1].source_sha256


def test_an_editors_revisions_outlive_a_replaced_version(tmp_path):
    run_import(LIST_002)
    duty = Duty.objects.get(kind="basic", seq=8)
    duty_revision_baseline(duty=duty)
    Duty.objects.filter(pk=duty.pk).update(name="编辑改过的名称")
    duty_revision_record(duty=duty, user=None)
    run_import(_edited_copy(tmp_path, "做好人才引进、服务、管理和使用工作", "做好人才引进工作"), "--replace")
    kept = DutyRevision.objects.order_by("number")
    assert [(r.duty, r.snapshot["name"]) for r in kept] == [
        (None, "做好人才引进、服务、管理和使用工作"), (None, "编辑改过的名称")]
    assert kept[0].label == "先拜巴扎镇 2025-07 基本履职事项第 8 项"


def test_replacing_a_version_keeps_reviews_of_unchanged_items_and_reopens_changed_ones(tmp_path):
    run_import(LIST_000)
    flags = ReviewFlag.objects.filter(duty__isnull=False).select_related("duty")
    assert flags.count() >= 2
    flags.update(reviewed_at=timezone.now())
    changed, unchanged = flags[0].duty, flags[1].duty
    copy = tmp_path / "000_edited.txt"
    copy.write_text(LIST_000.read_text(encoding="utf-8").replace(changed.name, changed.name + "（修订）", 1),
                    encoding="utf-8")
    run_import(copy, "--replace")
    after = {(flag.duty.kind, flag.duty.seq): flag.reviewed_at is not None
             for flag in ReviewFlag.objects.filter(duty__isnull=False).select_related("duty")}
    assert after[(changed.kind, changed.seq)] is False
    assert after[(unchanged.kind, unchanged.seq)] is True


def test_a_dry_run_records_no_import():
    run_import(LIST_002, "--dry-run")
    assert not ImportRecord.objects.exists()


def test_a_list_for_a_new_month_becomes_a_new_version_and_the_old_one_stays(tmp_path):
    run_import(LIST_002)
    later = tmp_path / "002_2026.txt"
    later.write_text(LIST_002.read_text(encoding="utf-8").replace("2025年7月", "2026年1月", 1),
                     encoding="utf-8")
    run_import(later)
    versions = DutyList.objects.filter(township__name="先拜巴扎镇").order_by("published")
    assert [v.published.isoformat() for v in versions] == ["2025-07-01", "2026-01-01"]
    assert all(v.duties.count() == 255 for v in versions)


# --- bad input: a clear message naming the file (and line), and an unchanged database ------


def _cut_mid_row(tmp_path: Path) -> Path:
    text = LIST_002.read_text(encoding="utf-8").rstrip("\n")
    path = tmp_path / "cut.txt"
    path.write_text(text[: len(text) - 40], encoding="utf-8")
    return path


def _without_reclaimed_part(tmp_path: Path) -> Path:
    text = LIST_000.read_text(encoding="utf-8")
    path = tmp_path / "no_reclaimed.txt"
    path.write_text(text[: text.index("伊犁州伊宁市潘津镇上级部门收回事项清单")], encoding="utf-8")
    return path


def _duplicated_seq(tmp_path: Path) -> Path:
    lines = LIST_000.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("3\t党的建设"))
    lines.insert(row + 1, lines[row])
    path = tmp_path / "duplicated.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _foreign_workbook(tmp_path: Path) -> Path:
    workbook = Workbook()
    workbook.active.append(["序号", "事项类别", "事项名称"])
    workbook.save(tmp_path / "foreign.xlsx")
    return tmp_path / "foreign.xlsx"


def _workbook_with_a_bad_seq(tmp_path: Path) -> Path:
    path = tmp_path / "edited.xlsx"
    call_command("export_list", "先拜巴扎镇", "--format", "xlsx", "-o", str(path))
    workbook = load_workbook(path)
    workbook["配合履职事项"]["A7"] = "五"
    workbook.save(path)
    return path


BAD_INPUTS = [
    ("empty", lambda tmp: _write(tmp, "empty.txt", b""), r"empty\.txt: 文件为空"),
    ("binary", lambda tmp: _write(tmp, "data.bin", b"\x00\x01\x02binary" * 40),
     r"data\.bin: 无法识别的二进制文件"),
    ("unknown layout", lambda tmp: _write(tmp, "prose.txt", "今天天气很好。\n我们去公园。\n".encode()),
     r"prose\.txt: 无法识别清单版式；已知的文本版式：markdown、tabbed"),
    ("cut mid-row", _cut_mid_row, r"cut\.txt:\d+: "),
    ("part missing", _without_reclaimed_part, r"no_reclaimed\.txt(:\d+)?: .*收回事项"),
    ("duplicated seq", _duplicated_seq, r"duplicated\.txt:\d+: 基本履职事项清单序号 3 重复出现"),
    ("foreign workbook", _foreign_workbook, r"foreign\.xlsx: .*(表格|工作簿|文件)"),
    ("bad workbook cell", _workbook_with_a_bad_seq,
     r"edited\.xlsx:7: 工作表“配合履职事项”A7 单元格：序号应为正整数，而不是“五”"),
    ("broken zip", lambda tmp: _write(tmp, "broken.xlsx", b"PK\x03\x04" + b"\x00" * 64),
     r"broken\.xlsx: .*已损坏"),
]


@pytest.mark.parametrize("make, message", [(m, msg) for _, m, msg in BAD_INPUTS],
                         ids=[name for name, _, _ in BAD_INPUTS])
def test_bad_input_is_refused_by_file_and_line_and_leaves_the_database_unchanged(tmp_path, make, message):
    run_import(LIST_002)
    before = database_state()
    with pytest.raises(CommandError, match=message) as raised:
        run_import(make(tmp_path))
    assert "数据库未作任何改动" in str(raised.value)
    assert database_state() == before


def test_a_bad_file_among_good_ones_writes_none_of_them(tmp_path):
    empty = _write(tmp_path, "empty.txt", b"")
    with pytest.raises(CommandError, match="empty.txt: 文件为空"):
        run_import(LIST_002, empty)
    assert DutyList.objects.count() == 0


def test_a_very_large_file_is_refused_without_being_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(sources.MAX_BYTES + 1)  # sparse: no memory or disk actually used
    with pytest.raises(CommandError, match=r"huge\.txt: 文件过大"):
        run_import(huge)
    assert DutyList.objects.count() == 0


def test_a_workbook_cannot_be_read_as_a_text_layout_nor_a_text_as_a_workbook(tmp_path):
    run_import(LIST_002)
    workbook = tmp_path / "002.xlsx"
    call_command("export_list", "先拜巴扎镇", "--format", "xlsx", "-o", str(workbook))
    with pytest.raises(CommandError, match=r"002\.xlsx 不是文本文件，不能按文本版式 --layout markdown 导入"):
        run_import(workbook, "--layout", "markdown")
    with pytest.raises(CommandError, match=r"是文本文件，不能按 --layout xlsx（本门户导出的 Excel 工作簿）导入"):
        run_import(LIST_002, "--layout", "xlsx")


def test_an_unknown_layout_name_lists_the_known_ones():
    with pytest.raises(CommandError, match="invalid choice: 'doc'"):
        run_import(LIST_002, "--layout", "doc")


def test_a_missing_file_is_named():
    with pytest.raises(CommandError, match="找不到文件：/nonexistent/list.txt"):
        run_import("/nonexistent/list.txt")


def test_the_command_exits_non_zero_on_error(tmp_path):
    empty = _write(tmp_path, "empty.txt", b"")
    manage = Path(__file__).resolve().parents[4] / "manage.py"
    result = subprocess.run([sys.executable, str(manage), "import_list", str(empty), "--dry-run"],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "empty.txt: 文件为空" in result.stderr


def test_the_layout_given_by_name_overrides_detection():
    source = sources.read_source(LIST_002)
    with pytest.raises(ParseError) as raised:
        pipeline.parse_source(source, layout_name="tabbed")
    assert raised.value.issue.file == "002_fe4ab73d7f7b2358.txt"


def flags_of(kind: str, seq: int) -> set[str]:
    duty = Duty.objects.get(duty_list__township__name="夏马勒乡", kind=kind, seq=seq)
    return set(duty.flags.values_list("reason", flat=True))


@pytest.mark.parametrize(
    "kind, seq, reason",
    [
        ("basic", 1, "category_inferred"),  # empty category cell
        ("basic", 4, "category_inferred"),  # "1H1 H1 1H2 1H7"
        ("basic", 4, "text_damaged"),
        ("coordinating", 2, "text_damaged"),  # name mixed with neighbouring columns
        ("coordinating", 2, "text_truncated"),  # duties start at step 3
        ("coordinating", 5, "text_damaged"),  # "、 、 、 …" in the name
        ("coordinating", 14, "name_missing"),
        ("coordinating", 26, "department_unresolved"),  # "国宏工公组行四"
        ("reclaimed", 6, "name_missing"),
    ],
)
def test_ocr_damage_in_004_is_flagged_for_review(kind, seq, reason):
    run_import(LIST_004)
    assert reason in flags_of(kind, seq)


@pytest.mark.parametrize("kind, seq", [("basic", 2), ("coordinating", 1), ("coordinating", 7), ("reclaimed", 2)])
def test_clean_rows_of_004_are_not_flagged(kind, seq):
    run_import(LIST_004)
    assert flags_of(kind, seq) == set()


def test_an_item_has_one_review_flag_per_reason():
    run_import(LIST_004)
    duty = Duty.objects.get(duty_list__township__name="夏马勒乡", kind="coordinating", seq=2)
    reasons = list(duty.flags.values_list("reason", flat=True))
    assert len(reasons) == len(set(reasons))


def test_a_damaged_department_cell_creates_no_department():
    run_import(LIST_004)
    names = set(Department.objects.values_list("name", flat=True))
    assert not names & {"国宏工公组行四", "巴", "局", "C"}
    links = DutyDepartment.objects.filter(duty__duty_list__township__name="夏马勒乡",
                                          duty__kind="coordinating", duty__seq=26)
    garbled = links.get(name_as_published="国宏工公组行四")
    assert garbled.department is None and garbled.named_in == "column"
    # The duties column names the department the damaged cell meant; the item links to it.
    named = links.get(named_in="duties")
    assert named.department.name == "国家开发银行巴楚县支行"


def test_a_label_naming_several_departments_resolves_each_of_them():
    report = run_import(LIST_002)
    assert "无法识别的部门写法" not in report


def test_garbled_department_cells_are_reported_as_unrecognised():
    report = run_import(LIST_004)
    unrecognised = next(line for line in report.split("\n") if "无法识别的部门写法" in line)
    assert "国宏工公组行四" in unrecognised


def test_the_report_points_out_an_explanation_that_contradicts_itself(tmp_path):
    edited = _edited_copy(tmp_path, "共有履职事项 255 项", "共有履职事项 256 项")
    report = run_import(edited)
    assert "提示：说明称共有履职事项 256 项，但各部分之和为 255 项" in report


def test_a_real_import_reminds_to_rebuild_the_catalogue_and_a_dry_run_does_not():
    from township.management.commands.import_list import CATALOGUE_HINT

    assert CATALOGUE_HINT in run_import(LIST_002)
    assert CATALOGUE_HINT not in run_import(LIST_004, "--dry-run")


def test_a_directory_is_refused_as_no_regular_file_not_as_missing(tmp_path):
    folder = tmp_path / "清单目录"
    folder.mkdir()
    with pytest.raises(CommandError, match=r"“清单目录”不是普通文件"):
        run_import(folder)
