"""Forms of the portal's pages (the search filters live in filters.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict

from township.filters import NamedChoiceField, TypeaheadInput
from township.models import DutyList, Place, Township
from township.selectors.common import by_pinyin, place_label

MIN_COMPARED = 2
MAX_COMPARED = 5
# Ticked boxes looked up from an address: a few more than can be compared, so that "too many"
# is still said, but never a list as long as the address a visitor makes up.
MAX_TICKED = 4 * MAX_COMPARED
TOO_FEW = f"请至少选择 {MIN_COMPARED} 个乡镇（或清单版本）进行比较。"
TOO_MANY = f"最多只能同时比较 {MAX_COMPARED} 个乡镇（或清单版本），您选择了 {{count}} 个。"
COUNTY_NOT_FOUND = "没有名为“{name}”的县（市、区）。请从输入时出现的提示中选择，或写出县（市、区）的全称。"
COUNTY_AMBIGUOUS = ("有 {count} 个县（市、区）名为“{name}”，分属{places}。"
                    "请写成“{example}”的样子（县名后括注所属地区），或从输入时出现的提示中选择。")
COUNTY_UNKNOWN = "没有编号为 %(value)s 的县（市、区）。请输入县名，或从输入时出现的提示中选择。"


def ticked_ids(data: QueryDict, name: str) -> list[int]:
    """The ids ticked under `name` in an address, each once, at most MAX_TICKED; anything else is skipped."""
    values = [value for value in data.getlist(name) if value.isascii() and value.isdigit() and len(value) < 10]
    return list(dict.fromkeys(int(value) for value in values))[:MAX_TICKED]


class CountyChoiceField(NamedChoiceField):
    """A county, by id (a suggestion, a place page's link) or by name ("巴楚县", or "城关区（某市）")."""

    not_found, ambiguous = COUNTY_NOT_FOUND, COUNTY_AMBIGUOUS
    default_error_messages = {"invalid_choice": COUNTY_UNKNOWN}

    @staticmethod
    def county_of(county: Place) -> Place:
        return county.parent or county  # where counties share a name, the places above tell them apart

    def named(self, text: str) -> QuerySet[Place]:
        return (self.queryset.annotate(label=place_label())
                .filter(Q(name=text) | Q(label=text)).order_by(*by_pinyin("parent__"), "pk"))

    def label_from_instance(self, county: Place) -> str:
        return f"{county.name}（{county.parent.name}）" if county.parent else county.name


def county_box() -> TypeaheadInput:
    """The county text box: suggestions of counties only, from the place suggestions."""
    box = TypeaheadInput("place", "输入县（市、区）名中的几个字")
    box.attrs["data-suggest-level"] = Place.Level.COUNTY
    return box


class CompareCountyForm(forms.Form):
    """The compare page's first step: the county whose townships are offered (`county`)."""

    county = CountyChoiceField(label="县（市、区）", required=False, widget=county_box(),
                               queryset=Place.objects.filter(level=Place.Level.COUNTY).select_related("parent"))


@dataclass
class CountyChoice:
    """The townships of one county the compare form offers, for one fieldset."""

    county: Place
    townships: list[Township]
    chosen: bool = False  # the county asked for; the others hold only townships already ticked


class CompareForm(forms.Form):
    """Choose 2 to 5 list versions to compare: townships (`t`, their latest) or versions (`v`)."""

    min_compared = MIN_COMPARED  # for the page's help text
    max_compared = MAX_COMPARED

    t = forms.TypedMultipleChoiceField(label="乡镇", coerce=int, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    v = forms.TypedMultipleChoiceField(label="清单版本", coerce=int, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, townships: list[Township], versions: list[DutyList], county: Place | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.townships, self.versions, self.county = townships, versions, county
        self.fields["t"].choices = [(township.pk, str(township)) for township in townships]
        self.fields["v"].choices = [(version.pk, str(version)) for version in versions]

    @property
    def counties(self) -> list[CountyChoice]:
        """The townships on offer grouped by county: the chosen county first, then the others by name."""
        counties: dict[int, CountyChoice] = {}
        if self.county is not None:
            counties[self.county.pk] = CountyChoice(self.county, [], chosen=True)
        for township in self.townships:
            counties.setdefault(township.county_id, CountyChoice(township.county, [])).townships.append(township)
        return [group for group in counties.values() if group.townships]

    @property
    def chosen_townships(self) -> set[int]:
        """The township ids ticked, valid or not, so that the boxes stay ticked."""
        return self._ticked("t")

    @property
    def chosen_versions(self) -> set[int]:
        """The version ids ticked, valid or not."""
        return self._ticked("v")

    def _ticked(self, name: str) -> set[int]:
        values = self[name].value() or []
        return {int(value) for value in map(str, values) if value.isascii() and value.isdigit()}

    def clean(self) -> dict:
        """Count the distinct versions chosen: a township's latest version ticked twice is one."""
        cleaned = super().clean()
        latest = {township.pk: township.latest_list_id for township in self.townships}
        lists = {latest[pk] for pk in cleaned.get("t", [])} | set(cleaned.get("v", []))
        if self.errors:
            return cleaned
        if len(lists) < MIN_COMPARED:
            raise ValidationError(TOO_FEW, code="too_few")
        if len(lists) > MAX_COMPARED:
            raise ValidationError(TOO_MANY.format(count=len(lists)), code="too_many")
        return cleaned
