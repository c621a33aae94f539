"""How records are written: places above a township, months, links to the portal and the API."""

from __future__ import annotations

import datetime
import inspect

import pytest
from rest_framework.test import APIRequestFactory

from township.selectors import api as selectors_api
from township.api import serializers
from township.api.serializers import MonthField, TownshipSerializer
from township.models import DutyList, Place, Township

pytestmark = pytest.mark.django_db


def township_record(township: Township) -> dict:
    request = APIRequestFactory().get("/api/townships/")
    instance = selectors_api.township_records().get(pk=township.pk)
    return TownshipSerializer(instance, context={"request": request}).data


@pytest.mark.parametrize("published, month", [
    (datetime.date(2025, 7, 1), "2025-07"),
    (datetime.date(2026, 1, 1), "2026-01"),
])
def test_a_publication_month_is_written_as_year_and_month(published, month):
    assert MonthField().to_representation(published) == month


def test_a_county_directly_under_a_region_has_no_prefecture():
    region = Place.objects.create(name="某自治区", level=Place.Level.REGION)
    county = Place.objects.create(name="某县级市", level=Place.Level.COUNTY, parent=region)
    township = Township.objects.create(name="某街道", kind=Township.Kind.JIEDAO, county=county)
    record = township_record(township)
    assert record["county"] == {"id": county.pk, "name": "某县级市", "level": "county"}
    assert record["prefecture"] is None
    assert record["region"] == {"id": region.pk, "name": "某自治区", "level": "region"}


def test_a_township_without_a_list_has_no_profile_and_no_versions():
    county = Place.objects.create(name="某县", level=Place.Level.COUNTY)
    record = township_record(Township.objects.create(name="某乡", county=county))
    assert (record["profile"], record["versions"]) == (None, [])


def test_a_version_without_a_stated_profile_gives_a_null_profile():
    county = Place.objects.create(name="某县", level=Place.Level.COUNTY)
    township = Township.objects.create(name="某镇", county=county)
    DutyList.objects.create(township=township, published=datetime.date(2025, 7, 1),
                            source_name="某镇.txt", source_sha256="0" * 64)
    record = township_record(township)
    assert record["profile"] is None
    assert record["versions"][0]["counts"] == {"basic": 0, "coordinating": 0, "reclaimed": 0}
    assert record["url"] == f"http://testserver/api/townships/{township.pk}/"
    assert record["duties"] == f"http://testserver/api/duties/?township={township.pk}"


def classes_of(module) -> list[type]:
    return [value for value in vars(module).values()
            if inspect.isclass(value) and value.__module__ == module.__name__]


@pytest.mark.parametrize("cls", classes_of(serializers), ids=lambda cls: cls.__name__)
def test_every_serializer_says_in_one_line_what_it_writes(cls):
    assert cls.__doc__ and "\n" not in cls.__doc__.strip(), f"{cls.__name__} needs a one-line docstring"


def test_an_items_record_written_directly_is_the_one_its_declared_fields_write(bundled_lists):
    """DutySerializer writes records by hand for speed; DRF's own path over the same fields agrees."""
    import json

    from township.models import ReviewFlag

    # Every part, departments recognised or not, steps, methods and open review flags among them.
    assert ReviewFlag.objects.filter(reviewed_at__isnull=True, duty__isnull=False).exists()
    request = APIRequestFactory().get("/api/duties/")
    serializer = serializers.DutySerializer(context={"request": request})
    duties = list(selectors_api.duty_records())
    assert {duty.kind for duty in duties} == {"basic", "coordinating", "reclaimed"}
    for duty in duties:
        fast = serializer.to_representation(duty)
        generic = super(serializers.DutySerializer, serializer).to_representation(duty)
        assert json.dumps(fast, ensure_ascii=False) == json.dumps(generic, ensure_ascii=False)
