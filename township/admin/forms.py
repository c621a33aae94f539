"""Admin forms for items: no lost edits, steps as lines, rows in a chosen order."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from township.models import Duty, DutyDepartment, ReclaimedMethod, ResponsibilityBlock, ReviewFlag

STALE = ("保存失败：您打开此页面之后，{who}于 {when} 修改了这个事项。为免覆盖其修改，"
         "请记下您的改动，重新打开此页面后在最新内容上修改。")
SEQ_TAKEN = "本清单版本的{part}中已有序号 {seq}。"
OTHER_COUNTY_DEPARTMENT = "“{department}”是{county}的部门，不能用于本县的事项。"
# "1." "2、" "（3）" "④" at the start of a line: the portal numbers steps itself.
_STEP_NUMBER = re.compile(r"^\s*(?:\d+\s*[.、．]|[（(]\d+[)）]|[①-⑳])\s*")


def _version_token(duty: Duty) -> str:
    return duty.corrected_at.isoformat() if duty.corrected_at else ""


class DutyForm(forms.ModelForm):
    """An item's own fields, refusing to save over a correction someone made meanwhile."""

    loaded_version = forms.CharField(label=_("打开时的内容版本"), widget=forms.HiddenInput, required=False)
    part: str | None = None  # set by the admin of each part

    class Meta:
        model = Duty
        fields = ["duty_list", "seq", "category", "name", "note"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2, "cols": 80}),
                   "note": forms.Textarea(attrs={"rows": 2, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = _version_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Duty.objects.select_for_update(of=("self",)).select_related("corrected_by").get(pk=self.instance.pk)
            if _version_token(current) != (cleaned.get("loaded_version") or ""):
                who = current.corrected_by or _("其他编辑")
                when = timezone.localtime(current.corrected_at).strftime("%Y-%m-%d %H:%M:%S")
                raise forms.ValidationError(STALE.format(who=who, when=when), code="stale")
        self._check_seq(cleaned)
        return cleaned

    def _check_seq(self, cleaned: dict) -> None:
        kind = self.instance.kind or self.part
        duty_list_id = self.instance.duty_list_id or getattr(cleaned.get("duty_list"), "pk", None)
        seq = cleaned.get("seq")
        if kind and duty_list_id and seq:
            taken = Duty.objects.filter(duty_list_id=duty_list_id, kind=kind, seq=seq).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("seq", forms.ValidationError(
                    SEQ_TAKEN.format(part=Duty.Kind(kind).label, seq=seq), code="seq_taken"))


class OrderedInlineForm(forms.ModelForm):
    """An inline row with a 顺序 number; the admin renumbers the rows 1…n on save."""

    order = forms.IntegerField(label=_("顺序"), required=False, min_value=1,
                               widget=forms.NumberInput(attrs={"class": "reorder-position"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["order"].initial = self.instance.position

    def clean_department(self):
        department = self.cleaned_data.get("department")
        if department is None or not self.instance.duty_id:
            return department
        county_id = Duty.objects.filter(pk=self.instance.duty_id).values_list(
            "duty_list__township__county_id", flat=True).get()
        if department.place_id != county_id:
            raise forms.ValidationError(OTHER_COUNTY_DEPARTMENT.format(
                department=department.name, county=department.place), code="other_county")
        return department


class DutyDepartmentForm(OrderedInlineForm):
    """A department the item names."""

    class Meta:
        model = DutyDepartment
        fields = ["name_as_published", "named_in", "department"]


class ReclaimedMethodForm(OrderedInlineForm):
    """A receiving department and how it handles the taken-back item."""

    class Meta:
        model = ReclaimedMethod
        fields = ["department_name", "department", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5, "cols": 48})}


class BlockForm(OrderedInlineForm):
    """A responsibility block with its steps edited as lines of one text box."""

    side = ResponsibilityBlock.Side.DEPARTMENT
    steps_text = forms.CharField(
        label=_("步骤"), required=False, widget=forms.Textarea(attrs={"rows": 7, "cols": 48}),
        help_text=_("每行一个步骤，按顺序排列；不必写序号。"))

    class Meta:
        model = ResponsibilityBlock
        fields = ["department_name", "department", "heading"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["steps_text"].initial = "\n".join(step.text for step in self.instance.steps.all())
        else:
            self.instance.side = self.side

    def clean_steps_text(self) -> list[str]:
        lines = (_STEP_NUMBER.sub("", line).strip() for line in self.cleaned_data["steps_text"].splitlines())
        return [line for line in lines if line]


class TownshipBlockForm(BlockForm):
    """A block of the township's own steps (配合职责)."""

    side = ResponsibilityBlock.Side.TOWNSHIP

    class Meta(BlockForm.Meta):
        fields = ["heading"]


class ReviewFlagForm(forms.ModelForm):
    """A flag shown read-only with a tick box to mark it reviewed."""

    reviewed = forms.BooleanField(label=_("已核对"), required=False)

    class Meta:
        model = ReviewFlag
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed"].initial = self.instance.reviewed_at is not None
