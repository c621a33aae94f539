"""Importing a list from the admin: upload, read the report, then confirm."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from importers import registry
from importers.records import PARTS, ParseError
from importers.sources import MAX_BYTES, TOO_LARGE
from township.access import county_in_scope
from township.models import Duty, ImportRecord, PendingUpload, Place, Township
from township.selectors.review import REVIEW_UNITS
from township.services.catalogue import CATALOGUE_HINT
from township.services.imports.loader import ImportRefused
from township.services.imports.service import ImportOptions, UploadRefused, import_upload

IMPORTED = "已导入 {name}：{status}。"
EXPIRED = "这次上传已过期或已确认过，请重新上传。"
PENDING_LIFETIME = datetime.timedelta(hours=24)
# The form takes no longer a name than the database does (the import checks the list's own names).
PLACE_NAME_LENGTH = Place._meta.get_field("name").max_length
TOWNSHIP_NAME_LENGTH = Township._meta.get_field("name").max_length
STATUS_LABELS = {"created": "新版本", "replaced": "替换了原版本", "unchanged": "与已导入的同一文件相同，未作改动"}


class ListUploadForm(forms.Form):
    """A published list and what the list itself may not say."""

    # An empty file is refused by the import, whose message names it, as import_list's does.
    file = forms.FileField(label=_("清单文件"), allow_empty_file=True, help_text=_(
        "PDF（带文字层）、Word（.docx）、Excel（.xlsx、.xls）、文本（UTF-8 或 GB18030/GBK）"
        "或本门户导出的 .xlsx 工作簿，最大 {limit} MB。").format(limit=MAX_BYTES // 2**20))
    layout = forms.ChoiceField(label=_("版式"), required=False, choices=[("", _("自动识别"))] + [
        (layout.NAME, layout.LABEL) for layout in registry.LAYOUTS])
    region = forms.CharField(label=_("自治区/省"), required=False, max_length=PLACE_NAME_LENGTH)
    prefecture = forms.CharField(label=_("地区/自治州/地级市"), required=False, max_length=PLACE_NAME_LENGTH)
    county = forms.CharField(label=_("县（市、区）"), required=False, max_length=PLACE_NAME_LENGTH)
    township = forms.CharField(label=_("乡镇（街道）"), required=False, max_length=TOWNSHIP_NAME_LENGTH)
    published = forms.RegexField(label=_("发布月份"), required=False, regex=r"^\d{4}-\d{1,2}$",
                                 help_text=_("YYYY-MM，清单未写明时填写，例如 2025-07。"),
                                 error_messages={"invalid": _("请按 YYYY-MM 填写，例如 2025-07。")})
    replace = forms.BooleanField(label=_("替换同月已导入的版本"), required=False, help_text=_(
        "同一乡镇同一月份已由另一文件导入时，勾选后用本文件替换该版本。"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE.format(size=upload.size, limit=MAX_BYTES), code="too_large")
        return upload

    def options(self, *, user) -> ImportOptions:
        """The import options this form asks for, as a preview (dry run)."""
        values = {name: self.cleaned_data[name] or None for name in ("region", "prefecture", "county", "township")}
        return ImportOptions.from_dict({"layout": self.cleaned_data["layout"] or None, "place": values,
                                        "published": self.cleaned_data["published"] or None,
                                        "replace": self.cleaned_data["replace"]},
                                       user=user, via=ImportRecord.Via.ADMIN, dry_run=True)


def _import(request, *, data: bytes, name: str, options: ImportOptions):
    """Run the shared import service; return (outcome, None) or (None, the error to show)."""
    try:
        outcome = import_upload(data=data, name=name, options=options,
                                may_import_county=lambda county_id: county_in_scope(request.user, county_id))
    except (ParseError, ImportRefused, UploadRefused, DatabaseError) as error:
        return None, str(error)
    return outcome, None


def _figures(outcome) -> list[dict]:
    stated = outcome.parsed.preamble.stated
    rows = []
    for part in PARTS:
        found = len(getattr(outcome.parsed.items, part))
        rows.append({"title": Duty.Kind(part).label, "found": found, "stated": stated.counts.get(part),
                     "departments": outcome.result.departments_per_part.get(part),
                     "stated_departments": stated.departments.get(part),
                     "flagged": outcome.result.review.items_by_part.get(part, 0)})
    return rows


def upload_view(model_admin, request):
    """The upload form (GET) and, once a file is posted, its import report for confirmation."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ListUploadForm(request.POST or None, request.FILES or None)
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.opts,
               "title": _("上传清单"), "form": form, "max_mb": MAX_BYTES // 2**20}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, options = upload.read(), form.options(user=request.user)
        outcome, error = _import(request, data=data, name=upload.name, options=options)
        if error:
            form.add_error("file", error)
        else:
            PendingUpload.objects.filter(uploaded_at__lt=timezone.now() - PENDING_LIFETIME).delete()
            pending = PendingUpload.objects.create(uploaded_by=request.user, file_name=upload.name,
                                                   content=data, options=options.as_dict())
            context.update(pending=pending, figures=_figures(outcome), report_text="\n".join(outcome.report),
                           review=outcome.result.review, review_units=REVIEW_UNITS,
                           changes=outcome.result.changes, status=outcome.result.status, title=_("导入报告"))
            return TemplateResponse(request, "admin/township/dutylist/upload_preview.html", context)
    return TemplateResponse(request, "admin/township/dutylist/upload.html", context)


def confirm_view(model_admin, request, pending_id: int):
    """Import the previewed upload for real (POST only), with the same service and checks."""
    if not model_admin.has_add_permission(request) or request.method != "POST":
        raise PermissionDenied
    pending = PendingUpload.objects.filter(pk=pending_id, uploaded_by=request.user).first()
    upload_url = reverse("admin:township_dutylist_upload")
    if pending is None:
        model_admin.message_user(request, EXPIRED, messages.ERROR)
        return HttpResponseRedirect(upload_url)
    options = ImportOptions.from_dict(pending.options, user=request.user, via=ImportRecord.Via.ADMIN)
    outcome, error = _import(request, data=bytes(pending.content), name=pending.file_name, options=options)
    if error:
        model_admin.message_user(request, error, messages.ERROR)
        return HttpResponseRedirect(upload_url)
    pending.delete()
    duty_list = outcome.result.duty_list
    model_admin.message_user(request, IMPORTED.format(name=pending.file_name, status=STATUS_LABELS[outcome.result.status]),
                             messages.SUCCESS)
    model_admin.message_user(request, CATALOGUE_HINT, messages.INFO)
    return HttpResponseRedirect(reverse("admin:township_dutylist_change", args=[duty_list.pk]))

