"""Tests for importers.departments: typo merges and the stated department counts."""

import pytest

from importers.departments import is_typo_pair, resolve_departments, within_one_edit

# Department names as published (name: occurrences), split with normalize.split_departments from
# the 对应上级部门 cells (coordinating) and the 承接部门 parts of 承接部门及工作方式 (taken back).
FIXTURE_002_COORDINATING = {
    '于田县农业农村局': 14,
    '于田县自然资源局': 13,
    '于田县市场监督管理局': 11,
    '于田县水利局': 10,
    '和田地区生态环境局于田县分局': 10,
    '于田县公安局': 9,
    '于田县住房和城乡建设局': 9,
    '于田县委组织部': 8,
    '于田县卫生健康委员会': 8,
    '于田县人力资源和社会保障局': 7,
    '于田县发展和改革委员会': 7,
    '于田县林业和草原局': 7,
    '于田县消防救援局': 6,
    '于田县商务和工业信息化局': 5,
    '于田县应急管理局': 5,
    '于田县文化体育广播电视和旅游局': 5,
    '于田县教育局': 4,
    '于田县民政局': 4,
    '于田县委宣传部': 4,
    '于田县残疾人联合会': 3,
    '于田县财政局': 3,
    '于田县科学技术局': 3,
    '于田县交通运输局': 3,
    '于田县委机构编制委员会办公室': 2,
    '于田县委统一战线工作部': 2,
    '于田县委社会工作部': 2,
    '于田县红十字会': 2,
    '于田县委政法委': 2,
    '于田县总工会': 2,
    '政协于田县委员会机关': 1,
    '于田县人民代表大会常务委员会办公室': 1,
    '于田县统计局': 1,
    '于田县科学技术协会': 1,
    '于田县委网络安全和信息化委员会办公室': 1,
    '于田县融媒体中心': 1,
    '于田县住房和城乡建设局以及其他负有安全监管职责的部门': 1,
    '于田县委党史地方志研究所': 1,
    '于田县人民政府办公室': 1,
}

FIXTURE_002_RECLAIMED = {
    '于田县水利局': 10,
    '于田县农业农村局': 6,
    '于田县人力资源和社会保障局': 4,
    '于田县应急管理局': 3,
    '于田县市场监督管理局': 3,
    '于田县民政局': 2,
    '于田县自然资源局': 2,
    '于田县交通运输局': 2,
    '于田县卫生健康委员会': 2,
    '于田县消防救援局': 2,
    '于田县财政局': 1,
    '于田县教育局': 1,
    '于田县残疾人联合会': 1,
    '于田县医疗保障局': 1,
    '于田县林业和草原局': 1,
    '于田县公安局': 1,
}

FIXTURE_004_COORDINATING = {
    '巴楚县农业农村局': 12,
    '大学': 12,
    '一个': 9,
    '巴楚县应急管理局': 8,
    '巴楚县委组织部': 7,
    '巴楚县市场监督管理局': 7,
    '巴楚县住房和城乡建设局': 7,
    '巴楚县自然资源局': 6,
    '巴楚县财政局': 5,
    '巴楚县水利局': 5,
    '巴楚县发展和改革委员会': 5,
    '巴楚县消防救援局': 5,
    '巴楚县人力资源和社会保障局': 4,
    '巴楚县教育局': 4,
    '巴楚县公安局': 4,
    '巴楚县民政局': 4,
    '喀什地区生态环境局巴楚县分局': 4,
    '巴楚县林业和草原局': 3,
    '巴楚县委宣传部': 3,
    '巴楚县文化体育广播电视和旅游局': 3,
    '巴楚县卫生健康委员会': 3,
    '巴楚县委编办': 2,
    '巴楚县红十字会': 2,
    '巴楚县人大常委会': 1,
    '巴楚县政协': 1,
    '巴楚县委社会工作部': 1,
    '巴楚县委巡察办': 1,
    '巴楚县残疾人联': 1,
    '巴楚县医保局': 1,
    '巴': 1,
    '国宏工公组行四': 1,
    '巴楚县司法局': 1,
    '巴楚县委网信办': 1,
    '巴楚县科学技术局': 1,
    '巴楚县农业农村': 1,
    '局': 1,
    '巴楚县总工会': 1,
    '世': 1,
    '巴楚县目然贷源': 1,
    '喀境': 1,
    '城楚': 1,
    '村利然叶局巴乡县巴局局资县区基县住局运农楚': 1,
    '源公生县住局运农楚楚': 1,
    '原公东局': 1,
    '原公市': 1,
    '是一个大学': 1,
    '大': 1,
    '巴楚县商务和工业信息化局': 1,
    '管理县市场监县之一个': 1,
    '巴楚县尚务相上业信自业局': 1,
    '巴楚县文化体游安文化体游兴主义化和底层型型电视型巴巴拉里巴巴里拉里里达里里达里里达里里达里里达里里达里里达里里达里里达医多人': 1,
    '巴楚县文化体育': 1,
    '广播电视和旅游局': 1,
    'C': 1,
    '县水利局：1.制定防汛抗旱应急预案': 1,
    '开展防汛抗旱演练': 1,
    '2.监测水情旱情': 1,
    '发布预警': 1,
    '制定河流水库调度方案': 1,
    '管理防汛抗旱物资': 1,
    '提供抢险技术支撑。巴楚县应急管理局。 B': 1,
    '巴楚县气象局': 1,
    '巴楚县市场监督管理目': 1,
    '巴楚县档案史志馆': 1,
    '巴楚县政府办公室': 1,
    '巴楚县市场局': 1,
}

FIXTURE_004_RECLAIMED = {
    '巴楚县住房和城乡建设局': 13,
    '巴楚县水利局': 6,
    '巴楚县人力资源和社会保障局': 5,
    '巴楚县交通运输局': 3,
    '巴楚县卫生健康委员会': 3,
    '巴楚县市场监督管理局': 3,
    '巴楚县农业农村局': 2,
    '巴楚县医保局': 2,
    '巴楚县自然资源局': 2,
    '巴楚县消防救援局': 2,
    '巴楚县应急管理局': 2,
    '巴楚县教育局': 1,
    '巴楚县民政局': 1,
    '巴楚县残联': 1,
    '巴楚县林业和草原局': 1,
    '巴楚县公安局': 1,
    '喀什地区生态环境局巴楚县分局': 1,
}

FIXTURE_000_COORDINATING = {
    '市农业农村局': 16,
    '农业农村局': 15,
    '公安局': 15,
    '州生态环境局伊宁市分局': 12,
    '住房和城乡建设局': 11,
    '市自然资源局': 11,
    '市市场监督管理局': 9,
    '林业和草原局': 8,
    '市水利局': 7,
    '水利局': 7,
    '市场监督管理局': 7,
    '市林业和草原局': 7,
    '市住房和城乡建设局': 7,
    '市委组织部': 6,
    '市人力资源和社会保障局': 6,
    '卫生健康委员会': 6,
    '自然资源局': 6,
    '市发展和改革委员会': 5,
    '市公安局': 5,
    '市文化体育广播电视台和旅游局': 5,
    '市应急管理局': 5,
    '市消防救援局': 5,
    '市教育局': 4,
    '市民政局': 4,
    '市卫生健康委员会': 4,
    '财政局': 3,
    '文化体育广播电视台和旅游局': 3,
    '消防救援局': 3,
    '市委政法委': 3,
    '应急管理局': 3,
    '交通局': 3,
    '市委宣传部': 3,
    '市文化体育广播电视和旅游局': 3,
    '人力资源和社会保障局': 2,
    '市残联人联合会': 2,
    '市红十字会': 2,
    '市司法局': 2,
    '市人民法院': 2,
    '民政局': 2,
    '发展和改革委员会': 2,
    '商务和工业信息化局': 2,
    '网络安全和信息化委员会办公室': 2,
    '教育局': 2,
    '交通运输局': 2,
    '市商务和工业信息化局': 2,
    '机构编办委员会办公室': 1,
    '市人大常委会办公室': 1,
    '市政协办公室': 1,
    '市委统一战线工作部': 1,
    '组织部': 1,
    '市委巡察工作领导小组办公室': 1,
    '市委社会工作部': 1,
    '市委机构编办委员会办公室': 1,
    '市财政局': 1,
    '司法局': 1,
    '市科学技术局': 1,
    '市委网络安全和信息化委员会办公室': 1,
    '商务工信局': 1,
    '数字化发展局': 1,
    '城市管理局': 1,
    '市总工会机关': 1,
    '市城市管理局': 1,
    '市交通运输局': 1,
    '工信局': 1,
    '市场监管局等其他负有安全生产监督管理职责的部门': 1,
    '林业草原局': 1,
    '气象局': 1,
    '市城市管理': 1,
    '州生态环境伊宁市分局': 1,
    '市气象局': 1,
    '人工影响天气保障中心': 1,
    '供电公司': 1,
    '市委史志办（地方志办）': 1,
    '市政府办（数字化发展局）': 1,
    '科学技术局': 1,
}

FIXTURE_000_RECLAIMED = {
    '市城市管理局': 12,
    '市水利局': 9,
    '市人社局': 6,
    '市农业农村局': 5,
    '市医保局': 3,
    '市应急管理局': 3,
    '市自然资源局': 2,
    '市交通运输局': 2,
    '市卫生健康委员会': 2,
    '市市场监督管理局': 2,
    '市残联': 1,
    '市教育局': 1,
    '市林业和草原局': 1,
    '市消防救援局': 1,
}

YUTIAN = {"county": "于田县", "prefecture": "和田地区"}
BACHU = {"county": "巴楚县", "prefecture": "喀什地区"}
YINING = {"county": "伊宁市", "prefecture": "伊犁哈萨克自治州"}


def _names(counted: dict[str, int]) -> list[str]:
    return [name for name, count in counted.items() for _ in range(count)]


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("文化体育广播电视台旅游局", "文化体育广播电视旅游局", True),  # 台 slipped in
        ("残联人联合会", "残疾人联合会", True),
        ("机构编办委员会办公室", "机构编制委员会办公室", True),
        ("生态环境分局", "生态环境局分局", True),
        ("教育局", "体育局", False),  # short names: one character is the meaning
        ("民政局", "财政局", False),
        ("宣传部", "统战部", False),
        ("统一战线工作部", "宣传部", False),
        ("公安局交警大队", "公安局刑警大队", False),  # compared on their own part
        ("市场监督管理局", "市场监督管理所", False),  # a different suffix is a different unit
        ("自然资源局", "水资源局", False),  # two edits
    ],
)
def test_is_typo_pair_merges_slips_not_neighbours(first, second, expected):
    assert is_typo_pair(first, second) is expected


@pytest.mark.parametrize(
    "first, second, expected",
    [("abc", "abc", True), ("abc", "abd", True), ("abc", "ab", True), ("abc", "xabc", True),
     ("abc", "acb", False), ("abc", "a", False)],
)
def test_within_one_edit(first, second, expected):
    assert within_one_edit(first, second) is expected


@pytest.mark.parametrize(
    "names, place, departments",
    [
        (FIXTURE_002_COORDINATING, YUTIAN, 37),  # 说明: 涉及 37 个部门（单位）
        (FIXTURE_002_RECLAIMED, YUTIAN, 16),  # 说明: 涉及 16 个部门（单位）
        (FIXTURE_004_RECLAIMED, BACHU, 17),  # 说明: 涉及 17 个部门（单位）
        # 说明 states 39: four departments sit only in cells too damaged to read (国家开发银行
        # 巴楚县支行 as "国宏工公组行四", 县交通运输局 inside a garbled cell, cells left empty).
        (FIXTURE_004_COORDINATING, BACHU, 35),
        (FIXTURE_000_COORDINATING, YINING, 42),  # no stated figure
        (FIXTURE_000_RECLAIMED, YINING, 14),  # no stated figure
    ],
)
def test_resolve_departments_reproduces_the_stated_counts(names, place, departments):
    resolution = resolve_departments(_names(names), **place)
    assert len(resolution.departments) == departments
    assert set(resolution.canonical) | resolution.unresolved == set(names)


def test_resolve_departments_002_coordinating_departments_as_shown():
    resolution = resolve_departments(_names(FIXTURE_002_COORDINATING), **YUTIAN)
    assert resolution.unresolved == set()
    assert resolution.canonical["于田县住房和城乡建设局以及其他负有安全监管职责的部门"] == "于田县住房和城乡建设局"
    assert "政协于田县委员会机关" in resolution.departments
    assert "于田县人民代表大会常务委员会办公室" in resolution.departments
    merged = {name: aliases for name, aliases in resolution.aliases.items() if aliases}
    assert merged == {"于田县住房和城乡建设局": {"于田县住房和城乡建设局以及其他负有安全监管职责的部门"}}


def test_resolve_departments_004_merges_damaged_spellings_and_rejects_garbage():
    resolution = resolve_departments(_names(FIXTURE_004_COORDINATING), **BACHU)
    assert resolution.canonical["巴楚县农业农村"] == "巴楚县农业农村局"
    assert resolution.canonical["巴楚县市场监督管理目"] == "巴楚县市场监督管理局"
    assert resolution.canonical["巴楚县市场局"] == "巴楚县市场监督管理局"
    assert resolution.canonical["广播电视和旅游局"] == "巴楚县文化体育广播电视和旅游局"
    assert resolution.unresolved == {
        "2.监测水情旱情", "C", "一个", "世", "制定河流水库调度方案", "原公东局", "原公市",
        "县水利局：1.制定防汛抗旱应急预案", "发布预警", "喀境", "国宏工公组行四", "城楚", "大",
        "大学", "局", "巴", "巴楚县尚务相上业信自业局", "巴楚县文化体育", "巴楚县目然贷源",
        "开展防汛抗旱演练", "提供抢险技术支撑。巴楚县应急管理局。 B", "是一个大学",
        "村利然叶局巴乡县巴局局资县区基县住局运农楚", "源公生县住局运农楚楚", "管理县市场监县之一个",
        "管理防汛抗旱物资",
        "巴楚县文化体游安文化体游兴主义化和底层型型电视型巴巴拉里巴巴里拉里里达里里达里里达里里达"
        "里里达里里达里里达里里达里里达医多人",
    }


def test_resolve_departments_000_merges_bare_and_prefixed_city_names():
    resolution = resolve_departments(_names(FIXTURE_000_COORDINATING), **YINING)
    expected = {
        "组织部": "市委组织部",
        "交通局": "市交通运输局",
        "工信局": "市商务和工业信息化局",
        "商务工信局": "市商务和工业信息化局",
        "林业草原局": "市林业和草原局",
        "文化体育广播电视台和旅游局": "市文化体育广播电视和旅游局",
        "州生态环境伊宁市分局": "州生态环境局伊宁市分局",
        "机构编办委员会办公室": "市委机构编办委员会办公室",
        "市场监管局等其他负有安全生产监督管理职责的部门": "市市场监督管理局",
        "市城市管理": "市城市管理局",
    }
    assert {name: resolution.canonical[name] for name in expected} == expected
    assert resolution.unresolved == set()


def test_resolve_departments_prefers_the_full_form_the_list_uses_for_an_ambiguous_short_form():
    resolution = resolve_departments(["县文旅局", "县文化和旅游局", "县卫健委"], county="某县", prefecture=None)
    assert resolution.canonical["县文旅局"] == "县文化和旅游局"
    assert len(resolution.departments) == 2


def test_resolve_departments_keeps_near_miss_departments_apart():
    names = ["县教育局", "县体育局", "县委宣传部", "县委统战部", "县民政局", "县财政局"]
    resolution = resolve_departments(names, county=None, prefecture=None)
    assert len(resolution.departments) == 6


def test_resolve_departments_merges_a_name_cut_by_a_wrap():
    resolution = resolve_departments(["巴楚县残疾人联", "巴楚县残联"], **BACHU)
    assert len(resolution.departments) == 1


def test_resolve_departments_infers_the_county_a_list_writes_before_its_departments():
    known = resolve_departments(_names(FIXTURE_002_COORDINATING), **YUTIAN)
    inferred = resolve_departments(_names(FIXTURE_002_COORDINATING), county=None, prefecture="和田地区")
    assert inferred.departments == known.departments
