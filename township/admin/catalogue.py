"""The catalogue in the admin: read only, since imports, item edits and build_catalogue compute it from the lists."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from township.admin.scoping import ReadOnlyMixin, ScopedChoicesMixin, ScopedTabularInline
from township.models import CatalogueBuild, CatalogueEntry, CatalogueLink


class CatalogueLinkInline(ScopedTabularInline):
    model = CatalogueLink
    fields = ["township", "duty"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("有此事项的乡镇")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("township__county", "duty")

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, ScopedChoicesMixin, admin.ModelAdmin):
    """Listed and read; only imports, item edits and build_catalogue write these."""


@admin.register(CatalogueBuild)
class CatalogueBuildAdmin(ReadOnlyAdmin):
    list_display = ["built_at", "townships", "items", "linked", "entries"]
    date_hierarchy = "built_at"
    ordering = ["-built_at"]


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "category", "township_count"]
    list_filter = ["kind", "category"]
    list_select_related = ["category"]
    search_fields = ["name"]
    ordering = ["kind", "-township_count", "name"]
    show_facets = admin.ShowFacets.ALWAYS
    inlines = [CatalogueLinkInline]
