"""Figure extraction to spec/figures.md: every quantity a report states, nothing else.

One compiled pattern (scanner.CANDIDATE_RE) walks the text; each candidate is read into
a value, a unit and a qualifier, then put through cheap local checks (exclusions.py).
Offsets always index the text as decoded: markers inside words (##paidbegin##) are
taken out first and every offset is mapped back (noise.OffsetMap).
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

from tasks.core import exclusions as ex
from tasks.core.model import Figure
from tasks.core.noise import find_clutter, strip_markers
from tasks.core.numbers import exact, is_vague, parse_decimal
from tasks.core.scanner import (
    AFTER,
    BARE_MULTIPLIERS,
    BEFORE,
    BETWEEN,
    CANDIDATE_RE,
    DECIMAL_ONLY_UNITS,
    MONEY_UNITS,
    MULTIPLIERS,
    OUTSIDE_BEFORE,
    PERCENT_UNITS,
)
from tasks.core.scanner import QUALIFIERS as _Q

RANGE_QUALIFIER: str = _Q["range"]
VAGUE_QUALIFIER: str = _Q["vague_numeral"]
OUTSIDE_REACH = max(map(len, OUTSIDE_BEFORE))
_WS = " \t\u3000\u00a0\r\n"


def extract_figures(text: str, doc: str = "") -> list[Figure]:
    """Every figure of `text`, sorted by start, without overlaps (spec/figures.md)."""
    offsets = strip_markers(text)
    clean = offsets.clean if offsets else text
    starts, ends = _merged(find_clutter(text))
    out: list[Figure] = []
    pos = 0
    while (m := CANDIDATE_RE.search(clean, pos)) is not None:
        fig = _read(clean, m, doc)
        if fig is None:
            pos = m.start() + 1
            continue
        pos = m.end()
        if offsets:
            start, end = offsets.start(fig.start), offsets.end(fig.end)
            fig = fig.with_(start=start, end=end, text=text[start:end])
        if not _in_clutter(starts, ends, fig.start, fig.end):
            out.append(fig)
    return out


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


def _read(text: str, m, doc: str) -> Figure | None:
    """The figure a candidate match stands for, or None when it is not one."""
    if m.group("pct"):
        return _read_percent_words(text, m, doc)
    g = m.groupdict()
    unit, mult = g["unit"] or "", g["mult"] or ""
    if not _complete(g, unit, mult):
        return None
    num_at = m.start("lo") if g["lo"] else m.start(g["num"] and "num" or g["ph"] and "ph" or "cn")
    start = m.start("pre") if g["pre"] else num_at
    end = m.end()
    if _excluded(text, m, g, num_at, start, end, unit):
        return None
    value = None if g["ph"] else _value(g, mult)
    if value is None and not g["ph"]:
        return None
    return Figure(
        doc,
        start,
        end,
        text[start:end],
        value,
        _record_unit(unit),
        _qualifier(text, g, start, end),
        bool(g["ph"]),
    )


def _complete(g: dict, unit: str, mult: str) -> bool:
    """A figure needs a unit, or 万/亿 after an Arabic number or a placeholder (20多万)."""
    if g["a1"] and g["a2"]:
        return False
    if unit in DECIMAL_ONLY_UNITS:  # 13.7年 is a figure, 2021年 a date
        return bool(g["num"]) and "." in g["num"] and not mult
    if unit:
        return not (g["lounit"] and g["lounit"] != unit)
    return mult in BARE_MULTIPLIERS and not g["cn"]


def _excluded(text: str, m, g: dict, num_at: int, start: int, end: int, unit: str) -> bool:
    chinese = bool(g["cn"]) and not g["lo"]
    numeral = g["cn"] or ""
    if ex.glued_left(text, num_at, chinese or bool(g["lo"] and g["lo"][0] in ex.CN_NUMERAL_CHARS)):
        return True
    if g["ph"] and _ascii_letter(text[m.end("ph") : m.end("ph") + 1]):
        return True  # Xbox, xxx.com: letters, not a redaction mark
    if ex.is_ordinal(text, num_at) or (g["pre"] and ex.is_ordinal(text, start)):
        return True
    if chinese and ex.is_idiom_numeral(text, num_at, numeral, unit, _is_vague(g)):
        return True
    return (
        ex.is_session(text, num_at, end, unit)
        or ex.is_blocked(text, end, unit)
        or ex.is_abstract_ge(text, end, unit)
        or ex.is_threshold(text, end, g["post"] or "")
        or ex.is_scoring(text, end)
        or ex.is_partners(text, end, unit)
        or ex.in_phrase(text, start, end)
        or ex.in_quotes(text, start, end)
    )


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_vague(g: dict) -> bool:
    return bool(g["pre"] or g["a1"] or g["a2"] or g["post"] or (g["cn"] and is_vague(g["cn"])))


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
        return BEFORE[g["pre"]]
    for key in ("a1", "a2"):
        if g[key]:
            return BETWEEN[g[key]]
    if g["post"]:
        return AFTER[g["post"]]
    if g["cn"] and is_vague(g["cn"]):
        return VAGUE_QUALIFIER
    if g["lo"]:
        return RANGE_QUALIFIER
    before = text[max(0, start - OUTSIDE_REACH) : start]
    for word, q in OUTSIDE_BEFORE.items():
        if before.endswith(word):
            return q
    tail = text[end : end + 12]
    rest = tail.lstrip(_WS)
    if len(rest) < len(tail):  # 达80%⏎以上: PDF line breaks split the qualifier off
        for word, q in AFTER.items():
            if rest.startswith(word):
                return q
    return "exact"


def _read_percent_words(text: str, m, doc: str) -> Figure | None:
    """百分之六十八 → 68 %."""
    value = parse_decimal(m.group("pctnum"))
    if value is None:
        return None
    s, e = m.start(), m.end()
    qualifier = BEFORE[m.group("pre")] if m.group("pre") else "exact"
    if ex.glued_left(text, m.start("pct"), True) or ex.in_quotes(text, s, e):
        return None
    return Figure(doc, s, e, text[s:e], exact(value), "%", qualifier, False)
