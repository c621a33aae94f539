"""The review queue: every flag the importer set, filterable by county and reason."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from township.admin.history import PROXY_MODELS
from township.admin.scoping import CountyFilter, CountyScopedAdmin, TownshipFilter
from township.models import ReviewFlag
from township.services import review_flags_mark_reviewed

MARKED = "已将 {count} 条标记设为已核对。"


class ReviewStateFilter(admin.SimpleListFilter):
    """Open flags unless asked otherwise: the queue shows what still needs a look."""

    title = _("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("待核对")), ("reviewed", _("已核对")), ("all", _("全部"))]

    def value(self):
        return super().value() or "open"

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(reviewed_at__isnull=True)
        if self.value() == "reviewed":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset

    def choices(self, changelist):
        """Django's choices without the "全部" entry up front (it is the last lookup here)."""
        return [choice for choice in super().choices(changelist)][1:]


@admin.register(ReviewFlag)
class ReviewFlagAdmin(CountyScopedAdmin):
    county_path = "duty_list__township__county"
    list_display = ["item", "township_name", "reason", "detail", "reviewed_at", "reviewed_by"]
    list_display_links = None
    list_filter = [ReviewStateFilter, CountyFilter, TownshipFilter, "reason"]
    list_select_related = ["duty", "duty_list__township__county", "reviewed_by"]
    search_fields = ["detail", "duty__name"]
    ordering = ["duty_list__township__name", "duty__kind", "duty__seq", "reason"]
    actions = ["mark_reviewed"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.fields]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("复核队列：导入时标记的待核对事项")}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("事项"))
    def item(self, flag):
        """A link to the item's edit page, or to the version for a version-wide flag."""
        if flag.duty is None:
            url = reverse("admin:township_dutylist_change", args=[flag.duty_list_id])
            return format_html('<a href="{}">整个清单版本（{}）</a>', url, f"{flag.duty_list.published:%Y-%m}")
        proxy = PROXY_MODELS[flag.duty.kind]._meta
        url = reverse(f"admin:{proxy.app_label}_{proxy.model_name}_change", args=[flag.duty_id])
        return format_html('<a href="{}">{}</a>', url, str(flag.duty))

    @admin.display(description=_("乡镇（街道）"), ordering="duty_list__township__name")
    def township_name(self, flag) -> str:
        return str(flag.duty_list.township)

    @admin.action(description=_("标记为已核对"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = review_flags_mark_reviewed(flags=queryset, user=request.user)
        self.message_user(request, MARKED.format(count=count), messages.SUCCESS)
