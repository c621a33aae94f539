"""Pure text clean-up shared by every layout: HTML, broken words, punctuation, steps, departments."""

from __future__ import annotations

import html
import re

from importers.records import StepBlock

# CJK ideographs, as ranges for regex character classes, shared by every importer module. CJK adds
# the compatibility ideographs (F900-FAFF) that extracted text can contain; the preamble and place
# parsing have always matched the unified ideographs only, and keep doing so.
CJK_UNIFIED = r"\u3400-\u4dbf\u4e00-\u9fff"
CJK = CJK_UNIFIED + r"\uf900-\ufaff"
# The full-width punctuation that sits between CJK ideographs.
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’—…·"
_CJK_OR_PUNCT = CJK + _CJK_PUNCT

_BLOCK_TAG = re.compile(r"</?(?:p|ol|ul|li|br|div|tr|table)\b[^>]*>", re.IGNORECASE)
# Only real tags: "<" followed by a tag name. Running text such as "‹某规定 >" or "a < b" stays.
_ANY_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^>]*>")
# Whitespace (newlines included) with a CJK character or full-width punctuation on both sides
# was put there by extraction (line wraps, OCR spacing), not by the author.
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK_OR_PUNCT}])\s+(?=[{_CJK_OR_PUNCT}])")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# A line break beside a Chinese character is a wrap, never a word boundary. A match starts only
# where a run of whitespace starts ((?<!\s)) and takes the run whole ((?>…)): otherwise a long
# run not followed by Chinese (a cell of 50,000 <li>) is split every way, in cubic time.
_WRAP_BESIDE_CJK = re.compile(rf"(?<!\s)(?>\s*\n\s*)(?=[{_CJK_OR_PUNCT}])|(?<=[{_CJK_OR_PUNCT}])(?>\s*\n\s*)")

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
# Half-width punctuation next to CJK text is an OCR artefact; published text uses full width.
_HALF_PUNCT_NEAR_CJK = re.compile(
    rf"(?<=[{_CJK_OR_PUNCT}\w])\s*([,;:!?])\s*(?=[{_CJK_OR_PUNCT}\d\w“(]|$)"
    rf"|(?<=[{_CJK_OR_PUNCT}])\s*([,;:!?])"
)
_PAREN = re.compile(rf"\(([^()]*[{CJK}][^()]*)\)")
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]*)"')


def strip_html(text: str) -> str:
    """Turn HTML cell markup into plain text, block elements becoming line breaks."""
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)


def join_cjk(text: str) -> str:
    """Remove whitespace that extraction put between Chinese characters, then tidy spaces."""
    text = _SPACE_IN_CJK.sub("", text)
    text = _WRAP_BESIDE_CJK.sub("", text)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def fullwidth_punctuation(text: str) -> str:
    """Give Chinese text the full-width punctuation it was published with (OCR gives half width)."""
    text = _PAREN.sub(r"（\1）", text)
    text = _STRAIGHT_QUOTES.sub(r"“\1”", text)

    def _full(match: re.Match) -> str:
        mark = match.group(1) or match.group(2)
        return _HALF_TO_FULL[mark]

    return _HALF_PUNCT_NEAR_CJK.sub(_full, text)


def clean_text(text: str) -> str:
    """The clean form of one cell or step: no HTML, no extraction spaces, full-width punctuation."""
    return join_cjk(fullwidth_punctuation(join_cjk(strip_html(text))))


# ---------------------------------------------------------------------------------------------
# Steps and blocks

CN_NUMERALS = "一二三四五六七八九十"
# A sub-heading: 一、… at a line start (or after a step's end punctuation).
_HEADING = re.compile(rf"^\s*([{CN_NUMERALS}]{{1,3}})、\s*(.*)$")
# A step number: "1." "1．" "1、" "（1）" at the start of a piece.
_STEP_NUMBER = re.compile(r"^\s*(?:(\d{1,2})\s*[.．、](?!\d)|[（(](\d{1,2})[)）])\s*")
# Where a new step (or heading) may begin inside a run-on cell: after whitespace or a
# sentence end, a number 1-99 followed by "." / "．" / "、" (but not a decimal like 2.1).
_STEP_START = re.compile(
    rf"(?:(?<=^)|(?<=\s)|(?<=[。；;，,：:]))\s*(?=(?:\d{{1,2}}\s*[.．、](?!\d))|(?:[{CN_NUMERALS}]{{1,3}}、))"
)


def _pieces(text: str) -> list[str]:
    """Split a cell at every place where a numbered step or sub-heading could start."""
    lines = [line for line in strip_html(text).split("\n")]
    pieces: list[str] = []
    for line in lines:
        for piece in _STEP_START.split(line):
            if piece.strip():
                pieces.append(piece.strip())
    return pieces


def _glue_false_starts(pieces: list[str]) -> list[str]:
    """Re-join pieces whose "number" is not the next step (e.g. "5个工作日" wrapped to a line start)."""
    glued: list[str] = []
    expected = 1
    for piece in pieces:
        heading = _HEADING.match(piece)
        number = _STEP_NUMBER.match(piece)
        if heading:
            expected = 1
            glued.append(piece)
        elif number and int(number.group(1) or number.group(2)) == expected:
            expected += 1
            glued.append(piece)
        elif number and int(number.group(1) or number.group(2)) == 1:
            expected = 2
            glued.append(piece)
        elif glued and _HEADING.match(glued[-1]):
            glued.append(piece)  # an unnumbered paragraph under a heading is its own step
        elif glued:
            glued[-1] = glued[-1] + "\n" + piece
        else:
            glued.append(piece)
    return glued


def split_steps(text: str) -> tuple[StepBlock, ...]:
    """Split a responsibility cell into step blocks: one per sub-heading (or one without)."""
    blocks: list[StepBlock] = []
    heading: str | None = None
    steps: list[str] = []
    for piece in _glue_false_starts(_pieces(text)):
        found = _HEADING.match(piece)
        if found:
            if steps or heading:
                blocks.append(StepBlock(steps=tuple(steps), heading=heading))
            heading, steps = clean_text(found.group(2)), []
            continue
        step = clean_text(_STEP_NUMBER.sub("", piece, count=1))
        if step:
            steps.append(step)
    if steps or heading:
        blocks.append(StepBlock(steps=tuple(steps), heading=heading))
    return tuple(blocks)


# ---------------------------------------------------------------------------------------------
# Departments

_DEPARTMENT_SEPARATORS = re.compile(r"[、，,；;\n]+")


def split_departments(cell: str) -> tuple[str, ...]:
    """Split a 对应上级部门 / 承接部门 cell into department names as published."""
    text = join_cjk(strip_html(cell))
    names = (clean_text(name) for name in _DEPARTMENT_SEPARATORS.split(text))
    return tuple(name for name in names if name)
