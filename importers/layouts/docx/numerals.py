"""A list number written in one of Word's number formats (w:numFmt): 3 → "3", "三", "③", "c"…"""

from __future__ import annotations

_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_COUNTING_UNITS = ("", "十", "百", "千")
_LEGAL_UNITS = ("", "拾", "佰", "仟")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
# Runs of glyphs Unicode has for 1..N; past N Word falls back to plain digits too.
_ENCLOSED = {
    "decimalEnclosedCircle": ("①", 20),
    "decimalEnclosedCircleChinese": ("①", 20),
    "decimalEnclosedFullstop": ("⒈", 20),
    "decimalEnclosedParen": ("⑴", 20),
    "ideographEnclosedCircle": ("㈠", 10),
}


def _counting(number: int, digits: str, units: tuple[str, ...]) -> str:
    """Chinese counting numerals up to 9999: 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if number == 0:
        return digits[0]
    if number >= 10_000:
        return str(number)
    text, zero_pending = "", False
    for power in (3, 2, 1, 0):
        digit = number // 10**power % 10
        if digit == 0:
            zero_pending = bool(text)
            continue
        if zero_pending:  # a gap inside a number is read 零 (一百零五); 〇 stands for a digit
            text += "零" if digits is _DIGITS else digits[0]
            zero_pending = False
        text += digits[digit] + units[power]
    # "一十二" is read "十二" in everyday counting, but legal numerals keep 壹拾贰.
    if digits is _DIGITS and text.startswith("一十"):
        text = text[1:]
    return text


_MAX_LETTERS = 780  # zzz… thirty letters long: Word's own last letter label


def _letters(number: int) -> str:
    """Word's letters: 1 → a, 26 → z, 27 → aa, 28 → bb."""
    if not 0 < number <= _MAX_LETTERS:
        return str(number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    text = ""
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        text += letters * count
    return text


def _cycle(number: int, symbols: str) -> str:
    return symbols[(number - 1) % len(symbols)] if number > 0 else str(number)


def format_number(number: int, number_format: str) -> str:
    """`number` as Word shows it in `number_format`; plain digits for a format not known here."""
    if number < 0:
        return str(number)
    if number_format in _ENCLOSED:
        first, last = _ENCLOSED[number_format]
        return chr(ord(first) + number - 1) if 0 < number <= last else str(number)
    formatters = {
        "decimalZero": lambda: f"{number:02d}",
        "decimalFullWidth": lambda: "".join(chr(ord(c) + 0xFEE0) for c in str(number)),
        "decimalFullWidth2": lambda: "".join(chr(ord(c) + 0xFEE0) for c in str(number)),
        "chineseCounting": lambda: _counting(number, _DIGITS, _COUNTING_UNITS),
        "chineseCountingThousand": lambda: _counting(number, _DIGITS, _COUNTING_UNITS),
        "japaneseCounting": lambda: _counting(number, _DIGITS, _COUNTING_UNITS),
        "taiwaneseCounting": lambda: _counting(number, _DIGITS, _COUNTING_UNITS),
        "taiwaneseCountingThousand": lambda: _counting(number, _DIGITS, _COUNTING_UNITS),
        "chineseLegalSimplified": lambda: _counting(number, _LEGAL_DIGITS, _LEGAL_UNITS),
        "ideographDigital": lambda: "".join(_DIGITS[int(c)] for c in str(number)),
        "taiwaneseDigital": lambda: "".join(_DIGITS[int(c)] for c in str(number)),
        "ideographTraditional": lambda: _cycle(number, _HEAVENLY_STEMS),
        "ideographZodiac": lambda: _cycle(number, _EARTHLY_BRANCHES),
        "lowerLetter": lambda: _letters(number),
        "upperLetter": lambda: _letters(number).upper(),
        "lowerRoman": lambda: _roman(number).lower(),
        "upperRoman": lambda: _roman(number),
    }
    formatter = formatters.get(number_format)
    return formatter() if formatter else str(number)
