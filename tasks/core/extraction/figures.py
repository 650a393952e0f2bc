"""Figure extraction to spec/figures.md: every quantity a report states, nothing else.

One compiled pattern (scanner.CANDIDATE_RE, by scanner.find_candidate) walks the text; each
candidate is read into a value, a unit and a qualifier, then put through cheap local checks
(exclusions.py). Offsets always index the text as decoded: markers inside words (##paidbegin##) are
taken out first and every offset is mapped back (noise.OffsetMap).
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from decimal import Decimal
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.extraction import exclusions as ex
from tasks.core.extraction.articles import is_article_count
from tasks.core.extraction.background import is_background_fact
from tasks.core.extraction.enumerations import sums_a_list
from tasks.core.extraction.idioms import BARE_ROUND, is_idiom_numeral
from tasks.core.extraction.numbers import (
    SPACED_DIGITS_RE,
    chinese_shared_scale,
    exact,
    is_vague,
    parse_cn_number,
    parse_decimal,
    share_percent,
    shared_scale_overshoots,
    spaced_reading,
)
from tasks.core.extraction.quotes import QuoteMarks, in_quotes, quote_marks
from tasks.core.extraction.scanner import (
    AFTER,
    BARE_MULTIPLIERS,
    BEFORE,
    BETWEEN,
    MONEY_UNITS,
    MULTIPLIERS,
    OUTSIDE_BEFORE,
    PERCENT_UNITS,
    SPACES,
    TENTHS,
    Groups,
    find_before,
    find_candidate,
)
from tasks.core.extraction.scanner import QUALIFIERS as _Q
from tasks.core.extraction.unitless import UNITLESS_FIRST, unitless_counts
from tasks.core.reading.limits import check_time
from tasks.core.reading.noise import find_clutter, strip_markers
from tasks.core.reading.traditional import to_simplified

VAGUE_QUALIFIER: Final[str] = _Q["vague_numeral"]
_WS: Final = " \t\u3000\u00a0\r\n"
SHARE_VERBS: Final = frozenset(_Q["share_verbs"])
ROUND_ONLY: Final = frozenset(_Q["round_only"])
_SPACE_CHARS: Final = "".join(SPACES)
_OUTSIDE_BEFORE_WORDS: Final = tuple(OUTSIDE_BEFORE)  # one endswith call for all of them


def extract_figures(text: str, doc: str = "") -> list[Figure]:
    """Every figure of `text`, sorted by start, without overlaps (spec/figures.md)."""
    offsets = strip_markers(text)
    stripped = offsets.clean if offsets else text
    clean = to_simplified(stripped)  # same length: offsets of `stripped` still hold
    starts, ends = _merged(find_clutter(text))
    quotes = quote_marks(clean)
    found: list[Figure] = []
    pos = 0
    for n in itertools.count():
        if (m := find_candidate(clean, pos)) is None:
            break
        if n % 256 == 255:
            check_time()  # a report past its time budget stops here (reading.limits)
        figures = _read(clean, m, doc, quotes)
        if not figures:  # go on after its leading number: 2021 must not yield 021, 21, 1
            pos = m.end(_first_number(m))
            continue
        pos = m.end()
        found += figures
    if UNITLESS_FIRST.search(clean):  # 为700一线职工: a count with no measure word
        more = unitless_counts(clean, doc, [(f.start, f.end) for f in found])
        found = sorted(
            found + [f for f in more if not in_quotes(clean, f.start, f.end, quotes)], key=_at
        )
    out: list[Figure] = []
    for fig in found:
        if clean is not stripped:
            fig = fig.with_(unit=_unit_as_written(stripped, clean, fig))
        if offsets:
            start, end = offsets.start(fig.start), offsets.end(fig.end)
            fig = fig.with_(start=start, end=end, text=text[start:end])
        elif clean is not stripped:
            fig = fig.with_(text=text[fig.start : fig.end])
        if not starts or not _in_clutter(starts, ends, fig.start, fig.end):
            out.append(fig)
    return out


def _at(f: Figure) -> int:
    return f.start


def _unit_as_written(stripped: str, clean: str, fig: Figure) -> str:
    """A count's measure word in the report's own characters (個, 場, 戶), found at the same
    place as in the simplified reading (after the span for the first number of a range, 1~2期);
    money and rates keep 元 and %."""
    if fig.unit in MONEY_UNITS or fig.unit == "%":
        return fig.unit
    k = fig.text.rfind(fig.unit)
    at = fig.start + k if k >= 0 else clean.find(fig.unit, fig.end)
    return stripped[at : at + len(fig.unit)] if at >= 0 else fig.unit


def _first_number(m) -> str:
    keys = ("pctnum", "slash", "half", "lo", "num", "ph", "cn")
    return next(k for k in keys if m.group(k) is not None)


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


def _read(text: str, m, doc: str, quotes: QuoteMarks) -> list[Figure]:
    """The figures a candidate match stands for (two for a range), none when it is not one."""
    g = Groups(m, find_before(text, m.start()))
    if g.pre in ROUND_ONLY and not _bare_round(g.cn):
        g.pre = ""  # 上千, 上万: 上 is a bound only before a round numeral
    start, end = m.start() - len(g.pre), m.end()
    if g.pct or g.slash or g.half:
        return _read_share(text, g, start, end, doc, quotes)
    unit, mult = g.unit or "", g.mult or ""
    if g.mult2:  # 2千余万: the places of the number before 余, times 万
        mult = f"{mult}{g.mult2}"  # 千万, 百億 …: units.yaml lists both forms
        if mult not in MULTIPLIERS:
            return []
    if not _complete(g, unit, mult) or _excluded(text, m, g, start, unit, quotes):
        return []
    value: int | float | None = None
    if not g.ph:
        value = _fast_value(g.num, mult) if g.num else None
        value = _value(g, mult) if value is None else value
        if value is None:
            return []
    ph = bool(g.ph)
    review = ""
    if g.num and not g.lo and SPACED_DIGITS_RE.search(g.num):
        value, review = spaced_reading(text, g.num, mult, _record_unit(unit))
        if value is None:
            return []
    if not g.lo:
        qualifier = _qualifier(text, g, g.pre, start, end)
        figure = Figure(doc, start, end, text[start:end], value, _record_unit(unit), qualifier, ph)
        return [figure.with_(needs_review=True, review_reason=review) if review else figure]
    # A range gives one figure per number (450元~500元, 1~2期): the first shares the unit.
    first = _range_start(text, m, g, doc, start, unit, mult)
    at = m.start(_main_number(m))
    qualifier = _qualifier(text, g, "", at, end)
    last = Figure(doc, at, end, text[at:end], value, _record_unit(unit), qualifier, ph)
    return [last] if first is None else [first, last]


def _bare_round(numeral: str | None) -> bool:
    return bool(numeral) and all(ch in BARE_ROUND for ch in numeral)  # type: ignore[union-attr]


def _main_number(m) -> str:
    return next(k for k in ("num", "ph", "cn") if m.group(k) is not None)


def _range_start(
    text: str, m, g: Groups, doc: str, start: int, unit: str, mult: str
) -> Figure | None:
    """The first number of a range, its multiplier and unit (or the range's) applied."""
    end = max(m.end(k) for k, v in (("lo", g.lo), ("lomult", g.lomult), ("lounit", g.lounit)) if v)
    base = parse_decimal(g.lo)
    if base is None:
        return None
    scale = g.lomult or mult
    if scale and not g.lomult and shared_scale_overshoots(base, g.num or g.cn):
        scale = ""  # 5000到5万元: 5,000 to 50,000, not 50 million to 50,000
    factor = MULTIPLIERS[scale] if scale else 1
    if not scale and g.cn:
        factor = chinese_shared_scale(g.lo, g.cn)  # 三至五万元: 30,000 to 50,000
    value = exact(base * Decimal(factor) if factor != 1 else base)
    qualifier = BEFORE[g.pre.strip(_SPACE_CHARS)] if g.pre else "exact"
    return Figure(doc, start, end, text[start:end], value, _record_unit(unit), qualifier, False)


def _complete(g: Groups, unit: str, mult: str) -> bool:
    """A figure needs a unit, or 万/亿 after an Arabic number or a placeholder (20多万), or
    after a Chinese numeral with an approximation word (百万余, 超过百万, 两万以上: a size,
    where a bare 百万职工 names a slogan's workers)."""
    if g.a1 and g.a2:
        return False
    if unit:
        return not (g.lounit and g.lounit != unit)
    return mult in BARE_MULTIPLIERS and (not g.cn or bool(g.a1 or g.a2 or g.pre or g.post))


def _excluded(text: str, m, g: Groups, start: int, unit: str, quotes: QuoteMarks) -> bool:
    """Cheap checks first (a character or two around the number), quotes last."""
    at, end = m.start(), m.end()
    if g.num and len(g.num) >= ex.IDENTIFIER_DIGITS and g.num.isdigit():
        return True  # 13809520738: a telephone or licence number
    chinese = bool(g.cn or (g.lo and g.lo[0] in ex.CN_NUMERAL_CHARS))
    if ex.glued_left(text, at, chinese) or ex.is_ordinal(text, start):
        return True
    if g.ph and _ascii_letter(text[m.end("ph") : m.end("ph") + 1]):
        return True  # Xbox, xxx.com: letters, not a redaction mark
    if ex.excluded_by_what_follows(text, end) or ex.is_session_ordinal(text, at, unit):
        return True
    if ex.draws_a_line(text, start, end) or ex.names_a_programme(text, start, end):
        return True
    if ex.places_pass_a_line(text, start, end):
        return True
    if ex.excluded_by_what_precedes(text, start, unit):
        return True
    if is_article_count(text, start, end, unit) or is_background_fact(text, start, end, unit):
        return True
    if g.cn and not g.lo:
        if is_idiom_numeral(text, at, g.cn, unit, _is_vague(g)):
            return True
        if ex.in_phrase(text, start, end):  # every listed phrase holds a Chinese numeral
            return True
        if ex.names_a_term(text, end):  # 两个机制建设, 五项工程: Arabic digits still count
            return True
        if sums_a_list(text, start, unit, _count_of(g.cn)):  # 组织、人员和经费三项保障
            return True
    return in_quotes(text, start, end, quotes)


def _count_of(numeral: str) -> int | None:
    value = parse_cn_number(numeral)
    return value if isinstance(value, int) else None


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _is_vague(g: Groups) -> bool:
    return bool(g.pre or g.a1 or g.a2 or g.post or is_vague(g.cn or ""))


def _fast_value(num: str, mult: str) -> int | None:
    """Plain ASCII integers (most figures) skip Decimal: 2711人, 15万元."""
    if num.isascii() and num.isdigit():
        return int(num) * MULTIPLIERS[mult] if mult else int(num)
    return None


def _value(g: Groups, mult: str) -> int | float | None:
    """Value in the unit's base; 25万6千: the multiplier closes the number, it does not
    scale all of it."""
    return _exact_or_none(parse_decimal((g.num or g.cn) + mult))


def _exact_or_none(value: Decimal | None) -> int | float | None:
    return None if value is None else exact(value)


def _record_unit(unit: str) -> str:
    if unit in MONEY_UNITS:
        return "元"
    if unit in PERCENT_UNITS:
        return "%"
    return unit


def _qualifier(text: str, g: Groups, pre: str, start: int, end: int) -> str:
    """From the words in the span first, then 突破 before it, then 以上 after a line break.
    A bound inside the span is surer than 约 before it (约6000余人 is more than 6000)."""
    between = g.a1 or g.a2
    inside = (BETWEEN[between] if between else AFTER[g.post]) if between or g.post else ""
    if pre:
        before = BEFORE[pre.strip(_SPACE_CHARS)]
        return inside if before == "about" and inside == "over" else before
    if inside:
        return inside
    if g.cn and is_vague(g.cn):
        return VAGUE_QUALIFIER
    if text.endswith(_OUTSIDE_BEFORE_WORDS, 0, start):
        for word, q in OUTSIDE_BEFORE.items():
            if text.endswith(word, 0, start):
                return q
    if text[end : end + 1] in _WS and end < len(text):  # 达80%⏎以上: a PDF line break
        rest = text[end : end + 12].lstrip(_WS)
        for word, q in AFTER.items():
            if rest.startswith(word):
                return q
    return "exact"


def _read_share(
    text: str, g: Groups, start: int, end: int, doc: str, quotes: QuoteMarks
) -> list[Figure]:
    """A share in percent: 百分之六十八 → 68, 三分之一 → 33.3…, 1/4 → 25, 一半以上 → 50 over,
    超六成 → 60 over."""
    stated = bool(g.pre or g.halfpost or text[start - 1 : start] in SHARE_VERBS)
    if g.pct:
        num, den, post = parse_decimal(g.pctnum), parse_decimal(g.pctden), g.pctpost
    elif g.slash:
        num, den, post = Decimal(g.slash[0]), Decimal(g.slash[-1]), g.slashpost
    elif g.half.endswith(TENTHS["mark"]):  # 六成: bare where no word goes on (not 八成新)
        num, den, post = parse_decimal(g.half[:-1]), Decimal(10), g.halfpost
        if not stated and (
            g.half[0] in TENTHS["stated_only"] or text[end : end + 1] in TENTHS["word_after"]
        ):
            return []
    else:  # 一半 is a share only where one is stated: 占一半, 超过一半, 一半以上
        num, den, post = Decimal(1), Decimal(2), g.halfpost
        if not stated:
            return []
    if num is None or not den or ex.glued_left(text, start + len(g.pre), True):
        return []
    if num > den and not g.pct:  # 3/2 is no share; 百分之一百二十 is a rate
        return []
    if in_quotes(text, start, end, quotes):
        return []
    qualifier = BEFORE[g.pre.strip(_SPACE_CHARS)] if g.pre else AFTER.get(post, "exact")
    value = share_percent(num, den)
    return [Figure(doc, start, end, text[start:end], value, "%", qualifier, False)]
