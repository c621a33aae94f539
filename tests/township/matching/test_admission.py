"""Reading notice tasks and scoring them against the bundled lists, without the database.

The pairs are those township/matching/admission.py explains its thresholds with.
"""

from __future__ import annotations

import pytest

from importers.records import PARTS
from tests.township.matching.admission_tasks import OFF_LIST, ON_LIST, TOWNSHIP
from township.matching.admission import CLOSE_MARGIN, HIGH_SCORE, MATCH_SCORE, ItemPool, ListedItem
from township.matching.notices import SYNONYMS, canonical, expand_synonyms, synonym_variants, task_core


def pool_of(parsed) -> ItemPool:
    township = parsed.preamble.place.township
    return ItemPool([ListedItem((part, item.seq), township, part, item.seq, item.name)
                     for part in PARTS for item in getattr(parsed.items, part)])


@pytest.fixture(scope="module")
def pools(bundled_parsed) -> dict[str, ItemPool]:
    return {township: pool_of(parsed) for township, parsed in bundled_parsed.items()}


def verdict(pools, township: str, task: str):
    return pools[township].check(task, [township])[0]


@pytest.mark.parametrize("task, core", [
    ("请各乡镇于月底前完成辖区养老机构消防安全检查", "养老机构消防安全检查"),
    ("由镇政府负责开展国防教育", "国防教育"),
    ("请各乡镇配合做好农村公益电影放映工作", "农村公益电影放映"),
    ("各乡镇要协助开展疫苗接种工作。", "疫苗接种"),
    ("请于6月30日前完成农村公益性墓地建设管理工作", "农村公益性墓地建设管理"),
    ("请各乡镇配合县人社局开展公益性岗位开发", "公益性岗位开发"),
    ("请各乡镇落实路长制，做好乡道村道养护管理", "路长制，乡道村道养护管理"),  # 乡道 is not the township
    ("请各乡镇落实应急值守制度", "应急值守制度"),  # nor is 应 a modal verb here
    ("请各乡镇开展自建房安全隐患排查，并于月底前将结果报送县住建局", "自建房安全隐患排查"),
    ("一、请你镇切实做好辖区禁毒宣传", "禁毒宣传"),
    ("做好乡镇企业规划许可", "乡镇企业规划许可"),
    ("督促指导各村做好秸秆禁烧工作", "秸秆禁烧"),
    ("结合实际，认真组织开展禁毒宣传教育", "禁毒宣传教育"),  # an aside clause dropped
    ("各乡镇党委、政府要高度重视，切实做好防溺水工作", "防溺水"),
    ("请各乡镇积极配合县卫健委做好疫苗接种工作，确保接种率达到95%以上", "疫苗接种"),  # so is a goal
    ("请各乡镇组织人员对辖区内加油站开展安全检查", "加油站安全检查"),
    ("各乡镇要把做好双拥工作作为重要任务", "双拥"),
    ("请你乡及时报送农村低保对象名单", "农村低保对象"),
    ("请各乡(镇)于六月底前做好森林防火", "森林防火"),
    ("请各乡镇支持学前教育发展", "学前教育发展"),  # a bare 前 is no date
    ("请各乡镇做好新时代统一战线工作", "新时代统一战线"),
    ("请各乡镇推进便民服务中心规范化建设", "便民服务中心规范化建设"),
    ("请各乡镇做好市场主体登记辅助事项办理", "市场主体登记辅助事项办理"),  # 市 is no county here
    ("请各乡镇推荐县级以上党代表", "推荐县级以上党代表"),
])
def test_the_framing_of_a_notice_is_stripped(task, core):
    assert task_core(task) == core


@pytest.mark.parametrize("short, full", [("人社局", "人力资源和社会保障局"), ("双拥", "拥军优属拥政爱民"),
                                         ("低保", "最低生活保障"), ("残联", "残疾人联合会")])
def test_abbreviations_are_spelt_out_on_both_sides(short, full):
    assert SYNONYMS[short] == full
    assert canonical(f"做好{short}工作") == canonical(f"做好{full}工作")
    assert short in synonym_variants(expand_synonyms(short)) and full in synonym_variants(short)


def test_the_longest_abbreviation_is_read_first():
    assert expand_synonyms("县人社局") == "县人力资源和社会保障局"  # not 人力资源和社会保障 + 局 twice


@pytest.mark.parametrize("township, task, part, seq, low, high", [
    ("先拜巴扎镇", "请各乡镇配合做好农村公益电影放映工作", "coordinating", 74, 100, 100),
    ("先拜巴扎镇", "请各乡镇于月底前做好双拥工作", "basic", 26, 92, 92),
    ("先拜巴扎镇", "由镇政府负责农村宅基地审批管理", "basic", 86, 86, 86),
    ("先拜巴扎镇", "请各乡镇落实路长制，做好乡道村道养护管理", "basic", 95, 63, 63),
    ("潘津镇", "请各乡镇协助做好无偿献血和应急救护培训", "coordinating", 19, 61, 61),
    ("潘津镇", "请各乡镇于月底前开展双拥工作", "basic", 22, HIGH_SCORE, 100),
])
def test_the_pairs_the_thresholds_are_explained_with(pools, township, task, part, seq, low, high):
    found = verdict(pools, township, task)
    assert (found.part, found.best.item.seq) == (part, seq)
    assert low <= found.score <= high and found.score >= MATCH_SCORE


@pytest.mark.parametrize("township, task, score", [
    ("先拜巴扎镇", "请各乡镇于月底前完成辖区养老机构消防安全检查", 33),
    ("先拜巴扎镇", "请各乡镇组织开展全县桥梁结构安全检测", 17),
    ("潘津镇", "请各乡镇协助做好证券期货市场监管", 46),
])
def test_tasks_on_no_list_score_below_the_match(pools, township, task, score):
    found = verdict(pools, township, task)
    assert found.part == "none" and found.score == score < MATCH_SCORE and found.nearest is not None


def test_no_task_on_no_list_comes_near_the_match_in_any_bundled_list(pools):
    scores = {(township, task): verdict(pools, township, task).score for township in pools for task in OFF_LIST}
    assert max(scores.values()) < MATCH_SCORE, max(scores.items(), key=lambda pair: pair[1])


@pytest.mark.parametrize("task, first, second", [
    ("请各乡镇开展消防安全隐患排查", ("basic", 103), ("basic", 87)),
    ("请各乡镇做好防灾减灾工作", ("coordinating", 80), ("coordinating", 32)),
])
def test_two_close_items_are_both_shown(pools, task, first, second):
    found = verdict(pools, TOWNSHIP, task)
    assert [(match.item.kind, match.item.seq) for match in found.matches] == [first, second]
    assert found.matches[0].score - found.matches[1].score <= CLOSE_MARGIN


def test_the_words_that_matched_are_given(pools):
    found = verdict(pools, TOWNSHIP, "由镇政府负责农村宅基地审批管理")
    assert found.best.words == ("农村宅基地审批", "管理")


def test_the_notice_tasks_find_their_items_without_the_database(pools):
    found = [verdict(pools, TOWNSHIP, task) for task, _, _ in ON_LIST]
    right = sum((verdict_.part, verdict_.best.item.seq if verdict_.best else None) == (part, seq)
                for verdict_, (_, part, seq) in zip(found, ON_LIST))
    assert right >= 0.9 * len(ON_LIST)


def test_a_task_of_framing_only_is_on_no_list(pools):
    found = verdict(pools, TOWNSHIP, "请各乡镇于月底前完成。")
    assert found.part == "none" and found.score < MATCH_SCORE


def test_every_township_gets_a_verdict_even_without_a_shared_word(pools):
    pool = pools[TOWNSHIP]
    verdicts = pool.check("做好双拥工作", [TOWNSHIP, "另一个乡"])
    assert [found.township for found in verdicts] == [TOWNSHIP, "另一个乡"] and verdicts[1].part == "none"
