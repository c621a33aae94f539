"""Places and townships in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from township.admin.scoping import NOT_FOUND, CountyFilter, CountyScopedAdmin, ScopedChoicesMixin, name_by_pinyin
from township.access import county_scope
from township.models import Place, Township
from township.selectors.common import township_order


@admin.register(Place)
class PlaceAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = [name_by_pinyin(_("名称")), "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    show_facets = admin.ShowFacets.ALWAYS

    def get_queryset(self, request):
        """Editors see their counties and the places above them."""
        queryset = super().get_queryset(request)
        scope = county_scope(request.user)
        if scope is None:
            return queryset
        counties = Place.objects.filter(pk__in=scope)
        return queryset.filter(pk__in=counties.values("pk")) | queryset.filter(
            pk__in=counties.values("parent")) | queryset.filter(pk__in=counties.values("parent__parent"))

    def get_object(self, request, object_id, from_field=None):
        """A place outside the editor's reach answers 404, as every county-scoped page does."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(NOT_FOUND)
        return obj


@admin.register(Township)
class TownshipAdmin(CountyScopedAdmin):
    list_display = [name_by_pinyin(_("名称")), "kind", "county", "versions"]
    # The version counts below group the rows, and a grouped query drops the model's ordering
    # (in the changelist and in the autocomplete): by county, then township, in pinyin.
    ordering = township_order()
    list_filter = [CountyFilter, "kind"]
    list_select_related = ["county"]
    search_fields = ["name", "county__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(version_count=Count("lists"))

    @admin.display(description="清单版本数", ordering="version_count")
    def versions(self, obj) -> int:
        return obj.version_count
