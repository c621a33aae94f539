"""Tests for importers.damage: signs of OCR / extraction damage, on real cells of the bundled lists."""

import pytest

from importers.damage import (
    brackets_balanced,
    category_damage,
    english_words,
    has_non_gb2312,
    irregular_wrap,
    misread_against,
    name_damage,
    repeated_fragment,
    text_damage,
)


@pytest.mark.parametrize(
    "text, detail_part",
    [
        ("1H1 H1 1H2 1H7", "字母数字乱码"),  # 004: the category cell where 党的建设 should be
        ("组织本乡人 大人 村关会, 依法开、 、 、 、", "连续标点"),  # 004 配合 5
        ("【重移栅1】 召开县队【里方浮洗麦彰公司全亩1】 亩批,", "噪声符号"),  # 004 配合 27
        ("2 与由违人交迁《佐时徒田土地今园》", "孤立数字"),  # 004 配合 54
        ("一、兩露计划助学金发放工作", "繁体或异体字"),  # 004 配合 25: 兩 for 雨
    ],
)
def test_text_damage_names_each_sign_of_ocr_noise(text, detail_part):
    assert any(detail_part in detail for detail in text_damage(text))


@pytest.mark.parametrize(
    "text",
    [
        "加强党委自身建设,履行全面从严治党主体责任",  # OCR half-width commas are not damage
        "<p>负责村“两委”干部及其后备干部“选育管用”工作</p>",  # markup is removed first
        "1.向镇推送就业岗位； 2.组织开展招聘活动",
        "支持5G网络建设",
    ],
)
def test_text_damage_leaves_clean_text_alone(text):
    assert text_damage(text) == []


@pytest.mark.parametrize(
    "category, categories, expected",
    [
        ("1H1 H1 1H2 1H7", set(), ["事项类别疑似OCR乱码"]),
        ("精神文明", {"精神文明", "精神文明建设"}, ["事项类别不完整，疑似被截断"]),
        ("党的建设", {"党的建设", "经济发展"}, []),
        ("", {"党的建设"}, []),  # an empty cell is inferred later, not damage
    ],
)
def test_category_damage(category, categories, expected):
    assert category_damage(category, categories) == expected


@pytest.mark.parametrize(
    "name, raw, context, detail_part",
    [
        (  # 004 配合 30
            "做好是不大合意。我们是一个人，我们是一个人，我们是一个人",
            "做好是不大合意。我们是一个人,我们是一个人,我们是一个人",
            "",
            "反复出现",
        ),
        (  # 004 配合 98
            "对的报洪路施急生作蓄通警、等，撤的的报法等的海上等，撤的的资格，是是人和各前区",
            "对的报洪路施急生作蓄通警、等,撤的的报法等的海上等,撤的的资格,是是人和各前区",
            "",
            "虚词重叠",
        ),
        (  # 004 配合 37: wrapped lines no column width explains
            "开展高素质农民培强农作，加强农民合队伍导员设",
            "开展高素质 农民培强农 作,加强农 民合队伍 导员设",
            "",
            "长短不一",
        ),
        (  # 004 配合 66: the duty cells write 抗旱设施
            "对侵占、破坏水源和抗早设施的处罚",
            "对侵占、破 坏水源和抗 早设施的处 罚",
            "立案:对侵占、破坏水源和抗旱设施的处罚予以审查,决定是否",
            "“早”应为“旱”",
        ),
        ("培育“两委干部", "培育“两委干部", "", "不成对"),
        ("负责婚姻登记。", "负责婚姻登记。", "", "含句号"),
        ("对农业投入品生产者、销售者。使用者未按规定回收的处罚", "", "", "中间有句号"),
        ("维护妇女儿童合法权益：开展家庭家教家风建设", "", "", "中间有句号、分号或冒号"),
        ("编制防汛；抗旱预案", "", "", "分号"),
    ],
)
def test_name_damage_flags_garbled_names(name, raw, context, detail_part):
    assert any(detail_part in detail for detail in name_damage(name, raw, context))


def test_name_damage_leaves_a_clean_ocr_name_alone():
    # 004 配合 1: "推荐县级以 上党代表工 作" wraps at a steady width.
    assert name_damage("推荐县级以上党代表工作", "推荐县级以 上党代表工 作", "巴楚县委组织部") == []


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("开展高素质 农民培强农 作,加强农 民合队伍 导员设", True),  # 004 配合 37
        ("巴楚县尚务相上 业信自 业 局", True),  # 004 配合 76, a department cell
        ("推荐县级以 上党代表工 作", False),  # 004 配合 1
        ("推动商业体 系建设,做 好辖区企业 、电商服务 保障工作", False),  # 004 配合 76, the name
        ("市人力资源和社会保障局", False),  # one line cannot wrap irregularly
    ],
)
def test_irregular_wrap(raw, expected):
    assert irregular_wrap(raw) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我们是一个人,我们是一个人,我们是一个人", True),
        ("会会会会", True),
        ("推荐县级以上党代表工作", False),
        ("党的建设", False),
    ],
)
def test_repeated_fragment(text, expected):
    assert repeated_fragment(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("出具婚姻状况证明（婚姻关系证明、分居证明）", True),
        ("落实“三会一课”、主题党日等党内组织生活制度", True),
        ("学习《中国共产党章程》", True),
        ("培育“两委干部", False),
        ("出具婚姻状况证明（婚姻关系证明", False),
    ],
)
def test_brackets_balanced(text, expected):
    assert brackets_balanced(text) is expected


@pytest.mark.parametrize(
    "name, context, expected",
    [
        # 004 配合 66: the name's 抗早 against the 上级部门职责 cell's 抗旱.
        ("对侵占、破坏水源和抗早设施的处罚", "立案：对侵占、破坏水源和抗旱设施的处罚予以审查", "“早”应为“旱”"),
        ("对侵占、破坏水源和抗旱设施的处罚", "立案：对侵占、破坏水源和抗旱设施的处罚予以审查", ""),
        ("对侵占、破坏水源和抗早设施的处罚", "", ""),  # nothing to compare with
    ],
)
def test_misread_against_the_rest_of_the_row(name, context, expected):
    assert misread_against(name, context) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("兩露计划", True), ("雨露计划", False), ("1H1 H1", False)],
)
def test_has_non_gb2312(text, expected):
    assert has_non_gb2312(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4. 建立健全政府网站的管理制度和 workflows，规范信息采集", ["workflows"]),  # 002 配合
        ("<p>有违反《住宅室内装饰装修管理办法》规定的 behavior 不及时</p>", ["behavior"]),  # 000 收回 41
        ("支持5G网络建设", []),
        # Found here too; the markdown layout puts 和 back before it looks for English words.
        ("单位 and 个人", ["and"]),
    ],
)
def test_english_words_inside_chinese_text(text, expected):
    assert english_words(text) == expected
