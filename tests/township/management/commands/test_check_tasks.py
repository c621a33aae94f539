"""`check_tasks` prints a JSON line per task and township; `bench_check` times 200 tasks × 20 townships."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.township.matching.admission_tasks import ON_LIST, TOWNSHIP
from township.models import Township

pytestmark = pytest.mark.django_db


def run(*args) -> list[dict]:
    out = io.StringIO()
    call_command("check_tasks", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_task_gets_a_json_line_with_the_verdict(bundled_lists, tmp_path):
    tasks = tmp_path / "tasks.txt"
    tasks.write_text("请各乡镇于月底前做好双拥工作\n\n请各乡镇配合开展航空器适航审定\n", encoding="gb18030")
    lines = run("--township", TOWNSHIP, str(tasks))
    township = str(Township.objects.get(name=TOWNSHIP))
    assert [set(line) for line in lines] == [{"task", "township", "part", "seq", "name", "score"}] * 2
    assert (lines[0]["part"], lines[0]["seq"], lines[0]["township"]) == ("basic", 26, township)
    assert lines[0]["score"] >= 55 and lines[0]["name"].endswith("做好双拥、国防教育等工作")
    assert (lines[1]["part"], lines[1]["seq"], lines[1]["name"]) == ("none", None, None)


def test_the_notice_tasks_are_checked_as_the_page_checks_them(bundled_lists, tmp_path):
    tasks = tmp_path / "tasks.txt"
    tasks.write_text("\n".join(text for text, _, _ in ON_LIST), encoding="utf-8")
    lines = run("--township", f"于田县{TOWNSHIP}", str(tasks))
    right = sum((line["part"], line["seq"]) == (kind, seq) for line, (_, kind, seq) in zip(lines, ON_LIST))
    assert right >= 0.9 * len(ON_LIST)


def test_a_county_checks_each_of_its_townships(bundled_lists, tmp_path):
    tasks = tmp_path / "tasks.txt"
    tasks.write_text("做好双拥工作", encoding="utf-8")
    assert len(run("--county", "于田县", str(tasks))) == Township.objects.filter(
        county__name="于田县", lists__isnull=False).distinct().count()


@pytest.mark.parametrize("args, message", [
    (["--township", "没有这个镇"], "找不到乡镇“没有这个镇”"),
    ([], "请用 --township"),
    (["--county", "没有这个县"], "找不到县（市、区）“没有这个县”"),
])
def test_what_the_user_must_fix_is_said_in_chinese(bundled_lists, tmp_path, args, message):
    tasks = tmp_path / "tasks.txt"
    tasks.write_text("做好双拥工作", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(*args, str(tasks))


def test_a_missing_or_empty_file_is_refused(bundled_lists, tmp_path):
    with pytest.raises(CommandError, match="无法读取任务文件"):
        run("--township", TOWNSHIP, str(tmp_path / "none.txt"))
    (tmp_path / "empty.txt").write_text("\n \n", encoding="utf-8")
    with pytest.raises(CommandError, match="请至少填写一项任务"):
        run("--township", TOWNSHIP, str(tmp_path / "empty.txt"))


def test_bench_check_times_a_county_sized_check_and_leaves_the_database_as_it_was(bundled_lists, tmp_path):
    before = Township.objects.count()
    out = io.StringIO()
    call_command("bench_check", "--tasks", "40", "--townships", "20", "--repeat", "1",
                 "--json", str(tmp_path / "check.json"), stdout=out)
    figures = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    assert (figures["tasks"], figures["townships"], figures["rows"]) == (40, 20, 800)
    assert "事项准入核查：40 项任务 × 20 个乡镇" in out.getvalue()
    assert Township.objects.count() == before
