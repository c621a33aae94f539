"""An item's revisions in the admin: the list, a diff between any two, and revert."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from township.admin.scoping import CountyFilter, RecordAdmin
from township.revision_text import line_diff, snapshot_lines
from township.models import BasicDuty, CoordinatingDuty, DutyRevision, ReclaimedDuty
from township.services import duty_revert, duty_snapshot

REVERTED = "已恢复到第 {number} 版（记为第 {new} 版）。"
ALREADY_SO = "当前内容与第 {number} 版相同，无需恢复。"
NO_REVISIONS = "此事项尚未被修改过，导入后的内容就是当前内容。"
PROXY_MODELS = {"basic": BasicDuty, "coordinating": CoordinatingDuty, "reclaimed": ReclaimedDuty}


def _context(model_admin, request, duty, title: str) -> dict:
    return {**model_admin.admin_site.each_context(request), "opts": model_admin.opts,
            "original": duty, "title": title, "has_view_permission": True,
            "change_url": reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_change",
                                  args=[duty.pk])}


def _title(revision: DutyRevision) -> str:
    who = revision.created_by or "—"
    when = timezone.localtime(revision.created_at)
    return f"第 {revision.number} 版（{revision.get_action_display()} · {who} · {when:%Y-%m-%d %H:%M}）"


def _number(request, name: str, default: int) -> int:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else default


def revisions_view(model_admin, request, object_id):
    """The item's revisions, newest first, and the difference between two of them."""
    duty = model_admin.get_object(request, object_id)
    if not model_admin.has_view_permission(request, duty):
        raise PermissionDenied
    revisions = list(duty.revisions.select_related("created_by"))
    context = _context(model_admin, request, duty, f"修改记录：{duty}")
    context.update(revisions=revisions, empty_message=NO_REVISIONS,
                   can_revert=model_admin.has_change_permission(request, duty))
    if len(revisions) >= 2:
        by_number = {revision.number: revision for revision in revisions}
        newer = by_number.get(_number(request, "to", revisions[0].number), revisions[0])
        older = by_number.get(_number(request, "from", revisions[1].number), revisions[1])
        context.update(older=older, newer=newer, older_title=_title(older), newer_title=_title(newer),
                       diff=line_diff(
            snapshot_lines(older.snapshot), snapshot_lines(newer.snapshot)))
    return TemplateResponse(request, "admin/township/duty/revisions.html", context)


def revert_view(model_admin, request, object_id, number: int):
    """Confirm (GET) and carry out (POST) putting the item back as revision `number` had it."""
    duty = model_admin.get_object(request, object_id)
    if not model_admin.has_change_permission(request, duty):
        raise PermissionDenied
    revision = get_object_or_404(DutyRevision, duty=duty, number=number)
    if request.method == "POST":
        new = duty_revert(duty=duty, revision=revision, user=request.user)
        if new is None:
            model_admin.message_user(request, ALREADY_SO.format(number=number), messages.INFO)
        else:
            model_admin.log_change(request, duty, [{"changed": {"fields": [f"恢复到第 {number} 版"]}}])
            model_admin.message_user(request, REVERTED.format(number=number, new=new.number), messages.SUCCESS)
        return HttpResponseRedirect(reverse(
            f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_change", args=[duty.pk]))
    context = _context(model_admin, request, duty, f"恢复到第 {number} 版：{duty}")
    context.update(revision=revision, old_title="当前内容", new_title=_title(revision), diff=line_diff(
        snapshot_lines(duty_snapshot(duty_id=duty.pk)), snapshot_lines(revision.snapshot)))
    return TemplateResponse(request, "admin/township/duty/revert_confirm.html", context)



@admin.register(DutyRevision)
class DutyRevisionAdmin(RecordAdmin):
    """Every recorded change across items, newest first: who changed which item when."""

    county_path = "duty__duty_list__township__county"
    list_display = ["created_at", "label", "number", "action", "created_by", "comment", "item_history"]
    list_display_links = None
    list_filter = ["action", CountyFilter]
    list_select_related = ["created_by", "duty"]
    search_fields = ["label", "comment", "created_by__username"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-number"]

    @admin.display(description="修改记录")
    def item_history(self, revision):
        if revision.duty is None:
            return "（所属版本已被替换）"
        proxy = PROXY_MODELS[revision.duty.kind]._meta
        url = reverse(f"admin:{proxy.app_label}_{proxy.model_name}_revisions", args=[revision.duty_id])
        return format_html('<a href="{}">查看与比较</a>', url)
