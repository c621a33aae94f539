"""The only importer module that touches the ORM: writes a ParsedList as a list version.

Everything happens inside one transaction with one multi-row insert per table (each item's
search document is built from the rows being written and goes in with the item), so a failure
leaves the database as it was and the number of queries does not grow with the list.
Re-importing the same file changes nothing; a different file for a township and month already
loaded is refused (with a summary of what would change) unless `replace` is given.
"""

from __future__ import annotations

import datetime
import getpass
import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from importers.departments import resolve_departments
from importers.normalize import split_departments
from importers.records import (
    FLAG_COUNT_MISMATCH, FLAG_DEPARTMENT_UNRESOLVED, PARTS, CoordinatingItem, ParsedList,
    ReclaimedItem, ReviewFlag,
)
from importers.vocabulary import DEFAULT_CATEGORIES
from township.models import (
    Category, Department, DepartmentAlias, Duty, DutyDepartment, DutyList, ImportRecord, Place,
    ReclaimedMethod, ResponsibilityBlock, ReviewFlag as ReviewFlagRow, Step, Township, TownshipProfile,
)
from township.selectors.review import ReviewTally, duty_list_review
from township.services.imports.limits import check_fits
from township.services.imports.versions import VersionChanges, compare_versions
from township.services.search_documents import duty_search_document

ALREADY_LOADED = ("{name}：{township} {month} 的清单已由另一文件（{other}）导入；如要以本文件替换该版本，"
                  "请加 --replace。将发生的变化：{summary}")
# The admin's upload form has a box to tick where the command has --replace.
ALREADY_LOADED_IN_FORM = ("{name}：{township} {month} 的清单已由另一文件（{other}）导入；如要以本文件替换该版本，"
                          "请在上传表单中勾选“替换同月已导入的版本”后重新上传。将发生的变化：{summary}")
DATABASE_FAILED = ("{what}：写入数据库时出错，导入未完成。请稍后再试；"
                   "如仍出错，请把这个文件和导入时间告诉管理员，由其查看服务器日志")
ITEMS_DIFFER = "{part}实有 {found} 项，清单说明 {stated} 项"
DEPARTMENTS_DIFFER = "{part}涉及部门实有 {found} 个，清单说明 {stated} 个"
# The import record keeps what awaited review when the file came in (the queue shows what awaits now).
RECORDED_REVIEW = "；导入时待核对 {tally}"

logger = logging.getLogger(__name__)


class ImportRefused(Exception):
    """The file conflicts with what is loaded; carries the changes it would make."""

    def __init__(self, message: str, changes: VersionChanges):
        super().__init__(message)
        self.changes = changes


@dataclass
class LoadResult:
    """What one import did (or, in a dry run, would do)."""

    status: str  # "created", "replaced" or "unchanged"
    duty_list: DutyList
    changes: VersionChanges | None = None
    departments_per_part: dict[str, int] = field(default_factory=dict)
    unresolved_departments: list[str] = field(default_factory=list)
    review: ReviewTally = field(default_factory=ReviewTally)  # what awaits review in the version afterwards


def _place_chain(place) -> Place:
    """Get or create region → prefecture → county and return the county."""
    parent = None
    for level, name in (("region", place.region), ("prefecture", place.prefecture),
                        ("county", place.county)):
        if name:
            parent, _ = Place.objects.get_or_create(name=name, parent=parent, defaults={"level": level})
    return parent


def _categories(parsed: ParsedList) -> dict[str, Category]:
    names = {item.category for part in PARTS for item in getattr(parsed.items, part)}
    existing = {category.name: category for category in Category.objects.filter(name__in=names)}
    new = [Category(name=name, order=DEFAULT_CATEGORIES.index(name) + 1 if name in DEFAULT_CATEGORIES else 100)
           for name in sorted(names - set(existing))]
    existing.update({category.name: category for category in Category.objects.bulk_create(new)})
    return existing


def _published_names(parsed: ParsedList) -> list[str]:
    names: list[str] = []
    for item in parsed.items.coordinating + parsed.items.reclaimed:
        names += list(item.departments) + _labels(item)
    return names


def _departments(parsed: ParsedList, county: Place) -> tuple[dict[str, Department], set[str]]:
    """Map every department name as published to one Department of the county."""
    known = {alias.name: alias.department for alias in
             DepartmentAlias.objects.filter(place=county).select_related("department")}
    known.update({department.name: department for department in county.departments.all()})
    place = parsed.preamble.place
    resolution = resolve_departments(list(known) + _published_names(parsed),
                                     county=place.county, prefecture=place.prefecture)
    by_canonical: dict[str, Department] = {}
    for name, canonical in resolution.canonical.items():
        if name in known:
            by_canonical.setdefault(canonical, known[name])
    new = [Department(place=county, name=canonical)
           for canonical in dict.fromkeys(resolution.canonical.values()) if canonical not in by_canonical]
    by_canonical.update({department.name: department for department in Department.objects.bulk_create(new)})
    resolved = {name: by_canonical[canonical] for name, canonical in resolution.canonical.items()}
    aliases = [DepartmentAlias(department=department, place=county, name=name)
               for name, department in resolved.items() if name != department.name and name not in known]
    DepartmentAlias.objects.bulk_create(aliases, ignore_conflicts=True)
    return resolved, set(resolution.unresolved)


def _township(parsed: ParsedList) -> Township:
    county = _place_chain(parsed.preamble.place)
    name = parsed.preamble.place.township
    township, _ = Township.objects.get_or_create(
        county=county, name=name, defaults={"kind": Township.kind_from_name(name)})
    return township


def _published(parsed: ParsedList) -> datetime.date:
    year, month = parsed.preamble.published.split("-")
    return datetime.date(int(year), int(month), 1)


def _new_version(parsed: ParsedList, *, township: Township, sha256: str, user) -> DutyList:
    stated = parsed.preamble.stated
    duty_list = DutyList.objects.create(
        township=township, published=_published(parsed), layout=parsed.layout,
        source_name=parsed.source, source_sha256=sha256, imported_by=user,
        stated_basic=stated.counts.get("basic"),
        stated_coordinating=stated.counts.get("coordinating"),
        stated_reclaimed=stated.counts.get("reclaimed"),
        stated_total=stated.total,
        stated_departments_coordinating=stated.departments.get("coordinating"),
        stated_departments_reclaimed=stated.departments.get("reclaimed"),
        stated_categories={part: list(names) for part, names in stated.categories.items()},
    )
    profile = parsed.preamble.profile
    if profile is not None:
        TownshipProfile.objects.create(duty_list=duty_list, **{
            name: (value if value is not None else "") if name in ("township_type", "location", "summary")
            else value for name, value in vars(profile).items()})
    return duty_list


def _duty_rows(parsed: ParsedList, duty_list: DutyList, categories) -> list[tuple[Duty, object]]:
    """An unsaved item row for every parsed item, paired with that item."""
    return [(Duty(duty_list=duty_list, kind=part, seq=item.seq, category=categories[item.category],
                  name=item.name, note=item.note, source_line=item.line), item)
            for part in PARTS for item in getattr(parsed.items, part)]


def _labels(item) -> list[str]:
    """Department names that head blocks of the responsibilities or handling methods.

    One label may name several departments ("县教育局、县财政局："); each counts on its own.
    """
    if isinstance(item, CoordinatingItem):
        labels = [block.department for block in item.department_duties if block.department]
    else:
        labels = [method.department for method in item.methods if method.department]
    return [name for label in labels for name in split_departments(label)]


def _department_links(duty, item, resolved) -> list[DutyDepartment]:
    links = [DutyDepartment(duty=duty, position=position, name_as_published=name,
                            department=resolved.get(name))
             for position, name in enumerate(item.departments, start=1)]
    linked = {link.department for link in links if link.department}
    for name in _labels(item):
        department = resolved.get(name)
        if department is not None and department not in linked:
            linked.add(department)
            links.append(DutyDepartment(duty=duty, position=len(links) + 1, name_as_published=name,
                                        department=department, named_in=DutyDepartment.NamedIn.DUTIES))
    return links


def _blocks(duty, item: CoordinatingItem, resolved) -> list[tuple[ResponsibilityBlock, tuple[str, ...]]]:
    blocks = []
    for side, source_blocks in (("department", item.department_duties), ("township", item.township_duties)):
        for position, block in enumerate(source_blocks, start=1):
            row = ResponsibilityBlock(duty=duty, side=side, position=position,
                                      department_name=block.department or "",
                                      department=resolved.get(block.department or ""),
                                      heading=block.heading or "")
            blocks.append((row, block.steps))
    return blocks


def _methods(duty, item: ReclaimedItem, resolved) -> list[ReclaimedMethod]:
    return [ReclaimedMethod(duty=duty, position=position, department_name=method.department or "",
                            department=resolved.get(method.department or ""), text=method.text)
            for position, method in enumerate(item.methods, start=1)]


def _reviewed_at(flags: list[ReviewFlag]) -> datetime.datetime | None:
    """When the portal's workbook says these flags (of one reason) were reviewed; None if any is open.

    The workbook gives the day only, so the review counts from its start in the portal's time
    zone. reviewed_by stays empty: the workbook names no reviewer, and whoever cleared the flag
    may have no account in this database.
    """
    days = [flag.reviewed_on for flag in flags]
    if not days or None in days:
        return None
    return timezone.make_aware(datetime.datetime.combine(max(days), datetime.time.min))


def _flags(duty, item, unresolved: set[str]) -> list[ReviewFlagRow]:
    flags = list(item.flags)
    damaged = [name for name in getattr(item, "departments", ()) if name in unresolved]
    if damaged and not any(flag.code == FLAG_DEPARTMENT_UNRESOLVED for flag in flags):
        flags.append(ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "无法识别的部门：" + "、".join(damaged)))
    # One row per reason, so that an editor reviews a reason once, with every detail in view;
    # but one row per scanned cell with its image, which the editor checks one by one.
    pictured = [flag for flag in flags if flag.image]
    details: dict[str, list[str]] = {}
    for flag in flags:
        if flag.image:
            continue
        details.setdefault(flag.code, [])
        if flag.detail and flag.detail not in details[flag.code]:
            details[flag.code].append(flag.detail)
    return [ReviewFlagRow(duty_list_id=duty.duty_list_id, duty=duty, reason=code,
                          detail="；".join(texts)[:500],
                          reviewed_at=_reviewed_at([flag for flag in flags if flag.code == code]))
            for code, texts in details.items()] + [
        ReviewFlagRow(duty_list_id=duty.duty_list_id, duty=duty, reason=flag.code, detail=flag.detail[:500],
                      image=flag.image, reviewed_at=_reviewed_at([flag])) for flag in pictured]


@dataclass
class _Children:
    """The rows below an import's items, built before anything is saved."""

    links: list[DutyDepartment] = field(default_factory=list)
    blocks: list[tuple[ResponsibilityBlock, tuple[str, ...]]] = field(default_factory=list)
    methods: list[ReclaimedMethod] = field(default_factory=list)
    flags: list[ReviewFlagRow] = field(default_factory=list)


def _search_document(duty: Duty, children: _Children) -> str:
    """The item's search document from the very rows written with it, in the order a recompute reads them."""
    departments = [(link.name_as_published, link.department.name if link.department else None)
                   for link in children.links]
    blocks = sorted(children.blocks, key=lambda pair: (pair[0].side, pair[0].position))
    texts = [text for _, steps in blocks for text in steps] + [method.text for method in children.methods]
    return duty_search_document(name=duty.name, category=duty.category.name, departments=departments, texts=texts)


def _children(rows, resolved: dict[str, Department], unresolved: set[str]) -> _Children:
    """Every item's departments, blocks, methods and flags; each item gets its search document."""
    children = _Children()
    for duty, item in rows:
        own = _Children(
            links=_department_links(duty, item, resolved) if isinstance(item, (CoordinatingItem, ReclaimedItem))
            else [],
            blocks=_blocks(duty, item, resolved) if isinstance(item, CoordinatingItem) else [],
            methods=_methods(duty, item, resolved) if isinstance(item, ReclaimedItem) else [],
            flags=_flags(duty, item, unresolved))
        duty.search_document = _search_document(duty, own)
        children.links += own.links
        children.blocks += own.blocks
        children.methods += own.methods
        children.flags += own.flags
    return children


def _insert(rows, children: _Children) -> None:
    """One multi-row INSERT per table; the children pick up their item's id once it is saved."""
    Duty.objects.bulk_create([duty for duty, _ in rows])
    DutyDepartment.objects.bulk_create(children.links)
    ResponsibilityBlock.objects.bulk_create([block for block, _ in children.blocks])
    Step.objects.bulk_create([Step(block=block, position=position, text=text)
                              for block, steps in children.blocks for position, text in enumerate(steps, start=1)])
    ReclaimedMethod.objects.bulk_create(children.methods)
    ReviewFlagRow.objects.bulk_create(children.flags)


def _departments_per_part(duty_list: DutyList) -> dict[str, int]:
    counts = {}
    for part in ("coordinating", "reclaimed"):
        links = DutyDepartment.objects.filter(duty__duty_list=duty_list, duty__kind=part,
                                              department__isnull=False)
        counts[part] = links.values("department").distinct().count()
    return counts


def _count_flags(parsed: ParsedList, duty_list: DutyList, departments: dict[str, int]) -> None:
    """Flag the version itself where its figures differ from what its 说明 states."""
    stated = parsed.preamble.stated
    details = [ITEMS_DIFFER.format(part=Duty.Kind(part).label, found=len(getattr(parsed.items, part)),
                                   stated=stated.counts[part])
               for part in PARTS if stated.counts.get(part) not in (None, len(getattr(parsed.items, part)))]
    details += [DEPARTMENTS_DIFFER.format(part=Duty.Kind(part).label, found=departments.get(part, 0),
                                          stated=stated.departments[part])
                for part in ("coordinating", "reclaimed")
                if stated.departments.get(part) not in (None, departments.get(part, 0))]
    ReviewFlagRow.objects.bulk_create(
        [ReviewFlagRow(duty_list=duty_list, reason=FLAG_COUNT_MISMATCH, detail=detail) for detail in details])


def _write(parsed: ParsedList, township: Township, *, sha256: str, user) -> LoadResult:
    duty_list = _new_version(parsed, township=township, sha256=sha256, user=user)
    resolved, unresolved = _departments(parsed, township.county)
    rows = _duty_rows(parsed, duty_list, _categories(parsed))
    _insert(rows, _children(rows, resolved, unresolved))
    departments = _departments_per_part(duty_list)
    _count_flags(parsed, duty_list, departments)
    return LoadResult(status="created", duty_list=duty_list, departments_per_part=departments,
                      unresolved_departments=sorted(unresolved))


def _record(parsed: ParsedList, result: LoadResult, *, sha256: str, user, via: str) -> None:
    """Keep who imported which file when, whatever the import did."""
    counts = " · ".join(f"{Duty.Kind(part).label} {len(getattr(parsed.items, part))} 项" for part in PARTS)
    changes = f"；与原版本相比：{result.changes.summary()}" if result.changes is not None else ""
    awaiting = RECORDED_REVIEW.format(tally=result.review.text) if result.review else ""
    ImportRecord.objects.create(
        duty_list=result.duty_list, township=result.duty_list.township,
        published=result.duty_list.published, source_name=parsed.source[:255], source_sha256=sha256,
        status=result.status, summary=counts + changes + awaiting, via=via,
        imported_by=user if getattr(user, "pk", None) else None,
        system_user=_system_user() if via == ImportRecord.Via.COMMAND else "")


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return ""


def _flag_key(flag: ReviewFlagRow) -> tuple:
    duty = flag.duty
    return (duty.kind, duty.name, flag.reason, flag.detail) if duty else ("", "", flag.reason, flag.detail)


def _reviews_to_keep(existing: DutyList, changes: VersionChanges) -> dict[tuple, tuple]:
    """Editors' reviews of flags on items the new file leaves as they were.

    A replaced version would otherwise reopen every flag an editor had cleared; a flag on an
    item whose content changed is open again, since the new text needs a new look.
    """
    changed = set(changes.changed)
    reviewed = ReviewFlagRow.objects.filter(duty_list=existing, reviewed_at__isnull=False).select_related("duty")
    return {_flag_key(flag): (flag.reviewed_at, flag.reviewed_by_id) for flag in reviewed
            if flag.duty is None or (flag.duty.kind, flag.duty.seq) not in changed}


def _keep_reviews(duty_list: DutyList, reviews: dict[tuple, tuple]) -> None:
    flags = list(ReviewFlagRow.objects.filter(duty_list=duty_list).select_related("duty")) if reviews else []
    kept = [flag for flag in flags if _flag_key(flag) in reviews]
    for flag in kept:
        flag.reviewed_at, flag.reviewed_by_id = reviews[_flag_key(flag)]
    ReviewFlagRow.objects.bulk_update(kept, ["reviewed_at", "reviewed_by"])


def _load(parsed: ParsedList, *, sha256: str, user, replace: bool, via: str) -> LoadResult:
    township = _township(parsed)
    existing = DutyList.objects.filter(township=township, published=_published(parsed)).first()
    if existing is not None and existing.source_sha256 == sha256:
        return LoadResult(status="unchanged", duty_list=existing,
                          departments_per_part=_departments_per_part(existing))
    changes = compare_versions(existing, parsed) if existing else None
    if existing is not None and not replace:
        refusal = ALREADY_LOADED_IN_FORM if via == ImportRecord.Via.ADMIN else ALREADY_LOADED
        raise ImportRefused(refusal.format(
            name=parsed.source, township=township, month=parsed.preamble.published, other=existing.source_name,
            summary=changes.summary()), changes)
    reviews = _reviews_to_keep(existing, changes) if existing else {}
    if existing is not None:
        existing.delete()
    result = _write(parsed, township, sha256=sha256, user=user)
    _keep_reviews(result.duty_list, reviews)
    result.status, result.changes = ("replaced", changes) if existing else ("created", None)
    return result


def dutylist_import(*, parsed: ParsedList, sha256: str, user=None, replace: bool = False,
                    via: str = ImportRecord.Via.COMMAND) -> LoadResult:
    """Load one parsed list as a version of its township, atomically, and record the import."""
    check_fits(parsed)
    try:
        try:
            return _import_once(parsed, sha256=sha256, user=user, replace=replace, via=via)
        except IntegrityError:
            # Another import of the same township and month (or a category or department it
            # also creates) committed while this one ran: its rows are visible now, so the same
            # file is "unchanged" and a different one refused, as if they had come one by one.
            return _import_once(parsed, sha256=sha256, user=user, replace=replace, via=via)
    except DatabaseError as error:
        # SQL and constraint names are for the log; the user learns which file and what to do.
        logger.error("importing %s failed in the database: %s", parsed.source, error)
        raise DatabaseError(DATABASE_FAILED.format(what=parsed.source)) from error


def _import_once(parsed: ParsedList, *, sha256: str, user, replace: bool, via: str) -> LoadResult:
    with transaction.atomic():
        result = _load(parsed, sha256=sha256, user=user, replace=replace, via=via)
        result.review = duty_list_review(duty_list=result.duty_list)  # for the report and the record alike
        if result.status != "unchanged":  # re-importing the same file changes nothing, not even this
            _record(parsed, result, sha256=sha256, user=user, via=via)
        return result
