"""Administrative places: 自治区/省 → 地区/自治州 → 县/市 → 乡/镇/街道."""

from __future__ import annotations

import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from township.models.fields import PinyinKeyField


class Place(models.Model):
    """An administrative area above township level; counties own townships and departments."""

    class Level(models.TextChoices):
        REGION = "region", _("自治区/省")
        PREFECTURE = "prefecture", _("地区/自治州/地级市")
        COUNTY = "county", _("县/县级市/区")

    name = models.CharField(_("名称"), max_length=64)
    # Places, townships and departments are listed by the pinyin of their names, not character codes.
    pinyin_key = PinyinKeyField(_("拼音排序键"))
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["level", "pinyin_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="place_unique_name_within_parent"
            ),
            models.UniqueConstraint(
                fields=["name", "level"],
                condition=models.Q(parent__isnull=True),
                name="place_unique_top_level_name",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=["region", "prefecture", "county"]),
                name="place_level_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("township:place", args=[self.pk])

    def lineage(self) -> list[Place]:
        """This place and its ancestors, top level first."""
        chain, place = [], self
        while place is not None:
            chain.append(place)
            place = place.parent
        return list(reversed(chain))


class Township(models.Model):
    """A 乡, 镇, 街道 or 苏木: the body that publishes a duty list."""

    class Kind(models.TextChoices):
        XIANG = "xiang", _("乡")
        ZHEN = "zhen", _("镇")
        JIEDAO = "jiedao", _("街道")
        SUMU = "sumu", _("苏木")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=64)
    pinyin_key = PinyinKeyField(_("拼音排序键"))
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices, default=Kind.OTHER)
    county = models.ForeignKey(
        Place,
        verbose_name=_("所属县（市、区）"),
        on_delete=models.PROTECT,
        related_name="townships",
        limit_choices_to={"level": Place.Level.COUNTY},
    )

    class Meta:
        verbose_name = _("乡镇（街道）")
        verbose_name_plural = _("乡镇（街道）")
        ordering = ["county__pinyin_key", "county_id", "pinyin_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="township_unique_in_county"),
        ]

    def __str__(self) -> str:
        return f"{self.county.name}{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("township:township", args=[self.pk])

    @staticmethod
    def kind_from_name(name: str) -> str:
        """The township kind its name's suffix says (…镇 → 镇), OTHER when it says none."""
        bare = re.sub(r"（[^）]*）$", "", name)  # "某乡（清单未载明乡名）" is still a 乡
        for suffix, kind in (("街道", "jiedao"), ("苏木", "sumu"), ("镇", "zhen"), ("乡", "xiang")):
            if bare.endswith(suffix):
                return kind
        return Township.Kind.OTHER
