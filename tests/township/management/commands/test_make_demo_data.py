"""`make_demo_data`: copies of the loaded lists under generated places, as complete as an import."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from township.models import (
    AdmissionCheck, Department, Duty, DutyDepartment, DutyList, ImportRecord, Place, ReclaimedMethod, ResponsibilityBlock,
    ReviewFlag, Step, Township, TownshipProfile,
)
from township.selectors.search import duty_search
from township.services.demo import ALREADY_BUILT, DEMO_LAYOUT, DEMO_SOURCE_NAME, copy_value
from township.services.demo_places import demo_counties, demo_geography

pytestmark = pytest.mark.django_db


def make_demo_data(*args: str) -> str:
    out = io.StringIO()
    call_command("make_demo_data", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def demo_lists() -> list[DutyList]:
    return list(DutyList.objects.filter(layout=DEMO_LAYOUT).select_related("township__county__parent__parent")
                .order_by("pk"))


def source_of(demo: DutyList) -> DutyList:
    return next(duty_list for duty_list in DutyList.objects.exclude(layout=DEMO_LAYOUT)
                if DEMO_SOURCE_NAME.format(source=duty_list.source_name) == demo.source_name)


def contents(duty_list: DutyList) -> dict[str, list]:
    """What a version holds, independent of ids and places: every row of every table an import writes."""
    duties = Duty.objects.filter(duty_list=duty_list)
    return {
        "items": sorted(duties.values_list("kind", "seq", "category__name", "name", "note")),
        "documents": sorted((kind, seq, str(document)) for kind, seq, document in
                            duties.values_list("kind", "seq", "search_document")),
        "departments": sorted(DutyDepartment.objects.filter(duty__in=duties).values_list(
            "duty__kind", "duty__seq", "position", "name_as_published", "named_in", "department__name")),
        "blocks": sorted(ResponsibilityBlock.objects.filter(duty__in=duties).values_list(
            "duty__kind", "duty__seq", "side", "position", "department_name", "department__name", "heading")),
        "steps": sorted(Step.objects.filter(block__duty__in=duties).values_list(
            "block__duty__kind", "block__duty__seq", "block__side", "block__position", "position", "text")),
        "methods": sorted(ReclaimedMethod.objects.filter(duty__in=duties).values_list(
            "duty__kind", "duty__seq", "position", "department_name", "department__name", "text")),
        "flags": sorted(ReviewFlag.objects.filter(duty_list=duty_list).values_list(
            "duty__kind", "duty__seq", "reason", "detail"), key=str),
        "profile": list(TownshipProfile.objects.filter(duty_list=duty_list).values_list("summary", "villages")),
        "stated": [duty_list.stated_total, duty_list.stated_categories, duty_list.published],
    }


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for model in (Place, Department, Township, DutyList, Duty, Step, DutyDepartment, ImportRecord):
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
            counts[model.__name__] = cursor.fetchone()[0]
        return counts


def test_three_demo_townships_each_hold_a_whole_copy_of_a_loaded_list(bundled_lists):
    loaded = list(DutyList.objects.order_by("pk"))
    make_demo_data("--townships", "3")
    demos = demo_lists()
    assert [source_of(demo) for demo in demos] == loaded[:3]  # round robin over the loaded lists
    for demo in demos:
        assert contents(demo) == contents(source_of(demo))
    assert ImportRecord.objects.filter(duty_list__in=demos).count() == 3


def test_demo_townships_stand_in_new_places_with_their_own_departments(bundled_lists):
    real_regions = set(Place.objects.filter(level="region").values_list("name", flat=True))
    make_demo_data("--townships", "3")
    demo = demo_lists()[0]
    county = demo.township.county
    assert (county.level, county.parent.level, county.parent.parent.level) == ("county", "prefecture", "region")
    assert county.parent.parent.name not in real_regions
    linked = Department.objects.filter(duty_links__duty__duty_list=demo).distinct()
    assert linked.exists() and {department.place_id for department in linked} == {county.pk}
    assert Township.objects.filter(county=county).count() == 3


def test_a_demo_townships_pages_render_and_search_finds_its_items(bundled_lists, client):
    make_demo_data("--townships", "3")
    demo = demo_lists()[1]
    duty = Duty.objects.filter(duty_list=demo, kind="coordinating").order_by("seq").first()
    page = client.get(reverse("township:township", args=[demo.township_id]))
    assert page.status_code == 200 and demo.township.name in page.content.decode()
    item = client.get(reverse("township:duty", args=[duty.pk]))
    assert item.status_code == 200 and duty.name in item.content.decode()
    found = duty_search(params={"q": duty.name[:6]}).qs
    assert found.filter(pk=duty.pk).exists()


def test_a_second_build_is_refused_until_reset_removes_every_demo_row(bundled_lists):
    before = table_counts()
    make_demo_data("--townships", "2")
    with pytest.raises(CommandError) as refused:
        make_demo_data("--townships", "2")
    assert str(refused.value) == ALREADY_BUILT.format(townships=2)
    make_demo_data("--reset")
    assert table_counts() == before
    make_demo_data("--townships", "2")
    assert len(demo_lists()) == 2


def test_a_build_that_more_than_doubles_the_items_builds_the_search_index_again(bundled_lists):
    make_demo_data("--townships", "6")  # about 1,600 items copied onto 1,079
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [Duty._meta.db_table])
        indexes = {name for (name,) in cursor.fetchall()}
    assert {index.name for index in Duty._meta.indexes} <= indexes
    duty = Duty.objects.filter(duty_list=demo_lists()[-1]).order_by("kind", "seq").first()
    assert duty_search(params={"q": duty.name[:4]}).qs.filter(pk=duty.pk).exists()


def test_without_any_list_the_bundled_lists_are_imported_first():
    make_demo_data("--townships", "1")
    assert DutyList.objects.exclude(layout=DEMO_LAYOUT).count() == 4
    assert len(demo_lists()) == 1


@pytest.mark.parametrize("args", [(), ("--townships", "0")])
def test_nothing_to_do_is_an_error_in_chinese(args):
    with pytest.raises(CommandError, match="--townships"):
        make_demo_data(*args)


def test_the_same_seed_gives_the_same_country_of_exactly_the_townships_asked_for():
    regions = demo_geography(townships=500, seed=7, taken_regions={"新疆维吾尔自治区"})
    again = demo_geography(townships=500, seed=7, taken_regions={"新疆维吾尔自治区"})
    counties = demo_counties(regions)
    assert regions == again
    assert sum(len(county.townships) for county in counties) == 500
    assert all(len(set(county.townships)) == len(county.townships) for county in counties)
    assert len({region.name for region in regions}) == len(regions)


@pytest.mark.parametrize(("value", "text"), [
    (None, r"\N"), (True, "t"), ("一\t二\n三\\", r"一\t二\n三\\"), ({"基本": 1}, '{"基本": 1}'),
    (b"\x01\xff", r"\\x01ff"),
])
def test_values_are_written_in_copy_text_format(value, text):
    assert copy_value(value) == text


def test_reset_removes_demo_townships_a_stored_admission_check_asked_about(bundled_lists):
    make_demo_data("--townships", "2")
    check = AdmissionCheck.objects.create(tasks=["做好双拥工作"], scope="演示")
    check.townships.set([duty_list.township for duty_list in demo_lists()])
    make_demo_data("--reset")
    assert check.townships.count() == 0 and AdmissionCheck.objects.filter(pk=check.pk).exists()
