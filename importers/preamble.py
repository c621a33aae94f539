"""What a list says about itself, in any layout: title place, month, profile and stated figures."""

from __future__ import annotations

import re
from decimal import Decimal

from importers.normalize import CJK_UNIFIED, clean_text
from importers.numbers import MAX_DIGITS, NumberTooLong, decimal_number, whole_number

# Place parsing lives in importers.places; its public names stay importable from here.
from importers.places import (
    COUNTY,
    PREFECTURE,
    REGION,
    TOWNSHIP,
    merge_places,
    parse_place,
    place_from_titles,
)
from importers.records import (
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PARTS,
    PART_TITLES,
    ParseIssue,
    Preamble,
    Profile,
    StatedFigures,
)

__all__ = [
    "COUNTY", "PREFECTURE", "REGION", "TOWNSHIP", "STATED_CATEGORY_MISMATCH",
    "STATED_TOTAL_MISMATCH", "chinese_number", "merge_places", "parse_place", "parse_preamble",
    "place_from_titles", "preamble_issues", "tighten",
]  # fmt: skip

# The header row of any part's table ends the preamble: what follows is items, whose text
# ("…清单…", dates, "县城") must not be read as the list talking about itself.
_HEADER_ROW = re.compile(r"序号.{0,8}事项类别")
# Some extraction tools put spaces between numbers and Chinese words: "距县城 15 公里".
_SPACE_BESIDE_NUMBER = re.compile(
    rf"(?<=[{CJK_UNIFIED}（）()])\s+(?=\d)|(?<=\d)\s+(?=[{CJK_UNIFIED}（）()])"
)

# ---------------------------------------------------------------------------------------------
# Publication month, near the title

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "两": 2}
_MONTH = re.compile(r"([\d〇○零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月")
# A run of digits longer than any figure; the figure patterns retry \d+ at every digit of it.
_ABSURD_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")
_PREAMBLE_END = re.compile(r"^\s*(?:说\s*明|目\s*录|一\s*、)")


def chinese_number(text: str, *, what: str = "说明中的数字") -> int | None:
    """An integer written in digits or in simple Chinese numerals (十四, 二十三, 二〇二五)."""
    text = text.strip()
    if text.isdecimal():
        return whole_number(text, what=what)
    if text and all(c in _CN_DIGITS for c in text):
        return whole_number("".join(str(_CN_DIGITS[c]) for c in text), what=what)
    tens, _, units = text.partition("十")
    if "十" not in text or not all(c in _CN_DIGITS for c in tens + units):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _published(head: list[str]) -> str | None:
    """The first 'YYYY年M月' before the 说明 / 目录 starts, as 'YYYY-MM'."""
    for line in head:
        if _PREAMBLE_END.match(line):
            return None
        found = _MONTH.search(line)
        if found:
            year, month = chinese_number(found[1]), chinese_number(found[2])
            if year and month and 1 <= month <= 12:
                return f"{year:04d}-{month:02d}"
    return None


# ---------------------------------------------------------------------------------------------
# Profile: 一、基本情况

_PROFILE_HEADING = re.compile(r"^\s*[（(]?[一1]\s*[)）、.．]?\s*基本(?:情况|概况)\s*$")
# The next heading ends the paragraph; "2." must not be a wrapped figure such as "2.1047 万人".
_NEXT_HEADING = re.compile(
    r"^\s*(?:[（(][二三四五六七八九十2-9][)）]|[二三四五六七八九十]\s*、|[2-9]\s*[、．.](?!\d)|目\s*录)"
)
_NUMBER = r"(\d+(?:\.\d+)?)"
_COUNT = r"(\d+|[一二两三四五六七八九十]{1,3})"
_ABOUT = r"(?:约|为|达|共|共有)?"
_WAN = r"(万)?"
_ROUGHLY = r"(?:余|多)?"  # "1.2万余人"
_PROFILE_PATTERNS = {
    "township_type": re.compile(rf"是(?:一个|一座)?([{CJK_UNIFIED}]{{1,8}}?型(?:乡镇|乡|镇|街道))"),
    "location": re.compile(
        r"((?:位于|地处|距)[^。]*?)(?=[，、；](?:区域|辖区|国土|行政区域|总)?面积|。|$)"
    ),
    "area_km2": re.compile(rf"面积{_ABOUT}{_NUMBER}{_WAN}(?:平方公里|平方千米|km²|km2)"),
    "registered_households": re.compile(rf"户籍(?:人口)?{_ABOUT}{_NUMBER}{_WAN}{_ROUGHLY}户"),
    "households": re.compile(rf"{_NUMBER}{_WAN}{_ROUGHLY}户"),
    "registered_population": re.compile(
        rf"(?:户籍|总)人口{_ABOUT}(?:{_NUMBER}{_WAN}{_ROUGHLY}户[，、]?)?{_NUMBER}{_WAN}{_ROUGHLY}人"
    ),
    "resident_population": re.compile(
        rf"常住人口{_ABOUT}(?:{_NUMBER}{_WAN}{_ROUGHLY}户[，、]?)?{_NUMBER}{_WAN}{_ROUGHLY}人"
    ),
    "villages": re.compile(rf"{_COUNT}个(?:行政村|村(?![民委]))"),
    "communities": re.compile(rf"{_COUNT}个(?:城市|居民|农村)?社区"),
    "farmland_mu": re.compile(rf"耕地(?:面积)?{_ABOUT}{_NUMBER}{_WAN}亩"),
    "village_collective_income": re.compile(
        rf"村均(?:村)?集体(?:经济)?收入{_ABOUT}{_NUMBER}{_WAN}元"
    ),
    "per_capita_income": re.compile(rf"人均(?:纯|可支配)?收入{_ABOUT}{_NUMBER}{_WAN}元"),
}


def tighten(text: str) -> str:
    """Clean text, then drop the spaces extraction put between numbers and Chinese words."""
    return _SPACE_BESIDE_NUMBER.sub("", clean_text(text))


def _amount(number: str, wan: str | None) -> Decimal:
    """A published quantity in base units: '0.33' with 万 → 3300; integral results lose '.00'."""
    value = decimal_number(number, what="说明中的数字") * (10000 if wan else 1)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _persons(found: re.Match | None) -> int | None:
    """The person count at the end of a population match ('1.0606万人' → 10606)."""
    if not found:
        return None
    return int(_amount(found.groups()[-2], found.groups()[-1]))


def _profile_paragraph(head: list[str]) -> str | None:
    """The 基本情况 paragraph: under its heading, else the first paragraph stating a population."""
    for index, line in enumerate(head):
        if _PROFILE_HEADING.match(line):
            body = []
            for following in head[index + 1:]:
                if _NEXT_HEADING.match(following):
                    break
                body.append(following)
            return tighten("\n".join(body)) or None
    for line in head:
        if "人口" in line and ("位于" in line or "行政村" in line or "面积" in line):
            return tighten(line)
    return None


def _profile(head: list[str]) -> Profile | None:
    """The township profile stated under 一、基本情况, or None when the list has none."""
    summary = _profile_paragraph(head)
    if not summary:
        return None
    found = {key: pattern.search(summary) for key, pattern in _PROFILE_PATTERNS.items()}
    households = found["registered_households"] or found["households"]
    amounts = {
        key: _amount(*found[key].groups()) if found[key] else None
        for key in ("area_km2", "farmland_mu", "village_collective_income", "per_capita_income")
    }
    return Profile(
        township_type=found["township_type"][1] if found["township_type"] else None,
        location=found["location"][1].rstrip("，、；") if found["location"] else None,
        households=int(_amount(*households.groups())) if households else None,
        registered_population=_persons(found["registered_population"]),
        resident_population=_persons(found["resident_population"]),
        villages=chinese_number(found["villages"][1]) if found["villages"] else None,
        communities=chinese_number(found["communities"][1]) if found["communities"] else None,
        summary=summary,
        **amounts,
    )


# ---------------------------------------------------------------------------------------------
# Stated figures: counts, total, departments and categories per part

# The words a 说明 uses to name each part; 收回 also covers the 目录's "上级部门收回事项清单".
_PART_WORDS = {
    PART_BASIC: "基本履职事项",
    PART_COORDINATING: "配合履职事项",
    PART_RECLAIMED: "(?:上级部门)?收回(?:履职)?事项",
}
# "基本履职事项116项" in the 说明, "基本履职事项单（140项）" in a 目录 (OCR may drop the 清).
_PART_COUNT = {
    part: re.compile(rf"{words}(?:清?单)?[（(]?{_ABOUT}(\d+)项")
    for part, words in _PART_WORDS.items()
}
_PART_SUBJECT = re.compile("|".join(f"(?P<{part}>{words})" for part, words in _PART_WORDS.items()))
_TOTAL = re.compile(rf"共(?:有|计|梳理出?)?履职事项{_ABOUT}(\d+)项")
# "涉及 37 个部门（单位）", "涉及县直37个部门", "涉及部门（单位）37个".
_DEPARTMENTS = re.compile(
    rf"涉及{_ABOUT}[{CJK_UNIFIED}]{{0,4}}?{_COUNT}个[{CJK_UNIFIED}]{{0,4}}?(?:部门|单位)"
    rf"|涉及的?(?:上级)?部门(?:（单位）)?{_ABOUT}{_COUNT}个"
)
_CATEGORIES = re.compile(rf"包括(.+?)等?(?:{_COUNT}个)?(?:类别|大类|方面|领域)")


def _part_sentences(prose: str) -> list[tuple[str, str]]:
    """(part, sentence) for each sentence; a sentence naming no part belongs to the one before."""
    sentences, part = [], None
    for sentence in prose.split("。"):
        subject = _PART_SUBJECT.search(sentence)
        part = subject.lastgroup if subject else part
        if part:
            sentences.append((part, sentence))
    return sentences


def _stated_categories(sentence: str) -> tuple[tuple[str, ...], int | None] | None:
    """The categories a sentence lists after 包括, and the number it says there are."""
    found = _CATEGORIES.search(sentence)
    if not found:
        return None
    names = tuple(name.strip() for name in re.split(r"[、，,]", found[1]) if name.strip())
    return names, chinese_number(found[2]) if found[2] else None


def _stated(prose: str) -> StatedFigures:
    """Counts, total, departments and categories that the 说明 (or 目录) states."""
    counts = {
        part: whole_number(found[1], what=f"说明中{PART_TITLES[part]}的事项数")
        for part, pattern in _PART_COUNT.items()
        if (found := pattern.search(prose))
    }
    departments: dict[str, int] = {}
    categories: dict[str, tuple[str, ...]] = {}
    for part, sentence in _part_sentences(prose):
        found = _DEPARTMENTS.search(sentence)
        if found and part not in departments:
            departments[part] = chinese_number(found[1] or found[2], what=f"说明中{PART_TITLES[part]}的部门数")
        listed = _stated_categories(sentence)
        if listed and part not in categories:
            categories[part] = listed[0]
    total = _TOTAL.search(prose)
    return StatedFigures(
        counts=counts,
        departments=departments,
        categories=categories,
        total=whole_number(total[1], what="说明中的履职事项总数") if total else None,
    )


# ---------------------------------------------------------------------------------------------
# The whole preamble


def _head(lines: list[str]) -> list[str]:
    """The lines before the first table header row."""
    for index, line in enumerate(lines):
        if _HEADER_ROW.search(line):
            return lines[:index]
    return lines


def _refuse_absurd_numbers(head: list[str]) -> None:
    """NumberTooLong for a run of digits no 说明 writes: the figure patterns would crawl over it."""
    for line in head:
        found = _ABSURD_NUMBER.search(line)
        if found:
            raise NumberTooLong(found[0], what="说明中的数字")


def parse_preamble(text: str) -> Preamble:
    """Read the place, month, profile and stated figures a list gives about itself."""
    lines = text.splitlines()
    head = _head(lines)
    _refuse_absurd_numbers(head)
    return Preamble(
        place=place_from_titles(lines),
        published=_published(head),
        profile=_profile(head),
        stated=_stated(tighten("\n".join(head))),
    )


STATED_CATEGORY_MISMATCH = "{title}：说明称 {stated} 个类别，实际列出 {listed} 个（{names}）"
STATED_TOTAL_MISMATCH = "说明称共有履职事项 {total} 项，但各部分之和为 {sum} 项"


def preamble_issues(text: str, *, source: str) -> list[ParseIssue]:
    """Contradictions inside the 说明 itself: category numbers vs lists, total vs parts."""
    prose = tighten("\n".join(_head(text.splitlines())))
    issues = []
    for part, sentence in _part_sentences(prose):
        listed = _stated_categories(sentence)
        if listed and listed[1] is not None and listed[1] != len(listed[0]):
            names, number = listed
            message = STATED_CATEGORY_MISMATCH.format(
                title=PART_TITLES[part], stated=number, listed=len(names), names="、".join(names)
            )
            issues.append(
                ParseIssue(file=source, line=None, code="stated_categories", message=message)
            )
    stated = _stated(prose)
    if stated.total is not None and len(stated.counts) == len(PARTS):
        parts_sum = sum(stated.counts.values())
        if parts_sum != stated.total:
            message = STATED_TOTAL_MISMATCH.format(total=stated.total, sum=parts_sum)
            issues.append(ParseIssue(file=source, line=None, code="stated_total", message=message))
    return issues
