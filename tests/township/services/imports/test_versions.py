"""What a re-imported file would change: items matched as the version diff page matches them."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from importers import pipeline, sources
from township.services.imports.versions import compare_versions
from tests.republished import ADDED_NAME, DROPPED_ITEM, LAST_BASIC, LIST_002, republished_002
from township.models import DutyList

pytestmark = pytest.mark.django_db


def changes_for(path):
    parsed, _ = pipeline.parse_source(sources.read_source(path))
    return compare_versions(DutyList.objects.get(township__name="先拜巴扎镇"), parsed)


@pytest.mark.parametrize("renumber", [True, False], ids=["renumbered", "gap-left"])
def test_a_dropped_item_does_not_count_every_later_item_as_changed(tmp_path, renumber):
    call_command("import_list", str(LIST_002), stdout=io.StringIO())
    changes = changes_for(republished_002(tmp_path, renumber=renumber))
    assert changes.added == [("basic", LAST_BASIC if renumber else LAST_BASIC + 1)]
    assert changes.removed == [DROPPED_ITEM[:2]]
    assert changes.changed == [("coordinating", 1)]
    assert len(changes.renumbered) == (LAST_BASIC - DROPPED_ITEM[1] if renumber else 0)


def test_a_wholly_different_item_at_the_same_seq_counts_as_removed_and_added_not_changed(tmp_path):
    call_command("import_list", str(LIST_002), stdout=io.StringIO())
    row = next(line for line in LIST_002.read_text(encoding="utf-8").splitlines() if DROPPED_ITEM[2] in line)
    name = row.split(" | ")[2]
    replaced = tmp_path / "002_replaced.txt"
    replaced.write_text(LIST_002.read_text(encoding="utf-8").replace(name, ADDED_NAME, 1), encoding="utf-8")
    changes = changes_for(replaced)
    assert (changes.added, changes.removed, changes.changed) == ([DROPPED_ITEM[:2]], [DROPPED_ITEM[:2]], [])
    assert changes.summary() == "新增 1 项、删除 1 项、修改 0 项"


def test_the_refusal_summarises_a_renumbered_file_by_content_and_counts_the_moves_apart(tmp_path):
    call_command("import_list", str(LIST_002), stdout=io.StringIO())
    with pytest.raises(CommandError, match="新增 1 项、删除 1 项、修改 1 项；另有 114 项内容未变、仅序号变化"):
        call_command("import_list", str(republished_002(tmp_path, renumber=True)), stdout=io.StringIO())
