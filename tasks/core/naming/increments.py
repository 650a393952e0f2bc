"""The increment over a baseline (figures.md rules 7 and 15): 在原有已建成127家驿站的基础上，今年
又新增5家，总计131家 — the period's result is the 5 new ones; the baseline (named by nothing:
indicators.py) and the running total after it are counted once, in the increment (dev68a,
dev78a: two sources whose gold reads it so).

The increment's own clause holds only a verb of increase, so no rule names it; it takes the
indicator named for the total after it in the same sentence, and the total gives it up.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.naming.clauses import normalise
from tasks.core.naming.stretches import CLAUSE_MARKS, SENTENCE_MARKS, back_to

INCREMENT: Final = re.compile(
    r"(?:今年以来|今年|本年|年内|当年|全年)?(?:又|再)?(?:新增|增加|新建)了?"
)
TOTAL_WORDS: Final = re.compile(r"总计|累计|共计|合计|总数|共")
BASELINE: Final = "基础上"
REACH: Final = 40


def name_increments_on_baseline(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (in text order) with the increment after a baseline named as the running
    total after it was, and that total left unnamed."""
    out = list(figures)
    for i, f in enumerate(out):
        if f.indicator or not _is_increment(text, f):
            continue
        j = _total_after(text, out, i)
        if j is not None:
            total = out[j]
            out[i] = f.with_(
                indicator=total.indicator, confidence=total.confidence, evidence=total.evidence
            )
            out[j] = total.unnamed()
    return out


def _is_increment(text: str, f: Figure) -> bool:
    start = back_to(text, f.start, CLAUSE_MARKS, REACH)
    if start == 0 or not INCREMENT.fullmatch(normalise(text[start : f.start]).strip()):
        return False
    before = normalise(text[back_to(text, start - 1, CLAUSE_MARKS, REACH) : start - 1])
    return before.rstrip().endswith(BASELINE)


def _total_after(text: str, figures: list[Figure], i: int) -> int | None:
    """The next figure of the sentence, in the same unit, named, with a totalling word."""
    f = figures[i]
    for j in range(i + 1, len(figures)):
        g = figures[j]
        if any(c in SENTENCE_MARKS for c in text[f.end : g.start]):
            return None
        if g.unit == f.unit and g.indicator:
            start = back_to(text, g.start, CLAUSE_MARKS, REACH)
            return j if TOTAL_WORDS.search(normalise(text[start : g.start])) else None
    return None
