"""A federation's own result beside its whole system's is a tier of it (figures.md rule 15).

News of a city or county federation often states what the federation itself did (市总工会…组织
2000名一线职工疗休养; 市总工会…对市直15家单位109名困难职工子女进行救助) and, in the same sentence
or the next, what all the unions of its area did (全市工会系统计划安排6000名…; 全市各级工会…帮助
387名困难职工子女). The federation's figure is one tier of the system's, like 省级/市级 parts of a
total: it gets no indicator so the people or the money are counted once. A federation's figure
with no system figure of the same indicator beside it keeps its indicator.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.naming.clauses import normalise
from tasks.core.naming.stretches import FULL_SENTENCE_MARKS, back_to
from tasks.core.naming.sums import PEOPLE

# Who did it, as the words before a figure in its sentence say: the unions of a whole area
# (全市各级工会, 全市工会系统, 我县各级工会: the system) or the federation of that area itself
# or an office directly under it (市总工会, 市总, 市直单位: one tier). Both name the level
# (省, 市, 县 …): a city federation's figure in a province's news (泉州市总工会 beside 全省工会)
# is a group of its own (rule 16), not a tier of the province's.
_LEVELS: Final = "省市州盟县区旗"
_SCOPE: Final = re.compile(
    rf"(?:全|我|本)(?P<wide>[{_LEVELS}])(?:各级工会|工会系统|各级工会组织|工会)"
    rf"|(?P<narrow>[{_LEVELS}])(?:总工会|总(?!工会|数|计|额))"
    rf"|(?<![社城])(?P<office>[市县区])直(?:单位|机关)?"
)
# A cheap test on the raw text (simplified or traditional) before any sentence is read.
_SYSTEM_WORDS: Final = re.compile("[全我本][省市州盟县縣区區旗]")
REACH: Final = 300  # characters between the two figures (one news item, one paragraph)
PARAGRAPHS: Final = 2  # the two stand in the same paragraph or the next


def clear_tiers_of_system_totals(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (in text order) with a federation's own figures left unnamed where its
    system's figure of the same indicator and measure, larger, stands beside them."""
    if not _SYSTEM_WORDS.search(text):
        return figures  # most reports name no system of unions at all
    scoped = [(f, _scope(text, f)) for f in figures if f.indicator and _measured(f)]
    systems = [(f, level) for f, (kind, level) in scoped if kind == "wide"]
    if not systems:
        return figures
    tiers = {
        id(f)
        for f, (kind, level) in scoped
        if kind == "narrow" and any(lv == level and _tier_of(text, f, t) for t, lv in systems)
    }
    return [f.unnamed() if id(f) in tiers else f for f in figures] if tiers else figures


def _measured(f: Figure) -> bool:
    return (f.unit in PEOPLE or f.unit == "元") and isinstance(f.value, int | float)


def _scope(text: str, f: Figure) -> tuple[str, str]:
    """("wide" or "narrow", level) of the last scope word of the figure's sentence before
    it, or ("", "")."""
    start = back_to(text, f.start, FULL_SENTENCE_MARKS, 200)
    last = None  # read as simplified: mirrored pages write 市總工會, 全市各級工會
    for last in _SCOPE.finditer(normalise(text[start : f.start])):  # noqa: B007 - the last one
        pass
    if last is None:
        return "", ""
    if last.group("wide"):
        return "wide", last.group("wide")
    return "narrow", last.group("narrow") or last.group("office")


def _tier_of(text: str, f: Figure, system: Figure) -> bool:
    same_measure = (f.unit in PEOPLE) == (system.unit in PEOPLE)
    if f.indicator != system.indicator or not same_measure or not f.value < system.value:  # type: ignore[operator]
        return False
    a, b = sorted((f.start, system.start))
    return b - a <= REACH and text.count("\n", a, b) < PARAGRAPHS
