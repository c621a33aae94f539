"""The catalogue: equivalent items of every township's latest list grouped into entries."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from township.models.duties import Duty
from township.models.vocabulary import Category


class CatalogueEntry(models.Model):
    """One duty as many townships word it ("推荐县级以上党代表工作" and its variants).

    Built as a whole by `python manage.py build_catalogue`, then kept current by every import
    and admin edit (township.services.catalogue.catalogue_update); never edited by hand.
    Deleting a version or an item deletes its items' links; a database trigger (migrations
    0007_catalogue_build and 0009_catalogue_incremental) then lowers `township_count` in the same
    statement, so the count stays that of the links, and marks the entry for regrouping.
    """

    kind = models.CharField(_("事项类型"), max_length=16, choices=Duty.Kind.choices)
    name = models.TextField(_("通用名称"), help_text=_("最多乡镇采用的写法。"))
    category = models.ForeignKey(
        Category, verbose_name=_("事项类别"), on_delete=models.PROTECT, related_name="catalogue_entries",
        help_text=_("多数乡镇所归的类别。"),
    )
    township_count = models.PositiveIntegerField(_("乡镇数"), help_text=_(
        "最新清单中有此事项的乡镇数；生成目录后删除或替换的清单版本随即不再计入。"))
    regroup = models.BooleanField(_("待重新归并"), default=False, help_text=_(
        "有事项被删除后由数据库触发器标记，下次导入或修改时重新归并。"))

    class Meta:
        verbose_name = _("事项目录条目")
        verbose_name_plural = _("事项目录")
        ordering = ["kind", "-township_count", "name"]
        indexes = [
            models.Index(fields=["kind", "township_count"], name="catalogue_kind_count_idx"),
            models.Index(fields=["regroup"], name="catalogue_regroup_idx", condition=models.Q(regroup=True)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name[:40]}（{self.township_count} 个乡镇）"

    def get_absolute_url(self) -> str:
        return reverse("township:catalogue_entry", args=[self.pk])


class CatalogueLink(models.Model):
    """Which catalogue entry an item of a latest list belongs to."""

    duty = models.OneToOneField(
        Duty, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="catalogue_link"
    )
    entry = models.ForeignKey(
        CatalogueEntry, verbose_name=_("目录条目"), on_delete=models.CASCADE, related_name="links"
    )
    township = models.ForeignKey(
        "township.Township", verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="+",
        help_text=_("事项所属乡镇，冗余保存，便于按县统计。"),
    )

    class Meta:
        verbose_name = _("事项目录归属")
        verbose_name_plural = _("事项目录归属")
        indexes = [models.Index(fields=["entry", "township"], name="catalogue_link_entry_town_idx")]

    def __str__(self) -> str:
        return f"{self.duty_id} → {self.entry_id}"


class CatalogueName(models.Model):
    """One normalised name of a part and the entry its items belong to: what an import matches against.

    Every item whose name normalises to `key` is in the same entry, so an import looks up its
    names here, by key and through their character pairs (CatalogueNamePair), instead of
    loading the catalogue.
    """

    entry = models.ForeignKey(
        CatalogueEntry, verbose_name=_("目录条目"), on_delete=models.CASCADE, related_name="names"
    )
    kind = models.CharField(_("事项类型"), max_length=16, choices=Duty.Kind.choices)
    key = models.TextField(_("规范化名称"))
    pairs = models.PositiveIntegerField(_("字对数"))

    class Meta:
        verbose_name = _("事项目录名称")
        verbose_name_plural = _("事项目录名称")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="catalogue_name_kind_key_uniq")]

    def __str__(self) -> str:
        return f"{self.key} → {self.entry_id}"


class CatalogueNamePair(models.Model):
    """One character pair of a catalogue name: the database's copy of the rebuild's bigram index."""

    name = models.ForeignKey(
        CatalogueName, verbose_name=_("名称"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("事项类型"), max_length=16, choices=Duty.Kind.choices)
    pair = models.CharField(_("字对"), max_length=2)

    class Meta:
        verbose_name = _("事项目录名称字对")
        verbose_name_plural = _("事项目录名称字对")
        indexes = [models.Index(fields=["kind", "pair", "name"], name="catalogue_name_pair_idx")]

    def __str__(self) -> str:
        return f"{self.pair} → {self.name_id}"


class CatalogueBuild(models.Model):
    """When build_catalogue last ran and what it produced: pages compare it with later imports and edits."""

    built_at = models.DateTimeField(_("生成时间"), db_index=True)
    townships = models.PositiveIntegerField(_("乡镇数"))
    items = models.PositiveIntegerField(_("事项数"), help_text=_("各乡镇最新清单中的事项数。"))
    linked = models.PositiveIntegerField(_("归入目录的事项数"), help_text=_("原文缺少名称的事项不归入目录。"))
    entries = models.PositiveIntegerField(_("目录条目数"))

    class Meta:
        verbose_name = _("事项目录生成记录")
        verbose_name_plural = _("事项目录生成记录")
        ordering = ["-built_at"]
        get_latest_by = "built_at"

    def __str__(self) -> str:
        return f"{timezone.localtime(self.built_at):%Y-%m-%d %H:%M}：{self.entries} 条目录"
