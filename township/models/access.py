"""Who may edit what: the counties assigned to a county editor, the departments a user speaks for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from township.models.places import Place
from township.models.vocabulary import Department


class EditorProfile(models.Model):
    """The counties whose townships a county editor may change.

    Users with the `all_counties` permission (administrators, viewers) are not limited;
    everyone else in the admin sees and changes only what lies in these counties.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
        related_name="editor_profile",
    )
    counties = models.ManyToManyField(
        Place, verbose_name=_("负责的县（市、区）"), blank=True, related_name="editors",
        limit_choices_to={"level": Place.Level.COUNTY},
        help_text=_("县级编辑只能查看和修改这些县（市、区）所辖乡镇的清单。"),
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("所属部门"), blank=True, related_name="members",
        help_text=_("部门用户代表这些部门对清单调整申请提出意见。"),
    )

    class Meta:
        verbose_name = _("编辑负责范围")
        verbose_name_plural = _("编辑负责范围")
        permissions = [("all_counties", _("不受县（市、区）范围限制"))]

    def __str__(self) -> str:
        return str(self.user)
