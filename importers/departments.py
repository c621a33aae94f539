"""Resolve upper-level department names as published to one department per real department."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

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

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ALLOWED = re.compile(rf"^[{_CJK}（）()]+$")
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]")
# "…局以及其他负有安全监管职责的部门", "…局等其他负有…职责的部门", "…局等部门": the tail is not a name.
_TAIL_CLAUSE = re.compile(r"(?:以及|及其他|等).*(?:部门|单位)$")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = re.compile(r"^[\s、，,；;。.：:]+|[\s、，,；;。.：:]+$")

_MIN_NAME, _MAX_NAME = 2, 30
_MIN_TYPO_LENGTH = 5
_MIN_TAIL_LENGTH = 4


@dataclass(frozen=True)
class Resolution:
    """Published department names resolved to canonical departments, and those left unresolved."""

    canonical: dict[str, str] = field(default_factory=dict)  # published name -> display name
    aliases: dict[str, set[str]] = field(default_factory=dict)  # display name -> other spellings
    unresolved: set[str] = field(default_factory=set)  # published names that are no department

    @property
    def departments(self) -> tuple[str, ...]:
        """The distinct canonical departments, sorted."""
        return tuple(sorted(set(self.canonical.values())))


@dataclass(frozen=True)
class _Places:
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
    suffix = _suffix(name)
    return bool(suffix) and len(name) > len(suffix)


def display_form(name: str) -> str:
    """The name as it should be shown: no extraction spaces, no trailing '以及其他…部门' clause."""
    name = _EDGE_PUNCTUATION.sub("", _SPACES.sub("", name))
    return _TAIL_CLAUSE.sub("", name) or name


def department_key(name: str, *, county: str | None, prefecture: str | None) -> str:
    """A canonical comparison key: no place or level prefix, abbreviations expanded, no noise."""
    core, _ = _core(name, _places(county, prefecture))
    return _candidate_keys(core)[0]


def _suffix(text: str) -> str:
    """The department suffix text ends with, or ''."""
    return next((suffix for suffix in DEPARTMENT_SUFFIXES if text.endswith(suffix)), "")


def _places(county: str | None, prefecture: str | None) -> _Places:
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
    return _Places(full=_longest_first(full), stems=_longest_first(stems))


def _longest_first(names: set[str]) -> tuple[str, ...]:
    """Names ordered so that a longer one is tried before its own prefix."""
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


def _strip_places(text: str, places: _Places) -> tuple[str, bool]:
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


def _core(name: str, places: _Places) -> tuple[str, bool]:
    """The name without places, parentheses, noise and 和; and whether it carried a place."""
    text = _PARENTHESES.sub("", display_form(name))
    text, had_place = _strip_places(text, places)
    if text.endswith("机关") and len(text) > 2:
        text = text[:-2]
    return text.replace("和", ""), had_place


def _drop_he(text: str) -> str:
    """Drop 和: official names are written both with and without it (住房城乡建设局)."""
    return text.replace("和", "")


_EXPANSIONS = {
    short: tuple(_drop_he(full) for full in fulls) for short, fulls in ABBREVIATIONS.items()
}
KNOWN_KEYS = frozenset(_drop_he(name) for name in KNOWN_DEPARTMENTS)


def _expand(core: str) -> tuple[str, ...]:
    """Full-form keys of a core: abbreviation table, 'X办' = 'X办公室', bodies served by an office."""
    if core in _EXPANSIONS:
        return _EXPANSIONS[core]
    if core.endswith("办") and len(core) >= 2:
        return _expand(core + "公室")
    if core.endswith("办公室") and len(core) > 3:
        body = _expand(core[:-3])
        if body[0] in BODIES_SERVED_BY_OFFICE:
            return body
    return (core,)


def _candidate_keys(core: str) -> tuple[str, ...]:
    """Possible keys of a core, handling the party committee's 委 (县委组织部 = 组织部)."""
    if core.startswith("委") and len(core) > 1:
        organ = _expand(core[1:])
        if organ[0].startswith(PARTY_ORGAN_HEADS):
            return organ
    return _expand(core)


# ---------------------------------------------------------------------------------------------
# Resolving a list's names


@dataclass(frozen=True)
class _Spelling:
    """One distinct published name with what the resolver needs to know about it."""

    name: str
    display: str
    candidates: tuple[str, ...]
    had_place: bool
    count: int
    is_department: bool
    abbreviated: bool


def _spelling(name: str, count: int, places: _Places) -> _Spelling:
    """Describe one published name."""
    core, had_place = _core(name, places)
    candidates = _candidate_keys(core)
    return _Spelling(
        name=name,
        display=display_form(name),
        candidates=candidates,
        had_place=had_place,
        count=count,
        is_department=looks_like_department(name) and bool(candidates[0]),
        abbreviated=candidates[0] not in (core, core[1:]),
    )


def _choose_keys(spellings: list[_Spelling]) -> dict[str, str]:
    """Each department spelling's key; an ambiguous short form takes the full form the list uses."""
    spelled_out = {s.candidates[0] for s in spellings if not s.abbreviated}
    return {
        s.name: next((key for key in s.candidates if key in spelled_out), s.candidates[0])
        for s in spellings
    }


def within_one_edit(first: str, second: str) -> bool:
    """True when the strings differ by at most one inserted, deleted or replaced character."""
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    start = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), len(first))
    if len(first) == len(second):
        return first[start + 1 :] == second[start + 1 :]
    return first[start:] == second[start + 1 :]


def _own_parts(first: str, second: str) -> tuple[str, str]:
    """Drop a known parent department both keys start with (公安局交警大队 → 交警大队)."""
    parents = [k for k in KNOWN_KEYS if first.startswith(k) and second.startswith(k)]
    if not parents:
        return first, second
    parent = max(parents, key=len)
    return first[len(parent):], second[len(parent):]


def is_typo_pair(first: str, second: str) -> bool:
    """Two keys that are one department spelled with a typo or an OCR error.

    One edit is allowed only between names of at least five characters (one edit ≤ 20 % of the
    name) with the same department suffix. Real departments one character apart are short core
    names whose single character carries the meaning (教育局/体育局, 民政局/财政局, 统计局/审计局,
    水利局/水务局), while slips in the long names (文化体育广播电视台和旅游局, 残联人联合会,
    机构编办委员会办公室, 生态环境分局) are one edit. Two edits would already merge real pairs
    (自然资源局/水资源局), so the threshold is one. Names both in KNOWN_DEPARTMENTS never merge,
    and a shared known parent is ignored so that sub-units (…交警大队/…刑警大队) compare on their own part.
    """
    if first == second or (first in KNOWN_KEYS and second in KNOWN_KEYS):
        return False
    own_first, own_second = _own_parts(first, second)
    return (
        min(len(own_first), len(own_second)) >= _MIN_TYPO_LENGTH
        and _suffix(own_first) == _suffix(own_second) != ""
        and within_one_edit(own_first, own_second)
    )


def _cut_off_from(key: str, keys: Iterable[str]) -> str | None:
    """The one longer key this key was cut from by a wrap, if unambiguous: its head lost
    (广播电视旅游局 ← 文化体育广播电视旅游局) or its last one or two characters (残疾人联 ← 残疾人联合会)."""
    if key in KNOWN_KEYS or len(key) < _MIN_TAIL_LENGTH:
        return None
    longer = [
        other
        for other in keys
        if (len(other) > len(key) + 1 and other.endswith(key))
        or (len(key) < len(other) <= len(key) + 2 and other.startswith(key))
    ]
    return longer[0] if len(longer) == 1 else None


def _cluster(key_counts: Counter) -> dict[str, str]:
    """Map every key to its cluster's key: typo pairs merge into the preferred spelling, cut-off
    tails into the name they were cut from."""
    parent = {key: key for key in key_counts}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    def rank(key: str) -> tuple:
        return (key in KNOWN_KEYS, key_counts[key], len(key), key)

    keys = sorted(key_counts)
    for index, first in enumerate(keys):
        for second in keys[index + 1 :]:
            if is_typo_pair(first, second) and find(first) != find(second):
                loser, winner = sorted((find(first), find(second)), key=rank)
                parent[loser] = winner
    for key in keys:
        head = _cut_off_from(key, keys)
        if head and find(key) != find(head):
            parent[find(key)] = find(head)
    return {key: find(key) for key in keys}


def _complete_fragment(key: str, cluster_of: dict[str, str]) -> str | None:
    """The cluster a non-department fragment belongs to when one character was lost or misread
    (某县农业农村 → 农业农村局, 市场监督管理目 → 市场监督管理局); None otherwise."""
    if len(key) < _MIN_TAIL_LENGTH:
        return None
    near = {
        root
        for known, root in cluster_of.items()
        if len(known) >= _MIN_TYPO_LENGTH and within_one_edit(key, known)
    }
    return near.pop() if len(near) == 1 else None


def _bigrams(text: str) -> list[str]:
    """The character pairs of a key."""
    return [text[index : index + 2] for index in range(len(text) - 1)]


_KNOWN_BIGRAMS = frozenset(
    pair
    for name in KNOWN_KEYS | {key for keys in _EXPANSIONS.values() for key in keys}
    for pair in _bigrams(name)
)


def _common_subsequence(first: str, second: str) -> int:
    """Length of the longest common subsequence of two short strings."""
    previous = [0] * (len(second) + 1)
    for char in first:
        current = [0]
        for index, other in enumerate(second):
            best = previous[index] + 1 if char == other else max(previous[index + 1], current[-1])
            current.append(best)
        previous = current
    return previous[-1]


def _is_damaged_copy(key: str, other_keys: Iterable[str]) -> bool:
    """A key made mostly of character pairs no department name has, resembling another
    department of the list: an OCR-mangled copy of it (尚务相上业信自业局 ~ 商务工业信息化局)."""
    if key in KNOWN_KEYS or len(key) < _MIN_TAIL_LENGTH:
        return False
    others = [other for other in other_keys if other != key]
    vocabulary = _KNOWN_BIGRAMS | {pair for other in others for pair in _bigrams(other)}
    pairs = _bigrams(key)
    if sum(pair in vocabulary for pair in pairs) * 2 >= len(pairs):
        return False
    return any(
        _suffix(other) == _suffix(key)
        and _common_subsequence(key, other) * 2 >= max(6, min(len(key), len(other)))
        for other in others
    )


# A list that puts its county's name in front of (nearly) every department: a bare name there
# that matches no prefixed department is not a department but a stray fragment (原公东局).
_PREFIXED_LIST_SHARE = 0.9


def resolve_departments(
    names: Iterable[str], *, county: str | None, prefecture: str | None
) -> Resolution:
    """Resolve a part's department names as published to one canonical name per department."""
    counts = Counter(name for name in names if name and name.strip())
    places = _places(county or _infer_county(counts), prefecture)
    spellings = [_spelling(name, count, places) for name, count in counts.items()]
    departments = [s for s in spellings if s.is_department]
    key_of = _choose_keys(departments)
    key_counts = Counter()
    for spelling in departments:
        key_counts[key_of[spelling.name]] += spelling.count
    cluster_of = _cluster(key_counts)
    members: dict[str, list[_Spelling]] = {}
    for spelling in departments:
        members.setdefault(cluster_of[key_of[spelling.name]], []).append(spelling)
    rejected = _reject_clusters(members, departments)
    unresolved = {s.name for spellings in rejected.values() for s in spellings}
    for spelling in spellings:
        if not spelling.is_department:
            root = _complete_fragment(spelling.candidates[0], cluster_of)
            if root in members:
                members[root].append(spelling)
            else:
                unresolved.add(spelling.name)
    return _resolution(members, unresolved, key_of)


# "某县…" at the start of names: a county-level place written before the department.
_LEADING_COUNTY = re.compile(rf"^([{_CJK}]{{2,4}}?(?:县|市|区|旗))(?!场|监|容|政工|政公)")


def _infer_county(counts: Counter) -> str | None:
    """The county a list writes before its departments, when the caller does not know it."""
    found = Counter()
    for name, count in counts.items():
        match = _LEADING_COUNTY.match(_SPACES.sub("", name))
        if match:
            found[match.group(1)] += count
    if not found:
        return None
    county, seen = found.most_common(1)[0]
    return county if seen >= max(2, 0.3 * sum(counts.values())) else None


def _reject_clusters(members: dict[str, list[_Spelling]], departments: list[_Spelling]) -> dict:
    """Pull out clusters that are damage, not departments: mangled copies and stray bare names."""
    total = sum(s.count for s in departments)
    prefixed = sum(s.count for s in departments if s.had_place)
    prefixed_list = total > 0 and prefixed >= _PREFIXED_LIST_SHARE * total
    rejected: dict[str, list[_Spelling]] = {}
    for root, spellings in list(members.items()):
        one_off = sum(s.count for s in spellings) == 1
        stray = prefixed_list and not any(s.had_place for s in spellings)
        if stray or (one_off and _is_damaged_copy(root, members)):
            rejected[root] = members.pop(root)
    return rejected


def _resolution(members: dict, unresolved: set[str], key_of: dict[str, str]) -> Resolution:
    """Build the Resolution: each cluster shown by its fullest spelling."""
    canonical: dict[str, str] = {}
    aliases: dict[str, set[str]] = {}
    for root, spellings in members.items():
        display = max(spellings, key=lambda s: _fullness(s, root, key_of)).display
        aliases[display] = {s.name for s in spellings if s.name != display}
        for spelling in spellings:
            canonical[spelling.name] = display
    return Resolution(canonical=canonical, aliases=aliases, unresolved=unresolved)


def _fullness(spelling: _Spelling, root: str, key_of: dict[str, str]) -> tuple:
    """How good a spelling is to show: the correct, unabbreviated, prefixed, common one."""
    key = key_of.get(spelling.name)
    return (
        key == root,
        key in KNOWN_KEYS,
        spelling.is_department and not spelling.abbreviated,
        spelling.had_place,
        spelling.count,
        len(spelling.display),
        spelling.display,
    )
