"""A count of places that did the thing another count of the clause measures (8个开发区新建工会组织
186个; 全市15个乡镇新建工会联合会15个: dev85a, and the places passing a line of s23): the later
count is the result, the places are where it happened. When both got the same indicator, the
count of places gives it up. So does a count of places whose things are told after 的 (21个省的
女职工专项集体合同覆盖率: the places are counted, figures.md rule 1)."""

from __future__ import annotations

from functools import cache
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure
from tasks.core.naming.clauses import normalise
from tasks.core.naming.stretches import CLAUSE_MARKS

REACH: Final = 30  # characters from the count of places to the count of the result


@cache
def _place_heads() -> tuple[str, ...]:
    """The place words, longest first (省市级: 省市, not 省)."""
    return tuple(sorted(load_yaml("indicator_rules.yaml")["place_heads"], key=len, reverse=True))


def clear_counts_of_places(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (in text order) with a count of places left unnamed where the next figure of
    its clause carries the same indicator."""
    out = [f.unnamed() if f.indicator and _places_of(text, f) else f for f in figures]
    for i in range(len(out) - 1):
        f, g = out[i], out[i + 1]
        if not f.indicator or f.indicator != g.indicator or g.start - f.end > REACH:
            continue
        between = text[f.end : g.start]
        if any(c in CLAUSE_MARKS for c in between):
            continue
        head = normalise(between).lstrip()
        if head.startswith(_place_heads()) and not _is_tier(head):
            out[i] = f.unnamed()
    return out


def _is_tier(head: str) -> bool:
    """A place word followed by 级 grades what is counted (3户省级困难职工, 5个市级职工书屋):
    the figure counts those, not places."""
    return _after_place(head) == "级"


def _places_of(text: str, f: Figure) -> bool:
    """21个省的女职工专项集体合同覆盖率: the count is of the places whose things are told after 的."""
    return _after_place(normalise(text[f.end : f.end + 8]).lstrip()) == "的"


def _after_place(head: str) -> str | None:
    """The character after the place word `head` opens with (None when it opens with none)."""
    place = next((p for p in _place_heads() if head.startswith(p)), None)
    return None if place is None else head[len(place) : len(place) + 1]
