"""Helpers for the township tests: the bundled lists imported again as other townships."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
YUTIAN = {"region": "新疆维吾尔自治区", "prefecture": "和田地区", "county": "于田县"}


def import_as(file_name: str, township: str, **place: str) -> None:
    """Import a bundled list as if another township had published it (in 于田县 unless told)."""
    options = {**YUTIAN, **place, "township": township}
    call_command("import_list", str(FIXTURES / file_name), stdout=io.StringIO(), **options)


@pytest.fixture
def yutian_of_three(bundled_lists) -> None:
    """于田县 with three townships: 先拜巴扎镇 (002) and copies of lists 000 and 001."""
    import_as("000_5d7574d3c5ca649c.txt", "测试甲镇")
    import_as("001_1fdc4c7ea05d9441.txt", "测试乙乡")
