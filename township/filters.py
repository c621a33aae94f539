"""The search page's filters: keyword, kind, category, place at any level, township, department."""

from __future__ import annotations

from itertools import groupby

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from township.models import Category, Department, Duty, DutyDepartment, Place, Township
from township.search import duty_keyword_search, highlight_terms, keywords
from township.selectors.common import latest_lists

ALL_ITEMS = "全部履职事项"
INVALID_FILTERS = "筛选条件有误，请按提示修改。"
SUMMARY = "{conditions}：{count} 项"
SUMMARY_MORE = "{conditions}：{count} 项以上"
SUMMARY_SEPARATOR = " · "


class PlaceChoiceIterator(forms.models.ModelChoiceIterator):
    """Places in tree order (region, its prefectures, their counties), indented by level."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        places = list(self.queryset)
        children: dict[int | None, list[Place]] = {}
        for place in places:
            children.setdefault(place.parent_id, []).append(place)
        stack = [(place, 0) for place in reversed(children.get(None, []))]
        while stack:
            place, depth = stack.pop()
            value, label = self.choice(place)
            yield value, "\u3000" * depth + label
            stack += [(child, depth + 1) for child in reversed(children.get(place.pk, []))]


class PlaceChoiceField(forms.ModelChoiceField):
    """One 地区 select for every level: 自治区/省, 地区/州, 县/市."""

    iterator = PlaceChoiceIterator


class CountyGroupedIterator(forms.models.ModelChoiceIterator):
    """Choices grouped under their county (<optgroup>), as townships and departments belong."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for county, members in groupby(self.queryset, key=self.field.county_of):
            yield county.name, [self.choice(member) for member in members]


class TownshipChoiceField(forms.ModelChoiceField):
    """Townships grouped by county."""

    iterator = CountyGroupedIterator

    @staticmethod
    def county_of(township: Township) -> Place:
        return township.county

    def label_from_instance(self, township: Township) -> str:
        return township.name


class DepartmentChoiceField(forms.ModelChoiceField):
    """Departments grouped by the county (or city) they belong to."""

    iterator = CountyGroupedIterator

    @staticmethod
    def county_of(department: Department) -> Place:
        return department.place


class DutySearchForm(forms.Form):
    """The filters' form: labels stand above their fields, so they carry no colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PlaceFilter(django_filters.ModelChoiceFilter):
    field_class = PlaceChoiceField


class TownshipFilter(django_filters.ModelChoiceFilter):
    field_class = TownshipChoiceField


class DepartmentFilter(django_filters.ModelChoiceFilter):
    field_class = DepartmentChoiceField


class CheckboxFilter(django_filters.Filter):
    """A checkbox: ticked is True, absent is False (never "unknown", as a NullBoolean would be)."""

    field_class = forms.BooleanField


def counties_within(place: Place) -> QuerySet[Place]:
    """The counties at or below a place, whatever its level (some counties sit under a region)."""
    return Place.objects.filter(
        Q(pk=place.pk) | Q(parent=place) | Q(parent__parent=place), level=Place.Level.COUNTY
    )


class DutySearchFilter(django_filters.FilterSet):
    """Any combination of the search page's filters, all read from the query string."""

    q = django_filters.CharFilter(
        label="关键词", method="filter_keywords", max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": "如：消防　低保　党代表"}),
        help_text="可输入多个关键词，用空格分开；事项需同时包含全部关键词。",
    )
    place = PlaceFilter(
        label="地区", method="filter_place",
        queryset=Place.objects.order_by("name"), empty_label="全部地区",
    )
    township = TownshipFilter(
        label="乡镇（街道）", field_name="duty_list__township",
        queryset=Township.objects.select_related("county").order_by("county__name", "county_id", "name"),
        empty_label="全部乡镇",
    )
    kind = django_filters.ChoiceFilter(label="事项类型", choices=Duty.Kind.choices, empty_label="全部类型")
    category = django_filters.ModelChoiceFilter(
        label="事项类别", queryset=Category.objects.all(), empty_label="全部类别"
    )
    department = DepartmentFilter(
        label="上级部门", method="filter_department",
        queryset=Department.objects.select_related("place").order_by("place__name", "place_id", "name"),
        empty_label="全部部门",
    )
    all_versions = CheckboxFilter(
        label="包括历史版本", method="filter_versions", help_text="默认只查各乡镇最新发布的清单。"
    )

    class Meta:
        model = Duty
        form = DutySearchForm
        fields = ["q", "place", "township", "kind", "category", "department", "all_versions"]

    def filter_queryset(self, queryset: QuerySet[Duty]) -> QuerySet[Duty]:
        """Nothing at all for invalid filters: a stale shared link must not show more than it said."""
        if not self.form.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_scope(self, queryset: QuerySet[Duty]) -> QuerySet[Duty]:
        """Every filter but the keyword: the items a keyword is then looked for among."""
        if not self.form.is_valid():
            return queryset.none()
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def keyword_text(self) -> str:
        """The keyword box's value ("" when there is none or the filters are invalid)."""
        return (self.form.cleaned_data.get("q") or "") if self.form.is_valid() else ""

    def filter_keywords(self, queryset: QuerySet[Duty], name: str, value: str) -> QuerySet[Duty]:
        return duty_keyword_search(queryset, value)

    def filter_place(self, queryset: QuerySet[Duty], name: str, place: Place) -> QuerySet[Duty]:
        return queryset.filter(duty_list__township__county__in=counties_within(place))

    def filter_department(self, queryset: QuerySet[Duty], name: str, department) -> QuerySet[Duty]:
        # EXISTS rather than a join: an item may name the same department twice.
        links = DutyDepartment.objects.filter(duty=OuterRef("pk"), department=department)
        return queryset.filter(Exists(links))

    def filter_versions(self, queryset: QuerySet[Duty], name: str, every_version: bool) -> QuerySet[Duty]:
        if every_version:
            return queryset
        return queryset.filter(duty_list__in=latest_lists())

    @property
    def every_version(self) -> bool:
        """Whether older list versions are searched too (results then say which version)."""
        return self.form.is_valid() and self.form.cleaned_data.get("all_versions", False)

    @property
    def terms(self) -> list[str]:
        """What to highlight in the results: the keywords searched for."""
        return highlight_terms(self.form.cleaned_data.get("q") or "") if self.form.is_valid() else []

    def summary(self, count: int, *, more: bool = False) -> str:
        """What is shown, in plain words: "巴楚县 · 配合履职事项 · 含“消防”：12 项" ("1000 项以上" when `more`)."""
        if not self.form.is_valid():
            return INVALID_FILTERS
        return (SUMMARY_MORE if more else SUMMARY).format(
            conditions=SUMMARY_SEPARATOR.join(self._conditions()) or ALL_ITEMS, count=count)

    def _conditions(self) -> list[str]:
        data = self.form.cleaned_data
        # A township names its county ("巴楚县夏马勒乡"), so it stands in for the place.
        place = data.get("township") or data.get("place")
        conditions = [str(place)] if place else []
        if data.get("kind"):
            conditions.append(str(Duty.Kind(data["kind"]).label))
        conditions += [value.name for value in (data.get("category"), data.get("department")) if value]
        searched = keywords(data.get("q") or "")
        if searched:
            conditions.append("含" + "".join(f"“{keyword}”" for keyword in searched))
        if data.get("all_versions"):
            conditions.append("含历史版本")
        return conditions
