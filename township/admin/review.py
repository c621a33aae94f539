"""The review queue: every flag the importer set, filterable by county and reason."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from township.admin.history import PROXY_MODELS
from township.admin.scoping import CountyFilter, CountyScopedAdmin, TownshipFilter
from township.models import ReviewFlag
from township.selectors.review import REVIEW_UNITS, review_tally
from township.services import review_flags_mark_reviewed

MARKED = "已将 {count} 条标记设为已核对。"
NO_IMAGE = "这条标记没有原件图片。"
QUEUE_TITLE = "复核队列：导入时设下的待核对标记（每行一处）"
QUEUE_TALLY = "按当前筛选，{state}：{tally}。"


def cell_image(flag) -> str:
    """The scanned cell a flag is about, as an image served to editors, or "" when it has none."""
    if not getattr(flag, "has_image", False):  # annotated by with_image_marker
        return ""
    url = reverse("admin:township_reviewflag_image", args=[flag.pk])
    return format_html('<a href="{}" target="_blank" rel="noopener"><img class="cell-scan" src="{}" alt="{}"></a>',
                       url, url, f"扫描件原图：{flag.detail}")


def with_image_marker(queryset):
    """Flags without their image bytes, each knowing whether it has one (for lists and inlines)."""
    return queryset.defer("image").annotate(
        has_image=ExpressionWrapper(Q(image__isnull=False), output_field=BooleanField()))


class ReviewStateFilter(admin.SimpleListFilter):
    """Open flags unless asked otherwise: the queue shows what still needs a look."""

    title = _("状态")
    parameter_name = "state"
    # What the queue's count says it counts, by state.
    counted = {"open": "待核对", "reviewed": "已核对", "all": "全部标记"}

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
    list_display = ["item", "township_name", "reason", "detail", "scan", "reviewed_at", "reviewed_by"]
    list_display_links = None
    list_filter = [ReviewStateFilter, CountyFilter, TownshipFilter, "reason"]
    list_select_related = ["duty", "duty_list__township__county", "reviewed_by"]
    search_fields = ["detail", "duty__name"]
    ordering = ["duty_list__township__pinyin_key", "duty_list__township_id", "duty__kind", "duty__seq", "reason"]
    actions = ["mark_reviewed"]
    list_per_page = 100

    class Media:
        css = {"all": ["admin/css/dutylists.css"]}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return with_image_marker(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.fields if field.name != "image"] + ["scan"]

    def get_urls(self):
        view = self.admin_site.admin_view(self.image_view)
        return [path("<path:object_id>/image/", view, name="township_reviewflag_image")] + super().get_urls()

    def image_view(self, request, object_id):
        """The scanned cell's image: editors of the flag's county only, like the flag itself."""
        flag = self.get_object(request, object_id)  # 404 outside the editor's counties
        if not self.has_view_permission(request, flag):
            raise PermissionDenied
        if not flag.has_image:
            raise Http404(NO_IMAGE)
        image = type(flag).objects.values_list("image", flat=True).get(pk=flag.pk)
        response = HttpResponse(bytes(image), content_type="image/png")
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.display(description=_("原件图片"))
    def scan(self, flag) -> str:
        return cell_image(flag)

    def changelist_view(self, request, extra_context=None):
        """The queue, headed by how many flags and items its filters leave, counted as every page counts them."""
        extra_context = {**(extra_context or {}), "title": QUEUE_TITLE, "review_units": REVIEW_UNITS}
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:  # not after an action, which redirects
            state = ReviewStateFilter.counted.get(request.GET.get("state"), ReviewStateFilter.counted["open"])
            tally = review_tally(flags=changelist.queryset)
            response.context_data["review_tally"] = QUEUE_TALLY.format(state=state, tally=tally.text)
        return response

    @admin.display(description=_("事项"))
    def item(self, flag):
        """A link to the item's edit page, or to the version for a version-wide flag."""
        if flag.duty is None:
            url = reverse("admin:township_dutylist_change", args=[flag.duty_list_id])
            return format_html('<a href="{}">整个清单版本（{}）</a>', url, f"{flag.duty_list.published:%Y-%m}")
        proxy = PROXY_MODELS[flag.duty.kind]._meta
        url = reverse(f"admin:{proxy.app_label}_{proxy.model_name}_change", args=[flag.duty_id])
        return format_html('<a href="{}">{}</a>', url, str(flag.duty))

    @admin.display(description=_("乡镇（街道）"), ordering="duty_list__township__pinyin_key")
    def township_name(self, flag) -> str:
        return str(flag.duty_list.township)

    @admin.action(description=_("标记为已核对"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = review_flags_mark_reviewed(flags=queryset, user=request.user)
        self.message_user(request, MARKED.format(count=count), messages.SUCCESS)
