"""How county organs are named: the naming tables, and the comparison key of one published name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.normalize import CJK

# ---------------------------------------------------------------------------------------------
# Tables (generic Chinese government naming; no place from any bundled list)

# Short forms → full forms as county organs are officially named. A tuple lists alternatives
# (the same short form names different merged bureaus in different counties); the resolver picks
# the one the list itself spells out in full, else the first.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "统战部": ("统一战线工作部",),
    "政法委": ("政法委员会",),
    "社工部": ("社会工作部",),
    "编办": ("机构编制委员会办公室",),
    "编委办": ("机构编制委员会办公室",),
    "网信办": ("网络安全和信息化委员会办公室",),
    "巡察办": ("巡察工作领导小组办公室",),
    "纪委": ("纪律检查委员会",),
    "纪委监委": ("纪律检查委员会",),
    "人大": ("人民代表大会常务委员会",),
    "人大常委会": ("人民代表大会常务委员会",),
    "政协": ("政治协商会议委员会",),
    "政协委员会": ("政治协商会议委员会",),
    "政府": ("人民政府",),
    "政府办公室": ("人民政府办公室",),
    "法院": ("人民法院",),
    "检察院": ("人民检察院",),
    "发改委": ("发展和改革委员会", "发展和改革局"),
    "发改局": ("发展和改革局", "发展和改革委员会"),
    "科技局": ("科学技术局", "教育和科学技术局", "科学技术和工业信息化局"),
    "工信局": ("工业和信息化局", "商务和工业信息化局", "科学技术和工业信息化局"),
    "商工局": ("商务和工业信息化局",),
    "商务工信局": ("商务和工业信息化局",),
    "人社局": ("人力资源和社会保障局",),
    "环保局": ("生态环境局",),
    "住建局": ("住房和城乡建设局",),
    "交通局": ("交通运输局",),
    "文旅局": ("文化体育广播电视和旅游局", "文化广播电视和旅游局", "文化和旅游局"),
    "文广旅局": ("文化广播电视和旅游局", "文化体育广播电视和旅游局"),
    "文体广旅局": ("文化体育广播电视和旅游局",),
    "卫健委": ("卫生健康委员会", "卫生健康局"),
    "卫健局": ("卫生健康局", "卫生健康委员会"),
    "退役军人局": ("退役军人事务局",),
    "应急局": ("应急管理局",),
    # 市场局 is the colloquial short form used in county documents alongside 市场监管局.
    "市监局": ("市场监督管理局",),
    "市场监管局": ("市场监督管理局",),
    "市场局": ("市场监督管理局",),
    "医保局": ("医疗保障局",),
    "林草局": ("林业和草原局",),
    "城管局": ("城市管理局",),
    "工会": ("总工会",),
    "团委": ("共青团委员会",),
    "团县委": ("共青团委员会",),
    "团市委": ("共青团委员会",),
    "妇联": ("妇女联合会",),
    "残联": ("残疾人联合会",),
    "科协": ("科学技术协会",),
    "工商联": ("工商业联合会",),
    "文联": ("文学艺术界联合会",),
    "史志办": ("史志办公室",),
    "人影办": ("人工影响天气办公室",),
}

# Full names of common county organs. Two names both in this table are real, different
# departments: the typo rule never merges them (教育局 / 体育局).
KNOWN_DEPARTMENTS: tuple[str, ...] = (
    "组织部", "宣传部", "统一战线工作部", "政法委员会", "社会工作部", "机构编制委员会办公室",
    "网络安全和信息化委员会办公室", "巡察工作领导小组办公室", "纪律检查委员会", "党校",
    "党史研究室", "人民代表大会常务委员会", "政治协商会议委员会", "人民政府办公室", "人民法院",
    "人民检察院", "发展和改革委员会", "发展和改革局", "教育局", "体育局", "科学技术局",
    "工业和信息化局", "商务和工业信息化局", "商务局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
    "水利局", "水务局", "农业农村局", "文化体育广播电视和旅游局", "文化广播电视和旅游局",
    "文化和旅游局", "卫生健康委员会", "卫生健康局", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "林业和草原局", "城市管理局", "信访局",
    "乡村振兴局", "数据局", "税务局", "气象局", "消防救援局", "消防救援大队", "档案馆",
    "融媒体中心", "总工会", "共青团委员会", "妇女联合会", "残疾人联合会", "科学技术协会",
    "工商业联合会", "文学艺术界联合会", "红十字会", "史志办公室", "人工影响天气办公室",
)

# Organs of the party committee: "县委组织部", "市委组织部" and a bare "组织部" are one department,
# so the 委 in front of them is dropped from the key. Elsewhere 委 stays (县委办 ≠ 县政府办).
PARTY_ORGAN_HEADS: tuple[str, ...] = (
    "组织部", "宣传部", "统一战线", "政法委", "社会工作部", "机构编制", "网络安全", "巡察",
    "党校", "党史", "老干部局", "农村工作领导小组", "外事工作", "保密", "机要", "直属机关工作",
    "政策研究室", "全面依法治", "纪律检查",
)

# Bodies whose 办公室 (or 机关) is the body itself as a department: 人大常委会办公室 = 人大常委会.
BODIES_SERVED_BY_OFFICE: tuple[str, ...] = ("人民代表大会常务委员会", "政治协商会议委员会")

# A department name ends with one of these (longest first so 分局 wins over 局).
DEPARTMENT_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        (
            "委员会", "办公室", "分局", "大队", "中队", "中心", "公司", "银行", "支行", "机关",
            "政府", "部", "局", "委", "办", "院", "所", "站", "队", "会", "联", "庭", "处", "馆",
            "室", "社", "校", "台", "协",
        ),
        key=len,
        reverse=True,
    )
)

_LEVELS = ("地区", "县", "市", "区", "旗", "州", "盟")
# Words that begin with a level character but are not a level prefix (市场监督管理局 is bare).
_LEVEL_WORDS = ("市场", "市监", "市容", "市政工程", "市政公用", "市政设施", "市政园林", "区划", "区域",
                "县域", "市域", "州域")
_PLACE_ENDINGS = ("自治州", "自治县", "地区", "县", "市", "区", "旗", "州", "盟")
_ETHNIC_NAMES = ("哈萨克", "柯尔克孜", "蒙古", "回族", "锡伯", "塔吉克", "维吾尔")

_ALLOWED = re.compile(rf"^[{CJK}（）()]+$")
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]")
# "…局以及其他负有安全监管职责的部门", "…局等其他负有…职责的部门", "…局等部门": the tail is not a name.
_TAIL_CLAUSE = re.compile(r"(?:以及|及其他|等).*(?:部门|单位)$")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = re.compile(r"^[\s、，,；;。.：:]+|[\s、，,；;。.：:]+$")

_MIN_NAME, _MAX_NAME = 2, 30


@dataclass(frozen=True)
class PlacePrefixes:
    """Place names to strip: anywhere (full names) and only at the start (bare stems)."""

    full: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Names and keys


def looks_like_department(name: str) -> bool:
    """True when a cleaned name could be a department: CJK only, sane length, department suffix."""
    name = _PARENTHESES.sub("", display_form(name))
    if not _MIN_NAME <= len(name) <= _MAX_NAME or not _ALLOWED.match(name):
        return False
    suffix = department_suffix(name)
    return bool(suffix) and len(name) > len(suffix)


def display_form(name: str) -> str:
    """The name as it should be shown: no extraction spaces, no trailing '以及其他…部门' clause."""
    name = _EDGE_PUNCTUATION.sub("", _SPACES.sub("", name))
    return _TAIL_CLAUSE.sub("", name) or name


def department_key(name: str, *, county: str | None, prefecture: str | None) -> str:
    """A canonical comparison key: no place or level prefix, abbreviations expanded, no noise."""
    core, _ = name_core(name, place_prefixes(county, prefecture))
    return candidate_keys(core)[0]


def department_suffix(text: str) -> str:
    """The department suffix text ends with, or ''."""
    return next((suffix for suffix in DEPARTMENT_SUFFIXES if text.endswith(suffix)), "")


def place_prefixes(county: str | None, prefecture: str | None) -> PlacePrefixes:
    """Every spelling of the county and prefecture a list may put in front of a name."""
    full: set[str] = set()
    stems: set[str] = set()
    for place in (county, prefecture):
        if not place:
            continue
        full.add(place)
        ending = next((end for end in _PLACE_ENDINGS if place.endswith(end)), "")
        stem = place[: len(place) - len(ending)] if ending else place
        ethnic = next((e for e in _ETHNIC_NAMES if stem.endswith(e) and len(stem) > len(e)), "")
        if ethnic and ending:  # "某某哈萨克自治州" is also written "某某州"
            stem = stem[: -len(ethnic)]
            full.add(stem + ending[-1])
        if len(stem) >= 2:
            stems.add(stem)
    return PlacePrefixes(full=_longest_first(full), stems=_longest_first(stems))


def _longest_first(names: set[str]) -> tuple[str, ...]:
    """Names ordered so that a longer one is tried before its own prefix."""
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


def _strip_places(text: str, places: PlacePrefixes) -> tuple[str, bool]:
    """Drop leading place names and level prefixes, and place names inside; tell if any was seen."""
    seen = False
    while True:
        head = next((p for p in places.full + places.stems if text.startswith(p)), None)
        if head is None and not text.startswith(_LEVEL_WORDS):
            head = next((level for level in _LEVELS if text.startswith(level)), None)
        if head is None or len(text) == len(head):
            break
        text, seen = text[len(head):], True
    for place in places.full:  # 政协某县委员会, 生态环境局某县分局
        if place in text:
            text, seen = text.replace(place, ""), True
    return text, seen


def name_core(name: str, places: PlacePrefixes) -> tuple[str, bool]:
    """The name without places, parentheses, noise and 和; and whether it carried a place."""
    text = _PARENTHESES.sub("", display_form(name))
    text, had_place = _strip_places(text, places)
    if text.endswith("机关") and len(text) > 2:
        text = text[:-2]
    return text.replace("和", ""), had_place


def _drop_he(text: str) -> str:
    """Drop 和: official names are written both with and without it (住房城乡建设局)."""
    return text.replace("和", "")


# The tables in key form (no 和): what a short form expands to, and the known departments' keys.
EXPANSIONS = {
    short: tuple(_drop_he(full) for full in fulls) for short, fulls in ABBREVIATIONS.items()
}
KNOWN_KEYS = frozenset(_drop_he(name) for name in KNOWN_DEPARTMENTS)


def _expand(core: str) -> tuple[str, ...]:
    """Full-form keys of a core: abbreviation table, 'X办' = 'X办公室', bodies served by an office."""
    if core in EXPANSIONS:
        return EXPANSIONS[core]
    if core.endswith("办") and len(core) >= 2:
        return _expand(core + "公室")
    if core.endswith("办公室") and len(core) > 3:
        body = _expand(core[:-3])
        if body[0] in BODIES_SERVED_BY_OFFICE:
            return body
    return (core,)


def candidate_keys(core: str) -> tuple[str, ...]:
    """Possible keys of a core, handling the party committee's 委 (县委组织部 = 组织部)."""
    if core.startswith("委") and len(core) > 1:
        organ = _expand(core[1:])
        if organ[0].startswith(PARTY_ORGAN_HEADS):
            return organ
    return _expand(core)
