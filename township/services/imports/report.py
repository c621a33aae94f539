"""The per-file import report: counts against stated figures, sequences, flagged items."""

from __future__ import annotations

from importers import registry
from importers.records import PARTS, PART_TITLES, ParsedList, ParseIssue
from township.models import DutyList
from township.selectors.review import REVIEW_UNITS, ReviewTally, duty_list_open_flags
from township.services.imports.loader import LoadResult

STATUS = {
    "created": "已导入为新版本",
    "replaced": "已替换原版本",
    "unchanged": "与已导入的同一文件相同，未作任何改动",
}
DRY_RUN = "试运行：未写入数据库"
REVIEW_HEADING = "待核对：{tally}，逐处列出如下（导入后复核队列中本版本的标记与此一一对应）："
REVIEW_NONE = "待核对：无"
WHOLE_LIST = "整份清单"
_SHORT = {"basic": "基本", "coordinating": "配合", "reclaimed": "收回"}


def _against(found: int, stated: int | None) -> str:
    if stated is None:
        return f"{found}（清单未说明）"
    mark = "✓" if found == stated else "✗ 不符"
    return f"{found}（清单说明 {stated}）{mark}"


def _place_line(parsed: ParsedList) -> str:
    place = parsed.preamble.place
    levels = [place.region, place.prefecture, place.county, place.township]
    return " ".join(level for level in levels if level)


def _count_lines(parsed: ParsedList, result: LoadResult | None) -> list[str]:
    stated = parsed.preamble.stated
    items = "；".join(f"{_SHORT[part]} {_against(len(getattr(parsed.items, part)), stated.counts.get(part))}"
                     for part in PARTS)
    lines = [f"  事项数：{items}"]
    if result is not None:
        departments = "；".join(
            f"{_SHORT[part]} {_against(result.departments_per_part.get(part, 0), stated.departments.get(part))}"
            for part in ("coordinating", "reclaimed"))
        lines.append(f"  涉及部门：{departments}")
        if result.unresolved_departments:
            lines.append("  无法识别的部门写法：" + "、".join(result.unresolved_departments))
    return lines


def _item_places(parsed: ParsedList) -> dict[tuple[str, int], str]:
    """Where each item is in the file, by part and number: "第 12 页", or its line in a text."""
    return {(part, item.seq): item.where or f"第 {item.line} 行"
            for part in PARTS for item in getattr(parsed.items, part)}


def _review_lines(parsed: ParsedList, duty_list: DutyList, review: ReviewTally) -> list[str]:
    """What the import left to review, counted and listed as the review queue shows it: one line a flag."""
    if not review:
        return [f"  {REVIEW_NONE}"]
    lines = [f"  {REVIEW_HEADING.format(tally=review.text)}", f"  {REVIEW_UNITS}"]
    places = _item_places(parsed)
    for flag in duty_list_open_flags(duty_list=duty_list):
        reason = flag.get_reason_display()
        if flag.duty is None:
            lines.append(f"    {WHOLE_LIST} · {reason}：{flag.detail}")
            continue
        where = places.get((flag.duty.kind, flag.duty.seq))
        item = f"{PART_TITLES[flag.duty.kind]}第 {flag.duty.seq} 项"
        lines.append(f"    {where + ' ' if where else ''}{item} · {reason}：{flag.detail}")
    return lines


def format_report(parsed: ParsedList, issues: list[ParseIssue], result: LoadResult | None,
                  *, dry_run: bool) -> list[str]:
    """The lines printed for one imported (or dry-run) file."""
    layout = f"{registry.label_of(parsed.layout)}（{parsed.layout}）"
    lines = [f"{parsed.source} · 版式 {layout} · {_place_line(parsed)} · 发布 {parsed.preamble.published}"]
    lines += _count_lines(parsed, result)
    for issue in issues:
        where = f"第 {issue.line} 行：" if issue.line else ""
        lines.append(f"  提示：{where}{issue.message}")
    if result is not None:
        lines += _review_lines(parsed, result.duty_list, result.review)
    if result is not None and result.changes is not None:
        lines.append(f"  与原版本相比：{result.changes.summary()}")
    if result is not None:
        lines.append(f"  结果：{DRY_RUN if dry_run else STATUS[result.status]}")
    return lines
