"""The pinyin sort key of places, townships and departments, and that every write path keeps it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from township.models import Department, Place, Township
from township.pinyin import pinyin_key
from township.services.demo import demo_data_build

# The counties of the issue, as character codes order them and as a reader expects them.
BY_CHARACTER_CODE = ["于田县", "伊宁市", "巴楚县", "额敏县"]
BY_PINYIN = ["巴楚县", "额敏县", "伊宁市", "于田县"]


@pytest.mark.parametrize("name, key", [
    ("巴楚县", "ba1chu3xian4"),
    ("额敏县", "e2min3xian4"),
    ("伊宁市", "yi1ning2shi4"),
    ("于田县", "yu2tian2xian4"),
    ("长沙", "chang2sha1"),  # read as a phrase: ICU's zh collation reads 长 alone, as zhang
    ("重庆", "chong2qing4"),
    ("绿洲镇", "lv4zhou1zhen4"),  # ü is written v
    ("101团", "00000101tuan2"),  # numbers padded
    ("２团", "00000002tuan2"),  # full-width digits read as digits
    ("某乡（清单未载明乡名）", "mou3xiang1(qing1dan1wei4zai4ming2xiang1ming2)"),
    ("ABC社区", "abcshe4qu1"),
])
def test_the_key_is_each_characters_pinyin_with_its_tone(name, key):
    assert pinyin_key(name) == key


@pytest.mark.parametrize("names, expected", [
    (BY_CHARACTER_CODE, BY_PINYIN),
    (["白城", "巴", "巴楚县"], ["巴", "巴楚县", "白城"]),  # ba before bai, a name before those it starts
    (["10团", "2团", "阿克苏"], ["2团", "10团", "阿克苏"]),
    (["于田县", "伊宁县", "伊宁市"], ["伊宁市", "伊宁县", "于田县"]),  # shi before xian
])
def test_names_sort_by_their_keys_as_a_reader_looks_them_up(names, expected):
    assert sorted(names, key=pinyin_key) == expected


@pytest.mark.django_db
def test_the_key_is_compared_bytewise_by_the_database_whatever_its_locale():
    """Digits before letters, as in the C locale, so "ba1" sorts before "bai2" on any server."""
    region = Place.objects.create(name="新疆维吾尔自治区", level=Place.Level.REGION)
    for name in ["白城地区", "巴音郭楞蒙古自治州", "阿勒泰地区"]:
        Place.objects.create(name=name, level=Place.Level.PREFECTURE, parent=region)
    names = list(Place.objects.filter(parent=region).order_by("pinyin_key").values_list("name", flat=True))
    assert names == ["阿勒泰地区", "巴音郭楞蒙古自治州", "白城地区"]


@pytest.mark.django_db
def test_create_save_and_bulk_create_keep_the_key_with_the_name():
    county = Place.objects.create(name="于田县", level=Place.Level.COUNTY)
    township, _ = Township.objects.get_or_create(county=county, name="先拜巴扎镇")
    [department] = Department.objects.bulk_create([Department(place=county, name="县水利局")])
    assert (county.pinyin_key, township.pinyin_key, department.pinyin_key) == (
        "yu2tian2xian4", "xian1bai4ba1zha1zhen4", "xian4shui3li4ju2")
    township.name = "阿日希乡"
    township.save()
    assert Township.objects.get(pk=township.pk).pinyin_key == "a1ri4xi1xiang1"
    assert Department.objects.get(pk=department.pk).pinyin_key == "xian4shui3li4ju2"


@pytest.mark.django_db
def test_an_import_keys_every_place_township_and_department_it_creates(bundled_lists):
    for model in (Place, Township, Department):
        rows = model.objects.values_list("name", "pinyin_key")
        assert rows and all(key == pinyin_key(name) for name, key in rows), model.__name__


@pytest.mark.django_db
def test_the_migration_keys_the_names_already_there(bundled_lists):
    migration = importlib.import_module("township.migrations.0015_pinyin_sort_keys")
    for model in (Place, Township, Department):
        model.objects.update(pinyin_key="")
    with connection.schema_editor() as editor:
        migration.keys_of_existing_names(apps, editor)
    for model in (Place, Township, Department):
        rows = model.objects.values_list("name", "pinyin_key")
        assert all(key == pinyin_key(name) for name, key in rows), model.__name__


@pytest.mark.django_db
def test_demo_data_written_with_copy_is_keyed_too(bundled_lists):
    demo_data_build(townships=3, seed=1)
    for model in (Place, Township, Department):
        rows = model.objects.values_list("name", "pinyin_key")
        assert all(key == pinyin_key(name) for name, key in rows), model.__name__
