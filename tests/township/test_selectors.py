"""Selectors behind the browsing pages: grouping, versions, departments, neighbours."""

from __future__ import annotations

import pytest
from django.db.models import Q

from tests.republished import import_002_next_month
from township.selectors import (
    api as selectors_api, common as selectors_common, departments as selectors_departments,
    duties as selectors_duties, lists as selectors_lists, places as selectors_places,
)
from township.models import Category, Department, Duty, DutyList, Place, ReviewFlag, Township


def latest_list(name: str) -> DutyList:
    return DutyList.objects.filter(township__name=name).latest()


# --- pure: no database ---------------------------------------------------------------------

PARTY, ECONOMY, PEOPLE = (Category(pk=pk, name=name) for pk, name in
                          ((1, "党的建设"), (2, "经济发展"), (3, "民生服务")))


@pytest.mark.parametrize("published, expected", [
    # (seq, category) as published → categories in order of first appearance, seqs per group
    ([(1, PARTY), (2, PARTY), (3, ECONOMY)], [("党的建设", [1, 2]), ("经济发展", [3])]),
    ([(1, ECONOMY), (2, PARTY), (3, ECONOMY)], [("经济发展", [1, 3]), ("党的建设", [2])]),
    ([(3, PEOPLE), (1, PARTY), (2, PEOPLE)], [("党的建设", [1]), ("民生服务", [2, 3])]),
    ([], []),
])
def test_category_groups_follow_the_published_order(published, expected):
    duties = [Duty(seq=seq, category=category, kind="basic") for seq, category in published]
    groups = selectors_lists.category_groups(kind="basic", duties=duties)
    assert [(g.category.name, [d.seq for d in g.duties]) for g in groups] == expected


def test_category_group_anchors_are_unique_per_part():
    duties = [Duty(seq=1, category=PARTY)]
    assert selectors_lists.category_groups(kind="basic", duties=duties)[0].anchor == "basic-category-1"
    assert selectors_lists.category_groups(kind="reclaimed", duties=duties)[0].anchor == "reclaimed-category-1"


@pytest.mark.parametrize("text, stopped", [
    ("此项工作不再开展。", True),
    ("不再开展此项工作", True),
    ("不再开展此项工作。", True),
    ("由于田县财政局对农业资金使用过程进行监督管理。", False),
    ("不再开展此项工作，由县民政局负责", False),
])
def test_the_no_longer_done_remark_is_recognised(text, stopped):
    assert bool(selectors_duties.STOPPED_WORK.match(text)) is stopped


# --- against the bundled lists -------------------------------------------------------------


@pytest.mark.django_db
def test_place_counts_give_each_child_its_counties_and_townships(bundled_lists):
    [region] = selectors_places.place_children()
    assert region.name == "新疆维吾尔自治区"
    [top] = selectors_places.place_counts(place=None, children=[region])
    assert (top.counties, top.townships) == (Place.objects.filter(level="county").count(), Township.objects.count())
    prefectures = list(selectors_places.place_children(place=region))
    counted = {row.place.name: (row.counties, row.townships)
               for row in selectors_places.place_counts(place=region, children=prefectures)}
    for prefecture in prefectures:
        counties = Place.objects.filter(Q(pk=prefecture.pk) | Q(parent=prefecture), level="county")
        assert counted[prefecture.name] == (counties.count(), Township.objects.filter(county__in=counties).count())


@pytest.mark.django_db
def test_a_countys_townships_carry_their_latest_counts(bundled_lists):
    yutian = Place.objects.get(name="于田县")
    [xianbai] = selectors_places.county_townships(county=yutian)
    assert xianbai.name == "先拜巴扎镇"
    assert xianbai.latest_counts == {"basic": 116, "coordinating": 98, "reclaimed": 41}
    assert xianbai.latest_total == 255 and xianbai.latest_published.isoformat() == "2025-07-01"


@pytest.mark.django_db
def test_duty_list_parts_split_a_version_into_its_three_parts(bundled_lists):
    parts = selectors_lists.duty_list_parts(duty_list=latest_list("潘津镇"))
    assert [(p.kind, p.count, p.stated) for p in parts] == [
        ("basic", 87, None), ("coordinating", 129, None), ("reclaimed", 52, None)]
    assert not any(part.differs_from_stated for part in parts)
    assert sum(len(group.duties) for group in parts[0].groups) == 87


@pytest.mark.django_db
def test_a_part_knows_how_many_of_its_items_await_review(bundled_lists):
    duty_list = latest_list("夏马勒乡")
    parts = selectors_lists.duty_list_parts(duty_list=duty_list)
    for part in parts:
        expected = (Duty.objects.filter(duty_list=duty_list, kind=part.kind,
                                        flags__isnull=False, flags__reviewed_at__isnull=True)
                    .distinct().count())
        assert part.awaiting_review == expected


@pytest.mark.django_db
def test_latest_lists_hold_one_version_per_township(bundled_lists, tmp_path):
    import_002_next_month(tmp_path)
    latest = selectors_common.latest_lists()
    assert latest.count() == Township.objects.count() == 4
    assert latest.get(township__name="先拜巴扎镇").published.isoformat() == "2026-01-01"


@pytest.mark.django_db
def test_a_single_department_owns_the_unnamed_blocks_of_its_item(bundled_lists):
    item = Duty.objects.get(duty_list=latest_list("先拜巴扎镇"), kind="coordinating",
                            name="推荐县级以上党代表工作")
    [column] = selectors_duties.department_columns(duty=selectors_duties.duty_detail(duty_id=item.pk))
    assert column.department_name == "于田县委组织部"
    assert column.department == Department.objects.get(name="于田县委组织部")
    assert [len(block.steps.all()) for block in column.blocks] == [3]


@pytest.mark.django_db
def test_consecutive_blocks_of_one_department_are_merged(bundled_lists):
    item = Duty.objects.filter(duty_list=latest_list("先拜巴扎镇"), blocks__heading="职级晋升").distinct().get()
    columns = selectors_duties.department_columns(duty=selectors_duties.duty_detail(duty_id=item.pk))
    assert [(c.department_name, len(c.blocks)) for c in columns] == [
        ("于田县委组织部", 3), ("于田县人力资源和社会保障局", 1), ("于田县委组织部", 1)]
    assert [b.heading for b in selectors_duties.township_blocks(duty=item)] == [
        "镇领导班子和领导干部年度考核、绩效考核", "科级干部选拔任用", "干部职级晋升", "干部监督"]


@pytest.mark.django_db
def test_duty_neighbours_are_the_items_before_and_after_in_the_part(bundled_lists):
    part = Duty.objects.filter(duty_list=latest_list("先拜巴扎镇"), kind="reclaimed")
    first, second, last = part.get(seq=1), part.get(seq=2), part.get(seq=41)
    assert selectors_duties.duty_neighbours(duty=first) == (None, second)
    assert selectors_duties.duty_neighbours(duty=second) == (first, part.get(seq=3))
    assert selectors_duties.duty_neighbours(duty=last) == (part.get(seq=40), None)


@pytest.mark.django_db
def test_department_duties_lists_each_latest_item_once_by_township_and_kind(bundled_lists, tmp_path):
    import_002_next_month(tmp_path)
    organisation = Department.objects.get(name="于田县委组织部")
    [group] = selectors_departments.department_duties(department=organisation)
    assert group.township.name == "先拜巴扎镇"
    assert group.duty_list == latest_list("先拜巴扎镇")
    expected = (Duty.objects.filter(duty_list=group.duty_list, duty_departments__department=organisation)
                .distinct())
    assert sorted(link.duty_id for link in group.coordinating + group.reclaimed) == sorted(
        expected.values_list("pk", flat=True))
    assert group.count == expected.count()
    assert [link.duty.seq for link in group.coordinating] == sorted(link.duty.seq for link in group.coordinating)


@pytest.mark.django_db
def test_department_duties_of_a_department_named_nowhere_is_empty(bundled_lists):
    county = Township.objects.get(name="先拜巴扎镇").county
    unused = Department.objects.create(place=county, name="于田县测试局")
    assert selectors_departments.department_duties(department=unused) == []


# --- the API's catalogues ------------------------------------------------------------------


@pytest.mark.django_db
def test_township_records_give_versions_newest_first_with_their_counts(
        bundled_lists, tmp_path, django_assert_num_queries):
    import_002_next_month(tmp_path)
    with django_assert_num_queries(2):  # townships with their places; versions with profiles and counts
        townships = list(selectors_api.township_records())
        versions = {t.name: t.versions for t in townships}
        lineage = [place.name for place in townships[0].county.lineage()]
    assert len(townships) == 4 and len(lineage) >= 2
    assert [v.published.isoformat() for v in versions["先拜巴扎镇"]] == ["2026-01-01", "2025-07-01"]
    for version in versions["先拜巴扎镇"] + versions["潘津镇"]:
        for kind in Duty.Kind.values:
            assert getattr(version, f"{kind}_count") == version.duties.filter(kind=kind).count()


@pytest.mark.django_db
def test_duty_records_load_a_page_of_whole_records_in_six_queries(bundled_lists, django_assert_num_queries):
    with django_assert_num_queries(6):  # items; departments, blocks, steps, methods, open flags
        duties = list(selectors_api.duty_records().filter(kind="coordinating")[:100])
        steps = [step.text for duty in duties for block in duty.blocks.all() for step in block.steps.all()]
        departments = [link.department for duty in duties for link in duty.duty_departments.all()]
        flags = [flag.reason for duty in duties for flag in duty.open_flags]
    assert len(duties) == 100 and steps and departments
    assert len(flags) == ReviewFlag.objects.filter(duty__in=duties, reviewed_at__isnull=True).count()


@pytest.mark.django_db
def test_department_records_count_what_each_departments_page_lists(bundled_lists, tmp_path):
    import_002_next_month(tmp_path)
    counted = {department.pk: department.duty_count for department in selectors_api.department_records()}
    assert len(counted) == Department.objects.count()
    for department in Department.objects.filter(place__name__in=["于田县", "巴楚县"]):
        on_its_page = sum(group.count for group in selectors_departments.department_duties(department=department))
        assert counted[department.pk] == on_its_page, department.name


@pytest.mark.django_db
def test_category_records_count_latest_items_in_display_order(bundled_lists, tmp_path):
    import_002_next_month(tmp_path)
    categories = list(selectors_api.category_records())
    assert categories == list(Category.objects.order_by("order", "name"))
    latest = Duty.objects.filter(duty_list__in=selectors_common.latest_lists())
    assert {c.pk: c.duty_count for c in categories} == {
        c.pk: latest.filter(category=c).count() for c in categories}
