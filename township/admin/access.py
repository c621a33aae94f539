"""Users and groups in the admin, with the counties a county editor is responsible for."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

from township.admin.scoping import ScopedChoicesMixin, ScopedStackedInline
from township.models import EditorProfile

User = get_user_model()
# Django stores permission names in English ("Can add 履职事项"); these are shown instead.
YES_NO = {True: "是", False: "否"}
PERMISSION_ACTIONS = {"add": "可添加", "change": "可修改", "delete": "可删除", "view": "可查看"}


def permission_label(permission: Permission) -> str:
    """A permission as "应用 | 模型 | 可修改模型", in Chinese where the model has a Chinese name."""
    action, _separator, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action not in PERMISSION_ACTIONS or model is None or model._meta.model_name != model_name:
        return str(permission)  # a custom permission: its own name
    app = _app_name(model)
    return f"{app} | {model._meta.verbose_name} | {PERMISSION_ACTIONS[action]}{model._meta.verbose_name}"


def _app_name(model) -> str:
    """The app's verbose name (Chinese for Django's own apps through their catalogues)."""
    return str(model._meta.app_config.verbose_name)


class PermissionLabelsMixin:
    """Permissions offered by their Chinese labels in the admin's permission pickers."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Permission:
            field.label_from_instance = permission_label
        return field


class EditorProfileInline(ScopedStackedInline):
    model = EditorProfile
    can_delete = False
    filter_horizontal = ["counties"]
    autocomplete_fields = ["departments"]
    verbose_name = verbose_name_plural = _("县级编辑负责的县（市、区）")


admin.site.unregister(User)


@admin.register(User)
class EditorUserAdmin(PermissionLabelsMixin, ScopedChoicesMixin, UserAdmin):
    """Django's user admin plus the editor's counties; roles are the groups 管理员/县级编辑/查看者."""

    inlines = [EditorProfileInline]
    # Yes/no as words: Django's tick icons carry alt="True"/"False", English for a screen reader.
    list_display = ["username", "first_name", "active", "superuser", "role_list", "county_list"]
    list_filter = ["groups", "is_active", "is_superuser"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "editor_profile__counties")

    @admin.display(description=_("有效"), ordering="is_active")
    def active(self, user) -> str:
        return YES_NO[user.is_active]

    @admin.display(description=_("超级用户状态"), ordering="is_superuser")
    def superuser(self, user) -> str:
        return YES_NO[user.is_superuser]

    @admin.display(description=_("角色"))
    def role_list(self, user) -> str:
        return "、".join(group.name for group in user.groups.all())

    @admin.display(description=_("负责的县"))
    def county_list(self, user) -> str:
        profile = getattr(user, "editor_profile", None)
        return "、".join(county.name for county in profile.counties.all()) if profile else ""


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(PermissionLabelsMixin, GroupAdmin):
    """Django's group admin, its permissions named in Chinese."""
