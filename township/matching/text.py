"""Normalising duty names and deciding whether two names are the same duty."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

# The match rule, scored on normalised names (see `normalise`). A pair matches when either:
#
# 1. Similar throughout: fuzz.ratio (the share of characters the two names have in common,
#    0-100) of at least SIMILAR_RATIO. Every best-match pair of the bundled lists at or above 72
#    is the same duty, e.g. "编纂党史、地方志、年鉴工作" / "党史、地方志、年鉴编纂工作" (77.8),
#    "优化营商环境，服务企业" / "优化营商环境，服务市场主体" (72.7). The closest different duties
#    sit just below: "加强基层工会组织建设，维护职工合法权益" / "加强基层妇联组织建设，维护妇女儿童
#    合法权益" (70.6: same frame, different organisation), "推荐县级以上党代表工作" / "县级以上党内
#    表彰激励" (63.2). 72 is the first round figure above them.
# 2. One name inside the other: at least CONTAINED_SHARE of the shorter name's characters, in
#    order, in the longer one, and either a ratio of at least CONTAINED_RATIO or a shorter name
#    of at least EMBEDDED_LENGTH characters. Lists often add a clause to a shared duty:
#    "水土保持工作" / "开展水土保持宣传和教育工作" (ratio 61.5, all of the shorter), "加强基层工会
#    组织建设，维护职工合法权益" inside a 50-character item on 工会 (ratio 38, all 16 characters).
#    Different duties that look alike keep only two thirds of the shorter name: "开展防灾减灾检查"
#    / "开展农牧业防灾减灾工作" (61.5, 0.67), "价格监督检查" / "国土资源监督检查工作" (57.1, 0.67).
#    A short name needs the ratio floor, or a name of a few generic words ("防灾减灾") would
#    join any long item that mentions them; from 12 characters on, a name found whole inside
#    another is specific enough (the bundled lists' shortest such pairs, "营造乡村旅游良好市场
#    环境" inside an item on 乡村旅游, are all the same duty). CONTAINED_RATIO also lets the
#    matching skip, unscored, pairs far below it.
#
# What the rule misses: the same duty reworded with its words reordered, e.g. "野生动物、植物
# 保护工作" / "保护野生动植物" (66.7, 0.71). Those stay apart rather than risk joining the
# near-misses above. tests/township/matching/test_text.py holds these pairs.
SIMILAR_RATIO = 72.0
CONTAINED_RATIO = 55.0
CONTAINED_SHARE = 0.9
EMBEDDED_LENGTH = 12

# Words a list uses to speak of itself: which township (本镇, 本辖区), and at which level the
# county is a 县 or a 市. They say nothing about the duty, so a 镇's, a 街道's and a 苏木's
# self-references are read as a 乡's. Only self-references: 镇 and 街道 are also parts of other
# words ("城镇", "乡镇企业", "集镇", "村庄、集镇规划区内的街道、广场"), which keep their meaning.
_TOWNSHIP = r"(?:镇|街道|苏木)"
# "乡（镇）村公共设施": the township under either name.
_EITHER_TOWNSHIP = re.compile(r"(?:乡|镇|街道|苏木)\((?:乡|镇|街道|苏木)(?:[、/,](?:乡|镇|街道|苏木))*\)")
_SELF_TOWNSHIP = re.compile(
    rf"(?<=[本全该我驻]){_TOWNSHIP}"  # 本镇, 全街道, 驻镇的干部
    rf"|(?<=建制){_TOWNSHIP}"  # 建制镇 / 建制乡: the statistics of the township's own kind
    # The township's own bodies and its villages: 镇党委, 镇政府, 镇人大, 镇干部, 镇级, 镇村, 街道社区…,
    # unless the word is part of 城镇, 乡镇, 集镇, 村镇….
    rf"|(?<![城乡集村市小重名古]){_TOWNSHIP}(?=党委|党工委|政府|人大|政权|干部|领导|级|机关|纪委|纪工委|"
    r"办事处|村|社区|嘎查|属|直|域)"
)
_UPPER_LEVEL = re.compile(r"[市区州]级")
_SELF_REFERENCE = re.compile(r"本乡|本辖区|辖区内|本行政区域内|辖区")
# How lists open and close a duty without changing it: "做好…工作", "负责…", "开展…".
_OPENING_VERBS = re.compile(r"^(?:做好|开展|加强|负责|落实|推进|组织|协助|配合|依法|积极)+")
_CLOSING_WORDS = re.compile(r"(?:相关工作|等工作|工作|相关事项|事项|相关)$")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(name: str) -> str:
    """The part of a duty name that says what the duty is, for comparing with other lists."""
    # Spaces go first (OCR puts them inside words), punctuation only after the township words,
    # whose boundaries it marks.
    text = "".join(unicodedata.normalize("NFKC", name).split())
    text = _SELF_TOWNSHIP.sub("乡", _EITHER_TOWNSHIP.sub("乡", text))
    text = _NOT_WORD.sub("", text).casefold()
    text = _UPPER_LEVEL.sub("县级", text)
    text = _SELF_REFERENCE.sub("", text)
    text = _OPENING_VERBS.sub("", text)
    return _CLOSING_WORDS.sub("", text)


def same_wording(first: str, second: str) -> bool:
    """Whether two names read the same once spacing and punctuation width are ignored."""
    return _plain(first) == _plain(second)


def _plain(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


@dataclass(frozen=True)
class Similarity:
    """How alike two normalised names are: overall ratio, share of the shorter one kept, its length."""

    ratio: float
    contained: float
    shorter: int

    @property
    def is_match(self) -> bool:
        """Whether the pair passes the match rule explained at the top of this module."""
        if self.ratio >= SIMILAR_RATIO:
            return True
        inside = self.contained >= CONTAINED_SHARE
        return inside and (self.ratio >= CONTAINED_RATIO or self.shorter >= EMBEDDED_LENGTH)


def similarity(first: str, second: str) -> Similarity:
    """Score two normalised names; an empty name is like nothing."""
    if not first or not second:
        return Similarity(0.0, 0.0, 0)
    shorter = min(len(first), len(second))
    return Similarity(fuzz.ratio(first, second), LCSseq.similarity(first, second) / shorter, shorter)


def match_score(first: str, second: str) -> float | None:
    """The ratio of two normalised names when they are the same duty, else None."""
    score = similarity(first, second)
    return score.ratio if score.is_match else None
