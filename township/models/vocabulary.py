"""Shared vocabularies: duty categories and the upper-level departments of each county."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from township.models.fields import PinyinKeyField
from township.models.places import Place


class Category(models.Model):
    """A 事项类别 such as 党的建设, shown in its canonical display order."""

    name = models.CharField(_("名称"), max_length=32, unique=True)
    order = models.PositiveSmallIntegerField(_("显示顺序"), default=100)

    class Meta:
        verbose_name = _("事项类别")
        verbose_name_plural = _("事项类别")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """One real upper-level department (县委组织部, 县人社局…) of a county or city."""

    place = models.ForeignKey(
        Place,
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        related_name="departments",
        help_text=_("部门所在的县（市、区）；其清单提到该部门的乡镇都在此区划下。"),
    )
    name = models.CharField(_("规范名称"), max_length=128)
    pinyin_key = PinyinKeyField(_("拼音排序键"))

    class Meta:
        verbose_name = _("上级部门")
        verbose_name_plural = _("上级部门")
        ordering = ["place__pinyin_key", "place_id", "pinyin_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="department_unique_in_place"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("township:department", args=[self.pk])


class DepartmentAlias(models.Model):
    """Another way a department is written: with/without the county name, abbreviated, a typo."""

    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.CASCADE, related_name="aliases"
    )
    # Kept beside the department so that one spelling resolves to one department per place.
    place = models.ForeignKey(Place, verbose_name=_("所属区划"), on_delete=models.CASCADE)
    name = models.CharField(_("写法"), max_length=128)

    class Meta:
        verbose_name = _("部门别名")
        verbose_name_plural = _("部门别名")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="alias_unique_in_place"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.place_id = self.department.place_id
        super().save(*args, **kwargs)
