"""What happened to the data: item revisions, imports, and uploads awaiting confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from township.models.duties import Duty
from township.models.lists import DutyList
from township.models.places import Township


class DutyRevision(models.Model):
    """One saved state of an item with its departments, steps and methods.

    The first revision of an item is its state as imported, written just before its first
    correction, so unchanged items cost nothing. Revisions outlive a replaced version: the
    item link is cleared, and `label` still says which item it was.
    """

    class Action(models.TextChoices):
        IMPORT = "import", _("导入")
        EDIT = "edit", _("修改")
        REVERT = "revert", _("恢复")
        DELETE = "delete", _("删除前的内容")

    duty = models.ForeignKey(
        Duty, verbose_name=_("事项"), null=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    label = models.CharField(_("事项"), max_length=255)
    number = models.PositiveIntegerField(_("版本号"))
    action = models.CharField(_("操作"), max_length=8, choices=Action.choices)
    created_at = models.DateTimeField(_("时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    comment = models.CharField(_("说明"), max_length=255, blank=True)
    snapshot = models.JSONField(_("内容"))

    class Meta:
        verbose_name = _("事项修改记录")
        verbose_name_plural = _("事项修改记录")
        ordering = ["duty_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["duty", "number"], name="revision_number_per_duty"),
        ]

    def __str__(self) -> str:
        return f"{self.label} · 第 {self.number} 版"


class ImportRecord(models.Model):
    """Who imported which file when, and what it did; kept when the version is replaced."""

    class Via(models.TextChoices):
        COMMAND = "command", _("命令行 import_list")
        ADMIN = "admin", _("后台上传")
        ADJUSTMENT = "adjust", _("动态调整（批准的调整申请）")

    duty_list = models.ForeignKey(
        DutyList, verbose_name=_("清单版本"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="import_records",
    )
    township = models.ForeignKey(
        Township, verbose_name=_("乡镇（街道）"), on_delete=models.PROTECT, related_name="import_records"
    )
    published = models.DateField(_("发布月份"))
    source_name = models.CharField(_("文件名"), max_length=255)
    source_sha256 = models.CharField(_("文件 SHA-256"), max_length=64)
    status = models.CharField(_("结果"), max_length=16)
    summary = models.TextField(_("导入报告"), blank=True)
    via = models.CharField(_("方式"), max_length=8, choices=Via.choices)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    system_user = models.CharField(
        _("系统用户"), max_length=64, blank=True, help_text=_("命令行导入时运行命令的操作系统用户。")
    )

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source_name}（{timezone.localtime(self.imported_at):%Y-%m-%d %H:%M}）"


class PendingUpload(models.Model):
    """A list uploaded in the admin, kept between its preview and the editor's confirmation."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    content = models.BinaryField(_("文件内容"))
    options = models.JSONField(_("导入选项"), default=dict)

    class Meta:
        verbose_name = _("待确认的上传")
        verbose_name_plural = _("待确认的上传")

    def __str__(self) -> str:
        return self.file_name
