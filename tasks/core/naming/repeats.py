"""A headline figure that the body repeats carries the body's indicator (figures.md rule 17).

A page's headline states a result in few words (汝南县34.6万元“送温暖”物质…), often with no verb
to name it by; the body states the same figure in a sentence that does. The head of a page is
every short line before the first line holding a full stop (headlines, breadcrumbs, dates).
A headline may round the figure (超5600家 for 5624家; rule 17: "even rounded"): its value, read
to its own last significant digit, must hold the body's on the side its qualifier says.
A headline may also shorten the unit (筹集互助金1955万 for 1955万元; 514465人参与 for 514465人次
参保): the same value with no unit, or a count of people for a count of attendances, is the
body's figure too.
"""

from __future__ import annotations

import math
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.naming.scoring import PEOPLE_UNITS

FULL_STOPS: Final = "。！？!?"
HEADLINE_MAX: Final = 80  # a longer line is body text even before the first full stop
BARE_MIN: Final = 100  # a headline's bare number is taken for the body's only from this size up


def name_headline_repeats(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (any order) with the unnamed head figures named as their body repeat."""
    head_end = _head_end(text)
    body = [g for g in figures if g.start >= head_end and g.indicator and g.value is not None]
    out = []
    for f in figures:
        if f.start < head_end and not f.indicator and f.value is not None and _short_line(text, f):
            same = next((g for g in body if g.unit == f.unit and g.value == f.value), None)
            if same is None:
                same = next((g for g in body if g.unit == f.unit and rounds_to(f, g.value)), None)
            if same is None:
                same = next((g for g in body if g.value == f.value and _shortened(f, g)), None)
            if same is not None:
                f = f.with_(
                    indicator=same.indicator,
                    confidence=same.confidence,
                    evidence=f"正文{same.text}",
                    candidate="",
                )
        out.append(f)
    return out


def _shortened(head: Figure, body: Figure) -> bool:
    """`head`'s unit is `body`'s shortened: dropped (1955万 for 1955万元) or people for attendances."""
    if not head.unit:
        return head.value is not None and head.value >= BARE_MIN
    return head.unit in PEOPLE_UNITS and body.unit in PEOPLE_UNITS


def rounds_to(head: Figure, value: float | None) -> bool:
    """`head` (超5600, 近15万, 约3000) is `value` rounded to its last significant digit: `over`
    is a lower bound (5600 < value < 5700), `under` an upper bound, `about` the nearest step
    (a step of 100 for 5600). A bare figure is not taken for a rounding (30家 is not 31家)."""
    v = head.value
    if v is None or value is None or v <= 0 or value <= 0 or v == value:
        return False
    step = _step(v)
    if head.qualifier == "over":
        return v < value < v + step
    if head.qualifier == "under":
        return v - step < value < v
    if head.qualifier == "about":
        return abs(value - v) <= step / 2
    return False


def _step(v: float) -> float:
    """The place of `v`'s last significant digit: 100 for 5600, 0.1 for 2.3, 1 for 5624."""
    digits = f"{v:.15g}"
    if "." in digits and "e" not in digits:
        return 10.0 ** -len(digits.split(".")[1])
    mantissa = digits.split("e")[0].replace(".", "").rstrip("0") or "0"
    return 10.0 ** (math.floor(math.log10(abs(v))) - len(mantissa) + 1)


def _short_line(text: str, f: Figure) -> bool:
    start = text.rfind("\n", 0, f.start) + 1
    end = text.find("\n", f.end)
    return (end if end >= 0 else len(text)) - start <= HEADLINE_MAX


def _head_end(text: str) -> int:
    """Start of the line holding the page's first full stop (the body's first sentence)."""
    stops = [i for i in map(text.find, FULL_STOPS) if i >= 0]
    if not stops:
        return 0
    return text.rfind("\n", 0, min(stops)) + 1
