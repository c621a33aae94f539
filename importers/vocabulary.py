"""Shared wording: the canonical 事项类别 vocabulary (and damaged cells mapped onto it), and how a
taken-back item says that the work stops."""

from __future__ import annotations

import re
from collections.abc import Sequence

# The union of the categories the published 说明 name, in the order they list them.
DEFAULT_CATEGORIES = (
    "党的建设",
    "经济发展",
    "民生服务",
    "平安法治",
    "乡村振兴",
    "精神文明建设",
    "社会管理",
    "安全稳定",
    "民族宗教",
    "社会保障",
    "自然资源",
    "生态环保",
    "城乡建设",
    "交通运输",
    "商贸流通",
    "文化和旅游",
    "卫生健康",
    "应急管理及消防",
    "市场监管",
    "投资促进",
    "综合政务",
    "教育培训监管",
)

_WHITESPACE = re.compile(r"\s+")
_NOT_CJK = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Why these thresholds. A category cell is damaged in three ways: cut off by a line wrap
# ("民生服", "乡村振"), one character misread or lost by OCR, or sprinkled with noise.
# - A cut-off cell keeps its beginning: accept it as a prefix of exactly one category when at
#   least 3 characters survive (2 characters such as "社会" are shared by several categories).
# - Misreads: accept 1 edit on names of up to 5 characters (at least 3 of 4 characters still
#   right) and 2 edits on longer ones. Distinct 4-character categories differ by at least 2
#   edits ("社会管理"/"社会保障"), so 1 edit can at worst tie between two, and a tie returns
#   None; the long names ("应急管理及消防", "精神文明建设", "教育培训监管") are at least 4
#   edits from every other entry, so a cell within 2 edits of one of them cannot also be
#   within 1 edit of a short name (triangle inequality) nor within 2 of another long one.
# - "综合多" (2 of the 4 characters of 综合政务) is deliberately *not* accepted: half a word is
#   a guess, and the review pass infers it from its neighbours with a flag instead.
# - More than one non-Chinese character ("1H1 H1 1H2 1H7") means OCR noise, not a word;
#   a single stray symbol is dropped ("立ル和" then has only 2 characters left: rejected).
MIN_SURVIVING_CHARS = 3
SHORT_NAME_MAX_LEN = 5
SHORT_NAME_MAX_EDITS = 1
LONG_NAME_MAX_EDITS = 2
MAX_NOISE_CHARS = 1


def compact_category(raw: str) -> str:
    """A category cell without the spaces and line breaks extraction put inside it."""
    return _WHITESPACE.sub("", raw or "")


def canonical_category(raw: str, vocabulary: Sequence[str]) -> str | None:
    """The vocabulary entry a (possibly damaged) category cell stands for, or None if unreadable."""
    text = compact_category(raw)
    if not text:
        return None
    compact_vocabulary = {compact_category(name): name for name in vocabulary}
    if text in compact_vocabulary:
        return compact_vocabulary[text]
    chinese = _NOT_CJK.sub("", text)
    if len(text) - len(chinese) > MAX_NOISE_CHARS or len(chinese) < MIN_SURVIVING_CHARS:
        return None
    if chinese in compact_vocabulary:
        return compact_vocabulary[chinese]
    return _unique_prefix(chinese, compact_vocabulary) or _closest(chinese, compact_vocabulary)


def _unique_prefix(text: str, vocabulary: dict[str, str]) -> str | None:
    """The one entry that starts with text (a cell cut off by a wrap), if exactly one does."""
    found = [name for compact, name in vocabulary.items() if compact.startswith(text)]
    return found[0] if len(found) == 1 else None


def _closest(text: str, vocabulary: dict[str, str]) -> str | None:
    """The one entry within the allowed edit distance of text; None when none or a tie."""
    scored = []
    for compact, name in vocabulary.items():
        is_short = len(compact) <= SHORT_NAME_MAX_LEN
        allowed = SHORT_NAME_MAX_EDITS if is_short else LONG_NAME_MAX_EDITS
        distance = edit_distance(text, compact)
        if distance <= allowed:
            scored.append((distance, name))
    if not scored:
        return None
    scored.sort()
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of single characters."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


# How a 上级部门收回事项 says the work stops instead of naming who takes it over: "不再开展此项工作",
# "此项工作不再开展。", "此项工作已取消" and their variants. A reason may come first in the same
# sentence ("落实…要求，不再开展此项工作"); a phrase after a full stop ("由县民政局负责…。此项工作
# 不再开展。") is not the whole cell's meaning and does not count.
_THIS_WORK = "(?:此|该|这)项工作"
_STOP_PHRASE = rf"(?:不再(?:开展|承担){_THIS_WORK}|{_THIS_WORK}(?:不再开展|不再承担|已取消|已停止))"
_WORK_STOPS = re.compile(rf"^(?:[^。；;]*[，,]\s*)?{_STOP_PHRASE}\s*[。.；;]?$")
# The remark alone, nothing else said: what a page can show once, plainly, in its place.
STOP_REMARK = re.compile(rf"^{_STOP_PHRASE}\s*[。.；;]?$")


def work_stops(method: str) -> bool:
    """Whether a (clean) 工作方式 text says the work stops, so no department takes it over."""
    return bool(_WORK_STOPS.match(method.strip()))
