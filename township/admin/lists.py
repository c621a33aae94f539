"""List versions and import records in the admin; new versions come in by upload."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from importers import registry
from township.admin import uploads
from township.admin.scoping import (
    CountyFilter, CountyScopedAdmin, RecordAdmin, ScopedStackedInline, ScopedTabularInline, TownshipFilter,
)
from township.models import DutyList, ImportRecord, ReviewFlag, TownshipProfile
from township.selectors.common import township_order


class LabelledValueFilter(admin.SimpleListFilter):
    """A filter on a field that stores a code, offering the codes' Chinese names rather than the codes."""

    field = ""

    def labels(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return self.labels()

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class LayoutFilter(LabelledValueFilter):
    title = _("版式")
    parameter_name = field = "layout"

    def labels(self):
        return [(layout.NAME, layout.LABEL) for layout in registry.LAYOUTS]


class ImportStatusFilter(LabelledValueFilter):
    title = _("结果")
    parameter_name = field = "status"

    def labels(self):
        return list(uploads.STATUS_LABELS.items())


class TownshipProfileInline(ScopedStackedInline):
    model = TownshipProfile
    extra = 0


class VersionFlagInline(ScopedTabularInline):
    """Flags about the whole version, such as counts that differ from the 说明."""

    model = ReviewFlag
    fields = ["reason", "detail", "reviewed_at", "reviewed_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("整份清单的待核对标记")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(duty__isnull=True).select_related("reviewed_by")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DutyList)
class DutyListAdmin(CountyScopedAdmin):
    county_path = "township__county"
    list_display = ["township", "published_month", "layout_label", "source_name", "item_count", "open_flags",
                    "imported_at", "imported_by"]
    list_filter = [CountyFilter, TownshipFilter, LayoutFilter]
    list_select_related = ["township__county", "imported_by"]
    search_fields = ["township__name", "township__county__name", "source_name"]
    readonly_fields = ["township", "published", "layout_label", "source_name", "source_sha256", "imported_at",
                       "imported_by", "stated_basic", "stated_coordinating", "stated_reclaimed", "stated_total",
                       "stated_departments_coordinating", "stated_departments_reclaimed", "items_link"]
    exclude = ["stated_categories", "report", "layout"]  # shown by its Chinese name instead
    inlines = [VersionFlagInline, TownshipProfileInline]
    ordering = [*township_order("township__"), "-published"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            duty_count=Count("duties", distinct=True),
            open_flag_count=Count("flags", filter=Q(flags__reviewed_at__isnull=True), distinct=True))

    @admin.display(description=_("发布月份"), ordering="published")
    def published_month(self, obj) -> str:
        return f"{obj.published:%Y-%m}"

    @admin.display(description=_("版式"), ordering="layout")
    def layout_label(self, obj) -> str:
        return registry.label_of(obj.layout) if obj.layout else "—"

    @admin.display(description=_("事项数"), ordering="duty_count")
    def item_count(self, obj) -> int:
        return obj.duty_count

    @admin.display(description=_("待核对标记"), ordering="open_flag_count")
    def open_flags(self, obj) -> int:
        return obj.open_flag_count

    @admin.display(description=_("事项"))
    def items_link(self, obj) -> str:
        # This version's items, whichever version it is (the item lists show the latest unless told).
        query = f"county={obj.township.county_id}&township={obj.township_id}&version=all&duty_list__id__exact={obj.pk}"
        url = f"{reverse('admin:township_duty_changelist')}?{query}"
        return format_html('<a href="{}">本版本的事项</a> · <a href="{}">在门户中查看</a>',
                           url, reverse("township:version", args=[obj.township_id, obj.pk]))

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="township_dutylist_upload"),
            path("upload/<int:pending_id>/confirm/", self.admin_site.admin_view(self.confirm_view),
                 name="township_dutylist_upload_confirm"),
        ] + super().get_urls()

    def upload_view(self, request):
        return uploads.upload_view(self, request)

    def confirm_view(self, request, pending_id):
        return uploads.confirm_view(self, request, pending_id)

    def add_view(self, request, form_url="", extra_context=None):
        """A version is added by uploading its list, never typed in."""
        return HttpResponseRedirect(reverse("admin:township_dutylist_upload"))


@admin.register(ImportRecord)
class ImportRecordAdmin(RecordAdmin):
    county_path = "township__county"
    list_display = ["imported_at", "source_name", "township", "published_month", "status_label", "via",
                    "imported_by", "system_user"]
    list_filter = [CountyFilter, "via", ImportStatusFilter]
    fields = ["duty_list", "township", "published", "source_name", "source_sha256", "status_label", "summary",
              "via", "imported_at", "imported_by", "system_user"]
    readonly_fields = ["status_label", "imported_at"]  # the result by its Chinese name, not its code
    list_select_related = ["township__county", "imported_by"]
    search_fields = ["source_name", "township__name"]
    date_hierarchy = "imported_at"

    @admin.display(description=_("发布月份"), ordering="published")
    def published_month(self, obj) -> str:
        return f"{obj.published:%Y-%m}"

    @admin.display(description=_("结果"), ordering="status")
    def status_label(self, obj) -> str:
        return uploads.STATUS_LABELS.get(obj.status, obj.status)
