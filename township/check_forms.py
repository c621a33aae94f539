"""The admission check page's form: the tasks (pasted or a notice) and the townships to check them in."""

from __future__ import annotations

from django import forms

from township.filters import TownshipChoiceField, TypeaheadInputs
from township.forms import CountyChoiceField, county_box
from township.models import Place, Township
from township.selectors.admission import (
    MAX_TASK_LENGTH, MAX_TASKS, MAX_TOWNSHIPS, CheckRefused, check_tasks_bounded, check_townships_bounded,
    check_townships_listed, county_townships,
)
from township.services.admission import MAX_NOTICE_BYTES, NOTICE_SUFFIXES, tasks_from_notice, tasks_from_text

TOWNSHIP_BOXES = 3  # empty boxes offered; a check of more townships takes a county, or more boxes via the address
TOO_MANY_BOXES = f"最多逐个填写 {MAX_TOWNSHIPS} 个乡镇；要核查全县，请在“县（市、区）”中选择该县。"


class TownshipBoxes(TypeaheadInputs):
    """Type-ahead boxes for townships: those filled in, and at least TOWNSHIP_BOXES in all."""

    def render(self, name, value, attrs=None, renderer=None):
        values = list(value) if isinstance(value, (list, tuple)) else ([value] if value else [])
        return super().render(name, values + [""] * max(TOWNSHIP_BOXES - len(values), 0), attrs, renderer)


class TownshipsChoiceField(TownshipChoiceField):
    """Townships, each by id (a suggestion) or by name, from one box each; empty boxes are skipped."""

    def to_python(self, value) -> list[Township]:
        self.widget.chosen_items = []
        values = value if isinstance(value, (list, tuple)) else [value]
        texts = [str(text).strip() for text in values if text not in self.empty_values and str(text).strip()]
        if len(texts) > MAX_TOWNSHIPS:
            raise forms.ValidationError(TOO_MANY_BOXES, code="too_many")
        townships = list({township.pk: township for township in map(self.resolve, texts)}.values())
        if len(townships) == len(texts):
            self.widget.chosen_items = [(township, self.label_from_instance(township)) for township in townships]
        return townships

    def prepare_value(self, value):
        chosen = getattr(self.widget, "chosen_items", None)
        return [label for _, label in chosen] if chosen else value


class CheckForm(forms.Form):
    """Tasks, one a line, and/or a notice; a county (all its townships) and/or townships one by one."""

    tasks = forms.CharField(
        label="任务", required=False, strip=False,
        max_length=MAX_TASKS * (MAX_TASK_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "每行一项，例如：请各乡镇于月底前完成辖区养老机构消防安全检查"}),
        help_text=f"每行一项任务，最多 {MAX_TASKS} 项、每项 {MAX_TASK_LENGTH} 字以内；可直接粘贴通知原文。",
    )
    notice = forms.FileField(
        label="或上传通知", required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(NOTICE_SUFFIXES)}),
        help_text=f"文本（.txt）、Word（.docx）或 Excel（.xlsx），{MAX_NOTICE_BYTES // 1024 // 1024} MB 以内；每段或每行一项任务。",
    )
    county = CountyChoiceField(label="县（市、区）", required=False, widget=county_box(),
                               queryset=Place.objects.filter(level=Place.Level.COUNTY).select_related("parent"),
                               help_text="核查该县全部已导入清单的乡镇。")
    townships = TownshipsChoiceField(label="乡镇（街道）", required=False,
                                     queryset=Township.objects.select_related("county"),
                                     widget=TownshipBoxes("township", "输入乡镇名中的几个字"),
                                     help_text="可填一个或几个乡镇；与县同时填写时一并核查。")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        """The tasks (pasted, then the notice's) and the townships (the county's, then those named)."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["task_list"] = self._tasks(cleaned)
            townships = check_townships_bounded(self._townships(cleaned), len(cleaned["task_list"]))
            check_townships_listed(townships)
            cleaned["township_list"] = townships
        except CheckRefused as refusal:
            raise forms.ValidationError(str(refusal), code="refused") from None
        return cleaned

    def _tasks(self, cleaned: dict) -> list[str]:
        tasks = tasks_from_text(cleaned.get("tasks") or "")
        notice = cleaned.get("notice")
        if notice:
            tasks += tasks_from_notice(notice.name, notice.read(MAX_NOTICE_BYTES + 1))
        return check_tasks_bounded(tasks)

    def _townships(self, cleaned: dict) -> list[Township]:
        county = cleaned.get("county")
        return (county_townships(county) if county else []) + list(cleaned.get("townships") or [])

    def scope(self) -> str:
        """What was chosen, in words: "某县（全部乡镇）", or the townships' names."""
        county, named = self.cleaned_data.get("county"), self.cleaned_data.get("townships") or []
        parts = [f"{county.name}（全部乡镇）"] if county else []
        return "、".join(parts + [str(township) for township in named])
