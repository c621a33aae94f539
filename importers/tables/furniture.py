"""Text a document carries that is not the list: page footers and table-of-contents entries."""

from __future__ import annotations

import re

# "— 9 —", "- 9 -", "9", "第 9 页", "第 9 页 共 35 页", "共 35 页 第 9 页", "9 / 35".
_FOOTER = re.compile(
    r"^(?:[-—–－~\s]*\d{1,4}[-—–－~\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4})$"
)
# A 目录 entry: dotted leaders then a page number ("1.基本履职事项清单………… 3", "…....3").
_LEADER = re.compile(r"\s*(?:[.．·…。]{2,}|…+|-{3,}|_{3,})\s*\d{1,4}\s*$")
# A 目录 entry without leaders: a part title and its page number ("配合履职事项清单 18"; OCR may drop 清).
_TITLE_PAGE = re.compile(r"(清?单(?:[（(][^（）()]*[)）])?)\s+\d{1,4}\s*$")
_STATES_COUNT = re.compile(r"\d+\s*项")


def is_footer(text: str) -> bool:
    """Whether a line is a page number or page footer rather than the list's own text."""
    return bool(text.strip()) and bool(_FOOTER.match(text.strip()))


def is_contents_entry(text: str) -> bool:
    """Whether a line is a 目录 entry: a title with dotted leaders or a bare page number after it."""
    return bool(_LEADER.search(text) or _TITLE_PAGE.search(text))


def contents_statement(text: str) -> str | None:
    """What a 目录 entry says about the list beyond its page: "基本履职事项清单（140项）" or None.

    The 目录 may be the only place that states a part's count, so that part is kept for the
    preamble while the leaders and page number go.
    """
    entry = _TITLE_PAGE.sub(r"\1", _LEADER.sub("", text)).strip()
    return entry if _STATES_COUNT.search(entry) else None
