"""County scoping for the admin: querysets, object permissions and the county/township filters."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms import ModelChoiceField
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from township.access import county_in_scope, county_scope
from township.models import Category, Place, Township
from township.selectors.common import by_pinyin

NOT_FOUND = "找不到该记录，或它不属于您负责的县（市、区）。"
OUT_OF_SCOPE = "保存后该记录将属于您负责范围以外的县（市、区），不能保存。"


def county_id_of(obj, path: str) -> int | None:
    """Follow `path` ("duty_list__township__county") from obj to the county's id."""
    *steps, last = path.split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def scoped_choices(admin_site, request, model, queryset):
    """`queryset` of `model` narrowed to the user's counties, when rows of `model` belong to one.

    Counties themselves are narrowed to the user's counties; a model whose admin is county scoped
    is narrowed along that admin's county path. Any other model (categories) is shared by all.
    """
    scope = county_scope(request.user)
    if scope is None:
        return queryset
    if model is Place:
        return queryset.filter(pk__in=scope)
    model_admin = admin_site._registry.get(model)
    if isinstance(model_admin, CountyScopedAdmin):
        return queryset.filter(**{f"{model_admin.county_path}__in": scope})
    return queryset


class ScopedChoicesMixin:
    """Every foreign-key and many-to-many choice limited to the user's counties, also when posted.

    Autocomplete only narrows what is offered; a crafted POST names any id, so the form field's
    own queryset must refuse rows of other counties. Used by every ModelAdmin and inline here.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        queryset = kwargs.get("queryset", model._default_manager.all())
        kwargs["queryset"] = scoped_choices(self.admin_site, request, model, queryset)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        model = db_field.related_model
        queryset = kwargs.get("queryset", model._default_manager.all())
        kwargs["queryset"] = scoped_choices(self.admin_site, request, model, queryset)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OwnRowsFormSet:
    """An inline formset that takes only ids of its own rows.

    Django checks a posted row id against every row of the table, so an id of another item's
    row (of another county, even) passed the form and failed in the database. Here an id must
    name a row of the object being edited, or the form says the choice is not valid.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        id_field = form.fields.get(self._pk_field.name)
        if isinstance(id_field, ModelChoiceField):
            id_field.queryset = self.get_queryset()


class ScopedInlineMixin(ScopedChoicesMixin):
    """Choices limited to the user's counties, and row ids limited to the edited object's rows."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (OwnRowsFormSet, formset), {})


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    """A tabular inline whose choices are limited to the user's counties and its own rows."""


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    """A stacked inline whose choices are limited to the user's counties and its own rows."""


class CountyScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """A ModelAdmin whose rows belong to a county: editors reach only their own counties.

    Rows of other counties are left out of every queryset (lists, autocomplete, actions), their
    pages answer 404 whatever the method, and object permissions say no as a second line.
    """

    county_path = "county"
    show_facets = admin.ShowFacets.ALWAYS
    show_full_result_count = False  # a second COUNT over the whole table on every page

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = county_scope(request.user)
        return queryset if scope is None else queryset.filter(**{f"{self.county_path}__in": scope})

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(NOT_FOUND)
        return obj

    def in_scope(self, request, obj) -> bool:
        """Whether obj lies in the user's counties (always true for unlimited users)."""
        return obj is None or county_in_scope(request.user, county_id_of(obj, self.county_path))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def save_model(self, request, obj, form, change):
        """A second line behind the scoped choices: nothing is saved into another county."""
        if not self.in_scope(request, obj):
            raise PermissionDenied(OUT_OF_SCOPE)
        super().save_model(request, obj, form, change)


class ReadOnlyMixin:
    """Listed and read in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordAdmin(ReadOnlyMixin, CountyScopedAdmin):
    """A record of what happened (imports, revisions), in the user's counties."""


def name_by_pinyin(description: str):
    """A changelist column showing the row's name that sorts by its pinyin (not character code) when clicked."""

    @admin.display(description=description, ordering="pinyin_key")
    def name(obj) -> str:
        return obj.name

    return name


def counties_for(request):
    """The counties the user may see, as a queryset."""
    counties = Place.objects.filter(level=Place.Level.COUNTY).order_by(*by_pinyin())
    scope = county_scope(request.user)
    return counties if scope is None else counties.filter(pk__in=scope)


class CachedLookupsFilter(admin.SimpleListFilter):
    """A filter whose choices are read once per request.

    With facet counts on, Django builds the filters again for every facet, so choices read
    from the database would be queried once per filter on the page.
    """

    def lookups(self, request, model_admin):
        cache = request.__dict__.setdefault("_dutylists_filter_lookups", {})
        key = (type(self), model_admin.model, request.GET.get(CountyFilter.parameter_name))
        if key not in cache:
            cache[key] = self.choices_from_database(request, model_admin)
        return cache[key]

    def choices_from_database(self, request, model_admin) -> list[tuple[str, str]]:
        raise NotImplementedError


class CountyFilter(CachedLookupsFilter):
    """Filter by county, offering only the counties the user may see."""

    title = _("县（市、区）")
    parameter_name = "county"
    county_path = "county"

    def lookups(self, request, model_admin):
        self.county_path = model_admin.county_path
        return super().lookups(request, model_admin)

    def choices_from_database(self, request, model_admin):
        return [(str(county.pk), county.name) for county in counties_for(request)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.county_path: self.value()})
        return queryset


class TownshipFilter(CachedLookupsFilter):
    """Filter by township, listed once a county is chosen (or when the user has one county)."""

    title = _("乡镇（街道）")
    parameter_name = "township"
    township_path = "township"

    def lookups(self, request, model_admin):
        self.township_path = model_admin.county_path.rsplit("__", 1)[0]
        return super().lookups(request, model_admin)

    def choices_from_database(self, request, model_admin):
        counties = counties_for(request)
        county = request.GET.get(CountyFilter.parameter_name)
        if county and county.isdigit():
            counties = counties.filter(pk=county)
        elif len(counties) != 1:
            return []
        townships = Township.objects.filter(county__in=counties).order_by(*by_pinyin())
        return [(str(township.pk), township.name) for township in townships]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.township_path: self.value()})
        return queryset


class CategoryFilter(CachedLookupsFilter):
    """Filter items by category, in the categories' display order."""

    title = _("事项类别")
    parameter_name = "category"

    def choices_from_database(self, request, model_admin):
        return [(str(category.pk), category.name) for category in Category.objects.order_by("order", "name")]

    def queryset(self, request, queryset):
        return queryset.filter(category=self.value()) if self.value() else queryset
