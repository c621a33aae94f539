"""Signs that extraction or OCR damaged a cell's text; each check returns short Chinese details.

Any layout may use these: they look at cell text only, never at how a layout arranges it.
"""

from __future__ import annotations

import re

from importers.normalize import CJK, clean_text, strip_html

_IS_CJK = re.compile(rf"[{CJK}]")
# Digits and Latin letters interleaved ("1H1", "H1H"; "5G" is fine), or an English word.
_LATIN_NOISE = re.compile(r"\d[A-Za-z]+\d|[A-Za-z]\d+[A-Za-z]|[a-z]{3,}")
# Punctuation that cannot follow itself: "、 、 、", "，，", "、）".
_PUNCT_RUN = re.compile(r"[、，,；;]\s*[、，,；;）)]|[（(]\s*[、，,；;]")
# "的的", "是是": a function word doubled, which published names never do twice.
_DOUBLED_FUNCTION_WORD = re.compile(r"([的是了和在与及])\1")
# A name is one phrase: its parts are joined by "，" and "、", never by a full stop, a semicolon
# or a colon (none in the 1,079 names of the bundled lists outside the OCR-damaged 004). A
# recogniser reads "、" as "。" and "，" as "：", often surely (scanned 002: 4 names).
_INNER_STOP = re.compile(r"[。；;：:](?=.)")
_NOISE_SYMBOLS = re.compile(r"[【】\[\]{}|｜/\\_~^#@「」『』]")
# A step number without its dot ("2 与由…", "11 建"), which OCR produces from noise.
_BARE_NUMBER = re.compile(rf"(?:^|(?<=[\s。；;]))\d{{1,2}}\s+(?=[{CJK}])")
# A lowercase English word inside Chinese text: a word an extraction tool translated.
_ENGLISH_WORD = re.compile(rf"(?<=[{CJK}])\s*\b([a-z]{{3,}})\b\s*(?=[{CJK}，。；、])")


def text_damage(text: str) -> list[str]:
    """Generic signs of OCR noise in any cell."""
    plain = strip_html(text)
    details = []
    if _LATIN_NOISE.search(plain):
        details.append("混有英文字母或字母数字乱码")
    if _PUNCT_RUN.search(plain):
        details.append("含连续标点（如“、 、”），疑似文字缺失")
    if _NOISE_SYMBOLS.search(plain):
        details.append("含OCR噪声符号（如【】/|）")
    if _BARE_NUMBER.search(plain):
        details.append("含无点号的孤立数字，疑似编号或文字误识")
    if has_non_gb2312(plain):
        details.append("含繁体或异体字，疑似OCR误识")
    return details


def english_words(text: str) -> list[str]:
    """The English words standing inside a cell's Chinese text (markup removed first)."""
    return _ENGLISH_WORD.findall(strip_html(text))


def category_damage(category: str, categories: set[str]) -> list[str]:
    """A category with digits or Latin letters, or one cut short of another category."""
    if not category:
        return []
    if re.search(r"[A-Za-z0-9]", category):
        return ["事项类别疑似OCR乱码"]
    if any(other != category and other.startswith(category) for other in categories):
        return ["事项类别不完整，疑似被截断"]
    return [f"事项类别{d}" for d in text_damage(category)]


def name_damage(name: str, raw: str, context: str) -> list[str]:
    """Signs that an item name was garbled: noise, repeats, bad brackets, misread characters."""
    details = [f"事项名称{d}" for d in text_damage(name)]
    if repeated_fragment(name):
        details.append("事项名称有反复出现的片段，疑似OCR乱码")
    if len(_DOUBLED_FUNCTION_WORD.findall(name)) >= 2:
        details.append("事项名称多处虚词重叠（如“的的”），疑似OCR乱码")
    if irregular_wrap(raw):
        details.append("事项名称各行长短不一，疑似漏字或混入其他文字")
    if not brackets_balanced(name):
        details.append("事项名称括号或引号不成对")
    if name.endswith("。") or name.count("。") > 1:
        details.append("事项名称含句号，疑似混入其他列文字")
    elif _INNER_STOP.search(name):
        details.append("事项名称中间有句号、分号或冒号，疑似标点误识（如“、”“，”识成“。”“：”）")
    misread = misread_against(name, clean_text(context))
    if misread:
        details.append(f"事项名称疑似OCR错字：{misread}")
    return details


def repeated_fragment(text: str) -> bool:
    """A phrase repeated back to back ("防安全举报防安全举报", "会会会会"): OCR stutter."""
    text = re.sub(r"[，,、。\s]", "", text)
    return bool(re.search(rf"([{CJK}]{{4,}}?)\1|([{CJK}]+?)\2\2\2", text))


def irregular_wrap(raw: str) -> bool:
    """Whether an OCR cell's wrapped lines have lengths no fixed column width explains."""
    segments = strip_html(raw).split()
    if len(segments) < 3:
        return False
    lengths = [len(segment) for segment in segments[:-1]]
    return not any(
        all(_fits(segment, width, following) for segment, following in zip(segments, segments[1:]))
        for width in sorted({n for n in lengths if n >= 3}, reverse=True)
    )


def _fits(segment: str, width: int, following: str) -> bool:
    """A wrapped line fills one or more column widths (half-width marks blur it; a line is one
    short when the next line starts with a character that carries punctuation along)."""
    slack = len(re.findall(r"[\x21-\x7e]", segment))
    lines = max(1, round(len(segment) / width))
    if abs(len(segment) - lines * width) <= slack:
        return True
    pushed = bool(re.match(r"^.?[、，。；：,.;:！？）)”\"]", following))
    return len(segment) == lines * width - 1 and pushed


def brackets_balanced(text: str) -> bool:
    """Whether （）《》“” pair up."""
    pairs = (("（", "）"), ("(", ")"), ("《", "》"), ("“", "”"))
    return all(text.count(left) == text.count(right) for left, right in pairs)


def misread_against(name: str, context: str) -> str:
    """Name characters that the row's other cells write differently in the same phrase
    (one such character with three matching neighbours each side, or two with two)."""
    strong = _misreads(name, context, side=3)
    if strong:
        return strong[0]
    weak = _misreads(name, context, side=2)
    return "，".join(weak[:3]) if len(weak) >= 2 else ""


def _misreads(name: str, context: str, side: int) -> list[str]:
    """Each "“X”应为“Y”" where name[i]=X sits between neighbours that the context joins by Y."""
    found = []
    for i in range(side, len(name) - side):
        left, right = name[i - side : i], name[i + 1 : i + 1 + side]
        if not _IS_CJK.match(name[i]) or name[i - side : i + 1 + side] in context:
            continue
        other = _between(context, left, right)
        if other and other != name[i]:
            found.append(f"“{name[i]}”应为“{other}”")
    return found


def _between(context: str, left: str, right: str) -> str:
    """The Chinese character that the context puts between left and right, if any."""
    start = context.find(left)
    while start >= 0:
        middle = start + len(left)
        if context[middle + 1 : middle + 1 + len(right)] == right:
            if _IS_CJK.match(context[middle : middle + 1]):
                return context[middle]
        start = context.find(left, start + 1)
    return ""


def has_non_gb2312(text: str) -> bool:
    """Chinese characters outside GB2312: published simplified text has none, OCR misreads do."""
    for char in re.findall(rf"[{CJK}]", text):
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            return True
    return False
