"""Adjustments (动态调整): an application to add, change or remove an item, its opinions, decision and log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from township.models.duties import Duty
from township.models.lists import DutyList
from township.models.places import Township
from township.models.vocabulary import Category, Department


def on_latest_lists() -> models.Q:
    """Items of each township's latest list: the only ones an application may change or remove."""
    from township.selectors.common import latest_lists  # selectors import the models

    return models.Q(duty_list__in=latest_lists().values("pk"))


class AdjustmentApplication(models.Model):
    """One application (申请) to add, change or remove one item of a township's latest list.

    The proposed content is written as the portal's workbook writes its cells (one step per
    line, 【部门】 before a department's steps), so that approval reads it with the very parser
    that re-imports a workbook.
    """

    class Action(models.TextChoices):
        ADD = "add", _("新增")
        CHANGE = "change", _("修改")
        REMOVE = "remove", _("删除")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        AWAITING_OPINIONS = "opinions", _("待部门意见")
        AWAITING_DECISION = "decision", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("已驳回")

    township = models.ForeignKey(
        Township, verbose_name=_("乡镇（街道）"), on_delete=models.PROTECT, related_name="adjustments"
    )
    action = models.CharField(_("调整类型"), max_length=8, choices=Action.choices)
    target = models.ForeignKey(
        Duty, verbose_name=_("调整的事项"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="adjustments", limit_choices_to=on_latest_lists,
        help_text=_("修改或删除时必填：最新清单中的事项（输入事项名称中的字词查找）。"),
    )
    # The target as it read when filed: the item row goes when its version is replaced, and
    # part and name find it again in the version that replaced it.
    target_label = models.CharField(_("原事项"), max_length=255, blank=True, editable=False)
    target_kind = models.CharField(_("原事项类型"), max_length=16, blank=True, editable=False)
    target_name = models.TextField(_("原事项名称"), blank=True, editable=False)
    reason = models.TextField(_("调整理由"))
    legal_basis = models.TextField(_("依据"), help_text=_("法律法规、政策文件或上级决定的名称和条款。"))
    kind = models.CharField(
        _("事项类型"), max_length=16, choices=Duty.Kind.choices, blank=True,
        help_text=_("新增时必填；修改时不填则沿用原事项的类型。"),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("事项类别"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.TextField(_("事项名称"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("对应部门"), blank=True, related_name="adjustments",
        help_text=_("配合履职事项的对应部门，或收回事项的承接部门；也是征求意见的部门。"),
    )
    department_duties = models.TextField(
        _("上级部门职责"), blank=True,
        help_text=_("配合履职事项：每行一步，“【部门】”开头的一行表示其下为该部门的职责。"),
    )
    township_duties = models.TextField(
        _("乡镇（街道）配合职责"), blank=True, help_text=_("配合履职事项：每行一步。"),
    )
    methods = models.TextField(
        _("承接部门及工作方式"), blank=True,
        help_text=_("收回事项：每行一种方式，“【承接部门】”后接工作方式。"),
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    result_list = models.ForeignKey(
        DutyList, verbose_name=_("生成的清单版本"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="adjustments",
    )

    class Meta:
        verbose_name = _("清单调整申请")
        verbose_name_plural = _("清单调整申请")
        ordering = ["-filed_at"]
        permissions = [("approve_adjustmentapplication", _("可审批清单调整申请"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=["add", "change", "remove"]), name="adjustment_action_known"
            ),
        ]

    def __str__(self) -> str:
        subject = self.name or self.target_label
        return f"{self.get_action_display()}：{subject[:40]}（{self.township}）"


class AdjustmentOpinion(models.Model):
    """A department asked for its opinion on an application, and the opinion once given."""

    application = models.ForeignKey(
        AdjustmentApplication, verbose_name=_("调整申请"), on_delete=models.CASCADE, related_name="opinions"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="adjustment_opinions"
    )
    requested_at = models.DateTimeField(_("征求意见时间"), auto_now_add=True)
    agrees = models.BooleanField(_("是否同意"), null=True, blank=True)
    text = models.TextField(_("意见"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    given_at = models.DateTimeField(_("提出时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("部门意见")
        verbose_name_plural = _("部门意见")
        ordering = ["application_id", "department__name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "department"], name="opinion_once_per_department"),
        ]

    def __str__(self) -> str:
        return f"{self.department}：{self.application}"


class AdjustmentEvent(models.Model):
    """One step of an application's life: who did what, when."""

    class Action(models.TextChoices):
        FILED = "filed", _("起草")
        EDITED = "edited", _("修改")
        SUBMITTED = "submitted", _("提交")
        OPINION = "opinion", _("部门意见")
        APPROVED = "approved", _("批准")
        REJECTED = "rejected", _("驳回")

    application = models.ForeignKey(
        AdjustmentApplication, verbose_name=_("调整申请"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    detail = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("调整记录")
        verbose_name_plural = _("调整记录")
        ordering = ["application_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}（{self.by}）"
