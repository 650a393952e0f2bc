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
import re
from decimal import Decimal, InvalidOperation
from typing import Final

from tasks.core.common.lexicon import load_yaml

# Full-width digits and separators come from web pages and Word documents typed in
# Chinese input mode; map them to ASCII before Decimal sees them.
# 。 is a point only inside a rate the scanner read so (92。3%: scanner._SPACED_DIGITS)
_WIDE: Final = str.maketrans("０１２３４５６７８９．，。", "0123456789.,.")
# Zero-width and soft-hyphen glyphs that web copies leave inside numbers.
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

CN_DIGITS: Final = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "兩": 2, "倆": 2, "俩": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
# Place values from tasks/lexicon/units.yaml, the one table of 十 百 千 万 亿.
CN_SMALL_UNITS: Final[dict[str, int]] = load_yaml("units.yaml")["numeral_small_units"]
CN_BIG_UNITS: Final[dict[str, int]] = load_yaml("units.yaml")["numeral_big_units"]
# 几/数 stand for an unknown digit; the spec takes the lower bound (十几 → 10,
# 几十 → 10), so as a coefficient they count 1 and as a trailing digit 0.
CN_VAGUE: Final = frozenset("几幾数數")
_CN_PLACES: Final = frozenset("十拾百佰千仟万萬亿億零〇")
MULTIPLIERS: Final = {**CN_SMALL_UNITS, **CN_BIG_UNITS}
_SPACES: Final = dict.fromkeys(map(ord, " \u00a0\u3000"), None)
_TOKEN_RE: Final = re.compile(r"(?P<arabic>[0-9０-９][0-9０-９,，.．]*)|(?P<char>.)")
# After 点 each digit is read alone (十五点七五 → 15.75); 两 is never a decimal digit.
_FRACTION_DIGITS: Final = frozenset(CN_DIGITS) - {"两", "兩", "倆", "俩"}


def multiplier_value(word: str) -> int:
    """What a multiplier word written after a number is worth (百万 → 1,000,000).

    >>> multiplier_value("万亿")
    1000000000000
    """
    return math.prod(MULTIPLIERS[ch] for ch in word)


def exact(value: Decimal) -> int | float:
    """An int when integral, else the nearest float of the Decimal (no binary noise)."""
    return int(value) if value == value.to_integral_value() else float(value)


SHARE_PLACES: Final = Decimal("0.01")
SHARE_ENDS_BY: Final = Decimal("0.000001")  # a share with more places than this does not end


def share_percent(num: Decimal, den: Decimal) -> int | float:
    """num/den in percent; a share that does not end in a few places (三分之一) to two places, as
    a percentage is written (33.33), so a reader's 33.33 and ours are the same number.

    >>> share_percent(Decimal(1), Decimal(3)), share_percent(Decimal(1), Decimal(8))
    (33.33, 12.5)
    >>> share_percent(Decimal(1), Decimal(100000))
    0.001
    """
    value = num * 100 / den
    if value != value.quantize(SHARE_ENDS_BY):
        value = value.quantize(SHARE_PLACES)
    return exact(value)


def parse_arabic(digits: str) -> Decimal | None:
    """Decimal of an Arabic number, full-width or with 1,234 separators."""
    s = digits.translate(_WIDE).translate(_INVISIBLE).translate(_SPACES).replace(",", "").strip()
    try:
        return Decimal(s) if s else None
    except InvalidOperation:
        return None


_TENS_DIGITS: Final = frozenset("123456789")
_TENS_VAGUE: Final = frozenset({"0几", "0幾"})


def parse_chinese(numeral: str) -> Decimal | None:
    """Decimal of a Chinese numeral, Arabic digits allowed between the places (千, 十几,
    二十五, 三千亿, 一万三, 十五点七, 3万4000, 25万6千); None when malformed."""
    numeral = numeral.translate(_SPACES)  # PDF text layers space the characters out
    if numeral[:1] in _TENS_DIGITS and numeral[1:3] in _TENS_VAGUE:
        numeral = f"{numeral[0]}十{numeral[2:]}"  # 10几 as 十几 (the scanner's tens before 几)
    head, point, tail = numeral.partition("点") if "点" in numeral else numeral.partition("點")
    whole = _integer(_tokens(head)) if head else None
    if not point:
        return whole
    return _with_fraction(whole, tail)


def _tokens(numeral: str) -> list[tuple[str, Decimal]] | None:
    """(kind, value) per place: d digit, a Arabic number, v 几/数, s 十百千, b 万亿, z 零."""
    out: list[tuple[str, Decimal]] = []
    for m in _TOKEN_RE.finditer(numeral):
        arabic, ch = m.group("arabic"), m.group("char")
        if arabic:
            value = parse_arabic(arabic)
            if value is None:
                return None
            out.append(("a", value))
        elif ch in "零〇○":
            out.append(("z", Decimal(0)))
        elif ch in CN_DIGITS:
            out.append(("d", Decimal(CN_DIGITS[ch])))
        elif ch in CN_VAGUE:
            out.append(("v", Decimal(0)))
        elif ch in CN_SMALL_UNITS:
            out.append(("s", Decimal(CN_SMALL_UNITS[ch])))
        elif ch in CN_BIG_UNITS:
            out.append(("b", Decimal(CN_BIG_UNITS[ch])))
        else:
            return None
    return out


def _integer(tokens: list[tuple[str, Decimal]] | None) -> Decimal | None:
    """Value of the places read left to right; 万亿 scales everything before it."""
    if not tokens:
        return None
    total = section = Decimal(0)
    digit: Decimal | None = None
    digit_kind, top_big, last_place, skipped = "", Decimal(0), Decimal(0), False
    for i, (kind, value) in enumerate(tokens):
        if kind == "z" and digit is None and (section or total):
            skipped = True  # 一百零五: 零 only marks a skipped place
            continue
        if kind in "dazv":
            if digit is not None:  # two digits in a row (一一, 二〇二一) is not a count
                return None
            digit, digit_kind = (
                (_vague_digit(tokens, i, section or total), "v") if (kind == "v") else (value, kind)
            )
        elif kind == "s":
            section += (Decimal(1) if digit is None else digit) * value
            digit, last_place, skipped = None, value, False
        else:
            part = section + (digit or 0)
            if value > top_big:  # 一万亿, 四万亿: the larger unit scales everything before it
                total = (total + part) * value if (total or part) else value
                top_big = value
            else:
                total += (part or 1) * value
            section, digit, last_place, skipped = Decimal(0), None, value, False
    if digit is not None and digit_kind == "d" and not skipped and last_place >= 100:
        digit *= last_place / 10  # 一万三, 二百五, 千三: the place after the last is implied
    return total + section + (digit or 0)


def _vague_digit(tokens: list[tuple[str, Decimal]], i: int, before: Decimal) -> Decimal:
    """几/数 as the lower bound: a coefficient counts 1 (几十, 数百, 几万), a last digit 0
    (十几, 二十几万, 一百零几万)."""
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    return Decimal(1) if nxt == "s" or (nxt == "b" and not before) else Decimal(0)


def _with_fraction(whole: Decimal | None, tail: str) -> Decimal | None:
    """十五点七 → 15.7; the digits after 点 are read one by one, 万/亿 after them scale all
    (一点五万 → 15000)."""
    digits = tail.rstrip("".join(CN_BIG_UNITS))
    if whole is None or not digits or any(ch not in _FRACTION_DIGITS for ch in digits):
        return None
    value = whole + Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in digits))
    for ch in tail[len(digits) :]:
        value *= CN_BIG_UNITS[ch]
    return value


def parse_cn_number(s: str) -> int | float | None:
    """Value of a number as written: `3.5万`, `1,234`, `１２`, `千`, `十几`, `1.2万亿`."""
    value = parse_decimal(s)
    return None if value is None else exact(value)


def parse_decimal(s: str) -> Decimal | None:
    """Like `parse_cn_number` but keeps the Decimal."""
    s = s.strip()
    head = s.rstrip("万萬亿億千百")
    if head and head[0] in "0123456789０１２３４５６７８９" and head[-1] not in _CN_PLACES:
        base = parse_arabic(head)
        if base is not None:
            for ch in s[len(head) :]:
                base *= MULTIPLIERS[ch]
            return base
    return parse_chinese(s) if s else None


def is_vague(numeral: str) -> bool:
    """True when a Chinese numeral holds 几/数 (十几, 数十): a lower bound, not a count."""
    return any(ch in CN_VAGUE for ch in numeral)


def shared_scale_overshoots(low: Decimal, high: str | None) -> bool:
    """The upper bound's multiplier, shared with the lower bound (3至5万元), would lift the
    lower bound to or past the upper one: the lower bound is written in full (5000到5万元)."""
    top = parse_decimal(high) if high else None
    return top is not None and low >= top


_ONE_DIGIT: Final = "一二三四五六七八九两"
# 十 is left out: 三至五十人 may well be 3 to 50
_PLACE_TAIL: Final = re.compile("[百千万萬亿億]+$")


def chinese_shared_scale(low: str, high: str) -> int:
    """The place value a Chinese range writes once, after its upper bound (三至五万 → 10000,
    一到两千 → 1000), when the lower bound is one digit below the upper bound's: 1 otherwise."""
    tail = _PLACE_TAIL.search(high)
    head = high[: tail.start()] if tail else ""
    if not tail or low not in _ONE_DIGIT or head not in _ONE_DIGIT or len(low) != 1:
        return 1
    top, bottom = parse_decimal(head), parse_decimal(low)
    return (
        multiplier_value(tail.group())
        if bottom is not None and top is not None and bottom < top
        else 1
    )


SPACED_DIGITS_RE: Final = re.compile(r"[0-9０-９][ \u00a0。]")
_LETTER_SPACED_RE: Final = re.compile(
    r"(?<![0-9０-９])[0-9０-９](?:[ \u00a0][0-9０-９](?![0-9０-９])){2}"
)


def spaced_reading(text: str, num: str, mult: str, unit: str) -> tuple[int | float | None, str]:
    """The value of digits a PDF text layer split with spaces, and why a person should check
    it ("" when sure). Thousands groups (1 924) and digits spaced one by one (4 8 0) are one
    number; two short groups of a rate or an amount (9 1%, 482 3亿元) lost a point, unless the
    page spaces its digits one by one (9 3 万元 beside 1 0 6 4 万元), and a count of things
    (2 3名) has no point: a guess either way, so it is marked for review. A rate whose point
    was typed as 。 (92。3%) is read with the point, also marked for review."""
    if "。" in num:  # 92。3%: a point typed as the full stop
        digits = num.replace("。", ".")
        decimal = parse_decimal(digits + mult)
        value = None if decimal is None else exact(decimal)
        return value, f"数字“{num}”中的“。”按小数点读作 {digits}，请对照原文核实"
    groups = num.replace("\u00a0", " ").split(" ")
    joined = "".join(groups)
    tail = groups[1:]
    sure = all(len(t) == 3 and t.isdigit() for t in tail) or "." in joined or "．" in joined
    sure = sure or (len(groups) >= 3 and all(len(t) == 1 for t in groups))
    if sure or not (mult or unit in ("元", "%")) or _LETTER_SPACED_RE.search(text):
        digits = joined
    else:
        digits = f"{groups[0]}.{''.join(tail)}"
    decimal = parse_decimal(digits + mult)
    value = None if decimal is None else exact(decimal)
    if sure or value is None:
        return value, ""
    return value, f"数字“{num}”中间有空格（PDF 文字层），读作 {digits}，请对照原文核实"
