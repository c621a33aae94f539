"""What every markdown item has: number, category, name, note and the row's flags; the basic item."""

from __future__ import annotations

from importers.damage import english_words
from importers.layouts.markdown.messages import ENGLISH_WORD_DETAIL
from importers.layouts.markdown.table import SEQ, Row
from importers.normalize import clean_text
from importers.numbers import seq
from importers.records import FLAG_NAME_MISSING, FLAG_TEXT_DAMAGED, BasicItem, ReviewFlag


def _seq(record: Row) -> int:
    """The item number in the 序号 cell."""
    return seq(SEQ.search(record.cells["seq"]).group(), line=record.line)


def _cell(record: Row, role: str) -> str:
    """A cell as clean text ("" when the table has no such column)."""
    return clean_text(record.cells.get(role, ""))


def _english_words(record: Row) -> tuple[ReviewFlag, ...]:
    """A damage flag when English words stand in the Chinese text."""
    words = [word for cell in record.cells.values() for word in english_words(cell)]
    return (ReviewFlag(FLAG_TEXT_DAMAGED, ENGLISH_WORD_DETAIL.format(words="、".join(words))),) if words else ()


def common(record: Row) -> dict:
    """The fields every item has: number, category, name, line, note, and the row's flags."""
    name = _cell(record, "name")
    flags = record.flags + (() if name else (ReviewFlag(FLAG_NAME_MISSING, "事项名称为空"),))
    flags += _english_words(record)
    return {
        "seq": _seq(record),
        "category": _cell(record, "category"),
        "name": name,
        "line": record.line,
        "note": _cell(record, "note"),
        "flags": flags,
    }


def basic_item(record: Row) -> BasicItem:
    """A 基本履职事项 from its row."""
    return BasicItem(**common(record))
