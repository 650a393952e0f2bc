"""Figure extraction to spec/figures.md: every quantity a report states, nothing else.

One compiled pattern (scanner.CANDIDATE_RE) walks the text; each candidate is read into
a value, a unit and a qualifier, then put through cheap local checks (exclusions.py).
Offsets always index the text as decoded: markers inside words (##paidbegin##) are
taken out first and every offset is mapped back (noise.OffsetMap).
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from decimal import Decimal

from tasks.core.common.model import Figure
from tasks.core.extraction import exclusions as ex
from tasks.core.extraction.numbers import exact, is_vague, parse_decimal
from tasks.core.extraction.scanner import (
    AFTER,
    BARE_MULTIPLIERS,
    BEFORE,
    BETWEEN,
    CANDIDATE_RE,
    MONEY_UNITS,
    MULTIPLIERS,
    OUTSIDE_BEFORE,
    PERCENT_UNITS,
    SPACES,
    find_before,
)
from tasks.core.extraction.scanner import QUALIFIERS as _Q
from tasks.core.reading.limits import check_time
from tasks.core.reading.noise import find_clutter, strip_markers

RANGE_QUALIFIER: str = _Q["range"]
VAGUE_QUALIFIER: str = _Q["vague_numeral"]
_WS = " \t\u3000\u00a0\r\n"
_SPACE_CHARS = "".join(SPACES)


def extract_figures(text: str, doc: str = "") -> list[Figure]:
    """Every figure of `text`, sorted by start, without overlaps (spec/figures.md)."""
    offsets = strip_markers(text)
    clean = offsets.clean if offsets else text
    starts, ends = _merged(find_clutter(text))
    quotes = ex.quote_marks(clean)
    out: list[Figure] = []
    pos = 0
    for n in itertools.count():
        if (m := CANDIDATE_RE.search(clean, pos)) is None:
            break
        if n % 256 == 255:
            check_time()  # a report past its time budget stops here (reading.limits)
        fig = _read(clean, m, doc, quotes)
        if fig is None:  # go on after its leading number: 2021 must not yield 021, 21, 1
            pos = m.end(_first_number(m))
            continue
        pos = m.end()
        if offsets:
            start, end = offsets.start(fig.start), offsets.end(fig.end)
            fig = fig.with_(start=start, end=end, text=text[start:end])
        if not starts or not _in_clutter(starts, ends, fig.start, fig.end):
            out.append(fig)
    return out


def _first_number(m) -> str:
    return next(k for k in ("pctnum", "lo", "num", "ph", "cn") if m.group(k) is not None)


def _merged(spans: list[tuple[int, int, str]]) -> tuple[list[int], list[int]]:
    """Clutter spans merged into disjoint (starts, ends), ready for bisection."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e, _ in spans:  # find_clutter returns them sorted by start
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _in_clutter(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    i = bisect_right(starts, start) - 1
    if i >= 0 and ends[i] > start:
        return True
    return i + 1 < len(starts) and starts[i + 1] < end


def _read(text: str, m, doc: str, quotes: list[int]) -> Figure | None:
    """The figure a candidate match stands for, or None when it is not one."""
    g = m.groupdict()
    g["pre"] = find_before(text, m.start())
    start, end = m.start() - len(g["pre"]), m.end()
    if g["pct"]:
        return _read_percent_words(text, g, start, end, doc, quotes)
    unit, mult = g["unit"] or "", g["mult"] or ""
    if not _complete(g, unit, mult) or _excluded(text, m, g, start, unit, quotes):
        return None
    if g["ph"]:
        value = None
    else:
        value = _fast_value(g["num"], mult) if g["num"] and not g["lo"] else None
        value = _value(g, mult) if value is None else value
        if value is None:
            return None
    qualifier = _qualifier(text, g, start, end)
    return Figure(
        doc, start, end, text[start:end], value, _record_unit(unit), qualifier, bool(g["ph"])
    )


def _complete(g: dict, unit: str, mult: str) -> bool:
    """A figure needs a unit, or 万/亿 after an Arabic number or a placeholder (20多万)."""
    if g["a1"] and g["a2"]:
        return False
    if unit:
        return not (g["lounit"] and g["lounit"] != unit)
    return mult in BARE_MULTIPLIERS and not g["cn"]


def _excluded(text: str, m, g: dict, start: int, unit: str, quotes: list[int]) -> bool:
    """Cheap checks first (a character or two around the number), quotes last."""
    at, end = m.start(), m.end()
    chinese = bool(g["cn"] or (g["lo"] and g["lo"][0] in ex.CN_NUMERAL_CHARS))
    if ex.glued_left(text, at, chinese) or ex.is_ordinal(text, start):
        return True
    if g["ph"] and _ascii_letter(text[m.end("ph") : m.end("ph") + 1]):
        return True  # Xbox, xxx.com: letters, not a redaction mark
    if ex.excluded_by_what_follows(text, end) or ex.is_session_ordinal(text, at, unit):
        return True
    if ex.draws_a_line(text, start, end):
        return True
    if g["cn"] and not g["lo"]:
        if ex.is_idiom_numeral(text, at, g["cn"], unit, _is_vague(g)):
            return True
        if ex.in_phrase(text, start, end):  # every listed phrase holds a Chinese numeral
            return True
    return ex.in_quotes(text, start, end, quotes)


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_vague(g: dict) -> bool:
    return bool(g["pre"] or g["a1"] or g["a2"] or g["post"] or is_vague(g["cn"] or ""))


def _fast_value(num: str, mult: str) -> int | None:
    """Plain ASCII integers (most figures) skip Decimal: 2711人, 15万元."""
    if num.isascii() and num.isdigit():
        return int(num) * MULTIPLIERS[mult] if mult else int(num)
    return None


def _value(g: dict, mult: str) -> int | float | None:
    """Value in the unit's base; a range gives its lower bound (300-500万元 → 3000000)."""
    if g["lo"]:
        base = parse_decimal(g["lo"])
        scale = g["lomult"] or mult
    else:
        base = parse_decimal(g["num"] or g["cn"])
        scale = mult
    if base is None:
        return None
    return exact(base * Decimal(MULTIPLIERS[scale]) if scale else base)


def _record_unit(unit: str) -> str:
    if unit in MONEY_UNITS:
        return "元"
    if unit in PERCENT_UNITS:
        return "%"
    return unit


def _qualifier(text: str, g: dict, start: int, end: int) -> str:
    """From the words in the span first, then 突破 before it, then 以上 after a line break."""
    if g["pre"]:
        return BEFORE[g["pre"].strip(_SPACE_CHARS)]
    between = g["a1"] or g["a2"]
    if between or g["post"]:
        return BETWEEN[between] if between else AFTER[g["post"]]
    if g["cn"] and is_vague(g["cn"]):
        return VAGUE_QUALIFIER
    if g["lo"]:
        return RANGE_QUALIFIER
    for word, q in OUTSIDE_BEFORE.items():
        if text.endswith(word, 0, start):
            return q
    if text[end : end + 1] in _WS and end < len(text):  # 达80%⏎以上: a PDF line break
        rest = text[end : end + 12].lstrip(_WS)
        for word, q in AFTER.items():
            if rest.startswith(word):
                return q
    return "exact"


def _read_percent_words(
    text: str, g: dict, start: int, end: int, doc: str, quotes: list[int]
) -> Figure | None:
    """百分之六十八 → 68 %."""
    value = parse_decimal(g["pctnum"])
    if value is None or ex.glued_left(text, start + len(g["pre"]), True):
        return None
    if ex.in_quotes(text, start, end, quotes):
        return None
    qualifier = BEFORE[g["pre"].strip(_SPACE_CHARS)] if g["pre"] else "exact"
    return Figure(doc, start, end, text[start:end], exact(value), "%", qualifier, False)
