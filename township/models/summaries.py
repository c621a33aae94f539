"""Statistics summarised ahead of time from each township's latest list, so no page counts items.

township.services.summaries keeps these rows current: every import, edit, deletion, revert and
department merge refreshes its townships' rows (and their counties') in its own transaction.
Nothing here is per item: a township has a few dozen rows, a place a few hundred. Each level
above township (county, prefecture, region) is added up from the level below, so a page reads
the rows of its children only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from township.models.duties import Duty
from township.models.lists import DutyList
from township.models.places import Place, Township
from township.models.vocabulary import Category, Department


class TownshipSummary(models.Model):
    """A township's latest list version and its items per part; no row while it has no list."""

    township = models.OneToOneField(Township, verbose_name=_("乡镇"), on_delete=models.CASCADE,
                                    related_name="summary")
    duty_list = models.ForeignKey(DutyList, verbose_name=_("最新清单版本"), on_delete=models.CASCADE,
                                  related_name="+")
    published = models.DateField(_("发布月份"))
    basic = models.PositiveIntegerField(_("基本履职事项数"), default=0)
    coordinating = models.PositiveIntegerField(_("配合履职事项数"), default=0)
    reclaimed = models.PositiveIntegerField(_("上级部门收回事项数"), default=0)

    class Meta:
        verbose_name = _("乡镇事项统计")
        verbose_name_plural = _("乡镇事项统计")

    def __str__(self) -> str:
        return f"{self.township_id}：{self.basic}/{self.coordinating}/{self.reclaimed}"

    @property
    def counts(self) -> dict[str, int]:
        """{kind: items} of the latest version."""
        return {kind: getattr(self, kind) for kind in Duty.Kind.values}


class CategorySummary(models.Model):
    """Items of one part and category in a township's latest version."""

    township = models.ForeignKey(Township, verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("事项类型"), max_length=16, choices=Duty.Kind.choices)
    category = models.ForeignKey(Category, verbose_name=_("事项类别"), on_delete=models.CASCADE,
                                 related_name="+")
    items = models.PositiveIntegerField(_("事项数"))

    class Meta:
        verbose_name = _("乡镇类别事项统计")
        verbose_name_plural = _("乡镇类别事项统计")
        constraints = [models.UniqueConstraint(fields=["township", "kind", "category"],
                                               name="category_summary_unique")]

    def __str__(self) -> str:
        return f"{self.township_id} {self.kind} {self.category_id}：{self.items}"


class DepartmentSummary(models.Model):
    """Distinct items of one part naming a department in a township's latest version."""

    township = models.ForeignKey(Township, verbose_name=_("乡镇"), on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.CASCADE,
                                   related_name="+")
    kind = models.CharField(_("事项类型"), max_length=16, choices=Duty.Kind.choices)
    items = models.PositiveIntegerField(_("事项数"))

    class Meta:
        verbose_name = _("乡镇部门事项统计")
        verbose_name_plural = _("乡镇部门事项统计")
        constraints = [models.UniqueConstraint(fields=["township", "department", "kind"],
                                               name="department_summary_unique")]

    def __str__(self) -> str:
        return f"{self.township_id} {self.department_id} {self.kind}：{self.items}"


class PlaceSummary(models.Model):
    """A county's, prefecture's or region's townships with a list and their items per part, added up."""

    place = models.OneToOneField(Place, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="summary")
    townships = models.PositiveIntegerField(_("有清单的乡镇数"), default=0)
    basic = models.PositiveIntegerField(_("基本履职事项数"), default=0)
    coordinating = models.PositiveIntegerField(_("配合履职事项数"), default=0)
    reclaimed = models.PositiveIntegerField(_("上级部门收回事项数"), default=0)

    class Meta:
        verbose_name = _("区划事项统计")
        verbose_name_plural = _("区划事项统计")

    def __str__(self) -> str:
        return f"{self.place_id}：{self.townships} 个乡镇"

    @property
    def counts(self) -> dict[str, int]:
        """{kind: items} over the place's townships."""
        return {kind: getattr(self, kind) for kind in Duty.Kind.values}


class PlaceCategorySummary(models.Model):
    """Items of one part and category over a place's townships, at every level above township."""

    place = models.ForeignKey(Place, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("事项类型"), max_length=16, choices=Duty.Kind.choices)
    category = models.ForeignKey(Category, verbose_name=_("事项类别"), on_delete=models.CASCADE,
                                 related_name="+")
    items = models.PositiveIntegerField(_("事项数"))

    class Meta:
        verbose_name = _("区划类别事项统计")
        verbose_name_plural = _("区划类别事项统计")
        constraints = [models.UniqueConstraint(fields=["place", "kind", "category"],
                                               name="place_category_summary_unique")]

    def __str__(self) -> str:
        return f"{self.place_id} {self.kind} {self.category_id}：{self.items}"


class PlaceDepartmentSummary(models.Model):
    """Items naming the departments of one name over a place's counties (each county has its own)."""

    place = models.ForeignKey(Place, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("部门名称"), max_length=128)
    coordinating = models.PositiveIntegerField(_("配合履职事项数"), default=0)
    reclaimed = models.PositiveIntegerField(_("上级部门收回事项数"), default=0)
    counties = models.PositiveIntegerField(_("有此部门的县数"), default=0)

    class Meta:
        verbose_name = _("区划部门事项统计")
        verbose_name_plural = _("区划部门事项统计")
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="place_department_summary_unique")]

    def __str__(self) -> str:
        return f"{self.place_id} {self.name}：{self.coordinating}/{self.reclaimed}"


class CountyDepartmentSummary(models.Model):
    """Distinct items of one part naming a department over its county's townships (the county page's ranking)."""

    county = models.ForeignKey(Place, verbose_name=_("县（市、区）"), on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, verbose_name=_("部门"), on_delete=models.CASCADE,
                                   related_name="+")
    kind = models.CharField(_("事项类型"), max_length=16, choices=Duty.Kind.choices)
    items = models.PositiveIntegerField(_("事项数"))

    class Meta:
        verbose_name = _("县部门事项统计")
        verbose_name_plural = _("县部门事项统计")
        constraints = [models.UniqueConstraint(fields=["county", "department", "kind"],
                                               name="county_department_summary_unique")]

    def __str__(self) -> str:
        return f"{self.county_id} {self.department_id} {self.kind}：{self.items}"
