"""Smaller groups of a people total stated nearby are its parts (figures.md rule 15).

A news item or a report paragraph often states the whole of a drive with 共 (此次活动共涉及6名
困难职工; 共走访慰问困难职工594人) and, before or after it, a group of the same people (到4名困难
职工家中慰问; 入户慰问132人). Such a group, counted with the total's indicator and smaller than
it, is a part: it gets no indicator so the people are counted once. Groups with no stated total
each keep theirs (rule 16). A flow or a stock counted for one group of workers or unions (新业态,
新就业形态, 八大群体) beside the whole of the same count is such a part too (clear_groups_of_totals).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure
from tasks.core.naming.stretches import CLAUSE_MARKS, FULL_SENTENCE_MARKS, back_to
from tasks.core.naming.sums import PEOPLE
from tasks.core.naming.wordsets import mentions

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


def clear_groups_of_totals(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (in text order) with a group's flow or stock (发展新业态会员2万余人) left unnamed
    where the whole of the same count (发展会员5万余人) is stated near it, before or after."""
    indicators, group = _group_spec()
    counts = [f for f in figures if f.indicator in indicators and _has_value(f)]
    ends = sorted(g.end for g in figures)
    grouped = {id(f) for f in counts if group.search(f.subject + _lead_in(text, f, ends))}
    wholes = [f for f in counts if id(f) not in grouped]
    parts = {
        id(f)
        for f in counts
        if id(f) in grouped and any(_part_of(text, f, t, same_unit=False) for t in wholes)
    }
    return [f.unnamed() if id(f) in parts else f for f in figures]


def _lead_in(text: str, f: Figure, ends: list[int]) -> str:
    """The figure's sentence up to it, from the figure before it if any: a drive for the group
    named there (开展“八大群体集中入会行动”，共发展会员4646人) makes the count the group's; a group
    counted before (新建新业态工会30家，全市新建工会组织500家) does not."""
    start = back_to(text, f.start, FULL_SENTENCE_MARKS, 200)
    before = ends[: bisect_right(ends, f.start)]
    return text[max(start, before[-1] if before else 0) : f.start]


@cache
def _group_spec() -> tuple[frozenset[str], re.Pattern]:
    spec = load_yaml("indicator_rules.yaml")["group_parts"]
    return frozenset(spec["indicators"]), mentions(spec["words"])


def _has_value(f: Figure) -> bool:
    return isinstance(f.value, int | float)


def _counts_people(f: Figure) -> bool:
    return bool(f.indicator) and f.unit in PEOPLE and isinstance(f.value, int | float)


def _marked_total(text: str, f: Figure) -> bool:
    """共 (or 合计, 总计) in the figure's own clause: the whole of what it counts."""
    return bool(TOTAL_MARK.search(text[back_to(text, f.start, CLAUSE_MARKS, 40) : f.start]))


def _part_of(text: str, f: Figure, total: Figure, same_unit: bool = True) -> bool:
    if f.indicator != total.indicator or (same_unit and f.unit != total.unit):
        return False
    if not f.value < total.value:  # type: ignore[operator]
        return False
    a, b = sorted((f.start, total.start))
    return b - a <= REACH and text.count("\n", a, b) < PARAGRAPHS
