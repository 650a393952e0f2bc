"""Smaller groups of a people total stated nearby are its parts (figures.md rule 15).

A news item or a report paragraph often states the whole of a drive with 共 (此次活动共涉及6名
困难职工; 共走访慰问困难职工594人) and, before or after it, a group of the same people (到4名困难
职工家中慰问; 入户慰问132人). Such a group, counted with the total's indicator and smaller than
it, is a part: it gets no indicator so the people are counted once. Groups with no stated total
each keep theirs (rule 16).
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.naming.stretches import CLAUSE_MARKS, back_to
from tasks.core.naming.sums import PEOPLE

TOTAL_MARK: Final = re.compile(r"共|总计|合计|總計|合計")
REACH: Final = 300  # characters between a total and its parts (one news item, one paragraph)
PARAGRAPHS: Final = 3  # a part stands at most two paragraphs away from its total (one news item)


def clear_subsets_of_totals(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (in text order) with smaller same-indicator people counts near a stated
    total left unnamed."""
    people = [f for f in figures if _counts_people(f)]
    totals = [f for f in people if _marked_total(text, f)]
    if not totals:
        return figures
    whole = {id(t) for t in totals}
    parts = {
        id(f) for f in people if id(f) not in whole and any(_part_of(text, f, t) for t in totals)
    }
    return [f.unnamed() if id(f) in parts else f for f in figures]


def _counts_people(f: Figure) -> bool:
    return bool(f.indicator) and f.unit in PEOPLE and isinstance(f.value, int | float)


def _marked_total(text: str, f: Figure) -> bool:
    """共 (or 合计, 总计) in the figure's own clause: the whole of what it counts."""
    return bool(TOTAL_MARK.search(text[back_to(text, f.start, CLAUSE_MARKS, 40) : f.start]))


def _part_of(text: str, f: Figure, total: Figure) -> bool:
    if f.indicator != total.indicator or f.unit != total.unit or not f.value < total.value:  # type: ignore[operator]
        return False
    a, b = sorted((f.start, total.start))
    return b - a <= REACH and text.count("\n", a, b) < PARAGRAPHS
