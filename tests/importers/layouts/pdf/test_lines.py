"""Glyphs to lines and lines to paragraphs (importers.layouts.pdf.lines), on hand-placed text."""

from __future__ import annotations

import pytest

from importers.layouts.pdf.document import page_ranges
from importers.layouts.pdf.lines import Glyph, Line, paragraphs, starts_paragraph, text_lines

SIZE = 10.0
RIGHT = 200.0  # the text area's right edge: 20 glyphs of SIZE


def placed(*rows: str, short: set[int] = frozenset(), pitch: float = 13.0) -> list[Line]:
    """One Line per text, a line apart; lines in `short` stop at their text's width, others are full."""
    lines = []
    for index, text in enumerate(rows):
        x1 = len(text) * SIZE if index in short else RIGHT
        top = index * pitch
        lines.append(Line(text, 0.0, x1, top, top + SIZE, SIZE))
    return lines


def texts(lines: list[Line]) -> list[str]:
    return [text for _, text in paragraphs(lines, right=RIGHT)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            placed("按照分配的名额组织所辖党支部召开支部党员大", "会进行酝酿推荐", short={1}),
            ["按照分配的名额组织所辖党支部召开支部党员大会进行酝酿推荐"],
            id="wrapped-lines-join-without-space",
        ),
        pytest.param(
            placed("1. 确定县级以上党代表名额分配；", "2. 确定初步人员并进行考察；", short={0, 1}),
            ["1. 确定县级以上党代表名额分配；", "2. 确定初步人员并进行考察；"],
            id="step-numbers-start-paragraphs",
        ),
        pytest.param(
            placed("于田县委组织部：", "1. 负责推荐党内政协委员；", short={0, 1}),
            ["于田县委组织部：", "1. 负责推荐党内政协委员；"],
            id="department-label-is-its-own-paragraph",
        ),
        pytest.param(
            placed("于田县人力资源和社会", "保障局：", "指导录取的事业编制人员办理入职手续", short={1, 2}),
            ["于田县人力资源和社会保障局：", "指导录取的事业编制人员办理入职手续"],
            id="label-wrapped-over-two-lines-is-one",
        ),
        pytest.param(
            placed("承接部门：于田县农业农村局、于田县财政", "工作方式：按照职责分工", short={1}),
            ["承接部门：于田县农业农村局、于田县财政", "工作方式：按照职责分工"],
            id="label-after-a-label-value-paragraph",
        ),
        pytest.param(
            placed("对人选进行审核批复。", "组织开展推荐表彰工作", short={1}),
            ["对人选进行审核批复。", "组织开展推荐表彰工作"],
            id="full-line-ending-a-sentence-ends-the-paragraph",
        ),
        pytest.param(
            placed("指导录取的事业编制人员", "办理入职手续", short={0, 1}),
            ["指导录取的事业编制人员", "办理入职手续"],
            id="short-line-ends-the-paragraph",
        ),
        pytest.param(
            placed("全镇耕地 0.33 万亩，村均集体收入 35", "万元，人均收入 2.0739", "万元", short={2}),
            ["全镇耕地 0.33 万亩，村均集体收入 35万元，人均收入 2.0739万元"],
            id="decimal-at-line-start-is-not-a-step",
        ),
        pytest.param(
            placed("Township duty list for the", "county", short={1}),
            ["Township duty list for the county"],
            id="latin-words-keep-their-space",
        ),
    ],
)
def test_lines_become_paragraphs(lines: list[Line], expected: list[str]) -> None:
    assert texts(lines) == expected


def test_wide_line_spacing_between_paragraphs_breaks_them() -> None:
    lines = placed("先拜巴扎镇是农业型乡镇，位于于田县西部", "距县城 15 公里", "全镇户籍人口", short={2})
    spaced = [lines[0], lines[1], Line("全镇户籍人口", 0, 60, 60, 70, SIZE)]
    assert texts(spaced) == ["先拜巴扎镇是农业型乡镇，位于于田县西部距县城 15 公里", "全镇户籍人口"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1. 负责推荐", True), ("2、做好", True), ("（一）基本情况", True), ("(3) 协助", True),
     ("① 审核", True), ("二、编制过程", True), ("2.5 万亩", False), ("20%的差额", False),
     ("5个工作日", False), ("县委组织部：", False)],
)
def test_starts_paragraph_knows_step_numbers(text: str, expected: bool) -> None:
    assert starts_paragraph(text) is expected


def glyphs(text: str, *, x0: float = 0.0, top: float = 0.0, advance: float = SIZE) -> list[Glyph]:
    return [Glyph(char, x0 + i * advance, x0 + i * advance + SIZE * 0.9, top, top + SIZE, SIZE)
            for i, char in enumerate(text)]


def test_text_lines_read_left_to_right_top_to_bottom() -> None:
    scattered = glyphs("事项名称", top=20) + glyphs("序号", top=0)[::-1]
    assert [line.text for line in text_lines(scattered)] == ["序号", "事项名称"]


def test_text_lines_join_glyphs_of_different_fonts_on_one_line() -> None:
    digits = [Glyph("1", 0, 5, 1.5, 11.5, SIZE), Glyph(".", 5, 8, 1.5, 11.5, SIZE)]
    assert [line.text for line in text_lines(digits + glyphs("负责", x0=12))] == ["1. 负责"]


def test_text_lines_read_fake_bold_once() -> None:
    bold = glyphs("序号") + glyphs("序号", x0=0.4)
    assert [line.text for line in text_lines(bold)] == ["序号"]


def test_text_lines_do_not_space_out_justified_chinese() -> None:
    assert [line.text for line in text_lines(glyphs("配合职责", advance=14))] == ["配合职责"]


@pytest.mark.parametrize(
    ("pages", "expected"),
    [((1,), "1"), ((1, 2, 3), "1–3"), ((1, 2, 3, 7, 9, 10), "1–3、7、9–10"), ((5, 3, 4), "3–5")],
)
def test_page_ranges(pages: tuple[int, ...], expected: str) -> None:
    assert page_ranges(pages) == expected
