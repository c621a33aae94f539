"""`manage.py bench_load`: the real server under concurrent connections, measured for a short run."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from township.services.load_bench import SERVER_DID_NOT_START

FIXTURES_DIR = Path(__file__).resolve().parents[4] / "fixtures"
# gunicorn reads rows the test has committed: a transactional test.
pytestmark = pytest.mark.django_db(transaction=True)


def _bench(tmp_path: Path, *options: str) -> tuple[str, list[dict]]:
    output = io.StringIO()
    try:
        call_command("bench_load", *options, "--json", str(tmp_path / "load.json"), stdout=output)
    except CommandError as error:
        if SERVER_DID_NOT_START.split("：")[0] in str(error):
            pytest.skip(f"gunicorn 无法在本机启动：{error}")
        raise
    return output.getvalue(), json.loads((tmp_path / "load.json").read_text(encoding="utf-8"))


def test_a_short_run_answers_every_request_and_reports_the_figures(tmp_path):
    call_command("import_list", *sorted(map(str, FIXTURES_DIR.glob("*.txt"))), stdout=io.StringIO())
    output, results = _bench(tmp_path, "--seconds", "2", "--connections", "4", "--rounds", "2", "--cold")
    assert [(result["mix"], result["round"]) for result in results] == [
        ("township", 1), ("township", 2), ("mixed", 1), ("mixed", 2)]
    for result in results:
        assert result["requests"] > 0 and result["errors"] == 0, result
        assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
        assert result["requests_per_second"] > 0 and result["connections"] == 4
    assert set(results[2]["by_kind"]) == {"乡镇页", "搜索", "API"}
    assert results[1]["cache_hit_share"] > 0.5  # four townships, cached in the first round
    assert "次/秒" in output and "p99" in output and "负载生成器" in output and "错误 0 次" in output


def test_an_empty_database_is_refused_with_a_message(tmp_path):
    with pytest.raises(CommandError, match="没有已导入清单的乡镇"):
        call_command("bench_load", "--seconds", "1", stdout=io.StringIO())
