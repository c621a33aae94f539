"""The admin roles as groups: administrator, county administrator, county editor, department user, viewer.

A county editor's (and county administrator's) reach is also limited to the counties of their
EditorProfile, and a department user speaks for the departments of theirs; that is enforced by
the admin's querysets and by the services, not by these groups.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ADMINISTRATORS = "管理员"
COUNTY_EDITORS = "县级编辑"
VIEWERS = "查看者"
COUNTY_ADMINISTRATORS = "县级管理员"
DEPARTMENT_USERS = "部门用户"
ALL_COUNTIES = "all_counties"

# What a county editor may do beyond viewing everything in their counties.
_EDITOR_CHANGES = {
    "basicduty": ("add", "change"),
    "coordinatingduty": ("add", "change"),
    "reclaimedduty": ("add", "change"),
    "duty": ("add", "change"),
    "dutydepartment": ("add", "change", "delete"),
    "responsibilityblock": ("add", "change", "delete"),
    "step": ("add", "change", "delete"),
    "reclaimedmethod": ("add", "change", "delete"),
    "reviewflag": ("change",),
    "dutylist": ("add",),  # upload a list of their county
    "departmentalias": ("add", "change", "delete"),
    "adjustmentapplication": ("add", "change"),  # file an adjustment (动态调整) application
}
# A department user sees the applications put to their departments and answers them.
_DEPARTMENT_USER_PERMISSIONS = ("view_adjustmentapplication", "view_adjustmentopinion",
                                "change_adjustmentopinion", "view_adjustmentevent")
APPROVE_ADJUSTMENTS = "approve_adjustmentapplication"
_HIDDEN_FROM_EDITORS = ("editorprofile", "pendingupload")


def _township_permissions() -> Q:
    return Q(content_type__app_label="township")


def _editor_permissions() -> Q:
    wanted = Q(codename__startswith="view_") & ~Q(content_type__model__in=_HIDDEN_FROM_EDITORS)
    for model, actions in _EDITOR_CHANGES.items():
        wanted |= Q(content_type__model=model, codename__in=[f"{action}_{model}" for action in actions])
    return wanted


def _grant(group_name: str, permissions: Q) -> None:
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.set(Permission.objects.filter(permissions))


def roles_sync(**_signal_arguments) -> None:
    """Create or update the role groups; runs after every migrate."""
    if not Permission.objects.filter(codename=ALL_COUNTIES).exists():
        return  # township's permissions are not created yet (e.g. migrating another app)
    _grant(ADMINISTRATORS, _township_permissions() | Q(content_type__app_label__in=["auth", "admin"]))
    editing = _township_permissions() & _editor_permissions() & ~Q(codename=ALL_COUNTIES)
    _grant(COUNTY_EDITORS, editing)
    _grant(COUNTY_ADMINISTRATORS, editing | (_township_permissions() & Q(codename=APPROVE_ADJUSTMENTS)))
    _grant(DEPARTMENT_USERS, _township_permissions() & Q(codename__in=_DEPARTMENT_USER_PERMISSIONS))
    views = Q(codename__startswith="view_") & ~Q(content_type__model__in=_HIDDEN_FROM_EDITORS)
    _grant(VIEWERS, _township_permissions() & (views | Q(codename=ALL_COUNTIES)))
