"""Place names in a list's titles: 自治区/省 → 地区/自治州/盟/州/市 → 县/市/区/旗 → 乡/镇/街道/苏木."""

from __future__ import annotations

import re

from importers.normalize import CJK_UNIFIED
from importers.records import Place

_SPACE = re.compile(r"\s+")

REGION, PREFECTURE, COUNTY, TOWNSHIP = range(4)
# Suffix → the levels it can mark. 市 is either a 地级市 or a 县级市; the units around it decide.
_SUFFIX_LEVELS = {
    "特别行政区": {REGION},
    "自治区": {REGION},
    "省": {REGION},
    "自治州": {PREFECTURE},
    "地区": {PREFECTURE},
    "盟": {PREFECTURE},
    "州": {PREFECTURE},
    "市": {PREFECTURE, COUNTY},
    "自治县": {COUNTY},
    "自治旗": {COUNTY},
    "林区": {COUNTY},
    "特区": {COUNTY},
    "县": {COUNTY},
    "旗": {COUNTY},
    "区": {COUNTY},
    "民族乡": {TOWNSHIP},
    "民族苏木": {TOWNSHIP},
    "苏木": {TOWNSHIP},
    "街道": {TOWNSHIP},
    "乡": {TOWNSHIP},
    "镇": {TOWNSHIP},
}
# The four 直辖市 are province-level although they end in 市 (general knowledge, no list data).
_MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_SUFFIX_CHARS = frozenset("".join(_SUFFIX_LEVELS))
_OFFICE_WORDS = re.compile(r"(?:人民政府|办事处)$")
_LIST_TITLE = re.compile(
    rf"^(?P<place>[{CJK_UNIFIED}]*?)(?P<part>基本履职事项|配合履职事项|上级部门收回事项|履职事项)清单"
    r"(?:[（(][^）)]*[）)])?$"
)
_MAX_TITLE_LINES = 3
# The end of a title wrapped over two lines: the rest of "履职事项清单" alone on its line.
_WRAPPED_TITLE_END = re.compile(r"^(?:职事项|事项|项)清单$|^清单$")
# Whitespace and the markdown a converter may wrap a title in ("# …", "**…**").
_TITLE_NOISE = re.compile(r"[\s#*]+")


def parse_place(name: str) -> Place:
    """Split a run of place names ("…自治区…地区…县…镇") into its levels; empty Place if unsure."""
    name = _OFFICE_WORDS.sub("", _SPACE.sub("", name))
    best = None
    for units in _splits(name):
        levels = _assign_levels(units)
        if levels is None:
            continue
        # Most levels explained first ("济南市" + "市中区", not "济南市市" + "中区…街道"),
        # then the least odd stems, then the longest suffixes ("自治州" over "州").
        score = (-len(units), _penalty(units), -sum(len(suffix) for _, suffix in units))
        if best is None or score < best[0]:
            best = (score, units, levels)
    if best is None:
        return Place()
    fields = ("region", "prefecture", "county", "township")
    _, units, levels = best
    return Place(**{fields[level]: stem + suffix for (stem, suffix), level in zip(units, levels)})


def _splits(name: str, room: int = TOWNSHIP + 1) -> list[list[tuple[str, str]]]:
    """Every way to cut name into at most room (stem, suffix) units, stems non-empty."""
    if not name:
        return [[]]
    if room == 0:
        return []  # more units than levels: never a valid place, and it bounds the search
    found = []
    for end in range(1, len(name)):
        for suffix in _SUFFIX_LEVELS:
            # A stem made only of suffix characters ("乡" in "乡镇") names nothing.
            if name.startswith(suffix, end) and not set(name[:end]) <= _SUFFIX_CHARS:
                rest = name[end + len(suffix):]
                found.extend([(name[:end], suffix)] + tail for tail in _splits(rest, room - 1))
    return found


def _unit_levels(stem: str, suffix: str) -> set[int]:
    """The levels one unit can stand at."""
    return {REGION} if stem + suffix in _MUNICIPALITIES else _SUFFIX_LEVELS[suffix]


def _assign_levels(units: list[tuple[str, str]]) -> list[int] | None:
    """Strictly rising levels, chosen right to left as close as possible to the next unit."""
    levels: list[int] = []
    ceiling = TOWNSHIP + 1
    for stem, suffix in reversed(units):
        possible = [level for level in _unit_levels(stem, suffix) if level < ceiling]
        if not possible:
            return None
        ceiling = max(possible)
        levels.append(ceiling)
    return levels[::-1]


def _penalty(units: list[tuple[str, str]]) -> int:
    """How unlikely a split is: one-character stems, stems starting with a suffix ("市天河区")
    and doubled suffixes ("济南市" + "市"), each real but rarer than the alternative."""
    return sum(
        (len(stem) == 1) + 2 * (stem[0] in _SUFFIX_CHARS) + 3 * (stem[-1] == suffix[0])
        for stem, suffix in units
    )


def merge_places(primary: Place, fallback: Place) -> Place:
    """Primary's levels, with the levels it lacks taken from fallback."""
    return Place(
        region=primary.region or fallback.region,
        prefecture=primary.prefecture or fallback.prefecture,
        county=primary.county or fallback.county,
        township=primary.township or fallback.township,
    )


def _title_place(lines: list[str], index: int, place: str, part: str) -> Place:
    """The place named by the title on lines[index], which may start on the lines above it."""
    if part == "履职事项":
        above = []
        for line in reversed(lines[max(0, index - _MAX_TITLE_LINES):index]):
            compact = _TITLE_NOISE.sub("", line)
            if not compact or not re.fullmatch(rf"[{CJK_UNIFIED}]+", compact):
                break
            above.insert(0, compact)
        joined = parse_place("".join(above) + place)
        if joined != Place():
            return joined
    return parse_place(place)


def place_from_titles(lines: list[str]) -> Place:
    """The place from the list title, completed by the part titles ("…镇基本履职事项清单")."""
    place = Place()
    for index, line in enumerate(lines):
        title = _LIST_TITLE.match(_TITLE_NOISE.sub("", line))
        if not title and index + 1 < len(lines) and _WRAPPED_TITLE_END.match(_TITLE_NOISE.sub("", lines[index + 1])):
            # a title wrapped inside its words ("…夏马勒乡履职" / "事项清单"), as PDF text gives it
            title = _LIST_TITLE.match(_TITLE_NOISE.sub("", line + lines[index + 1]))
        if title:
            found = _title_place(lines, index, title["place"], title["part"])
            place = merge_places(place, found)
    return place
