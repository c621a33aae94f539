"""Users in the admin, with the counties a county editor is responsible for."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from township.admin.scoping import ScopedChoicesMixin, ScopedStackedInline
from township.models import EditorProfile

User = get_user_model()


class EditorProfileInline(ScopedStackedInline):
    model = EditorProfile
    can_delete = False
    filter_horizontal = ["counties"]
    verbose_name = verbose_name_plural = _("县级编辑负责的县（市、区）")


admin.site.unregister(User)


@admin.register(User)
class EditorUserAdmin(ScopedChoicesMixin, UserAdmin):
    """Django's user admin plus the editor's counties; roles are the groups 管理员/县级编辑/查看者."""

    inlines = [EditorProfileInline]
    list_display = ["username", "first_name", "is_active", "is_superuser", "role_list", "county_list"]
    list_filter = ["groups", "is_active", "is_superuser"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "editor_profile__counties")

    @admin.display(description=_("角色"))
    def role_list(self, user) -> str:
        return "、".join(group.name for group in user.groups.all())

    @admin.display(description=_("负责的县"))
    def county_list(self, user) -> str:
        profile = getattr(user, "editor_profile", None)
        return "、".join(county.name for county in profile.counties.all()) if profile else ""
