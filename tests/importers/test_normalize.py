"""Text clean-up shared by every layout, on real snippets of published text."""

from __future__ import annotations

import pytest

from importers.normalize import clean_text, split_departments, split_steps, strip_html
from importers.records import StepBlock


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("推荐县级以 上党代表工 作", "推荐县级以上党代表工作"),  # OCR spaces inside words
        ("党的建\n设", "党的建设"),  # a word broken by a line wrap
        ("全乡户籍人口3154户1.0606万人,常住人口2403户", "全乡户籍人口3154户1.0606万人，常住人口2403户"),
        ('通过"三上三下"征求意见', "通过“三上三下”征求意见"),
        ("涉及39个部门(单位)", "涉及39个部门（单位）"),
        ("<p>1.确定代表名额；</p>", "1.确定代表名额；"),
        ("公示期不少于5个工作日", "公示期不少于5个工作日"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "raw, kept",
    [("依据‹地方党政领导干部安全生产责任制规定 >执行", "‹地方党政领导干部安全生产责任制规定 >"), ("a < b", "a < b")],
)
def test_strip_html_keeps_angle_brackets_that_are_not_tags(raw, kept):
    assert kept in strip_html(raw)


@pytest.mark.parametrize(
    "cell, blocks",
    [
        (
            "<p>1.确定代表名额，并分配至镇党委； 2.会同纪委监委进行资格联审； 3.审查后报市委批复。</p>",
            (StepBlock(steps=("确定代表名额，并分配至镇党委；", "会同纪委监委进行资格联审；", "审查后报市委批复。")),),
        ),
        (
            "1.将确定代表候选人初步人选公示，公示期不少于\n5个工作日； 2.上报县委组织部。",
            (StepBlock(steps=("将确定代表候选人初步人选公示，公示期不少于5个工作日；", "上报县委组织部。")),),
        ),
        (
            "一、领导班子绩效考核工作\n1.制定考核方案；\n2.形成初步考核结果。\n二、干部选拔任用工作\n1.发布干部考察预告。",
            (
                StepBlock(steps=("制定考核方案；", "形成初步考核结果。"), heading="领导班子绩效考核工作"),
                StepBlock(steps=("发布干部考察预告。",), heading="干部选拔任用工作"),
            ),
        ),
        ("二、县公安局\n对发布的信息进行核查", (StepBlock(steps=("对发布的信息进行核查",), heading="县公安局"),)),
    ],
)
def test_split_steps_keeps_order_and_sub_headings(cell, blocks):
    assert split_steps(cell) == blocks


@pytest.mark.parametrize(
    "cell, names",
    [
        ("市委组织部、机构编办委员会办公室，市人力资源和社会保障局",
         ("市委组织部", "机构编办委员会办公室", "市人力资源和社会保障局")),
        ("县委组织\n部、县人\n力资源和\n社会保障\n局", ("县委组织部", "县人力资源和社会保障局")),
        ("巴楚县委组织部 、巴楚县人力资 源和社会保障局", ("巴楚县委组织部", "巴楚县人力资源和社会保障局")),
        ("", ()),
    ],
)
def test_split_departments(cell, names):
    assert split_departments(cell) == names
