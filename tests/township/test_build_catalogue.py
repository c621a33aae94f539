"""`python manage.py build_catalogue` over the bundled lists: all or nothing, rebuilt as a whole."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from township.management.commands import build_catalogue
from township.models import CatalogueEntry, CatalogueLink, Duty

pytestmark = pytest.mark.django_db


def build() -> str:
    out = io.StringIO()
    call_command("build_catalogue", stdout=out)
    return out.getvalue()


def test_it_groups_every_named_item_of_the_bundled_lists(bundled_lists):
    output = build()
    named = Duty.objects.exclude(name="").count()
    assert CatalogueLink.objects.count() == named
    assert f"4 个乡镇最新清单的 {named} 项事项归为 {CatalogueEntry.objects.count()} 条目录" in output
    unnamed = Duty.objects.filter(name="").count()
    assert unnamed > 0 and build_catalogue.UNNAMED.format(count=unnamed) in output
    assert build_catalogue.KEPT_CURRENT in output  # only a change of the matching rules needs it again


def test_the_party_congress_delegates_entry_counts_all_four_townships(bundled_lists):
    build()
    entry = CatalogueEntry.objects.get(kind="coordinating", name="推荐县级以上党代表工作")
    assert entry.township_count == 4
    assert entry.category.name == "党的建设"
    assert sorted(entry.links.values_list("duty__name", flat=True)) == sorted([
        "推荐市级以上党代表工作", "推荐县级以上党代表工作", "推荐县级以上党代表工作", "推荐县级以上党代表工作"])


def test_running_it_again_replaces_the_catalogue(bundled_lists):
    build()
    entries, links = CatalogueEntry.objects.count(), CatalogueLink.objects.count()
    first_ids = set(CatalogueEntry.objects.values_list("pk", flat=True))
    build()
    assert (CatalogueEntry.objects.count(), CatalogueLink.objects.count()) == (entries, links)
    assert first_ids.isdisjoint(CatalogueEntry.objects.values_list("pk", flat=True))


def test_a_database_error_leaves_the_previous_catalogue_whole(bundled_lists, monkeypatch):
    build()
    before = sorted(CatalogueEntry.objects.values_list("pk", "name"))

    def fail(*args, **kwargs):
        raise IntegrityError("模拟写入失败")

    monkeypatch.setattr(CatalogueLink.objects, "bulk_create", fail)
    with pytest.raises(CommandError, match="原有目录保持不变"):
        build()
    assert sorted(CatalogueEntry.objects.values_list("pk", "name")) == before
    assert CatalogueLink.objects.count() > 0


def test_without_any_list_it_says_there_is_nothing_to_build(db):
    with pytest.raises(CommandError, match=build_catalogue.NOTHING_TO_BUILD):
        build()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_it_draws_a_progress_bar(bundled_lists, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    build()
    assert "[##############################] 4/4 写入数据库" in terminal.getvalue()
