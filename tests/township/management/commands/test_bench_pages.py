"""`bench_pages`: every kind of page measured on the current data, the ILIKE scan beside each search."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from township.services.page_bench import search_terms

pytestmark = pytest.mark.django_db

PAGE_KINDS = ["首页", "县统计页", "乡镇页", "事项页", "部门页", "搜索 1 字", "搜索 2 字", "搜索 3 字", "搜索 6 字",
              "搜索部门名", "搜索少见词", "统计页（全部）", "API 事项第 1 页", "导出乡镇 xlsx", "导出搜索结果 csv",
              "导出搜索结果 xlsx"]


def test_one_repeat_measures_every_kind_of_page(bundled_lists, tmp_path):
    out = io.StringIO()
    call_command("bench_pages", "--repeat", "1", "--json", str(tmp_path / "pages.json"), stdout=out)
    figures = {row["kind"]: row for row in json.loads((tmp_path / "pages.json").read_text(encoding="utf-8"))}
    printed = out.getvalue()
    for kind in PAGE_KINDS:
        assert kind in figures and kind in printed
    assert any(kind.startswith("API 事项第") and kind != "API 事项第 1 页" for kind in figures)  # a deep page
    assert {status for row in figures.values() for status in row["status"]} == {200}
    assert all(row["bytes"] > 0 and row["queries"] > 0 and row["repeats"] == 1 for row in figures.values())
    searches = [row for kind, row in figures.items() if kind.startswith("搜索")]
    assert all(row["matches"] >= 1 and row["ilike_p50_ms"] > 0 for row in searches)


def test_search_terms_come_from_the_names_common_ones_and_a_rare_one():
    names = ["组织开展消防安全检查", "消防设施维护", "开展安全生产检查", "森林防火巡查"]
    terms = search_terms(names, "县应急管理局")
    assert terms["搜索 1 字"] in "".join(names) and len(terms["搜索 1 字"]) == 1
    assert terms["搜索 2 字"] in {"消防", "开展", "安全", "检查"}
    assert len(terms["搜索 6 字"]) == 6 and terms["搜索部门名"] == "县应急管理局"
    assert sum(terms["搜索少见词"] in name for name in names) == 1
