"""Item lists after a re-upload: the latest version by default, earlier versions read only and marked."""

from __future__ import annotations

import pytest

from tests.republished import import_002_next_month
from tests.township.admin.conftest import TOWNSHIP_A, change_url, form_data, make_user
from township.admin.duties import EARLIER_VERSION, LATEST_ITEMS
from township.models import Duty, DutyList
from township.selectors.common import latest_lists

pytestmark = pytest.mark.django_db

BASIC_LIST = "/admin/township/basicduty/"


@pytest.fixture
def republished(bundled_lists, tmp_path):
    """先拜巴扎镇's list imported again for 2026-01: the 2025-07 version becomes an earlier one."""
    import_002_next_month(tmp_path)
    earlier, latest = DutyList.objects.filter(township__name=TOWNSHIP_A).order_by("published")
    return earlier, latest


@pytest.fixture
def client_as_root(login):
    return login(make_user("root", superuser=True))


def _listed(client, query: str = "") -> list[Duty]:
    township = DutyList.objects.filter(township__name=TOWNSHIP_A).first().township
    response = client.get(f"{BASIC_LIST}?county={township.county_id}&township={township.pk}{query}")
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def test_after_a_reupload_each_item_is_listed_once_from_the_latest_version(republished, client_as_root):
    earlier, latest = republished
    listed = _listed(client_as_root)
    assert {duty.duty_list_id for duty in listed} == {latest.pk}
    latest_seqs = latest.duties.filter(kind="basic").values_list("seq", flat=True)
    assert sorted(duty.seq for duty in listed) == sorted(latest_seqs)
    assert len(listed) == len({duty.seq for duty in listed}) == 116


@pytest.mark.parametrize("version, lists", [("latest", {"latest"}), ("earlier", {"earlier"}),
                                            ("all", {"earlier", "latest"}), ("nonsense", {"latest"})])
def test_the_version_filter_shows_earlier_versions_or_all_on_request(republished, client_as_root, version, lists):
    by_name = dict(zip(("earlier", "latest"), republished))
    listed = _listed(client_as_root, f"&version={version}")
    assert {duty.duty_list_id for duty in listed} == {by_name[name].pk for name in lists}
    assert len(listed) == 116 * len(lists)


def test_the_version_filter_offers_latest_earlier_and_all_with_latest_chosen_by_default(republished, client_as_root):
    response = client_as_root.get(BASIC_LIST)
    spec = next(spec for spec in response.context["cl"].filter_specs if str(spec.title) == "版本")
    choices = list(spec.choices(response.context["cl"]))
    assert [str(choice["display"]).split(" (")[0] for choice in choices] == ["最新版本", "历史版本", "全部"]
    assert [choice["selected"] for choice in choices] == [True, False, False]
    # Every township's latest list is listed: the other bundled townships were imported once.
    all_items = client_as_root.get("/admin/township/duty/").context["cl"].queryset
    assert all_items.count() == Duty.objects.filter(duty_list__in=latest_lists()).count()


def test_an_earlier_versions_item_is_read_only_and_says_where_the_latest_is(republished, client_as_root):
    earlier, latest = republished
    duty = earlier.duties.get(kind="coordinating", seq=1)
    page = client_as_root.get(change_url(duty))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert EARLIER_VERSION.format(township=TOWNSHIP_A, published="2025-07", latest="2026-01") in html
    assert LATEST_ITEMS.format(township=TOWNSHIP_A, part="配合履职事项") in html
    latest_url = (f"/admin/township/coordinatingduty/?county={latest.township.county_id}"
                  f"&amp;township={latest.township_id}")
    assert f'href="{latest_url}"' in html
    assert 'name="_save"' not in html and "<textarea" not in html  # inline steps too are shown, not edited
    # The link leads to the latest version's items, where the same item is editable.
    listed = client_as_root.get(latest_url.replace("&amp;", "&")).context["cl"].queryset
    current = listed.get(seq=1)
    assert current.duty_list_id == latest.pk
    current_page = client_as_root.get(change_url(current))
    assert current_page.context["has_change_permission"] is True
    assert "不是最新版本" not in current_page.content.decode() and 'name="_save"' in current_page.content.decode()


def test_a_crafted_save_revert_or_delete_of_an_earlier_versions_item_is_refused(republished, client_as_root):
    earlier, latest = republished
    duty = earlier.duties.get(kind="coordinating", seq=1)
    data = form_data(client_as_root.get(change_url(latest.duties.get(kind="coordinating", seq=1))))
    assert client_as_root.post(change_url(duty), {**data, "name": "改旧版本"}).status_code == 403
    assert client_as_root.post(change_url(duty).replace("change/", "delete/"), {"post": "yes"}).status_code == 403
    assert client_as_root.post(change_url(duty).replace("change/", "revisions/1/revert/")).status_code in (403, 404)
    duty.refresh_from_db()
    assert duty.name != "改旧版本" and Duty.objects.filter(pk=duty.pk).exists()


def test_a_new_item_goes_into_a_latest_list_only(republished, client_as_root):
    earlier, latest = republished
    category = earlier.duties.filter(kind="basic").first().category_id
    data = {"seq": 500, "category": category, "name": "新增事项", "note": "",
            "flags-TOTAL_FORMS": 0, "flags-INITIAL_FORMS": 0}
    refused = client_as_root.post("/admin/township/basicduty/add/", {**data, "duty_list": earlier.pk})
    assert refused.status_code == 200 and "duty_list" in refused.context["adminform"].form.errors
    assert client_as_root.post("/admin/township/basicduty/add/", {**data, "duty_list": latest.pk}).status_code == 302
    assert latest.duties.get(kind="basic", seq=500).name == "新增事项"


def test_a_versions_items_link_lists_exactly_that_versions_items(republished, client_as_root):
    earlier, _latest = republished
    html = client_as_root.get(f"/admin/township/dutylist/{earlier.pk}/change/").content.decode()
    url = next(part.split('"')[0] for part in html.split('href="') if "duty_list__id__exact" in part)
    listed = client_as_root.get(url.replace("&amp;", "&")).context["cl"].queryset
    assert {duty.duty_list_id for duty in listed} == {earlier.pk} and listed.count() == earlier.duties.count()


def test_earlier_versions_cannot_be_deleted_in_bulk_from_the_list(republished, client_as_root):
    earlier, latest = republished
    old_ids = list(earlier.duties.filter(kind="basic").values_list("pk", flat=True)[:3])
    for version in ("earlier", "all"):
        action_form = client_as_root.get(f"{BASIC_LIST}?version={version}").context["action_form"]
        assert action_form is None  # delete was the list's only action
        client_as_root.post(f"{BASIC_LIST}?version={version}",
                            {"action": "delete_selected", "_selected_action": old_ids, "post": "yes"})
    assert client_as_root.get(BASIC_LIST).context["action_form"] is not None
    # Listed by default (latest versions only), the earlier items are not among those an action may take.
    client_as_root.post(BASIC_LIST, {"action": "delete_selected", "_selected_action": old_ids, "post": "yes"})
    assert Duty.objects.filter(pk__in=old_ids).count() == 3
