"""Departments in the admin: merging two into one moves every reference; aliases are kept."""

from __future__ import annotations

import pytest

from tests.township.admin.conftest import make_user
from township.admin.vocabulary import MERGED
from township.models import Department, DepartmentAlias, DutyDepartment
from township.selectors.search import duty_search
from township.services import DepartmentMergeRefused, department_merge
from township.services.departments import OTHER_COUNTY

pytestmark = pytest.mark.django_db

# Two real departments of 于田县 whose items don't overlap, standing in for two spellings of one.
SOURCE, TARGET = "于田县科学技术局", "于田县科学技术协会"


def _department(name: str) -> Department:
    return Department.objects.get(name=name)


def _references(department: Department) -> set[int]:
    return {*department.duty_links.values_list("duty_id", flat=True),
            *department.blocks.values_list("duty_id", flat=True),
            *department.methods.values_list("duty_id", flat=True)}


def test_merging_through_the_admin_action_moves_every_reference(bundled_lists, login):
    source, target = _department(SOURCE), _department(TARGET)
    moved = _references(source)
    expected_items = moved | _references(target)
    client = login(make_user("root", superuser=True))
    ids = [source.pk, target.pk]
    confirm = client.post("/admin/township/department/", {"action": "merge_departments", "_selected_action": ids})
    assert confirm.status_code == 200 and "确认合并" in confirm.content.decode()
    response = client.post("/admin/township/department/", {
        "action": "merge_departments", "_selected_action": ids, "target": target.pk, "apply": "1"})
    assert response.status_code == 302
    assert not Department.objects.filter(pk=source.pk).exists()
    assert _references(target) == expected_items
    assert DepartmentAlias.objects.filter(department=target, name=SOURCE).exists()
    text = MERGED.format(names=SOURCE, target=TARGET, items=len(moved), aliases=1)
    assert text in [str(message) for message in response.wsgi_request._messages]
    # The published spelling stays as it was.
    assert DutyDepartment.objects.filter(duty_id__in=moved, name_as_published__contains="科学技术局").exists()


def test_a_merged_department_still_finds_its_items_by_the_old_name(bundled_lists):
    source, target = _department(SOURCE), _department(TARGET)
    items = _references(source)
    department_merge(sources=[source], target=target)
    found = duty_search(params={"department": target.pk}).qs
    assert items <= {duty.pk for duty in found}


def test_departments_of_different_counties_are_not_merged(bundled_lists):
    target = _department(TARGET)
    other = Department.objects.exclude(place=target.place).first()
    with pytest.raises(DepartmentMergeRefused, match=OTHER_COUNTY.split("：")[0]):
        department_merge(sources=[other], target=target)
    assert Department.objects.filter(pk=other.pk).exists()


def test_a_county_editor_cannot_merge_departments(editor_a, login):
    source, target = _department(SOURCE), _department(TARGET)
    response = login(editor_a).post("/admin/township/department/", {
        "action": "merge_departments", "_selected_action": [source.pk, target.pk], "target": target.pk,
        "apply": "1"})
    assert response.status_code == 200  # no action is offered to them, so the list just shows again
    assert Department.objects.filter(pk=source.pk).exists()


def test_aliases_are_managed_on_the_department_page(bundled_lists, login):
    target = _department(TARGET)
    client = login(make_user("root", superuser=True))
    page = client.get(f"/admin/township/department/{target.pk}/change/")
    assert "别名" in page.content.decode()
    response = client.post(f"/admin/township/department/{target.pk}/change/", {
        "place": target.place_id, "name": target.name, "aliases-TOTAL_FORMS": 1, "aliases-INITIAL_FORMS": 0,
        "aliases-0-name": "县科协"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DepartmentAlias.objects.get(name="县科协").department == target


def test_adding_a_spelling_the_county_already_has_is_a_form_error_not_a_crash(bundled_lists, login):
    from township.admin.vocabulary import ALIAS_TAKEN

    department = _department(SOURCE)
    DepartmentAlias.objects.create(department=department, name="科技局")
    client = login(make_user("root", superuser=True))
    response = client.post("/admin/township/departmentalias/add/", {"department": department.pk, "name": "科技局"})
    assert response.status_code == 200
    assert ALIAS_TAKEN.format(name="科技局") in response.content.decode()
    assert DepartmentAlias.objects.filter(place=department.place, name="科技局").count() == 1
