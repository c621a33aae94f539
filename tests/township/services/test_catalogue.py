"""The catalogue kept current by imports and edits: the same catalogue a rebuild gives, for bounded work."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.republished import LIST_002, import_002_next_month, republished_002
from tests.township.admin.conftest import change_url, form_data, item, make_user
from township.matching.text import normalise
from township.models import CatalogueBuild, CatalogueEntry, CatalogueLink, CatalogueName, Duty, DutyList, Township
from township.selectors.catalogue import catalogue_status
from township.services import catalogue_rebuild, catalogue_update
from township.services import catalogue as catalogue_service
from township.services.imports import service
from township.selectors.common import latest_lists

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
LISTS = sorted(FIXTURES.glob("*.txt"))
# Matching 先拜巴扎镇's next version took 29 queries: 3 for each round of following matching
# names (three rounds here, as far as its names reach), the rest whatever the list. The bound
# does not grow with the list's length or the catalogue's size, only with how far names chain.
MAX_UPDATE_QUERIES = 40


def import_list(*paths: Path | str, replace: bool = False) -> None:
    call_command("import_list", *map(str, paths), *(["--replace"] if replace else []), stdout=io.StringIO())


def snapshot() -> dict:
    """The catalogue as sets of names and item keys, never ids: what a rebuild must reproduce."""
    members: dict[int, set] = {}
    for entry_id, township, published, kind, seq in CatalogueLink.objects.values_list(
            "entry_id", "duty__duty_list__township__name", "duty__duty_list__published", "duty__kind", "duty__seq"):
        members.setdefault(entry_id, set()).add((township, str(published), kind, seq))
    names: dict[int, set] = {}
    for entry_id, kind, key in CatalogueName.objects.values_list("entry_id", "kind", "key"):
        names.setdefault(entry_id, set()).add((kind, key))
    entries = {
        (kind, name, category, count, frozenset(members.get(pk, ())), frozenset(names.get(pk, ())))
        for pk, kind, name, category, count in CatalogueEntry.objects.values_list(
            "pk", "kind", "name", "category__name", "township_count")
    }
    return {"entries": entries, "marked": CatalogueEntry.objects.filter(regroup=True).count()}


def assert_same_as_rebuild() -> None:
    """The catalogue as kept current equals one rebuilt from scratch on the same data."""
    kept = snapshot()
    build = CatalogueBuild.objects.order_by("-built_at").values("townships", "items", "linked", "entries").first()
    catalogue_rebuild()
    rebuilt = CatalogueBuild.objects.order_by("-built_at").values("townships", "items", "linked", "entries").first()
    assert kept["entries"] == snapshot()["entries"]
    assert kept["marked"] == 0
    assert (build["townships"], build["linked"], build["entries"]) == (
        rebuilt["townships"], rebuilt["linked"], rebuilt["entries"])


@pytest.mark.parametrize("order", [LISTS, LISTS[::-1]], ids=["in order", "reversed"])
def test_importing_the_bundled_lists_one_by_one_gives_the_catalogue_a_rebuild_gives(db, order):
    catalogue_rebuild()  # the first build, over no lists yet
    for path in order:
        import_list(path)
        assert not catalogue_status().stale
    assert CatalogueLink.objects.count() == Duty.objects.exclude(name="").count()
    assert catalogue_status().townships == 4
    assert_same_as_rebuild()


def test_the_party_congress_delegates_entry_is_matched_across_imports(db):
    catalogue_rebuild()
    for path in LISTS:
        import_list(path)
    entry = CatalogueEntry.objects.get(kind="coordinating", name="推荐县级以上党代表工作")
    assert entry.township_count == 4 and entry.links.count() == 4


@pytest.fixture
def kept_current(bundled_lists) -> None:
    """The bundled lists with the catalogue built once: from here on, imports and edits keep it."""
    catalogue_rebuild()


def test_a_newer_version_takes_the_place_of_the_one_it_supersedes(kept_current, tmp_path):
    township = Township.objects.get(name="先拜巴扎镇")
    older = DutyList.objects.filter(township=township).latest()
    import_002_next_month(tmp_path)
    assert not CatalogueLink.objects.filter(duty__duty_list=older).exists()
    newer = DutyList.objects.filter(township=township).latest()
    assert CatalogueLink.objects.filter(duty__duty_list=newer).count() == newer.duties.exclude(name="").count()
    assert_same_as_rebuild()


@pytest.mark.parametrize("renumber", [False, True], ids=["gap", "renumbered"])
def test_a_republished_list_replacing_its_version_regroups_what_changed(kept_current, tmp_path, renumber):
    import_list(republished_002(tmp_path, renumber=renumber), replace=True)
    added = Duty.objects.get(duty_list__township__name="先拜巴扎镇", name="做好机关档案数字化管理工作")
    assert added.catalogue_link.entry.names.filter(key=normalise(added.name)).exists()
    assert_same_as_rebuild()


def test_a_republished_version_imported_incrementally_matches_a_rebuild_after_all_lists(db, tmp_path):
    catalogue_rebuild()
    for path in LISTS:
        import_list(path)
    import_list(republished_002(tmp_path, renumber=True), replace=True)
    import_002_next_month(tmp_path)
    assert_same_as_rebuild()


@pytest.fixture
def superuser_client(kept_current, client):
    client.force_login(make_user("root", superuser=True))
    return client


def test_an_admin_edit_of_an_item_name_moves_it_to_the_entry_of_its_new_name(superuser_client):
    duty = item("潘津镇", "coordinating", 1)
    other = item("先拜巴扎镇", "basic", 8)
    data = form_data(superuser_client.get(change_url(duty)))
    response = superuser_client.post(change_url(duty), {**data, "name": "做好森林草原防灭火工作"})
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = CatalogueLink.objects.get(duty=duty).entry
    assert entry.names.filter(key=normalise("做好森林草原防灭火工作")).exists()
    assert not catalogue_status().stale
    assert other.catalogue_link.entry_id  # every other item is still linked
    assert_same_as_rebuild()


def test_an_admin_deletion_of_an_item_regroups_its_entry(superuser_client):
    duty = item("潘津镇", "coordinating", 1)
    entry = duty.catalogue_link.entry
    response = superuser_client.post(change_url(duty).replace("/change/", "/delete/"), {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Duty.objects.filter(pk=duty.pk).exists()
    assert CatalogueEntry.objects.filter(name=entry.name, kind=entry.kind).get().township_count == 3
    assert_same_as_rebuild()


def test_before_the_first_build_imports_leave_the_catalogue_alone(bundled_lists):
    assert not CatalogueEntry.objects.exists() and not CatalogueBuild.objects.exists()


def test_matching_one_list_asks_the_database_a_bounded_number_of_queries(kept_current, tmp_path, monkeypatch,
                                                                          django_assert_max_num_queries):
    with monkeypatch.context() as patched:  # load the new version without its catalogue update
        patched.setattr(service, "lists_changed", lambda **kwargs: None)
        import_002_next_month(tmp_path)
    township = Township.objects.get(name="先拜巴扎镇")
    older, newer = DutyList.objects.filter(township=township).order_by("published")
    superseded = CatalogueLink.objects.filter(duty__duty_list=older).count()
    items = newer.duties.count()
    started = time.perf_counter()
    with django_assert_max_num_queries(MAX_UPDATE_QUERIES):
        with CaptureQueriesContext(connection) as captured:
            update = catalogue_update(township_ids=[township.pk])
    seconds = time.perf_counter() - started
    print(f"\ncatalogue_update: {items} items, {len(captured)} queries, {seconds * 1000:.0f} ms, "
          f"{update.names} names followed, {update.entries_before} entries regrouped into "
          f"{update.entries_after} (catalogue of {CatalogueEntry.objects.count()} entries)")
    assert update.dropped == superseded
    assert not update.capped
    # The version repeats the old one word for word: each item takes its predecessor's place,
    # and no entry is regrouped (at national scale an entry holds thousands of townships' items).
    assert update.relinked == superseded and update.entries_before == update.entries_after == 0
    assert update.items == newer.duties.filter(name="").count()
    assert_same_as_rebuild()


def test_a_new_version_regroups_only_the_entries_whose_items_changed(kept_current, tmp_path):
    township = Township.objects.get(name="先拜巴扎镇")
    before = CatalogueLink.objects.filter(township=township).count()
    renamed = DutyList.objects.filter(township=township).latest().duties.exclude(name="").order_by("kind", "seq")[3]
    text = republished_text_with(tmp_path, old=renamed.name, new=renamed.name + "（含档案数字化）")
    call_command("import_list", str(text), stdout=io.StringIO())
    newer = DutyList.objects.filter(township=township).latest()
    moved = newer.duties.get(name=renamed.name + "（含档案数字化）")
    assert moved.catalogue_link.entry.names.filter(key=normalise(moved.name)).exists()
    assert CatalogueLink.objects.filter(township=township).count() == before
    assert_same_as_rebuild()


def republished_text_with(directory, *, old: str, new: str):
    """先拜巴扎镇's list published again for 2026-01 with one item's name reworded."""
    later = directory / "002_2026_reworded.txt"
    text = LIST_002.read_text(encoding="utf-8").replace("2025年7月", "2026年1月", 1)
    assert text.count(old) >= 1
    later.write_text(text.replace(old, new, 1), encoding="utf-8")
    return later


def assert_consistent_and_close_to_rebuild() -> None:
    """A catalogue kept by matching against its entries: whole, self-consistent, and near a rebuild."""
    from township.matching.text import similarity

    for duty in Duty.objects.filter(duty_list__in=latest_lists()).exclude(name="").select_related(
            "catalogue_link__entry", "duty_list"):
        entry = duty.catalogue_link.entry  # every named item of a latest list is in an entry
        keys = set(entry.names.values_list("key", flat=True))
        leader = entry.names.order_by("pk").first().key
        assert normalise(duty.name) in keys and entry.kind == duty.kind
        assert normalise(duty.name) == leader or similarity(normalise(duty.name), leader).is_match
    for entry in CatalogueEntry.objects.all():
        townships = list(entry.links.values_list("township_id", flat=True))
        assert len(townships) == len(set(townships)) == entry.township_count > 0  # one item per township
    build = CatalogueBuild.objects.order_by("-built_at").first()
    assert (build.entries, build.linked) == (CatalogueEntry.objects.count(), CatalogueLink.objects.count())
    assert not CatalogueEntry.objects.filter(regroup=True).exists()
    kept = CatalogueEntry.objects.count()
    catalogue_rebuild()
    assert abs(kept - CatalogueEntry.objects.count()) <= kept // 20  # within 5 % of a rebuild's entries


@pytest.mark.parametrize("order", [LISTS, LISTS[::-1]], ids=["in order", "reversed"])
def test_at_scale_new_lists_are_matched_against_the_entries_without_regrouping_them(db, order, monkeypatch):
    # Every regroup counts as too big here, as an entry of thousands of townships' items is at
    # national scale: each new item joins the entry of its name, or of the leader it matches.
    monkeypatch.setattr(catalogue_service, "REGROUP_LIMIT", 0)
    import_list(order[0])
    catalogue_rebuild()
    for path in order[1:]:
        import_list(path)
    assert_consistent_and_close_to_rebuild()


def test_at_scale_a_reworded_item_of_a_new_version_finds_its_entry(kept_current, tmp_path, monkeypatch):
    monkeypatch.setattr(catalogue_service, "REGROUP_LIMIT", 0)
    township = Township.objects.get(name="先拜巴扎镇")
    renamed = DutyList.objects.filter(township=township).latest().duties.exclude(name="").order_by("kind", "seq")[5]
    call_command("import_list", str(republished_text_with(tmp_path, old=renamed.name, new=renamed.name + "工作")),
                 stdout=io.StringIO())
    moved = DutyList.objects.filter(township=township).latest().duties.get(seq=renamed.seq, kind=renamed.kind)
    assert moved.catalogue_link.entry.names.filter(key=normalise(moved.name)).exists()
    assert_consistent_and_close_to_rebuild()
