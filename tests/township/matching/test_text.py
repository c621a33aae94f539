"""The match rule on real pairs of item names from the bundled lists."""

from __future__ import annotations

import pytest

from township.matching.text import (
    CONTAINED_RATIO,
    SIMILAR_RATIO,
    match_score,
    normalise,
    same_wording,
    similarity,
)
from tests.township.matching.conftest import names


@pytest.mark.parametrize("published, normalised", [
    ("推荐县级以上党代表工作", "推荐县级以上党代表"),
    ("推荐市级以上党代表工作", "推荐县级以上党代表"),  # 伊宁市 is a city: its level word is 市级
    ("推荐县级以 上党代表工 作", "推荐县级以上党代表"),  # OCR spaces inside words
    ("做好“双拥”工作", "双拥"),
    ("负责本镇乡道、村道建设管理工作", "乡道村道建设管理"),
    ("组织本辖区人大代表参加相关会议", "人大代表参加相关会议"),
    ("镇干部人事档案工作", "乡干部人事档案"),
    ("乡干部人事档案工作", "乡干部人事档案"),
    ("开展ＡＢＣ（测试）工作", "abc测试"),  # full-width letters folded
    ("", ""),
])
def test_normalise_keeps_what_the_duty_is(published, normalised):
    assert normalise(published) == normalised


# Real names from the bundled lists: a township speaking of itself reads like a 乡, while 镇 and
# 街道 inside other words (城镇, 乡镇企业, 集镇, 村镇, streets) keep their meaning.
TOWNSHIP_WORDS = [
    ("建制镇建设统计调查填报和村庄建设统计调查填报", "建制乡建设统计调查填报和村庄建设统计调查填报"),
    ("乡（镇）村公共设施、公益事业使用集体建设用地的审核", "乡村公共设施公益事业使用集体建设用地的审核"),
    ("镇村公共设施、公益事业使用集体建设用地的审核（不涉及农用地）", "乡村公共设施公益事业使用集体建设用地的审核不涉及农用地"),
    ("负责本镇农村和城镇住房安全日常管理，开展安全巡查工作，做好城镇家庭住房救助工作",
     "农村和城镇住房安全日常管理开展安全巡查工作做好城镇家庭住房救助"),
    ("对完成城镇新增就业人数任务的考核", "对完成城镇新增就业人数任务的考核"),
    ("做好乡镇企业、乡村公共设施和公益事业的乡村建设规划许可", "乡镇企业乡村公共设施和公益事业的乡村建设规划许可"),
    ("对破坏村庄和集镇的房屋、公共设施的处罚", "对破坏村庄和集镇的房屋公共设施的处罚"),
    ("推进健康村镇建设，开展爱国卫生运动，倡导文明健康生活方式", "健康村镇建设开展爱国卫生运动倡导文明健康生活方式"),
    ("对乱堆粪便、垃圾、柴草，破坏村容镇貌和环境卫生的处罚", "对乱堆粪便垃圾柴草破坏村容镇貌和环境卫生的处罚"),
    ("对在村庄、集镇规划区内的街道、广场、市场和车站等场所修建临时建筑物、构筑物和其他设施的审批和管理",
     "对在村庄集镇规划区内的街道广场市场和车站等场所修建临时建筑物构筑物和其他设施的审批和管理"),
]


@pytest.mark.parametrize("published, normalised", TOWNSHIP_WORDS)
def test_only_a_townships_words_for_itself_read_as_a_xiang(published, normalised):
    assert normalise(published) == normalised


@pytest.mark.parametrize("published, normalised", [
    ("负责本街道社区党组织建设", "社区党组织建设"),  # not in the bundled lists: none is a 街道's
    ("街道办事处档案管理", "乡办事处档案管理"),
    ("全苏木草原保护", "全乡草原保护"),
    ("协助管理上级有关部门驻镇的干部", "管理上级有关部门驻乡的干部"),  # from a longer bundled name
])
def test_a_street_office_a_sumu_or_a_town_speaking_of_itself_reads_as_a_xiang(published, normalised):
    assert normalise(published) == normalised


def test_township_words_in_other_words_do_not_turn_one_duty_into_another():
    """The old rule read 城镇 as 城乡, so urban housing aid looked like a duty for town and country alike."""
    assert normalise("城镇家庭住房救助的受理") != normalise("城乡家庭住房救助的受理")
    assert similarity(normalise("乡（镇）村公共设施、公益事业使用集体建设用地的审核"),
                      normalise("镇村公共设施、公益事业使用集体建设用地的审核（不涉及农用地）")).is_match


# Real pairs from the bundled lists that are the same duty, with their ratio on normalised text.
SAME_DUTY = [
    ("推荐县级以上党代表工作", "推荐市级以上党代表工作", 100.0),
    ("机构编制日常管理", "加强机构编制日常管理", 100.0),
    ("编纂党史、地方志、年鉴工作", "党史、地方志、年鉴编纂工作", 77.8),
    ("优化营商环境，服务企业", "优化营商环境，服务市场主体", 72.7),
    ("残疾人证管理", "残疾人证办理", 83.3),
    ("水土保持工作", "开展水土保持宣传和教育工作", 61.5),
    ("政协委员人选推荐工作", "做好政协委员人选推荐、政协委员考察调研服务保障工作", 57.1),
    ("加强基层工会组织建设，维护职工合法权益",
     "负责本镇基层工会组织建设，领导辖区内有隶属关系的各类基层工会组织，维护职工合法权益，"
     "开展职工文化活动及帮扶救助工作，做好“五一劳动奖章”“工人先锋号”等培育、推荐和服务工作", 38.1),
]
# Real pairs that look alike but are different duties.
NEAR_MISSES = [
    ("加强基层工会组织建设，维护职工合法权益", "加强基层妇联组织建设，维护妇女儿童合法权益", 70.6),
    ("推荐县级以上党代表工作", "县级以上党内表彰激励", 63.2),
    ("开展防灾减灾检查", "开展农牧业防灾减灾工作", 61.5),
    ("价格监督检查", "国土资源监督检查工作", 57.1),
    ("做好自建房安全隐患排查和报告工作", "做好房屋市政限额以下小型工程施工安全隐患排查和报告工作", 57.1),
    ("农业灌溉管理工作", "地名管理工作", 40.0),
]


@pytest.mark.parametrize("first, second, ratio", SAME_DUTY)
def test_real_pairs_of_the_same_duty_match(first, second, ratio):
    score = similarity(normalise(first), normalise(second))
    assert round(score.ratio, 1) == ratio
    assert score.is_match
    assert match_score(normalise(first), normalise(second)) == score.ratio


@pytest.mark.parametrize("first, second, ratio", NEAR_MISSES)
def test_real_pairs_that_look_alike_but_differ_do_not_match(first, second, ratio):
    score = similarity(normalise(first), normalise(second))
    assert round(score.ratio, 1) == ratio
    assert not score.is_match
    assert match_score(normalise(first), normalise(second)) is None


def test_the_thresholds_sit_between_the_closest_near_miss_and_the_weakest_similar_match():
    closest_miss = max(ratio for *_, ratio in NEAR_MISSES)
    weakest_similar = min(ratio for *_, ratio in SAME_DUTY if ratio >= SIMILAR_RATIO)
    assert closest_miss < SIMILAR_RATIO <= weakest_similar
    assert CONTAINED_RATIO < SIMILAR_RATIO


def test_reordered_words_are_a_known_miss():
    assert not similarity(normalise("野生动物、植物保护工作"), normalise("保护野生动植物")).is_match


def test_an_empty_name_matches_nothing():
    assert match_score("", "") is None
    assert match_score(normalise("推荐县级以上党代表工作"), "") is None


def test_same_wording_ignores_spacing_and_punctuation_width_only():
    assert same_wording("规范村工作机制、牌子，出具证明", "规范村工作机制、牌子,出具证明")
    assert same_wording("推荐县级以 上党代表工 作", "推荐县级以上党代表工作")
    assert not same_wording("推荐县级以上党代表工作", "推荐市级以上党代表工作")


def test_each_bundled_list_has_its_party_congress_item_in_the_coordinating_part(bundled_parsed):
    """The item the compare page must line up, found in every list by the rule alone."""
    reference = normalise("推荐县级以上党代表工作")
    for township, parsed in bundled_parsed.items():
        found = [name for name in names(parsed, "coordinating") if match_score(reference, normalise(name))]
        assert len(found) == 1, township
        assert "党代表" in found[0]


def test_every_pair_above_is_made_of_real_item_names(bundled_parsed):
    published = {"".join(name.split()) for parsed in bundled_parsed.values()
                 for part in ("basic", "coordinating", "reclaimed") for name in names(parsed, part)}
    for first, second, _ in SAME_DUTY + NEAR_MISSES:
        assert first in published and second in published, (first, second)
    for name, _ in TOWNSHIP_WORDS:
        assert name in published, name
