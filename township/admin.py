"""Admin registrations for editors; every model is manageable in Chinese."""

from django.contrib import admin
from django.utils import timezone

from township.services import duty_search_document_refresh
from township.models import (
    BasicDuty,
    Category,
    CoordinatingDuty,
    Department,
    DepartmentAlias,
    DutyDepartment,
    DutyList,
    Place,
    ReclaimedDuty,
    ReclaimedMethod,
    ResponsibilityBlock,
    ReviewFlag,
    Step,
    Township,
    TownshipProfile,
)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "county"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "county__name"]


class TownshipProfileInline(admin.StackedInline):
    model = TownshipProfile
    extra = 0


@admin.register(DutyList)
class DutyListAdmin(admin.ModelAdmin):
    list_display = ["township", "published", "layout", "source_name", "imported_at", "imported_by"]
    list_filter = ["published", "layout"]
    search_fields = ["township__name", "source_name"]
    readonly_fields = ["source_sha256", "imported_at", "imported_by", "report"]
    inlines = [TownshipProfileInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class DepartmentAliasInline(admin.TabularInline):
    model = DepartmentAlias
    fields = ["name"]
    extra = 1


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "place"]
    list_filter = ["place"]
    search_fields = ["name", "aliases__name"]
    inlines = [DepartmentAliasInline]


class DutyDepartmentInline(admin.TabularInline):
    model = DutyDepartment
    extra = 0
    autocomplete_fields = ["department"]


class ReviewFlagInline(admin.TabularInline):
    model = ReviewFlag
    extra = 0
    readonly_fields = ["created_at"]


class ResponsibilityBlockInline(admin.TabularInline):
    model = ResponsibilityBlock
    extra = 0
    autocomplete_fields = ["department"]


class ReclaimedMethodInline(admin.TabularInline):
    model = ReclaimedMethod
    extra = 0
    autocomplete_fields = ["department"]


class DutyAdmin(admin.ModelAdmin):
    list_display = ["seq", "name", "category", "duty_list"]
    list_filter = ["category", "duty_list__township__county", "flags__reason"]
    search_fields = ["name"]
    autocomplete_fields = ["category"]
    readonly_fields = ["duty_list", "kind", "source_line", "corrected_at", "corrected_by"]
    ordering = ["duty_list", "seq"]
    list_select_related = ["category", "duty_list__township__county"]
    inlines = [ReviewFlagInline]

    def save_model(self, request, obj, form, change) -> None:
        """Record who corrected an imported item and when (a re-import reports it)."""
        if change:
            obj.corrected_at, obj.corrected_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        """After the inlines are saved, the item's search document reflects the edit."""
        super().save_related(request, form, formsets, change)
        duty_search_document_refresh(duty_ids=[form.instance.pk])


@admin.register(BasicDuty)
class BasicDutyAdmin(DutyAdmin):
    pass


@admin.register(CoordinatingDuty)
class CoordinatingDutyAdmin(DutyAdmin):
    inlines = [DutyDepartmentInline, ResponsibilityBlockInline, ReviewFlagInline]


@admin.register(ReclaimedDuty)
class ReclaimedDutyAdmin(DutyAdmin):
    inlines = [DutyDepartmentInline, ReclaimedMethodInline, ReviewFlagInline]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["block", "position", "text"]
    search_fields = ["text"]
