"""`export_list --format json`: what was imported, in the documented structure, as clean text."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
CJK_SPACE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")


def export(township: str, *args: str) -> dict:
    out = io.StringIO()
    call_command("export_list", township, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def list_002() -> dict:
    call_command("import_list", str(FIXTURES / "002_fe4ab73d7f7b2358.txt"), stdout=io.StringIO())
    return export("先拜巴扎镇")


def all_texts(document: dict) -> list[str]:
    texts = []
    for part in ("basic", "coordinating", "reclaimed"):
        for item in document[part]:
            texts.append(item["name"])
            for block in item.get("department_duties", []) + item.get("township_duties", []):
                texts += block["steps"] + ([block["heading"]] if block["heading"] else [])
            texts += [method["text"] for method in item.get("methods", [])]
    return texts


def test_the_township_header_carries_place_month_profile_and_stated_figures(list_002):
    township = list_002["township"]
    assert (township["name"], township["county"], township["prefecture"], township["region"]) == (
        "先拜巴扎镇", "于田县", "和田地区", "新疆维吾尔自治区")
    assert township["published"] == "2025-07"
    assert township["stated_counts"] == {"basic": 116, "coordinating": 98, "reclaimed": 41}
    assert township["stated_departments"] == {"coordinating": 37, "reclaimed": 16}
    assert township["profile"]["villages"] == 14
    assert township["profile"]["registered_population"] == 21047


def test_every_part_is_exported_in_published_order(list_002):
    for part, total in (("basic", 116), ("coordinating", 98), ("reclaimed", 41)):
        assert [item["seq"] for item in list_002[part]] == list(range(1, total + 1))


def test_a_coordinating_item_keeps_departments_and_both_step_columns(list_002):
    first = list_002["coordinating"][0]
    assert first["name"] == "推荐县级以上党代表工作"
    assert first["departments"] == ["于田县委组织部"]
    assert first["department_duties"][0]["steps"][0] == "确定县级以上党代表名额分配；"
    assert len(first["township_duties"][0]["steps"]) == 7


def test_per_department_blocks_are_kept_as_structure(list_002):
    third = list_002["coordinating"][2]
    assert [block["department"] for block in third["department_duties"]] == [
        "于田县委组织部", "于田县委统一战线工作部", "政协于田县委员会机关"]


def test_text_is_clean_no_html_no_step_numbers_no_spaces_inside_words(list_002):
    for text in all_texts(list_002):
        assert "<" not in text and ">" not in text, text
        assert not re.match(r"^\d+[.．、]", text), text
        assert not CJK_SPACE.search(text), text


def test_export_to_a_file(list_002, tmp_path):
    target = tmp_path / "out.json"
    call_command("export_list", "先拜巴扎镇", "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == list_002
