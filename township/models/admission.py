"""A stored admission check (职责准入核查): the tasks and townships asked about, under a stable address."""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from township.models.places import Township

TOKEN_BYTES = 9  # 12 URL-safe characters: nobody guesses the address of another person's check


def new_token() -> str:
    """A random address for a check."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class AdmissionCheck(models.Model):
    """Tasks checked against townships' lists; the verdicts are worked out again on every view.

    Only the question is stored: the page always answers it against the latest lists, so a
    shared address shows what the lists say now.
    """

    token = models.CharField(_("核查编号"), max_length=16, unique=True, default=new_token, editable=False)
    tasks = models.JSONField(_("任务"), default=list, help_text=_("一项任务一个字符串，按原文顺序。"))
    townships = models.ManyToManyField(Township, verbose_name=_("乡镇"), related_name="+")
    scope = models.CharField(_("核查范围"), max_length=255, blank=True, help_text=_("所选县或乡镇的说明。"))
    source_name = models.CharField(_("通知文件名"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("核查时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事项准入核查")
        verbose_name_plural = _("事项准入核查")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.scope}（{len(self.tasks)} 项任务）"

    def get_absolute_url(self) -> str:
        return reverse("township:check_result", args=[self.token])
