"""Tests for reading what a list says about itself: place, month, profile, stated figures."""

from decimal import Decimal
from pathlib import Path

import pytest

from importers.preamble import chinese_number, parse_preamble, preamble_issues
from importers.records import (
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    Place,
    Profile,
    StatedFigures,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

XINJIANG = "新疆维吾尔自治区"

# The categories the 说明 of 002 and 004 list, identical for the basic part.
BASIC_CATEGORIES = (
    "党的建设", "经济发展", "民生服务", "平安法治", "乡村振兴", "精神文明建设", "社会管理",
    "安全稳定", "民族宗教", "社会保障", "自然资源", "生态环保", "城乡建设", "交通运输",
    "文化和旅游", "卫生健康", "应急管理及消防", "市场监管", "投资促进", "综合政务",
)  # fmt: skip
COORDINATING_002 = (
    "党的建设", "经济发展", "民生服务", "平安法治", "乡村振兴", "社会管理", "民族宗教",
    "社会保障", "自然资源", "生态环保", "城乡建设", "商贸流通", "文化和旅游", "卫生健康",
    "应急管理及消防", "市场监管", "综合政务", "教育培训监管",
)  # fmt: skip
COORDINATING_004 = (
    "党的建设", "经济发展", "民生服务", "平安法治", "乡村振兴", "精神文明建设", "社会管理",
    "社会保障", "自然资源", "生态环保", "城乡建设", "商贸流通", "文化和旅游", "卫生健康",
    "应急管理及消防", "市场监管", "综合政务", "教育培训监管",
)  # fmt: skip
RECLAIMED_002 = (
    "经济发展", "民生服务", "乡村振兴", "社会保障", "自然资源", "生态环保", "交通运输",
    "卫生健康", "应急管理及消防", "市场监管",
)  # fmt: skip
RECLAIMED_004 = (
    "民生服务", "乡村振兴", "社会保障", "自然资源", "生态环保", "城乡建设", "交通运输",
    "卫生健康", "应急管理及消防", "市场监管",
)  # fmt: skip

SUMMARY_002 = (
    "先拜巴扎镇是农业型乡镇，位于于田县西部，距县城15公里、区域面积85.05平方公里。"
    "全镇户籍人口2.1047万人、常住人口2.1820万人，下辖14个行政村。"
    "全镇耕地0.33万亩，村均集体收入35万元，人均收入2.0739万元。"
)
SUMMARY_004 = (
    "夏马勒乡是农业型乡镇，位于巴楚县西南，距县城22公里、区域面积898平方公里。"
    "全乡户籍人口3154户1.0606万人、常住人口2403户0.7993万人，下辖14个行政村。"
    "全乡耕地10.5万亩。村均集体收入58.7万元，人均收入2.3万元。"
)

FIXTURE_PREAMBLES = {
    "000_5d7574d3c5ca649c.txt": (
        Place(XINJIANG, "伊犁哈萨克自治州", "伊宁市", "潘津镇"),
        "2025-07",
        None,
        StatedFigures(),
    ),
    "001_1fdc4c7ea05d9441.txt": (Place(), None, None, StatedFigures()),
    "002_fe4ab73d7f7b2358.txt": (
        Place(XINJIANG, "和田地区", "于田县", "先拜巴扎镇"),
        "2025-07",
        Profile(
            township_type="农业型乡镇",
            location="位于于田县西部，距县城15公里",
            area_km2=Decimal("85.05"),
            households=None,
            registered_population=21047,
            resident_population=21820,
            villages=14,
            communities=None,
            farmland_mu=Decimal("3300"),
            village_collective_income=Decimal("350000"),
            per_capita_income=Decimal("20739"),
            summary=SUMMARY_002,
        ),
        StatedFigures(
            counts={PART_BASIC: 116, PART_COORDINATING: 98, PART_RECLAIMED: 41},
            departments={PART_COORDINATING: 37, PART_RECLAIMED: 16},
            categories={
                PART_BASIC: BASIC_CATEGORIES,
                PART_COORDINATING: COORDINATING_002,
                PART_RECLAIMED: RECLAIMED_002,
            },
            total=255,
        ),
    ),
    "004_75977ff95c5311e1.txt": (
        Place(XINJIANG, "喀什地区", "巴楚县", "夏马勒乡"),
        None,  # 004 prints no month
        Profile(
            township_type="农业型乡镇",
            location="位于巴楚县西南，距县城22公里",
            area_km2=Decimal("898"),
            households=3154,
            registered_population=10606,
            resident_population=7993,
            villages=14,
            communities=None,
            farmland_mu=Decimal("105000"),
            village_collective_income=Decimal("587000"),
            per_capita_income=Decimal("23000"),
            summary=SUMMARY_004,
        ),
        StatedFigures(
            counts={PART_BASIC: 140, PART_COORDINATING: 108, PART_RECLAIMED: 44},
            departments={PART_COORDINATING: 39, PART_RECLAIMED: 17},
            categories={
                PART_BASIC: BASIC_CATEGORIES,
                PART_COORDINATING: COORDINATING_004,
                PART_RECLAIMED: RECLAIMED_004,
            },
            total=292,
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_PREAMBLES))
def test_parse_preamble_reads_each_fixture(name):
    place, published, profile, stated = FIXTURE_PREAMBLES[name]
    preamble = parse_preamble((FIXTURES / name).read_text(encoding="utf-8"))
    assert preamble.place == place
    assert preamble.published == published
    assert preamble.profile == profile
    assert preamble.stated == stated


@pytest.mark.parametrize("name", sorted(FIXTURE_PREAMBLES))
def test_fixture_preambles_do_not_contradict_themselves(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert preamble_issues(text, source=name) == []


# ---------------------------------------------------------------------------------------------
# Month


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新疆维吾尔自治区和田地区于田县 先拜巴扎镇履职事项清单\n\n2025年7月\n\n说 明\n", "2025-07"),
        ("某某镇履职事项清单\n\n2025 年 12 月\n", "2025-12"),
        ("某某镇履职事项清单\n二〇二五年七月\n", "2025-07"),
        # Dates inside the 说明 or the tables are not the publication month.
        ("某某镇履职事项清单\n\n说明\n\n2024年3月启动清单编制工作。\n", None),
        ("某某镇履职事项清单\n\n目 录\n\n2024年3月\n", None),
        ("序号\t事项类别\t事项名称\n1\t党的建设\t2024年3月前完成\n", None),
        ("", None),
    ],
)
def test_published_month_is_read_near_the_title(text, expected):
    assert parse_preamble(text).published == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("14", 14), ("十四", 14), ("十", 10), ("二十三", 23), ("两", 2), ("二〇二五", 2025),
        ("七", 7), ("多", None),
    ],  # fmt: skip
)
def test_chinese_number(text, expected):
    assert chinese_number(text) == expected


# ---------------------------------------------------------------------------------------------
# Profile


def _profile(paragraph: str) -> Profile:
    return parse_preamble(f"说明\n\n一、基本情况\n\n{paragraph}\n\n二、编制过程\n").profile


@pytest.mark.parametrize(
    "paragraph, field, expected",
    [
        # 002 (spaces around numbers).
        ("全镇户籍人口 2.1047 万人、常住人口 2.1820 万人", "registered_population", 21047),
        ("全镇户籍人口 2.1047 万人、常住人口 2.1820 万人", "resident_population", 21820),
        ("全镇耕地 0.33 万亩，村均集体收入 35 万元", "farmland_mu", Decimal("3300")),
        ("全镇耕地 0.33 万亩，村均集体收入 35 万元", "village_collective_income", Decimal("350000")),
        ("人均收入 2.0739 万元。", "per_capita_income", Decimal("20739")),
        ("距县城 15 公里、区域面积 85.05 平方公里。", "area_km2", Decimal("85.05")),
        ("距县城 15 公里、区域面积 85.05 平方公里。", "location", "距县城15公里"),
        # 004 (half-width punctuation, households before persons).
        ("全乡户籍人口3154户1.0606万人、常住人口2403户0.7993万人,下辖14个行政村。", "households", 3154),
        ("全乡户籍人口3154户1.0606万人、常住人口2403户0.7993万人,下辖14个行政村。", "registered_population", 10606),
        ("全乡户籍人口3154户1.0606万人、常住人口2403户0.7993万人,下辖14个行政村。", "resident_population", 7993),
        ("全乡户籍人口3154户1.0606万人、常住人口2403户0.7993万人,下辖14个行政村。", "villages", 14),
        ("全乡耕地10.5万亩。", "farmland_mu", Decimal("105000")),
        ("夏马勒乡是农业型乡镇,位于巴楚县西南,距县城22公里、区域面积898平方公里。", "location", "位于巴楚县西南，距县城22公里"),
        # Invented variants.
        ("某某街道是城郊型街道，辖区面积约12.5平方公里。", "township_type", "城郊型街道"),
        ("某某街道是城郊型街道，辖区面积约12.5平方公里。", "area_km2", Decimal("12.5")),
        ("下辖十二个行政村和3个社区，共有耕地面积12000亩。", "villages", 12),
        ("下辖十二个行政村和3个社区，共有耕地面积12000亩。", "communities", 3),
        ("下辖十二个行政村和3个社区，共有耕地面积12000亩。", "farmland_mu", Decimal("12000")),
        ("全镇总人口8560人，辖9个村，农民人均可支配收入1.86万元。", "registered_population", 8560),
        ("全镇总人口8560人，辖9个村，农民人均可支配收入1.86万元。", "villages", 9),
        ("全镇总人口8560人，辖9个村，农民人均可支配收入1.86万元。", "per_capita_income", Decimal("18600")),
        ("全镇总人口8560人，辖9个村，农民人均可支配收入1.86万元。", "households", None),
        # "村民小组" and "村委" are not villages.
        ("全镇共有32个村民小组。", "villages", None),
        ("某某镇是一个农牧结合型乡镇。", "township_type", "农牧结合型乡镇"),
        ("户籍人口1.2万余人，常住人口9800余人。", "registered_population", 12000),
        ("户籍人口1.2万余人，常住人口9800余人。", "resident_population", 9800),
        # A layout-preserving extraction wraps the paragraph before a figure like "2.1047".
        ("全镇户籍人口\n2.1047 万人、常住人口\n2.1820 万人", "resident_population", 21820),
    ],
)
def test_profile_fields(paragraph, field, expected):
    assert getattr(_profile(paragraph), field) == expected


def test_profile_is_none_without_a_basic_situation():
    assert parse_preamble("某某镇履职事项清单\n\n2025年7月\n\n目 录\n").profile is None


def test_profile_without_heading_uses_the_paragraph_that_states_a_population():
    text = "某某镇履职事项清单\n\n某某镇位于县城东部，面积20平方公里，户籍人口5000人。\n"
    assert parse_preamble(text).profile.registered_population == 5000


# ---------------------------------------------------------------------------------------------
# Stated figures

PARAGRAPH_002 = (
    "配合履职事项清单是以上级部门为主负责、乡镇为辅配合的履职事项。主要包括党的建设、经济发展、民生服务、"
    "平安法治、乡村振兴、社会管理、民族宗教、社会保障、自然资源、生态环保、城乡建设、商贸流通、文化和旅游、"
    "卫生健康、应急管理及消防、市场监管、综合政务、教育培训监管 18 个类别，共有配合履职事项 98 项，"
    "涉及 37 个部门（单位）。"
)
PARAGRAPH_004 = (
    "上级部门收回事项清单是与本乡工作没有直接关联的事项,专业性技术性强、经评估夏马勒乡无力承接的事项,"
    "以及长期未实际履行的事项。包括民生服务、乡村振兴、社会保障、自然资源、生态环保、城乡建设、交通运输、"
    "卫生健康、应急管理及消防、市场监管10个类别,共有上级部门收回事项44项,涉及17个部门(单位)。"
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            PARAGRAPH_002,
            StatedFigures(
                counts={PART_COORDINATING: 98},
                departments={PART_COORDINATING: 37},
                categories={PART_COORDINATING: COORDINATING_002},
            ),
        ),
        (
            PARAGRAPH_004,
            StatedFigures(
                counts={PART_RECLAIMED: 44},
                departments={PART_RECLAIMED: 17},
                categories={PART_RECLAIMED: RECLAIMED_004},
            ),
        ),
        # 002's 编制过程 sentence: counts and total.
        (
            "共有履职事项 255 项，其中，基本履职事项 116 项、配合履职事项 98 项、上级部门收回事项 41 项。",
            StatedFigures(
                counts={PART_BASIC: 116, PART_COORDINATING: 98, PART_RECLAIMED: 41}, total=255
            ),
        ),
        # 004's 目录 alone (with its "事项单" typo) still gives the counts.
        (
            "目录\n\n1.基本履职事项单(140项)\t1\n2.配合履职事项清单(108项)\t1\n3.上级部门收回事项清单(44项)\t37\n",
            StatedFigures(counts={PART_BASIC: 140, PART_COORDINATING: 108, PART_RECLAIMED: 44}),
        ),
        # 000's 目录: page numbers are not counts.
        (
            "目 录\n\n1. 基本履职事项清单\t1\n2. 配合履职事项清单\t88\n3. 上级部门收回事项清单\t96\n",
            StatedFigures(),
        ),
        # "等 N 个类别" and Chinese numerals.
        (
            "上级部门收回事项清单包括经济发展、民生服务等两个类别，涉及十六个部门。",
            StatedFigures(
                departments={PART_RECLAIMED: 16}, categories={PART_RECLAIMED: ("经济发展", "民生服务")}
            ),
        ),
    ],
)
def test_stated_figures(text, expected):
    assert parse_preamble(text).stated == expected


@pytest.mark.parametrize(
    "sentence, departments",
    [
        ("共有配合履职事项98项，涉及37个部门(单位)。", 37),
        ("共有配合履职事项98项，涉及县直37个部门。", 37),
        ("共有配合履职事项98项，涉及部门（单位）37个。", 37),
        ("共有配合履职事项98项，涉及三十七个上级部门。", 37),
    ],
)
def test_stated_departments_wordings(sentence, departments):
    assert parse_preamble(sentence).stated.departments == {PART_COORDINATING: departments}


def test_stated_figures_ignore_the_tables():
    text = "序号\t事项类别\t事项名称\n1\t党的建设\t涉及 5 个部门，基本履职事项 3 项\n"
    assert parse_preamble(text).stated == StatedFigures()


@pytest.mark.parametrize(
    "text, code",
    [
        ("基本履职事项清单是本镇必须为的事项。主要包括党的建设、经济发展 3 个类别。", "stated_categories"),
        ("共有履职事项 10 项，其中，基本履职事项 5 项、配合履职事项 3 项、上级部门收回事项 1 项。", "stated_total"),
    ],
)
def test_preamble_issues_report_self_contradictions(text, code):
    [issue] = preamble_issues(text, source="list.txt")
    assert issue.code == code
    assert issue.file == "list.txt"
