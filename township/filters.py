"""The search page's filters: keyword, kind, category, place at any level, township, departments."""

from __future__ import annotations

import django_filters
from django import forms
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import mark_safe

from township.models import Category, Department, Duty, DutyDepartment, Place, Township
from township.search import duty_keyword_search, highlight_terms, keywords
from township.selectors.common import (
    by_pinyin, department_full_name, department_label, id_array, latest_list_ids, township_label,
)

ALL_ITEMS = "全部履职事项"
INVALID_FILTERS = "筛选条件有误，请按提示修改。"
SUMMARY = "{conditions}：{count} 项"
SUMMARY_MORE = "{conditions}：{count} 项以上"
SUMMARY_SEPARATOR = " · "
TOWNSHIP_NOT_FOUND = "没有名为“{name}”的乡镇（街道）。请从输入时出现的提示中选择，或写出县名和乡镇名，如“某某县某某镇”。"
TOWNSHIP_AMBIGUOUS = ("有 {count} 个乡镇（街道）名为“{name}”，分属{places}。"
                      "请在名称前加上县名，如“{example}”，或从输入时出现的提示中选择。")
DEPARTMENT_NOT_FOUND = "没有名为“{name}”的上级部门。请从输入时出现的提示中选择，或写出部门的全称。"
DEPARTMENT_AMBIGUOUS = ("有 {count} 个上级部门名为“{name}”，分属{places}。"
                        "请写成“{example}”的样子（部门名后括注县名），或从输入时出现的提示中选择。")
NAME_TOO_LONG = "名称最多 {limit} 个字，收到 {length} 个。"
NAME_CONTROL_CHARACTER = "名称中含有控制字符，请只输入文字。"
TOO_MANY_DEPARTMENTS = "最多同时按 {limit} 个上级部门筛选，收到 {count} 个。"
MAX_NAME = 100
MAX_DEPARTMENTS = 10  # each adds one EXISTS to the query
AMBIGUOUS_SHOWN = 10  # counties named in an "ambiguous name" message


class PlaceChoiceIterator(forms.models.ModelChoiceIterator):
    """Places in tree order (region, its prefectures), indented by level, and the chosen place.

    Counties are too many to list (thousands nationally): a county comes from its place page's
    link or a shared link, and is then offered under its prefecture so the form shows it.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        places = list(self.queryset)
        chosen = getattr(self.field, "chosen", None)
        if chosen is not None and chosen not in places:
            places.append(chosen)
        children: dict[int | None, list[Place]] = {}
        for place in places:
            children.setdefault(place.parent_id, []).append(place)
        known = {place.pk for place in places}
        stack = [(place, 0) for place in reversed(places) if place.parent_id not in known]
        while stack:
            place, depth = stack.pop()
            value, label = self.choice(place)
            yield value, "\u3000" * depth + label
            stack += [(child, depth + 1) for child in reversed(children.get(place.pk, []))]


class PlaceChoiceField(forms.ModelChoiceField):
    """One 地区 select listing 自治区/省 and 地区/州; a place of any level is accepted by its id."""

    iterator = PlaceChoiceIterator

    def to_python(self, value):
        self.chosen = None
        if value in self.empty_values:
            return None
        try:
            self.chosen = Place.objects.get(pk=int(str(value)))
        except (ValueError, TypeError, OverflowError, Place.DoesNotExist):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": value})
        return self.chosen


class TypeaheadInput(forms.TextInput):
    """A text box that static/js/suggest.js turns into a type-ahead; without it a name is typed."""

    def __init__(self, suggest: str, placeholder: str):
        super().__init__(attrs={"data-suggest": suggest, "placeholder": placeholder, "autocomplete": "off",
                                "maxlength": str(MAX_NAME)})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = getattr(self, "chosen", None)
        if chosen is not None and value == self.chosen_label:
            context["widget"]["attrs"]["data-chosen"] = str(chosen.pk)  # the script submits the id
        context["widget"]["attrs"]["data-suggest-url"] = reverse("township:suggest")
        return context


class TypeaheadInputs(TypeaheadInput):
    """One type-ahead box per value given (`department=A&department=B`), a single one when none."""

    def value_from_datadict(self, data, files, name) -> list:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None:
            return []
        return list(values) if isinstance(values, (list, tuple)) else [values]

    def render(self, name, value, attrs=None, renderer=None):
        values = value if isinstance(value, (list, tuple)) else [value]
        chosen = getattr(self, "chosen_items", [])
        boxes = []
        for index, text in enumerate(values or [None]):
            box = TypeaheadInput(self.attrs["data-suggest"], self.attrs["placeholder"])
            box.chosen, box.chosen_label = chosen[index] if index < len(chosen) else (None, None)
            box_attrs = dict(attrs or {})
            if index and "id" in box_attrs:
                box_attrs["id"] = f"{box_attrs['id']}_{index + 1}"  # ids stay unique; the label names the first
            boxes.append(box.render(name, text, box_attrs, renderer))
        return mark_safe("".join(boxes))


class NamedChoiceField(forms.ModelChoiceField):
    """A township or department chosen by id (a suggestion, a shared link) or by its typed name.

    The box shows the chosen one's full label rather than its id; a name that several counties
    share is refused with the counties to choose from.
    """

    not_found = ""  # the messages, with {name}, {count}, {places} and {example}
    ambiguous = ""

    def named(self, text: str) -> QuerySet:
        """The rows a typed name may mean: their name, or their label, is the text."""
        raise NotImplementedError

    def to_python(self, value):
        self.widget.chosen = None
        if value in self.empty_values:
            return None
        chosen = self.resolve(str(value).strip())
        self.widget.chosen, self.widget.chosen_label = chosen, self.label_from_instance(chosen)
        return chosen

    def resolve(self, text: str):
        """The row a box's text means: by id when it is digits, else by name."""
        if text.isascii() and text.isdigit():
            return super().to_python(text)
        return self._by_name(text)

    def prepare_value(self, value):
        # Only the bound value resolves to `chosen` (to_python forgets it on any refusal).
        return self.widget.chosen_label if getattr(self.widget, "chosen", None) is not None else value

    def _by_name(self, text: str):
        if "\x00" in text:
            raise forms.ValidationError(NAME_CONTROL_CHARACTER, code="invalid")
        if len(text) > MAX_NAME:
            raise forms.ValidationError(NAME_TOO_LONG.format(limit=MAX_NAME, length=len(text)), code="invalid")
        matches = list(self.named(text)[:AMBIGUOUS_SHOWN + 1])
        if not matches:
            raise forms.ValidationError(self.not_found.format(name=text), code="invalid_choice")
        if len(matches) > 1:
            places = "、".join(self.county_of(match).name for match in matches[:AMBIGUOUS_SHOWN])
            more = "等" if len(matches) > AMBIGUOUS_SHOWN else ""
            raise forms.ValidationError(self.ambiguous.format(
                count=f"{AMBIGUOUS_SHOWN} 个以上" if more else len(matches), name=text,
                places=places + more, example=self.label_from_instance(matches[0])), code="ambiguous")
        return matches[0]


class TownshipChoiceField(NamedChoiceField):
    """A township, by id or by name ("夏马勒乡", or "巴楚县夏马勒乡" where names repeat)."""

    not_found, ambiguous = TOWNSHIP_NOT_FOUND, TOWNSHIP_AMBIGUOUS

    @staticmethod
    def county_of(township: Township) -> Place:
        return township.county

    def named(self, text: str) -> QuerySet[Township]:
        return (self.queryset.annotate(label=township_label())
                .filter(Q(name=text) | Q(label=text)).order_by(*by_pinyin("county__"), "pk"))

    def label_from_instance(self, township: Township) -> str:
        return str(township)


class DepartmentChoiceField(NamedChoiceField):
    """A department, by id or by name ("于田县水利局", or "市农业农村局（伊宁市）" where names repeat)."""

    not_found, ambiguous = DEPARTMENT_NOT_FOUND, DEPARTMENT_AMBIGUOUS

    @staticmethod
    def county_of(department: Department) -> Place:
        return department.place

    def named(self, text: str) -> QuerySet[Department]:
        return (self.queryset.annotate(label=department_label(), full_name=department_full_name())
                .filter(Q(name=text) | Q(label=text) | Q(full_name=text)).order_by(*by_pinyin("place__"), "pk"))

    def label_from_instance(self, department: Department) -> str:
        return f"{department.name}（{department.place.name}）"


class DepartmentsChoiceField(DepartmentChoiceField):
    """Departments, each by id or by name, from one box each: the items must name every one."""

    def to_python(self, value) -> list[Department]:
        self.widget.chosen_items = []
        values = value if isinstance(value, (list, tuple)) else [value]
        texts = [str(text).strip() for text in values if text not in self.empty_values and str(text).strip()]
        if len(texts) > MAX_DEPARTMENTS:
            raise forms.ValidationError(TOO_MANY_DEPARTMENTS.format(limit=MAX_DEPARTMENTS, count=len(texts)),
                                        code="too_many")
        # A department given twice (by id and by name, say) is one condition.
        departments = list({department.pk: department for department in map(self.resolve, texts)}.values())
        if len(departments) == len(texts):  # each box then shows its department's full label
            self.widget.chosen_items = [(department, self.label_from_instance(department))
                                        for department in departments]
        return departments

    def prepare_value(self, value):
        chosen = getattr(self.widget, "chosen_items", None)
        return [label for _, label in chosen] if chosen else value


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
    field_class = DepartmentsChoiceField


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
        queryset=Place.objects.exclude(level=Place.Level.COUNTY).order_by(*by_pinyin()), empty_label="全部地区",
    )
    township = TownshipFilter(
        label="乡镇（街道）", field_name="duty_list__township",
        queryset=Township.objects.select_related("county"),
        widget=TypeaheadInput("township", "输入乡镇名中的几个字"),
    )
    kind = django_filters.ChoiceFilter(label="事项类型", choices=Duty.Kind.choices, empty_label="全部类型")
    category = django_filters.ModelChoiceFilter(
        label="事项类别", queryset=Category.objects.all(), empty_label="全部类别"
    )
    department = DepartmentFilter(
        label="上级部门", method="filter_department",
        queryset=Department.objects.select_related("place"),
        widget=TypeaheadInputs("department", "输入部门名中的几个字"),
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

    def filter_department(self, queryset: QuerySet[Duty], name: str, departments: list) -> QuerySet[Duty]:
        # Items naming every department given; EXISTS rather than a join: an item may name one twice.
        for department in departments:
            links = DutyDepartment.objects.filter(duty=OuterRef("pk"), department=department)
            queryset = queryset.filter(Exists(links))
        return queryset

    def filter_versions(self, queryset: QuerySet[Duty], name: str, every_version: bool) -> QuerySet[Duty]:
        if every_version:
            return queryset
        # One array literal (id_array): as an IN list Django compiled 3,700 parameters for each query (90 ms).
        # "+ 0" keeps the planner from answering it with the item table's list index: the latest
        # versions hold most items, and at a million items it built a bitmap of all of them to
        # AND with a keyword's (30–58 ms) where checking each candidate's list costs nothing.
        # The array is of the column's own type (bigint): against an int[] PostgreSQL compares
        # each item's list with the ids one by one (5 µs an item at 3,700 townships) instead of
        # looking it up in a hash table.
        table = connection.ops.quote_name(Duty._meta.db_table)
        return queryset.filter(RawSQL(f"{table}.duty_list_id + 0 = ANY(%s::bigint[])", (id_array(latest_list_ids()),),
                                      output_field=BooleanField()))

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
        if data.get("category"):
            conditions.append(data["category"].name)
        conditions += [department.name for department in data.get("department") or []]
        searched = keywords(data.get("q") or "")
        if searched:
            conditions.append("含" + "".join(f"“{keyword}”" for keyword in searched))
        if data.get("all_versions"):
            conditions.append("含历史版本")
        return conditions
