"""The item list's filters as the API reads them: the search page's, stricter about form."""

from __future__ import annotations

import django_filters
from django import forms

from township.filters import DutySearchFilter, DutySearchForm

TRUE_VALUES = ("true", "on", "1")  # `on` is what the search page's checkbox sends
FALSE_VALUES = ("false", "off", "0", "")
INVALID_SWITCH = "应为 true 或 false（检索页的勾选框为 on），收到“{value}”。"
REPEATED_FILTER = "筛选条件 {name} 只能给一次，收到 {count} 个。"


class SwitchField(forms.Field):
    """true or false, refusing anything else (a checkbox would read any text as ticked)."""

    widget = forms.Select(choices=[("false", "否"), ("true", "是")])

    def to_python(self, value) -> bool:
        text = str(value if value is not None else "").strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise forms.ValidationError(INVALID_SWITCH.format(value=str(value)[:50]), code="invalid")


class SwitchFilter(django_filters.Filter):
    field_class = SwitchField


# Filters that may be given several times, all applying (`department=A&department=B`).
REPEATABLE_FILTERS = ("department",)


class ApiDutySearchForm(DutySearchForm):
    """Each other filter at most once: of `kind=basic&kind=reclaimed` the page would quietly keep one."""

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in set(self.fields) - set(REPEATABLE_FILTERS):
            count = len(self.data.getlist(name)) if hasattr(self.data, "getlist") else 1
            if count > 1:
                self.add_error(name, forms.ValidationError(
                    REPEATED_FILTER.format(name=name, count=count), code="repeated"))
        return cleaned


class ApiDutyFilter(DutySearchFilter):
    """The search page's filters; `all_versions` must be true or false, each filter given once."""

    all_versions = SwitchFilter(
        label="包括历史版本", method="filter_versions", help_text="默认只查各乡镇最新发布的清单。"
    )

    class Meta(DutySearchFilter.Meta):
        form = ApiDutySearchForm
