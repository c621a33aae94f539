"""How much awaits review: the one count of items and flags that every page shows.

An item may carry several flags: one per reason, and for scans one per doubtful cell with its
image (see services/imports/loader.py); a flag may also be about the whole version (a count that
differs from the 说明). So pages count two units, items and flags, and say which is which with
the wording below. The import report, the admin's upload preview and import records, the review
queue and the township page all count through `review_tally`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from township.models import Duty, DutyList, ReviewFlag

REVIEW_ITEMS = "{items} 项事项"
REVIEW_FLAGS = "共 {flags} 处标记"
REVIEW_VERSION_FLAGS = "其中 {flags} 处针对整份清单"
REVIEW_UNITS = ("一项事项每个原因记一处标记，扫描件每个识别存疑的格子各记一处；"
                "事项数或部门数与清单说明不符，标记在整份清单上。")


def open_review_flags() -> QuerySet[ReviewFlag]:
    """The flags nobody has cleared yet: what "待核对" means everywhere."""
    return ReviewFlag.objects.filter(reviewed_at__isnull=True)


@dataclass(frozen=True)
class ReviewTally:
    """Items with at least one of the flags counted, the flags, and those about a whole version."""

    items: int = 0
    flags: int = 0
    version_flags: int = 0
    items_by_part: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.flags > 0

    @property
    def text(self) -> str:
        """Both units, named: 86 项事项（共 124 处标记，其中 2 处针对整份清单）."""
        flags = REVIEW_FLAGS.format(flags=self.flags)
        if self.version_flags:
            flags += "，" + REVIEW_VERSION_FLAGS.format(flags=self.version_flags)
        return f"{REVIEW_ITEMS.format(items=self.items)}（{flags}）"


def review_tally(*, flags: QuerySet[ReviewFlag]) -> ReviewTally:
    """Count `flags` and the distinct items they are on, in all and by part; one query."""
    parts = {f"items_{kind}": Count("duty", distinct=True, filter=Q(duty__kind=kind)) for kind in Duty.Kind.values}
    counts = flags.order_by().aggregate(
        items=Count("duty", distinct=True), flags=Count("pk"), version_flags=Count("pk", filter=Q(duty__isnull=True)),
        **parts)
    return ReviewTally(items=counts["items"], flags=counts["flags"], version_flags=counts["version_flags"],
                       items_by_part={kind: counts[f"items_{kind}"] for kind in Duty.Kind.values})


def duty_list_review(*, duty_list: DutyList) -> ReviewTally:
    """What awaits review in one list version: its items with an open flag, and its open flags."""
    return review_tally(flags=open_review_flags().filter(duty_list=duty_list))


def duty_list_open_flags(*, duty_list: DutyList) -> QuerySet[ReviewFlag]:
    """A version's open flags, the version's own first, then by part, item and reason; without images."""
    return (open_review_flags().filter(duty_list=duty_list).select_related("duty").defer("image")
            .order_by(F("duty__kind").asc(nulls_first=True), "duty__seq", "reason", "pk"))
