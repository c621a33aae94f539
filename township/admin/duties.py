"""Items in the admin: one page per item with its departments, steps and methods in order."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Value
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from township.admin import forms, history
from township.admin.review import cell_image, with_image_marker
from township.admin.scoping import (
    NOT_FOUND, CategoryFilter, CountyFilter, CountyScopedAdmin, ScopedTabularInline, TownshipFilter,
)
from township.models import (
    BasicDuty, CoordinatingDuty, Duty, DutyDepartment, ReclaimedDuty,
    ReclaimedMethod, ResponsibilityBlock, ReviewFlag,
)
from township.search import MATCH_WEIGHTS, TsQuery, query_literal
from township.selectors.common import latest_lists
from township.services import (
    duty_edit_record, duty_revision_before_delete, duty_revision_record,
    duty_search_document_refresh, duty_snapshot, lists_changed,
)

REORDER_MEDIA = {"js": ["admin/js/inline-reorder.js"], "css": {"all": ["admin/css/dutylists.css"]}}
EARLIER_VERSION = ("此事项属于{township} {published} 版清单，不是最新版本（最新为 {latest} 版），只能查看，不能修改。"
                   "要修改，请到最新版本中找到对应事项。")
LATEST_ITEMS = "查看{township}最新版本的{part}"


def is_latest_version(duty: Duty) -> bool:
    """Whether the item belongs to its township's most recently published list (kept on the item per request)."""
    if not hasattr(duty, "_on_latest_list"):
        duty._on_latest_list = latest_lists().filter(pk=duty.duty_list_id).exists()
    return duty._on_latest_list


class VersionFilter(admin.SimpleListFilter):
    """The items of each township's latest list unless asked for earlier versions or all of them.

    After a re-upload a township has two versions of every item; only the latest is edited.
    """

    title = _("版本")
    parameter_name = "version"
    LATEST, EARLIER, ALL = "latest", "earlier", "all"

    def lookups(self, request, model_admin):
        return [(self.LATEST, _("最新版本")), (self.EARLIER, _("历史版本")), (self.ALL, _("全部"))]

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        if self.value() == self.EARLIER:
            return queryset.exclude(duty_list__in=latest_lists())
        return queryset.filter(duty_list__in=latest_lists())  # also for a value it does not know

    def choices(self, changelist):
        # Django's first choice (no parameter) would be a second 全部: here no parameter means latest.
        choices = list(super().choices(changelist))[1:]
        chosen = self.value() if self.value() in (self.EARLIER, self.ALL) else self.LATEST
        for choice, (lookup, _title) in zip(choices, self.lookup_choices):
            choice["selected"] = lookup == chosen
        return choices


class LatestVersionOnly:
    """An item not on its township's latest list is read only: the page shows it, nothing saves it."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or is_latest_version(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or is_latest_version(obj))


class LatestVersionOnlyInline(LatestVersionOnly):
    """The rows of an item (`obj`, the parent) read only when the item is not on the latest list."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or is_latest_version(obj))


class OrderedInline(LatestVersionOnlyInline, ScopedTabularInline):
    """Rows with a 顺序 column and ↑/↓ buttons (static/admin/js/inline-reorder.js)."""

    extra = 0
    classes = ["reorderable"]

    class Media:
        js = REORDER_MEDIA["js"]
        css = REORDER_MEDIA["css"]


class DutyDepartmentInline(OrderedInline):
    model = DutyDepartment
    form = forms.DutyDepartmentForm
    fields = ["order", "name_as_published", "named_in", "department"]
    autocomplete_fields = ["department"]
    verbose_name_plural = _("对应部门（按原文顺序）")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")


class DepartmentBlockInline(OrderedInline):
    model = ResponsibilityBlock
    classes = ["reorderable", "fit-width"]  # as wide as the page, the steps taking what is left
    form = forms.BlockForm
    fields = ["order", "department_name", "department", "heading", "steps_text"]
    autocomplete_fields = ["department"]
    verbose_name = _("上级部门职责")
    verbose_name_plural = _("上级部门职责（每个部门或小标题一组）")

    def get_queryset(self, request):
        side = self.form.side
        return super().get_queryset(request).filter(side=side).select_related("department").prefetch_related("steps")


class TownshipBlockInline(DepartmentBlockInline):
    form = forms.TownshipBlockForm
    fields = ["order", "heading", "steps_text"]
    autocomplete_fields: list[str] = []
    verbose_name = _("乡镇（街道）配合职责")
    verbose_name_plural = _("乡镇（街道）配合职责")


class ReclaimedMethodInline(OrderedInline):
    model = ReclaimedMethod
    classes = ["reorderable", "fit-width"]
    form = forms.ReclaimedMethodForm
    fields = ["order", "department_name", "department", "text"]
    autocomplete_fields = ["department"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")


class ReviewFlagInline(LatestVersionOnlyInline, ScopedTabularInline):
    model = ReviewFlag
    form = forms.ReviewFlagForm
    fields = ["reason", "detail", "scan", "created_at", "reviewed", "reviewed_at", "reviewed_by"]
    readonly_fields = ["reason", "detail", "scan", "created_at", "reviewed_at", "reviewed_by"]
    extra = 0
    can_delete = False
    verbose_name_plural = _("待核对标记（核对后勾选“已核对”）")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return with_image_marker(super().get_queryset(request).select_related("reviewed_by"))

    @admin.display(description=_("原件图片"))
    def scan(self, flag) -> str:
        return cell_image(flag)


class ReviewStatusFilter(admin.SimpleListFilter):
    """Items with open flags, with only reviewed flags, or never flagged."""

    title = _("核对状态")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("open", _("待核对")), ("reviewed", _("已核对")), ("none", _("无标记"))]

    def queryset(self, request, queryset):
        flags = ReviewFlag.objects.filter(duty=OuterRef("pk"))
        open_flags = Exists(flags.filter(reviewed_at__isnull=True))
        if self.value() == "open":
            return queryset.filter(open_flags)
        if self.value() == "reviewed":
            return queryset.filter(Exists(flags), ~open_flags)
        if self.value() == "none":
            return queryset.filter(~Exists(flags))
        return queryset


def _renumber(formset) -> None:
    """Save the formset's rows in the order their 顺序 says, numbered 1…n."""
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    kept = [form for form in formset.forms
            if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())]
    kept.sort(key=lambda form: (form.cleaned_data.get("order") or 10**6, formset.forms.index(form)))
    for position, form in enumerate(kept, start=1):
        row, is_new = form.instance, form.instance._state.adding
        if form.has_changed() or row.position != position:
            row.position = position
            row.save()
        if "steps_text" in form.fields and (is_new or "steps_text" in form.changed_data):
            row.steps.all().delete()
            row.steps.bulk_create([row.steps.model(block=row, position=number, text=text)
                                   for number, text in enumerate(form.cleaned_data["steps_text"], start=1)])


class DutyAdmin(LatestVersionOnly, CountyScopedAdmin):
    """Shared by the three parts; each proxy admin lists one part."""

    form = forms.DutyForm
    county_path = "duty_list__township__county"
    kind: str | None = None
    list_display = ["seq", "name", "category", "township_name", "published", "open_flags"]
    list_display_links = ["seq", "name"]
    list_filter = [VersionFilter, CountyFilter, TownshipFilter, CategoryFilter, ReviewStatusFilter]
    list_select_related = ["category", "duty_list__township"]
    list_per_page = 100
    search_fields = ["name"]
    search_help_text = _("按事项名称和职责内容中的字词检索，与门户检索相同，如“消防”“低保”。")
    autocomplete_fields = ["category", "duty_list"]
    ordering = ["duty_list__township__pinyin_key", "duty_list__township_id", "-duty_list__published", "seq"]
    inlines = [ReviewFlagInline]
    change_form_template = "admin/township/duty/change_form.html"
    fieldsets = [(None, {"fields": ["duty_list", "seq", "category", "name", "note", "loaded_version"]}),
                 (_("来源与修改"), {"fields": ["source_line", "corrected_at", "corrected_by"]})]

    class Media:
        css = REORDER_MEDIA["css"]  # also on parts without reorderable rows: the earlier-version notice

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        open_flags = ReviewFlag.objects.filter(duty=OuterRef("pk"), reviewed_at__isnull=True)
        return queryset.annotate(has_open_flags=Exists(open_flags))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.part = self.kind  # the part a new item goes into, for the seq check
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = ["source_line", "corrected_at", "corrected_by"]
        return fields + ["duty_list"] if obj is not None else fields

    def get_search_results(self, request, queryset, search_term):
        """The portal's Chinese search over the same index and fields, so both find the same items."""
        literal = query_literal(search_term, weight=MATCH_WEIGHTS)
        if literal is None:
            return queryset, False
        return queryset.filter(search_document=TsQuery(Value(literal))), False

    @admin.display(description=_("乡镇（街道）"), ordering="duty_list__township__pinyin_key")
    def township_name(self, obj) -> str:
        return obj.duty_list.township.name

    @admin.display(description=_("发布月份"), ordering="duty_list__published")
    def published(self, obj) -> str:
        return f"{obj.duty_list.published:%Y-%m}"

    @admin.display(description=_("核对"), ordering="-has_open_flags")
    def open_flags(self, obj) -> str:
        """The word 待核对 for an item with a flag nobody cleared; blank, not a red cross, otherwise."""
        return _("待核对") if obj.has_open_flags else ""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/revisions/", self.admin_site.admin_view(self.revisions_view),
                 name=f"{name}_revisions"),
            path("<path:object_id>/revisions/<int:number>/revert/",
                 self.admin_site.admin_view(self.revert_view), name=f"{name}_revert"),
        ] + super().get_urls()

    def revisions_view(self, request, object_id):
        return history.revisions_view(self, request, object_id)

    def revert_view(self, request, object_id, number):
        return history.revert_view(self, request, object_id, number)

    def save_model(self, request, obj, form, change) -> None:
        """Note the item as stored before this save, for save_related to tell whether it changed."""
        if change:
            obj.state_before_edit = duty_snapshot(duty_id=obj.pk)
        elif self.kind:
            obj.kind = self.kind
        if not self.in_scope(request, obj):
            raise PermissionDenied(NOT_FOUND)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        duty_revision_before_delete(duty=obj, user=request.user)
        super().delete_model(request, obj)
        lists_changed(township_ids=[obj.duty_list.township_id])

    def delete_queryset(self, request, queryset) -> None:
        townships = set(queryset.values_list("duty_list__township_id", flat=True))
        for duty in queryset:
            duty_revision_before_delete(duty=duty, user=request.user)
        super().delete_queryset(request, queryset)
        lists_changed(township_ids=townships)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is ReviewFlag:
            self._save_review(request, formset)
        elif hasattr(formset.model, "position"):
            _renumber(formset)
        else:
            super().save_formset(request, form, formset, change)

    def _save_review(self, request, formset) -> None:
        formset.save(commit=False)  # nothing to write, but the change message reads its results
        for flag_form in formset.forms:
            flag, reviewed = flag_form.instance, flag_form.cleaned_data.get("reviewed", False)
            if reviewed != (flag.reviewed_at is not None):
                flag.reviewed_at, flag.reviewed_by = (timezone.now(), request.user) if reviewed else (None, None)
                flag.save(update_fields=["reviewed_at", "reviewed_by"])

    def save_related(self, request, form, formsets, change) -> None:
        """After the inlines are saved: refresh the search document and record what changed."""
        super().save_related(request, form, formsets, change)
        duty_search_document_refresh(duty_ids=[form.instance.pk])
        before = getattr(form.instance, "state_before_edit", None)
        if before is None:  # a new item: its first state is its first revision
            duty_revision_record(duty=form.instance, user=request.user)
        else:
            duty_edit_record(duty=form.instance, before=before, user=request.user)
        # A new or corrected name (or part, or category) may belong to another catalogue entry.
        # After the edit is recorded: the update dates the catalogue after the correction it saw.
        lists_changed(township_ids=[form.instance.duty_list.township_id], edited=[form.instance.pk])

    def get_actions(self, request):
        """No bulk delete while earlier versions are listed: an action acts on the listed items only."""
        actions = super().get_actions(request)
        if request.GET.get(VersionFilter.parameter_name) in (VersionFilter.EARLIER, VersionFilter.ALL):
            actions.pop("delete_selected", None)
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "duty_list":  # a new item goes into a latest list, never an earlier one
            kwargs["queryset"] = latest_lists()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "revisions_url": reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_revisions", args=[object_id])}
        duty = self.get_object(request, object_id)
        if duty is not None and not is_latest_version(duty):
            extra_context["earlier_version"] = self._earlier_version_notice(duty)
        return super().change_view(request, object_id, form_url, extra_context)

    def _earlier_version_notice(self, duty: Duty) -> dict:
        """What the page of an earlier version's item says at the top, and where the latest items are."""
        township = duty.duty_list.township
        latest = latest_lists().get(township=township)
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return {"message": EARLIER_VERSION.format(township=township.name, published=f"{duty.duty_list.published:%Y-%m}",
                                                  latest=f"{latest.published:%Y-%m}"),
                "latest_url": f"{url}?county={township.county_id}&township={township.pk}",
                "latest_label": LATEST_ITEMS.format(township=township.name, part=self.opts.verbose_name)}


@admin.register(BasicDuty)
class BasicDutyAdmin(DutyAdmin):
    kind = Duty.Kind.BASIC


@admin.register(CoordinatingDuty)
class CoordinatingDutyAdmin(DutyAdmin):
    kind = Duty.Kind.COORDINATING
    inlines = [DutyDepartmentInline, DepartmentBlockInline, TownshipBlockInline, ReviewFlagInline]


@admin.register(ReclaimedDuty)
class ReclaimedDutyAdmin(DutyAdmin):
    kind = Duty.Kind.RECLAIMED
    inlines = [DutyDepartmentInline, ReclaimedMethodInline, ReviewFlagInline]


@admin.register(Duty)
class AllDutiesAdmin(DutyAdmin):
    """Every item of every part in one list; an item opens in its part's own page."""

    list_display = ["seq", "name", "kind", "category", "township_name", "published", "open_flags"]
    list_filter = [VersionFilter, "kind", CountyFilter, TownshipFilter, CategoryFilter, ReviewStatusFilter]

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        duty = self.get_object(request, object_id)
        proxy = history.PROXY_MODELS[duty.kind]._meta
        return HttpResponseRedirect(reverse(f"admin:{proxy.app_label}_{proxy.model_name}_change",
                                            args=[duty.pk]))

