"""Adjustments (动态调整) in the admin: filing applications, departments' opinions, approval and rejection.

The pages only collect and show; every rule is the service's (township/services/adjustments.py),
whose Chinese refusals the pages show as form errors or messages.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from township.access import county_in_scope, county_scope
from township.admin.scoping import CountyFilter, CountyScopedAdmin
from township.models import AdjustmentApplication, AdjustmentEvent, AdjustmentOpinion
from township.services.adjustments import (
    AdjustmentRefused, adjustment_check, adjustment_opinion_give, adjustment_save, adjustment_submit,
    adjustments_approve, adjustments_reject, user_departments,
)

SUBMITTED = "申请 #{number} 已提交：{next}。"
NEXT_STEP = {AdjustmentApplication.Status.AWAITING_OPINIONS: "等待相关部门提出意见",
             AdjustmentApplication.Status.AWAITING_DECISION: "等待县级管理员审批"}
APPROVED = "已批准 {count} 份申请，生成了新的清单版本：{version}。"
REJECTED = "已驳回 {count} 份申请。"
OPINION_SAVED = "已记录{department}对申请 #{number} 的意见。"
YES_NO = {True: "同意", False: "不同意", None: "待提出"}
DECISIONS = {"approve": ("批准", "确认批准"), "reject": ("驳回", "确认驳回")}

PROPOSAL_FIELDS = ["kind", "category", "name", "departments", "department_duties", "township_duties", "methods"]


class ApplicationForm(forms.ModelForm):
    """An application as filed; the service decides whether it may be saved as it stands."""

    user = None  # set per request by the admin

    class Meta:
        model = AdjustmentApplication
        fields = ["township", "action", "target", "reason", "legal_basis", *PROPOSAL_FIELDS]

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.instance.township_id is None:
            return
        try:
            adjustment_check(application=self.instance, departments=list(self.cleaned_data.get("departments", [])),
                             user=self.user)
        except AdjustmentRefused as refusal:
            self.add_error(None, str(refusal))


class ReadOnlyInline(admin.TabularInline):
    """Rows shown with the application, written only by the service."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OpinionInline(ReadOnlyInline):
    model = AdjustmentOpinion
    fields = readonly_fields = ["department", "verdict", "text", "given_by", "given_at"]
    verbose_name_plural = _("部门意见")

    @admin.display(description=_("是否同意"))
    def verdict(self, opinion) -> str:
        return YES_NO[opinion.agrees]


class EventInline(ReadOnlyInline):
    model = AdjustmentEvent
    fields = readonly_fields = ["at", "by", "action", "detail"]
    verbose_name_plural = _("办理记录")


def _asked_of(user) -> Q:
    """Applications put to a department `user` speaks for."""
    return Q(opinions__department__in=user_departments(user))


@admin.register(AdjustmentApplication)
class AdjustmentApplicationAdmin(CountyScopedAdmin):
    """Filers add and edit drafts and submit them; county administrators approve or reject them."""

    form = ApplicationForm
    county_path = "township__county"
    list_display = ["number", "township", "action", "subject", "status", "filed_by", "filed_at", "version"]
    list_display_links = ["number", "subject"]
    list_filter = ["status", "action", CountyFilter]
    list_select_related = ["township__county", "filed_by", "result_list__township"]
    search_fields = ["name", "target_label", "reason", "township__name"]
    autocomplete_fields = ["township", "target", "category", "departments"]
    inlines = [OpinionInline, EventInline]
    actions = ["submit_selected", "approve_selected", "reject_selected"]
    change_form_template = "admin/township/adjustmentapplication/change_form.html"
    fieldsets = [
        (None, {"fields": ["township", "action", "target", "target_label", "reason", "legal_basis"]}),
        (_("调整后的事项内容（删除时不填；修改时不填的栏目沿用原事项）"), {"fields": PROPOSAL_FIELDS}),
        (_("办理情况"), {"fields": ["status", "filed_by", "filed_at", "decided_by", "decided_at",
                                 "decision_note", "result_list"]}),
    ]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        scope = county_scope(request.user)
        if scope is None:
            return queryset
        return queryset.filter(Q(township__county__in=scope) | _asked_of(request.user)).distinct()

    def get_fieldsets(self, request, obj=None):
        """A new application has no progress to show yet."""
        return self.fieldsets if obj is not None else self.fieldsets[:2]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def in_scope(self, request, obj) -> bool:
        if obj is None or county_in_scope(request.user, obj.township.county_id if obj.township_id else None):
            return True
        return obj.pk is not None and obj.opinions.filter(department__in=user_departments(request.user)).exists()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        workflow = ["target_label", "status", "filed_by", "filed_at", "decided_by", "decided_at", "decision_note",
                    "result_list"]
        if obj is not None and obj.status != AdjustmentApplication.Status.DRAFT:
            return ["township", "action", "target", "reason", "legal_basis", *PROPOSAL_FIELDS, *workflow]
        return workflow

    def has_change_permission(self, request, obj=None):
        drafted = obj is None or obj.status == AdjustmentApplication.Status.DRAFT
        return super().has_change_permission(request, obj) and drafted

    def has_delete_permission(self, request, obj=None):
        return False  # every application stays on record, rejected ones too

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("township.approve_adjustmentapplication")

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_decide"
        # One path per decision: a pattern taking any word would also take Django's own …/change/.
        return [path(f"<path:object_id>/{decision}/", self.admin_site.admin_view(self.decide_view),
                     {"decision": decision}, name=f"{name}_{decision}") for decision in DECISIONS] + super().get_urls()

    def decide_view(self, request, object_id, decision):
        """Approve or reject the one application from its own page, through the same note page as the actions."""
        application = self.get_object(request, object_id)
        if not self.has_approve_permission(request):
            raise PermissionDenied
        response = self._decide(request, self.get_queryset(request).filter(pk=application.pk), decision)
        return response or HttpResponseRedirect(reverse("admin:township_adjustmentapplication_change",
                                                        args=[application.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The page of an application awaiting decision offers 批准/驳回 to whoever may decide."""
        application = self.get_object(request, object_id)
        decisions = []
        if application.status == AdjustmentApplication.Status.AWAITING_DECISION and self.has_approve_permission(request):
            decisions = [{"label": DECISIONS[decision][0], "url": reverse(
                f"admin:township_adjustmentapplication_decide_{decision}", args=[application.pk])}
                for decision in DECISIONS]
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "decisions": decisions})

    def save_model(self, request, obj, form, change) -> None:
        adjustment_save(application=obj, departments=list(form.cleaned_data["departments"]), user=request.user)

    def save_related(self, request, form, formsets, change) -> None:
        """The service set the departments; the inlines are read only (saved to tell Django so)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.display(description=_("编号"), ordering="pk")
    def number(self, application) -> str:
        return f"#{application.pk}"

    @admin.display(description=_("事项"))
    def subject(self, application) -> str:
        return (application.name or application.target_label)[:60]

    @admin.display(description=_("生成的版本"))
    def version(self, application) -> str:
        if application.result_list is None:
            return ""
        return format_html('<a href="{}">{}</a>', application.result_list.get_absolute_url(), application.result_list)

    @admin.action(description=_("提交所选申请（征求部门意见或送审批）"), permissions=["add"])
    def submit_selected(self, request, queryset):
        for application in queryset.order_by("pk"):
            try:
                submitted = adjustment_submit(application=application, user=request.user)
            except AdjustmentRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                continue
            self.message_user(request, SUBMITTED.format(number=submitted.pk, next=NEXT_STEP[submitted.status]),
                              messages.SUCCESS)

    @admin.action(description=_("批准所选申请（生成新的清单版本）"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        return self._decide(request, queryset, "approve")

    @admin.action(description=_("驳回所选申请"), permissions=["approve"])
    def reject_selected(self, request, queryset):
        return self._decide(request, queryset, "reject")

    def _decide(self, request, queryset, decision: str):
        """Ask for the note first; on confirmation, approve or reject through the service."""
        applications = list(queryset.select_related("township", "filed_by").prefetch_related("opinions__department")
                            .order_by("pk"))
        if request.POST.get("post") != "yes":
            return self._decision_page(request, applications, decision)
        note = request.POST.get("note", "")
        try:
            if decision == "approve":
                version = adjustments_approve(applications=applications, user=request.user, note=note)
                self.message_user(request, APPROVED.format(count=len(applications), version=version), messages.SUCCESS)
            else:
                adjustments_reject(applications=applications, user=request.user, note=note)
                self.message_user(request, REJECTED.format(count=len(applications)), messages.SUCCESS)
        except AdjustmentRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        return None

    def _decision_page(self, request, applications, decision: str):
        verb, confirm = DECISIONS[decision]
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": f"{verb}清单调整申请",
                   "applications": applications, "action": f"{decision}_selected", "confirm": confirm,
                   "decision": decision, "checkbox_name": ACTION_CHECKBOX_NAME,
                   "note": request.POST.get("note", "")}
        return TemplateResponse(request, "admin/township/adjustmentapplication/decide.html", context)


class OpinionForm(forms.ModelForm):
    """A department's answer: agree or not, and why."""

    agrees = forms.TypedChoiceField(label=_("是否同意"), choices=[("1", "同意"), ("0", "不同意")],
                                    coerce=lambda value: value == "1", widget=forms.RadioSelect)

    class Meta:
        model = AdjustmentOpinion
        fields = ["agrees", "text"]


class PendingFilter(admin.SimpleListFilter):
    """Opinions still to give first: the department user's task list."""

    title = _("办理情况")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", _("待提出")), ("no", _("已提出"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(given_at__isnull=self.value() == "yes")
        return queryset


@admin.register(AdjustmentOpinion)
class AdjustmentOpinionAdmin(CountyScopedAdmin):
    """The task list of department users: applications awaiting their department's opinion."""

    form = OpinionForm
    county_path = "application__township__county"
    list_display = ["application_number", "township", "application_action", "subject", "department",
                    "verdict", "requested_at"]
    list_filter = [PendingFilter, "department"]
    list_select_related = ["application__township__county", "department"]
    readonly_fields = ["application_link", "township", "application_action", "original", "subject", "proposal",
                       "reason", "legal_basis", "department", "given_by", "given_at"]
    fields = ["application_link", "township", "application_action", "original", "subject", "proposal", "reason",
              "legal_basis", "department", "agrees", "text", "given_by", "given_at"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        departments = user_departments(request.user)
        if departments:
            return queryset.filter(department__in=departments)
        scope = county_scope(request.user)
        return queryset if scope is None else queryset.filter(application__township__county__in=scope)

    def in_scope(self, request, obj) -> bool:
        return obj is None or obj.department_id in user_departments(request.user) or super().in_scope(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and (obj.given_at is not None or obj.department_id not in user_departments(request.user)):
            return False
        return super().has_change_permission(request, obj)

    def get_fields(self, request, obj=None):
        """An answered (or someone else's) opinion reads 同意/不同意 in words, not as a tick icon."""
        if obj is not None and not self.has_change_permission(request, obj):
            return [("verdict" if name == "agrees" else name) for name in self.fields]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return [*self.readonly_fields, "verdict", "text"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        try:
            adjustment_opinion_give(opinion=obj, user=request.user, agrees=form.cleaned_data["agrees"],
                                    text=form.cleaned_data["text"])
        except AdjustmentRefused as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        self.message_user(request, OPINION_SAVED.format(department=obj.department, number=obj.application_id))

    @admin.display(description=_("申请"))
    def application_number(self, opinion) -> str:
        return f"#{opinion.application_id}"

    @admin.display(description=_("申请"))
    def application_link(self, opinion) -> str:
        url = reverse("admin:township_adjustmentapplication_change", args=[opinion.application_id])
        return format_html('<a href="{}">#{} {}</a>', url, opinion.application_id, opinion.application)

    @admin.display(description=_("乡镇（街道）"))
    def township(self, opinion) -> str:
        return str(opinion.application.township)

    @admin.display(description=_("调整类型"))
    def application_action(self, opinion) -> str:
        return opinion.application.get_action_display()

    @admin.display(description=_("事项"))
    def subject(self, opinion) -> str:
        return opinion.application.name or opinion.application.target_label

    @admin.display(description=_("原事项"))
    def original(self, opinion) -> str:
        return opinion.application.target_label or "—"

    @admin.display(description=_("调整后的职责或工作方式"))
    def proposal(self, opinion):
        application = opinion.application
        texts = [text for text in (application.department_duties, application.township_duties, application.methods)
                 if text.strip()]
        return format_html("<pre>{}</pre>", "\n\n".join(texts)) if texts else "—"

    @admin.display(description=_("调整理由"))
    def reason(self, opinion) -> str:
        return opinion.application.reason

    @admin.display(description=_("依据"))
    def legal_basis(self, opinion) -> str:
        return opinion.application.legal_basis

    @admin.display(description=_("意见"))
    def verdict(self, opinion) -> str:
        return YES_NO[opinion.agrees]
