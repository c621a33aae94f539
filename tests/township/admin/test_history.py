"""Item history in the admin: every save recorded, any two revisions compared, revert restores."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.township.admin.conftest import TOWNSHIP_A, change_url, form_data, item, make_user
from township.admin.history import REVERTED
from township.models import CatalogueBuild, DutyRevision, ImportRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(bundled_lists):
    return make_user("root", superuser=True)


def _save(client, duty, **changes):
    data = form_data(client.get(change_url(duty)))
    response = client.post(change_url(duty), {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:3000]


def _township_steps(duty) -> list[str]:
    return [step.text for block in duty.blocks.filter(side="township") for step in block.steps.all()]


def test_the_first_correction_keeps_the_imported_state_as_revision_one(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "coordinating", 1)
    imported_name = duty.name
    _save(client, duty, name="推荐县级以上党代表候选人工作")
    revisions = list(DutyRevision.objects.filter(duty=duty).order_by("number"))
    assert [(r.number, r.action) for r in revisions] == [(1, "import"), (2, "edit")]
    assert revisions[0].snapshot["name"] == imported_name
    assert revisions[0].created_by is None and "002_" in revisions[0].comment  # imported by command
    assert revisions[1].created_by == superuser and revisions[1].snapshot["name"] == "推荐县级以上党代表候选人工作"


def test_saving_without_a_change_records_no_revision(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "basic", 3)
    _save(client, duty, name="改过的名称")
    _save(client, duty)
    assert DutyRevision.objects.filter(duty=duty).count() == 2


def test_the_revisions_page_shows_what_changed_between_two_revisions(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "coordinating", 1)
    _save(client, duty, name="推荐县级以上党代表<候选人>工作")
    page = client.get(change_url(duty).replace("change/", "revisions/"))
    html = page.content.decode()
    assert page.status_code == 200
    # The change marked (with words for a screen reader), the text escaped.
    assert '<ins class="diff-added"><span class="visually-hidden">［增］</span>&lt;候选人&gt;</ins>' in html
    assert "第 2 版（当前）" in html


def test_revert_restores_the_earlier_name_and_steps_and_is_itself_recorded(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "coordinating", 1)
    original_name, original_steps = duty.name, _township_steps(duty)
    data = form_data(client.get(change_url(duty)))
    _save(client, duty, **{"name": "错误的修改", "blocks-2-0-steps_text": "只剩一步",
                           "loaded_version": data["loaded_version"]})
    assert _township_steps(duty) == ["只剩一步"]
    revert_url = change_url(duty).replace("change/", "revisions/1/revert/")
    confirm = client.get(revert_url)
    assert confirm.status_code == 200 and "只剩一步" in confirm.content.decode()
    response = client.post(revert_url)
    assert response.status_code == 302
    duty.refresh_from_db()
    assert duty.name == original_name and _township_steps(duty) == original_steps
    latest = DutyRevision.objects.filter(duty=duty).order_by("-number").first()
    assert (latest.number, latest.action, latest.created_by) == (3, "revert", superuser)
    messages = [str(message) for message in response.wsgi_request._messages]
    assert REVERTED.format(number=1, new=3) in messages


def test_a_viewer_sees_revisions_but_cannot_revert(superuser, login, viewer):
    duty = item(TOWNSHIP_A, "basic", 3)
    _save(login(superuser), duty, name="改过的名称")
    client = login(viewer)
    page = client.get(change_url(duty).replace("change/", "revisions/"))
    assert page.status_code == 200 and "恢复到此版" not in page.content.decode()
    assert client.post(change_url(duty).replace("change/", "revisions/1/revert/")).status_code == 403
    duty.refresh_from_db()
    assert duty.name == "改过的名称"


def test_imports_are_recorded_with_file_and_time(superuser, login):
    records = ImportRecord.objects.order_by("source_name")
    assert [record.source_name[:3] for record in records] == ["000", "001", "002", "004"]
    assert {record.via for record in records} == {"command"}
    page = login(superuser).get("/admin/township/importrecord/")
    assert page.status_code == 200 and "002_" in page.content.decode()


def test_all_revisions_are_listed_for_an_audit_and_scoped_for_a_county_editor(superuser, login, editor_a):
    duty = item(TOWNSHIP_A, "basic", 3)
    other = item("夏马勒乡", "basic", 3)
    client = login(superuser)
    _save(client, duty, name="改过的名称")
    _save(client, other, name="另一县改过的名称")
    listed = client.get("/admin/township/dutyrevision/").context["cl"].result_list
    assert len(listed) == 4
    listed = login(editor_a).get("/admin/township/dutyrevision/").context["cl"].result_list
    assert {revision.duty_id for revision in listed} == {duty.pk}


def test_deleting_an_item_keeps_its_last_text_as_a_revision(superuser, login):
    duty = item(TOWNSHIP_A, "basic", 3)
    name, label = duty.name, "先拜巴扎镇 2025-07 基本履职事项第 3 项"
    response = login(superuser).post(change_url(duty).replace("change/", "delete/"), {"post": "yes"})
    assert response.status_code == 302
    kept = list(DutyRevision.objects.filter(label=label).order_by("number"))
    assert [(r.number, r.action, r.duty) for r in kept] == [(1, "import", None), (2, "delete", None)]
    assert kept[1].snapshot["name"] == name and kept[1].created_by == superuser


def test_an_unchanged_save_of_an_item_never_corrected_records_nothing(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "coordinating", 2)
    _save(client, duty)
    duty.refresh_from_db()
    assert not DutyRevision.objects.filter(duty=duty).exists()
    assert duty.corrected_at is None and duty.corrected_by is None  # not marked as corrected


@pytest.mark.parametrize("kind, seq", [("basic", 1), ("coordinating", 1), ("reclaimed", 1)])
def test_an_unchanged_save_records_no_revision_and_a_changed_one_does(superuser, login, kind, seq):
    client = login(superuser)
    duty = item(TOWNSHIP_A, kind, seq)
    _save(client, duty)
    assert DutyRevision.objects.filter(duty=duty).count() == 0
    _save(client, duty, note="核对后补充的备注")
    assert [r.action for r in DutyRevision.objects.filter(duty=duty).order_by("number")] == ["import", "edit"]
    _save(client, duty)
    assert DutyRevision.objects.filter(duty=duty).count() == 2


# 23:30 UTC on 5 January is 07:30 on 6 January in Asia/Shanghai, eight hours ahead.
STORED_UTC = datetime(2026, 1, 5, 23, 30, tzinfo=UTC)
SHOWN_LOCAL = "2026-01-06 07:30"


def test_revision_times_are_shown_in_local_time_not_utc(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "basic", 3)
    _save(client, duty, name="改过的名称")
    DutyRevision.objects.filter(duty=duty).update(created_at=STORED_UTC)
    html = client.get(change_url(duty).replace("change/", "revisions/")).content.decode()
    assert f"<td>{SHOWN_LOCAL}:00</td>" in html  # the list of revisions
    assert f"{SHOWN_LOCAL}）" in html and "2026-01-05 23:30" not in html  # the diff's titles


def test_import_records_and_catalogue_builds_are_named_by_local_time(superuser, login):
    record = ImportRecord.objects.order_by("source_name").first()
    ImportRecord.objects.filter(pk=record.pk).update(imported_at=STORED_UTC)
    record.refresh_from_db()
    build = CatalogueBuild.objects.create(built_at=STORED_UTC, townships=1, items=1, linked=1, entries=1)
    assert str(record).endswith(f"（{SHOWN_LOCAL}）") and str(build).startswith(SHOWN_LOCAL)
    client = login(superuser)
    html = client.get(f"/admin/township/importrecord/{record.pk}/change/").content.decode()
    assert SHOWN_LOCAL in html and "23:30" not in html
    html = client.get("/admin/township/cataloguebuild/").content.decode()
    assert "2026年1月6日 07:30" in html and "23:30" not in html

