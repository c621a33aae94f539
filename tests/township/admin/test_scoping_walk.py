"""Every admin page walked as a county editor: nothing of another county is listed, offered or written.

The walk is driven by the admin site's registry, so a model, inline, action or autocomplete added
later is checked without anyone remembering to add a test for it. Which county a row belongs to
is found independently of the admin's own scoping: by following foreign keys to a county.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.forms import ModelChoiceField

from tests.township.admin.conftest import TOWNSHIP_A, TOWNSHIP_B, form_data, make_user
from tests.township.database import township_checksum
from township.models import Department, DepartmentAlias, Place
from township.services.roles import COUNTY_EDITORS

pytestmark = pytest.mark.django_db

SHARED = "shared"  # a row that belongs to no county (a category, a user, the catalogue)
REFUSED = {403, 404}


def owning_county(obj, depth: int = 0):
    """The id of the county `obj` belongs to, following foreign keys; SHARED when none leads there."""
    if isinstance(obj, Place):
        return obj.pk if obj.level == Place.Level.COUNTY else SHARED
    if depth > 5:
        return SHARED
    for field in obj._meta.concrete_fields:
        if field.many_to_one and (field.related_model is Place or depth < 5):
            related = getattr(obj, field.name, None)
            if related is None:
                continue
            county = owning_county(related, depth + 1)
            if county != SHARED:
                return county
    return SHARED


def in_scope(obj, county_id: int) -> bool:
    return owning_county(obj) in (county_id, SHARED)


def admin_url(model, suffix: str = "") -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


def rows_of_county(model, county_id: int, *, inside: bool):
    """Rows of `model` that do (inside) or don't belong to the county, a few of each at most."""
    rows = []
    for obj in model._default_manager.all()[:400]:
        county = owning_county(obj)
        if county != SHARED and (county == county_id) == inside:
            rows.append(obj)
            if len(rows) == 3:
                break
    return rows


@pytest.fixture
def scoped_world(bundled_lists):
    """County A's editor, plus an alias in each county so that alias pages have rows on both sides."""
    county_a = Place.objects.get(townships__name=TOWNSHIP_A)
    county_b = Place.objects.get(townships__name=TOWNSHIP_B)
    for county, spelling in ((county_a, "本县测试写法"), (county_b, "外县测试写法")):
        DepartmentAlias.objects.create(department=Department.objects.filter(place=county).first(), name=spelling)
    editor = make_user("walker", role=COUNTY_EDITORS, counties=[county_a])
    return editor, county_a, county_b


def registered():
    return sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


def model_choice_fields(response):
    """Every model choice field of the page's main form and of each inline's forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += list(inline.formset.forms) + [inline.formset.empty_form]
    for form in forms:
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField):
                yield form, name, field


def test_every_changelist_lists_only_the_editors_county(scoped_world, client):
    editor, county_a, _ = scoped_world
    client.force_login(editor)
    for model, _ in registered():
        response = client.get(admin_url(model), {"all": ""})
        assert response.status_code in {200} | REFUSED, model
        if response.status_code == 200:
            for obj in response.context["cl"].result_list:
                listed = owning_county(obj)
                assert listed in (county_a.pk, SHARED) or (
                    model is Place and obj.pk in (county_a.parent_id, county_a.parent.parent_id)), (model, obj)


@pytest.mark.parametrize("suffix", ["change/", "delete/", "history/"])
def test_every_row_of_another_county_is_refused_to_get_and_post(scoped_world, client, suffix):
    editor, _, county_b = scoped_world
    client.force_login(editor)
    before = township_checksum()
    for model, _ in registered():
        for obj in rows_of_county(model, county_b.pk, inside=True):
            url = admin_url(model, f"{obj.pk}/{suffix}")
            assert client.get(url).status_code in REFUSED, url
            assert client.post(url, {"post": "yes", "name": "越权改名"}).status_code in REFUSED, url
    assert township_checksum() == before


def test_every_choice_on_every_form_lies_in_the_editors_county(scoped_world, client):
    editor, county_a, _ = scoped_world
    client.force_login(editor)
    pages = 0
    for model, _ in registered():
        urls = [admin_url(model, "add/")] + [
            admin_url(model, f"{obj.pk}/change/") for obj in rows_of_county(model, county_a.pk, inside=True)[:1]]
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or "adminform" not in (response.context or {}):
                continue
            pages += 1
            for _, name, field in model_choice_fields(response):
                outside = [obj for obj in field.queryset[:2000] if not in_scope(obj, county_a.pk)]
                assert not outside, (url, name, outside[:3])
    assert pages >= 5  # items of each part, aliases, versions, flags: the walk reached real forms


def test_a_crafted_post_naming_another_countys_row_changes_nothing(scoped_world, client):
    editor, county_a, county_b = scoped_world
    client.force_login(editor)
    forged = 0
    for model, _ in registered():
        for obj in rows_of_county(model, county_a.pk, inside=True)[:1]:
            url = admin_url(model, f"{obj.pk}/change/")
            page = client.get(url)
            if page.status_code != 200 or "adminform" not in (page.context or {}):
                continue
            for form, name, field in model_choice_fields(page):
                foreign = [row for row in field.queryset.model._default_manager.all()[:400]
                           if owning_county(row) == county_b.pk][:1]
                if not foreign or form.prefix and "__prefix__" in form.prefix:
                    continue
                data = form_data(page)
                data[form.add_prefix(name)] = foreign[0].pk
                before = township_checksum()
                response = client.post(url, data)
                assert response.status_code in {200} | REFUSED, (url, name)
                assert township_checksum() == before, (url, name)
                forged += 1
    assert forged >= 3


def test_an_alias_cannot_be_added_to_or_moved_into_another_county(scoped_world, client):
    editor, county_a, county_b = scoped_world
    client.force_login(editor)
    foreign = Department.objects.filter(place=county_b).first()
    response = client.post(admin_url(DepartmentAlias, "add/"), {"department": foreign.pk, "name": "越权别名"})
    assert response.status_code == 200  # the form comes back with an error on 部门
    assert not DepartmentAlias.objects.filter(name="越权别名").exists()
    own = DepartmentAlias.objects.get(name="本县测试写法")
    response = client.post(admin_url(DepartmentAlias, f"{own.pk}/change/"),
                           {"department": foreign.pk, "name": own.name})
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.place_id == county_a.pk and own.department.place_id == county_a.pk


def test_an_editor_still_adds_an_alias_to_a_department_of_their_county(scoped_world, client):
    editor, county_a, _ = scoped_world
    client.force_login(editor)
    department = Department.objects.filter(place=county_a).first()
    response = client.post(admin_url(DepartmentAlias, "add/"), {"department": department.pk, "name": "本县新写法"})
    assert response.status_code == 302
    assert DepartmentAlias.objects.get(name="本县新写法").place_id == county_a.pk


def test_every_autocomplete_answers_only_rows_of_the_editors_county(scoped_world, client):
    editor, county_a, _ = scoped_world
    client.force_login(editor)
    asked = 0
    for model, model_admin in registered():
        owners = [(model, model_admin)] + [(inline.model, inline) for inline in model_admin.inlines]
        for owner, owner_admin in owners:
            for field_name in getattr(owner_admin, "autocomplete_fields", ()):
                response = client.get("/admin/autocomplete/", {
                    "app_label": owner._meta.app_label, "model_name": owner._meta.model_name,
                    "field_name": field_name, "term": ""})
                if response.status_code != 200:
                    continue
                asked += 1
                related = owner._meta.get_field(field_name).related_model
                ids = [result["id"] for result in response.json()["results"]]
                for obj in related._default_manager.filter(pk__in=ids):
                    assert in_scope(obj, county_a.pk), (owner, field_name, obj)
    assert asked >= 3


def test_every_action_on_another_countys_rows_changes_nothing(scoped_world, client):
    editor, _, county_b = scoped_world
    client.force_login(editor)
    before = township_checksum()
    for model, model_admin in registered():
        ids = [obj.pk for obj in rows_of_county(model, county_b.pk, inside=True)]
        if not ids:
            continue
        request = client.get(admin_url(model)).wsgi_request
        for action in model_admin.get_actions(request):
            client.post(admin_url(model), {"action": action, "_selected_action": ids, "post": "yes",
                                           "apply": "1", "target": ids[0]})
    assert township_checksum() == before
