"""Categories, departments and aliases in the admin, with merging of departments."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from township.admin.scoping import (
    CountyFilter, CountyScopedAdmin, ScopedChoicesMixin, ScopedTabularInline, name_by_pinyin,
)
from township.models import Category, Department, DepartmentAlias
from township.selectors.common import by_pinyin
from township.services import DepartmentMergeRefused, department_merge

MERGED = "已将 {names} 并入“{target}”：改动 {items} 个事项的部门关联，新增别名 {aliases} 个。"
CHOOSE_TARGET = "请选择合并后保留的部门。"
ALIAS_TAKEN = "本县（市、区）已有别名“{name}”，同一写法只能对应一个部门；请改用其他写法或修改原有别名。"


@admin.register(Category)
class CategoryAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["name", "order", "duty_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    ordering = ["order", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(duty_count=Count("duties"))

    @admin.display(description=_("事项数"), ordering="duty_count")
    def duty_count(self, obj) -> int:
        return obj.duty_count


class DepartmentAliasInline(ScopedTabularInline):
    model = DepartmentAlias
    fields = ["name"]
    extra = 1
    verbose_name_plural = _("别名（清单中的其他写法，导入时据此识别为本部门）")


@admin.register(Department)
class DepartmentAdmin(CountyScopedAdmin):
    county_path = "place"
    list_display = [name_by_pinyin(_("规范名称")), "place", "item_count", "alias_list"]
    # Said here too: the counts' GROUP BY drops Meta.ordering, and the autocomplete has no other.
    ordering = [*by_pinyin("place__"), *by_pinyin()]
    list_filter = [CountyFilter]
    list_select_related = ["place"]
    search_fields = ["name", "aliases__name"]
    inlines = [DepartmentAliasInline]
    actions = ["merge_departments"]

    def get_queryset(self, request):
        return (super().get_queryset(request).prefetch_related("aliases")
                .annotate(item_count=Count("duty_links__duty", distinct=True)))

    @admin.display(description=_("关联事项数"), ordering="item_count")
    def item_count(self, obj) -> int:
        return obj.item_count

    @admin.display(description=_("别名"))
    def alias_list(self, obj) -> str:
        return "、".join(alias.name for alias in obj.aliases.all())

    @admin.action(description=_("合并所选部门…"), permissions=["change", "delete"])
    def merge_departments(self, request, queryset):
        """Ask which department stays, then move every reference of the others onto it."""
        departments = list(queryset.select_related("place"))
        target_id = request.POST.get("target", "")
        if "apply" in request.POST:
            target = next((d for d in departments if str(d.pk) == target_id), None)
            if target is None:
                self.message_user(request, CHOOSE_TARGET, messages.ERROR)
            else:
                return self._merge(request, departments, target)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": _("合并部门"),
                   "departments": departments, "action_name": "merge_departments",
                   "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
        return TemplateResponse(request, "admin/township/department/merge.html", context)

    def _merge(self, request, departments, target) -> None:
        try:
            result = department_merge(sources=[d for d in departments if d != target], target=target)
        except DepartmentMergeRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return None
        self.log_change(request, target, [{"changed": {"fields": [f"并入 {'、'.join(result.merged)}"]}}])
        self.message_user(request, MERGED.format(
            names="、".join(result.merged), target=target.name, items=result.items,
            aliases=result.aliases), messages.SUCCESS)
        return None


class DepartmentAliasForm(forms.ModelForm):
    """An alias names its department's county: that county must not have the spelling already."""

    class Meta:
        model = DepartmentAlias
        fields = ["department", "name"]

    def clean(self):
        cleaned = super().clean()
        department, name = cleaned.get("department"), cleaned.get("name")
        if department is not None and name:
            self.instance.place_id = department.place_id  # the county the alias will belong to
            taken = DepartmentAlias.objects.filter(place_id=department.place_id, name=name.strip())
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("name", forms.ValidationError(ALIAS_TAKEN.format(name=name), code="alias_taken"))
        return cleaned


@admin.register(DepartmentAlias)
class DepartmentAliasAdmin(CountyScopedAdmin):
    county_path = "place"
    list_display = ["name", "department", "place"]
    list_filter = [CountyFilter]
    list_select_related = ["department", "place"]
    search_fields = ["name", "department__name"]
    autocomplete_fields = ["department"]
    fields = ["department", "name"]
    form = DepartmentAliasForm
