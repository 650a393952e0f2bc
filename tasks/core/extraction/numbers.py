"""Numbers as Chinese reports write them: Arabic, full-width, Chinese numerals, 万/亿.

Values are computed with `Decimal` so that `1.2万亿` or `11.67亿` come out exact, and
returned as an int when integral (the figure record wants `35000`, not `35000.0`).

>>> parse_cn_number("3.5万") == 35000
True
>>> parse_cn_number("1,234")
1234
>>> parse_cn_number("１２.５")
12.5
>>> parse_cn_number("11.67亿")
1167000000
>>> parse_cn_number("1.2万亿")
1200000000000
>>> parse_cn_number("千")
1000
>>> parse_cn_number("十几")
10
>>> parse_cn_number("二十五")
25
>>> parse_cn_number("一百零五")
105
>>> parse_cn_number("三千亿")
300000000000
>>> parse_cn_number("两")
2
>>> parse_cn_number("萬") is None
False
>>> parse_cn_number("一一") is None
True
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from tasks.core.common.lexicon import load_yaml

# Full-width digits and separators come from web pages and Word documents typed in
# Chinese input mode; map them to ASCII before Decimal sees them.
_WIDE = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
# Zero-width and soft-hyphen glyphs that web copies leave inside numbers.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "兩": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
# Place values from tasks/lexicon/units.yaml, the one table of 十 百 千 万 亿.
CN_SMALL_UNITS: dict[str, int] = load_yaml("units.yaml")["numeral_small_units"]
CN_BIG_UNITS: dict[str, int] = load_yaml("units.yaml")["numeral_big_units"]
# 几/数 stand for an unknown digit; the spec takes the lower bound (十几 → 10,
# 几十 → 10), so as a coefficient they count 1 and as a trailing digit 0.
CN_VAGUE = frozenset("几幾数數")
MULTIPLIERS = {**CN_SMALL_UNITS, **CN_BIG_UNITS}


def multiplier_value(word: str) -> int:
    """What a multiplier word written after a number is worth (百万 → 1,000,000).

    >>> multiplier_value("万亿")
    1000000000000
    """
    return math.prod(MULTIPLIERS[ch] for ch in word)


def exact(value: Decimal) -> int | float:
    """An int when integral, else the nearest float of the Decimal (no binary noise)."""
    return int(value) if value == value.to_integral_value() else float(value)


def parse_arabic(digits: str) -> Decimal | None:
    """Decimal of an Arabic number, full-width or with 1,234 separators."""
    s = digits.translate(_WIDE).translate(_INVISIBLE).replace(",", "").strip()
    try:
        return Decimal(s) if s else None
    except InvalidOperation:
        return None


def parse_chinese(numeral: str) -> Decimal | None:
    """Decimal of a Chinese numeral (千, 十几, 二十五, 三千亿); None when malformed."""
    total, section, digit = Decimal(0), Decimal(0), None
    top_big = 0
    for i, ch in enumerate(numeral):
        if ch in "零〇○" and digit is None and (section or total):
            continue  # 一百零五: 零 only marks a skipped place
        if ch in CN_DIGITS or ch in CN_VAGUE:
            if digit is not None:  # two digits in a row (一一, 二〇二一) is not a count
                return None
            nxt = numeral[i + 1 : i + 2]
            digit = (1 if nxt in MULTIPLIERS else 0) if ch in CN_VAGUE else CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        elif ch in CN_BIG_UNITS:
            unit = CN_BIG_UNITS[ch]
            part = section + (digit or 0)
            if unit > top_big:  # 一万亿: the larger unit scales everything before it
                total = (total + (part or 1)) * unit
                top_big = unit
            else:
                total += (part or 1) * unit
            section, digit = Decimal(0), None
        else:
            return None
    return total + section + (digit or 0)


def parse_cn_number(s: str) -> int | float | None:
    """Value of a number as written: `3.5万`, `1,234`, `１２`, `千`, `十几`, `1.2万亿`."""
    value = parse_decimal(s)
    return None if value is None else exact(value)


def parse_decimal(s: str) -> Decimal | None:
    """Like `parse_cn_number` but keeps the Decimal."""
    s = s.strip()
    head = s.rstrip("万萬亿億千百")
    if head and head[0] in "0123456789０１２３４５６７８９":
        base = parse_arabic(head)
        if base is None:
            return None
        for ch in s[len(head) :]:
            base *= MULTIPLIERS[ch]
        return base
    return parse_chinese(s) if s else None


def is_vague(numeral: str) -> bool:
    """True when a Chinese numeral holds 几/数 (十几, 数十): a lower bound, not a count."""
    return any(ch in CN_VAGUE for ch in numeral)
