"""Forms of the portal's pages (the search filters live in filters.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from township.models import DutyList, Place, Township

MIN_COMPARED = 2
MAX_COMPARED = 5
TOO_FEW = f"请至少选择 {MIN_COMPARED} 个乡镇（或清单版本）进行比较。"
TOO_MANY = f"最多只能同时比较 {MAX_COMPARED} 个乡镇（或清单版本），您选择了 {{count}} 个。"


@dataclass
class CountyChoice:
    """The townships of one county the compare form offers, for one fieldset."""

    county: Place
    townships: list[Township]


class CompareForm(forms.Form):
    """Choose 2 to 5 list versions to compare: townships (`t`, their latest) or versions (`v`)."""

    min_compared = MIN_COMPARED  # for the page's help text
    max_compared = MAX_COMPARED

    t = forms.TypedMultipleChoiceField(label="乡镇", coerce=int, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    v = forms.TypedMultipleChoiceField(label="清单版本", coerce=int, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, townships: list[Township], versions: list[DutyList], **kwargs):
        super().__init__(*args, **kwargs)
        self.townships, self.versions = townships, versions
        self.fields["t"].choices = [(township.pk, str(township)) for township in townships]
        self.fields["v"].choices = [(version.pk, str(version)) for version in versions]

    @property
    def counties(self) -> list[CountyChoice]:
        """The townships on offer grouped by county, counties in name order."""
        counties: dict[int, CountyChoice] = {}
        for township in self.townships:
            counties.setdefault(township.county_id, CountyChoice(township.county, [])).townships.append(township)
        return list(counties.values())

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
        return {int(value) for value in values if str(value).isdigit()}

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
