"""Word's automatic list numbers, whose labels ("1.", "（一）") are drawn but not in the text.

A numbered paragraph names a list instance (w:numId) and a level (w:ilvl), in its own
properties or through its paragraph style. numbering.xml maps the instance to an abstract
definition whose level gives the start, the number format and the label pattern ("%1.",
"（%1）", "%1.%2"); the instance may override a level's start (w:startOverride).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

from importers.layouts.docx.numerals import format_number
from importers.layouts.docx.text import MC_ALTERNATE, MC_FALLBACK

LEVELS = 9  # w:ilvl 0..8
MAX_STYLE_CHAIN = 32  # basedOn chains are short; a longer one loops in a damaged file
_PLACEHOLDER = re.compile(r"%([1-9])")
_FALLBACK_NUM_FMT = f"{MC_ALTERNATE}/{MC_FALLBACK}/{qn('w:numFmt')}"
_MAX_DIGITS = 5  # of a number in numbering.xml (w:start, w:ilvl…)


def _val(element, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return None if found is None else found.get(qn("w:val"))


def _int(text: str | None, default: int | None = None) -> int | None:
    # Word keeps list numbers below 32,768; more digits are a damaged or hostile file, whose
    # number would become a label of millions of letters (lowerLetter) or take long to convert.
    if text is None or len(text.strip()) > _MAX_DIGITS:
        return default
    try:
        return int(text)
    except ValueError:
        return default


@dataclass(frozen=True)
class Level:
    """One level of a list definition (w:lvl)."""

    start: int
    number_format: str
    pattern: str  # w:lvlText: "%1.", "（%1）"; "" when the level draws no label
    restart_after: int | None  # w:lvlRestart: restart after a use of levels 1..N; 0 = never
    legal: bool  # w:isLgl: every number in the label in plain digits
    separated: bool  # w:suff: a tab or space between label and text (not "nothing")
    style: str | None  # w:pStyle: the paragraph style this level belongs to


def _level(lvl) -> Level:
    number_format = _val(lvl, qn("w:numFmt")) or _val(lvl, _FALLBACK_NUM_FMT) or "decimal"
    # The spec's default start is 0, but Word always writes w:start and no list means to
    # count from 0; other writers that omit it mean 1.
    return Level(
        start=_int(_val(lvl, qn("w:start")), 1),
        number_format=number_format,
        pattern=_val(lvl, qn("w:lvlText")) or "",
        restart_after=_int(_val(lvl, qn("w:lvlRestart"))),
        legal=lvl.find(qn("w:isLgl")) is not None and _val(lvl, qn("w:isLgl")) not in ("0", "false"),
        separated=_val(lvl, qn("w:suff")) != "nothing",
        style=_val(lvl, qn("w:pStyle")),
    )


def _levels(container) -> dict[int, Level]:
    levels = {}
    for lvl in container.findall(qn("w:lvl")):
        ilvl = _int(lvl.get(qn("w:ilvl")))
        if ilvl is not None and 0 <= ilvl < LEVELS:
            levels[ilvl] = _level(lvl)
    return levels


@dataclass(frozen=True)
class _Style:
    num_id: str | None
    ilvl: int | None
    based_on: str | None


class Numbering:
    """The list definitions of one document, and which list a paragraph belongs to."""

    def __init__(self, numbering_xml, styles_xml):
        self._styles, self._default_style = self._read_styles(styles_xml)
        self._abstract = {}
        self._instances = {}
        if numbering_xml is not None:
            self._abstract = {a.get(qn("w:abstractNumId")): a for a in numbering_xml.findall(qn("w:abstractNum"))}
            self._instances = {n.get(qn("w:numId")): n for n in numbering_xml.findall(qn("w:num"))}
        self._resolved: dict[str, dict[int, Level]] = {}

    @staticmethod
    def _read_styles(styles_xml) -> tuple[dict[str, _Style], str | None]:
        styles, default = {}, None
        for style in styles_xml.findall(qn("w:style")) if styles_xml is not None else ():
            # Paragraph styles may number their paragraphs; numbering styles hold the list a
            # definition links to (w:numStyleLink). Style ids are unique across both.
            if style.get(qn("w:type")) not in ("paragraph", "numbering"):
                continue
            style_id = style.get(qn("w:styleId"))
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            styles[style_id] = _Style(
                num_id=_val(num_pr, qn("w:numId")),
                ilvl=_int(_val(num_pr, qn("w:ilvl"))),
                based_on=_val(style, qn("w:basedOn")),
            )
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                default = style_id
        return styles, default

    def levels(self, num_id: str) -> dict[int, Level]:
        """The levels of list instance `num_id`, its overrides applied; {} if undefined."""
        if num_id not in self._resolved:
            self._resolved[num_id] = self._resolve(num_id)
        return self._resolved[num_id]

    def _resolve(self, num_id: str, *, follow_link: bool = True) -> dict[int, Level]:
        instance = self._instances.get(num_id)
        if instance is None:
            return {}
        abstract = self._abstract.get(_val(instance, qn("w:abstractNumId")))
        if abstract is None:
            return {}
        levels = _levels(abstract)
        # A definition may only point at a numbering style (w:numStyleLink) that holds the levels.
        linked_style = self._styles.get(_val(abstract, qn("w:numStyleLink")))
        if follow_link and linked_style is not None and linked_style.num_id not in (None, num_id):
            levels = self._resolve(linked_style.num_id, follow_link=False)
        return self._with_overrides(instance, dict(levels))

    @staticmethod
    def _with_overrides(instance, levels: dict[int, Level]) -> dict[int, Level]:
        for override in instance.findall(qn("w:lvlOverride")):
            ilvl = _int(override.get(qn("w:ilvl")))
            if ilvl is None or not 0 <= ilvl < LEVELS:
                continue
            replaced = _levels(override).get(ilvl)
            if replaced is not None:
                levels[ilvl] = replaced
            start = _int(_val(override, qn("w:startOverride")))
            if start is not None and ilvl in levels:
                levels[ilvl] = _replace_start(levels[ilvl], start)
        return levels

    def list_level(self, paragraph) -> tuple[str, int] | None:
        """(numId, level) of a numbered paragraph, from its own properties or its style."""
        p_pr = paragraph.find(qn("w:pPr"))
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        style_id = _val(p_pr, qn("w:pStyle")) or self._default_style
        style_num, style_ilvl = self._style_numbering(style_id)
        num_id = _val(num_pr, qn("w:numId")) or style_num
        if num_id is None or num_id == "0":  # numId 0 switches numbering off
            return None
        ilvl = _int(_val(num_pr, qn("w:ilvl")))
        if ilvl is None:
            ilvl = style_ilvl if style_ilvl is not None else self._level_of_style(num_id, style_id)
        return num_id, min(max(ilvl, 0), LEVELS - 1)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id, ilvl = None, None
        for _ in range(MAX_STYLE_CHAIN):
            style = self._styles.get(style_id)
            if style is None:
                break
            num_id = num_id if num_id is not None else style.num_id
            ilvl = ilvl if ilvl is not None else style.ilvl
            style_id = style.based_on
        return num_id, ilvl

    def _level_of_style(self, num_id: str, style_id: str | None) -> int:
        for ilvl, level in self.levels(num_id).items():
            if style_id is not None and level.style == style_id:
                return ilvl
        return 0


def _replace_start(level: Level, start: int) -> Level:
    return Level(start, level.number_format, level.pattern, level.restart_after, level.legal,
                 level.separated, level.style)


class ListCounter:
    """Counts list numbers within one scope and gives each numbered paragraph its label.

    The reader opens a new counter for every table cell. Word (and LibreOffice) keep counting
    one list across cells, so a list that is not restarted shows "4. 5. 6." in the second row;
    but a cell's steps are that row's own steps, published lists number them from 1 in every
    cell, and a count carried over from the row above is a slip of the author's that would
    misnumber every row after the first. Within a cell, and in the body outside tables, lists
    count as Word counts them (a list carried on under a second department goes on at "3.").
    """

    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.counts: dict[str, list[int | None]] = {}

    def label(self, paragraph) -> str:
        """The label Word draws before `paragraph` ("2.", "（三）"), with its space; "" if none."""
        found = self.numbering.list_level(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.numbering.levels(num_id)
        level = levels.get(ilvl)
        # Bullets carry no number, and their glyphs are often private-use symbols of a font.
        if level is None or level.number_format == "bullet":
            return ""
        counts = self._count(num_id, ilvl, levels)
        text = _PLACEHOLDER.sub(lambda match: _number(levels, counts, int(match.group(1)) - 1, level.legal),
                                level.pattern).strip()
        # Word draws a tab or space after the label; as text, one space keeps "1." apart from a
        # number that starts the step ("1. 2024年"), while Chinese punctuation ("1、", "（一）")
        # is never followed by a space.
        return f"{text} " if text and level.separated and text[-1].isascii() else text

    def _count(self, num_id: str, ilvl: int, levels: dict[int, Level]) -> list[int | None]:
        counts = self.counts.setdefault(num_id, [None] * LEVELS)
        current = counts[ilvl]
        counts[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            level = levels.get(deeper)
            restart_after = deeper if level is None or level.restart_after is None else level.restart_after
            if ilvl + 1 <= restart_after:
                counts[deeper] = None
        return counts


def _number(levels: dict[int, Level], counts: list[int | None], ilvl: int, legal: bool) -> str:
    level = levels.get(ilvl)
    if level is None or level.number_format == "none":
        return ""
    number = counts[ilvl] if counts[ilvl] is not None else level.start
    return format_number(number, "decimal" if legal else level.number_format)
