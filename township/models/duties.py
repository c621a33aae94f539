"""The duties of a list: basic, coordinating and taken-back items with their structure."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from township.models.lists import DutyList
from township.models.vocabulary import Category, Department

# Positions are checked at commit, so that an editor can swap two rows in one save.
REORDERABLE = models.Deferrable.DEFERRED


class NameDocument(models.Func):
    """The name's part of a search document (weight A), as `Duty.name_document` keeps it.

    The weight is written into the SQL, not passed as a parameter: a generated column's
    expression must be a constant one.
    """

    template = "ts_filter(%(expressions)s, '{a}')"
    output_field = SearchVectorField()


class Duty(models.Model):
    """One numbered item (序号) of one part of one list version."""

    class Kind(models.TextChoices):
        BASIC = "basic", _("基本履职事项")
        COORDINATING = "coordinating", _("配合履职事项")
        RECLAIMED = "reclaimed", _("上级部门收回事项")

    duty_list = models.ForeignKey(
        DutyList, verbose_name=_("清单版本"), on_delete=models.CASCADE, related_name="duties"
    )
    kind = models.CharField(_("事项类型"), max_length=16, choices=Kind.choices)
    seq = models.PositiveIntegerField(_("序号"))
    category = models.ForeignKey(
        Category, verbose_name=_("事项类别"), on_delete=models.PROTECT, related_name="duties"
    )
    name = models.TextField(_("事项名称"))
    note = models.TextField(_("备注"), blank=True)
    source_line = models.PositiveIntegerField(
        _("源文件行号"), null=True, blank=True, help_text=_("该事项在导入文件中开始的行。")
    )
    corrected_at = models.DateTimeField(_("最近人工修改时间"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最近修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_document = SearchVectorField(
        _("检索文档"), null=True, editable=False,
        help_text=_("由事项名称、类别、部门和职责内容生成的单字、双字检索索引，导入时自动生成。"),
    )
    # The name's lexemes alone, kept by the database beside the document. A search looks for
    # names first; read from the document, every candidate's kilobytes had to be fetched and
    # decompressed to check it (3.3 µs an item: 33 ms for "的处罚"), from here a few hundred
    # bytes stored in the row (0.4 µs).
    name_document = models.GeneratedField(
        expression=NameDocument("search_document"), output_field=SearchVectorField(), db_persist=True,
        verbose_name=_("名称检索文档"),
    )

    class Meta:
        verbose_name = _("履职事项")
        verbose_name_plural = _("履职事项")
        ordering = ["duty_list_id", "kind", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty_list", "kind", "seq"], name="duty_unique_seq_in_part"
            ),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="duty_seq_positive"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["basic", "coordinating", "reclaimed"]),
                name="duty_kind_known",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "category"], name="duty_kind_category_idx"),
            GinIndex(fields=["search_document"], name="duty_search_document_idx"),
            GinIndex(fields=["name_document"], name="duty_name_document_idx"),
            # The catalogue's status asks for the latest correction on every page view.
            models.Index(fields=["corrected_at"], name="duty_corrected_at_idx",
                         condition=models.Q(corrected_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.seq}：{self.name[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("township:duty", args=[self.pk])


class DutyManagerForKind(models.Manager):
    """A manager restricted to one kind of duty (used by the proxy models)."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(kind=self.kind)


class BasicDuty(Duty):
    """基本履职事项: what the township must do itself."""

    objects = DutyManagerForKind(Duty.Kind.BASIC)

    class Meta:
        proxy = True
        verbose_name = _("基本履职事项")
        verbose_name_plural = _("基本履职事项")


class CoordinatingDuty(Duty):
    """配合履职事项: a county department leads, the township supports step by step."""

    objects = DutyManagerForKind(Duty.Kind.COORDINATING)

    class Meta:
        proxy = True
        verbose_name = _("配合履职事项")
        verbose_name_plural = _("配合履职事项")


class ReclaimedDuty(Duty):
    """上级部门收回事项: work the county took back, and how it is handled now."""

    objects = DutyManagerForKind(Duty.Kind.RECLAIMED)

    class Meta:
        proxy = True
        verbose_name = _("上级部门收回事项")
        verbose_name_plural = _("上级部门收回事项")


class DutyDepartment(models.Model):
    """A department named by a coordinating or taken-back item, in published order.

    Most links come from the item's department column. When that cell is damaged but the
    responsibilities name a department ("县交通运输局：1. …"), the link is kept as well,
    marked as named in the duties, so the department's page still lists the item.
    """

    class NamedIn(models.TextChoices):
        COLUMN = "column", _("对应部门栏")
        DUTIES = "duties", _("职责内容")

    duty = models.ForeignKey(
        Duty, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="duty_departments"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    name_as_published = models.CharField(_("原文写法"), max_length=255)
    named_in = models.CharField(
        _("出处"), max_length=8, choices=NamedIn.choices, default=NamedIn.COLUMN
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_links",
        help_text=_("为空表示原文无法识别为部门，需人工核对。"),
    )

    class Meta:
        verbose_name = _("事项对应部门")
        verbose_name_plural = _("事项对应部门")
        ordering = ["duty_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "position"], name="duty_department_position", deferrable=REORDERABLE
            ),
        ]

    def __str__(self) -> str:
        return self.name_as_published


class ResponsibilityBlock(models.Model):
    """A run of ordered steps in one responsibility column, under a department and/or heading."""

    class Side(models.TextChoices):
        DEPARTMENT = "department", _("上级部门职责")
        TOWNSHIP = "township", _("乡镇（街道）配合职责")

    duty = models.ForeignKey(
        Duty, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="blocks"
    )
    side = models.CharField(_("所属栏目"), max_length=16, choices=Side.choices)
    position = models.PositiveSmallIntegerField(_("顺序"))
    department_name = models.CharField(_("部门（原文）"), max_length=255, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="blocks",
    )
    heading = models.CharField(_("小标题"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("职责分组")
        verbose_name_plural = _("职责分组")
        ordering = ["duty_id", "side", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "side", "position"], name="block_position_in_side",
                deferrable=REORDERABLE,
            ),
        ]

    def __str__(self) -> str:
        return self.heading or self.department_name or self.get_side_display()


class Step(models.Model):
    """One numbered step of a responsibility block, without its leading number."""

    block = models.ForeignKey(
        ResponsibilityBlock, verbose_name=_("职责分组"), on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField(_("步骤序号"))
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("步骤")
        verbose_name_plural = _("步骤")
        ordering = ["block_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "position"], name="step_position_in_block", deferrable=REORDERABLE
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:40]}"


class ReclaimedMethod(models.Model):
    """How a receiving department handles a taken-back item; no department when work stops."""

    duty = models.ForeignKey(
        Duty, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="methods"
    )
    position = models.PositiveSmallIntegerField(_("顺序"))
    department_name = models.CharField(_("承接部门（原文）"), max_length=255, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("承接部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="methods",
    )
    text = models.TextField(_("工作方式"))

    class Meta:
        verbose_name = _("承接方式")
        verbose_name_plural = _("承接方式")
        ordering = ["duty_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "position"], name="method_position", deferrable=REORDERABLE
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class ReviewFlag(models.Model):
    """Why an item (or a whole version) needs a human look, set by the importer, cleared by an editor."""

    class Reason(models.TextChoices):
        TEXT_DAMAGED = "text_damaged", _("文字受损")
        CATEGORY_INFERRED = "category_inferred", _("类别系推定")
        NAME_MISSING = "name_missing", _("事项名称缺失")
        DEPARTMENT_UNRESOLVED = "department_unresolved", _("部门无法识别")
        CELL_MISSING = "cell_missing", _("栏目内容缺失")
        COUNT_MISMATCH = "count_mismatch", _("数量与说明不符")
        SEQUENCE = "sequence", _("序号异常")
        TEXT_TRUNCATED = "text_truncated", _("内容被截断")
        OCR_DOUBTFUL = "ocr_doubtful", _("识别存疑")

    duty_list = models.ForeignKey(
        DutyList, verbose_name=_("清单版本"), on_delete=models.CASCADE, related_name="flags"
    )
    duty = models.ForeignKey(
        Duty, verbose_name=_("事项"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="flags", help_text=_("为空表示标记针对整个清单版本，例如数量与说明不符。"),
    )
    reason = models.CharField(_("原因"), max_length=32, choices=Reason.choices)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    # Scans only: the image of the doubtful cell, kept with the import so that an editor
    # corrects against the original; served to logged-in editors of the county only.
    image = models.BinaryField(_("原件图片"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("标记时间"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核对人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("待核对标记")
        verbose_name_plural = _("待核对标记")
        ordering = ["duty_id", "reason"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duty__isnull=False) | models.Q(reason="count_mismatch"),
                name="flag_on_item_unless_count",
            ),
        ]
        indexes = [
            models.Index(
                fields=["reason"],
                condition=models.Q(reviewed_at__isnull=True),
                name="flag_open_reason_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}：{self.detail}"

    def save(self, *args, **kwargs) -> None:
        if self.duty_id and not self.duty_list_id:
            self.duty_list_id = self.duty.duty_list_id  # an item's flag belongs to its version
        super().save(*args, **kwargs)
