"""Tests for importers.department_names: the naming tables and the comparison key of a name."""

import pytest

from importers.department_names import ABBREVIATIONS, department_key, looks_like_department

YUTIAN = {"county": "于田县", "prefecture": "和田地区"}


@pytest.mark.parametrize(
    "first, second",
    [
        ("县委组织部", "于田县委组织部"),
        ("市委组织部", "县委组织部"),
        ("组织部", "于田县委组织部"),
        ("政协于田县委员会机关", "县政协"),
        ("县政协办公室", "县政协"),
        ("于田县人民代表大会常务委员会办公室", "县人大常委会"),
        ("市人社局", "市人力资源和社会保障局"),
        ("市监局", "市场监督管理局"),
        ("市市场监督管理局", "县市场监管局"),
        ("文旅局", "文化体育广播电视和旅游局"),
        ("医保局", "医疗保障局"),
        ("县委编办", "于田县委机构编制委员会办公室"),
        ("卫健委", "卫生健康委员会"),
        ("住建局", "住房城乡建设局"),
        ("科技局", "科学技术局"),
        ("发改委", "发展改革委员会"),
        ("县委统战部", "县委统一战线工作部"),
        ("于田县委政法委", "政法委员会"),
        ("于田县委网信办", "县委网络安全和信息化委员会办公室"),
        ("县政府办", "于田县人民政府办公室"),
        ("于田县总工会机关", "县总工会"),
        ("和田地区生态环境局于田县分局", "地区生态环境局于田县分局"),
        ("于田县住房和城乡建设局以及其他负有安全监管职责的部门", "县住建局"),
        ("林业草原局", "林业和草原局"),
    ],
)
def test_department_key_agrees_on_spellings_of_one_department(first, second):
    assert department_key(first, **YUTIAN) == department_key(second, **YUTIAN)


@pytest.mark.parametrize(
    "first, second",
    [
        ("县委", "县"),
        ("县委办", "县政府办"),
        ("县教育局", "县体育局"),
        ("县委宣传部", "县委统战部"),
        ("县市场监督管理局", "县市场监督管理所"),
        ("县生态环境局", "和田地区生态环境局于田县分局"),
        ("县人大常委会", "县政协"),
    ],
)
def test_department_key_keeps_different_departments_apart(first, second):
    assert department_key(first, **YUTIAN) != department_key(second, **YUTIAN)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("于田县委组织部", True),
        ("巴楚县政协", True),
        ("政协于田县委员会机关", True),
        ("巴楚县档案史志馆", True),
        ("市委史志办（地方志办）", True),
        ("于田县人 力资源和社会保障局", True),  # an extraction space is not damage
        ("局", False),
        ("、", False),
        ("巴楚县农业农村", False),  # half a name
        ("是一个大学", False),
        ("国宏工公组行四", False),
        ("县水利局：1.制定防汛抗旱应急预案", False),  # step text
        ("提供抢险技术支撑。巴楚县应急管理局。 B", False),
        ("C", False),
    ],
)
def test_looks_like_department(name, expected):
    assert looks_like_department(name) is expected


def test_abbreviation_table_keys_are_short_forms_without_he():
    assert all("和" not in short for short in ABBREVIATIONS)
    for short, fulls in ABBREVIATIONS.items():
        assert fulls and all(len(full) > len(short) for full in fulls), short
