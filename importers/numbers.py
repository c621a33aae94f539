"""Numbers as a list writes them, converted only when their length is sane.

Python refuses to turn a string of more than 4,300 digits into an int, and a long enough run of
digits costs real time before that. A 序号, a stated count or a population of a township list
has a handful of digits; a run of more is a damaged or hostile file, reported as such before
any conversion. Whether a sane-length number fits the database is the writer's business.
"""

from __future__ import annotations

from decimal import Decimal

# Twelve digits is a trillion: more than any count, area or income a township list states.
MAX_DIGITS = 12
# A list has a few hundred items, a few thousand at most; sheets stop at 20,000 rows.
MAX_SEQ_DIGITS = 5
# How much of an absurd number a message quotes.
_QUOTED = 16

TOO_LONG = "{where}{what}“{number}”有 {digits:,} 位数字，不可能是清单中的{kind}（最多 {limit} 位）；请检查文件"


class NumberTooLong(ValueError):
    """A number too long to be real; the pipeline reports it with the file's name and line."""

    def __init__(self, text: str, *, what: str, line: int | None = None, where: str = "",
                 limit: int = MAX_DIGITS):
        digits = sum(character.isdigit() for character in text)
        number = text if len(text) <= _QUOTED else text[:_QUOTED] + "…"
        kind = "序号" if limit == MAX_SEQ_DIGITS else "数"
        super().__init__(TOO_LONG.format(where=f"{where}：" if where else "", what=what, number=number,
                                         digits=digits, kind=kind, limit=limit))
        self.line = line


def whole_number(text: str, *, what: str, line: int | None = None, limit: int = MAX_DIGITS) -> int:
    """The integer a run of decimal digits writes; NumberTooLong past `limit` digits."""
    text = text.strip()
    if len(text) > limit:
        raise NumberTooLong(text, what=what, line=line, limit=limit)
    return int(text)


def seq(text: str, *, line: int | None = None, where: str = "") -> int:
    """A 序号 of digits only; NumberTooLong past MAX_SEQ_DIGITS digits."""
    text = text.strip()
    if len(text) > MAX_SEQ_DIGITS:
        raise NumberTooLong(text, what="序号", line=line, where=where, limit=MAX_SEQ_DIGITS)
    return int(text)


def decimal_number(text: str, *, what: str, line: int | None = None) -> Decimal:
    """The Decimal of '85.05'-like text; NumberTooLong when it passes MAX_DIGITS digits."""
    text = text.strip()
    whole, _, fraction = text.partition(".")
    if len(whole) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
        raise NumberTooLong(text, what=what, line=line)
    return Decimal(text)
