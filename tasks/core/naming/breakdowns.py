"""A part after 其中 (包括, 包含) counts once: its total decides (figures.md rules 15, 16).

While each figure is named, one that stands after a part marker and is measured like a figure
before it loses its indicator (parts.py), unless a 别名 names it outright. Once the whole report
is named, the total each such part breaks down is known, and its indicator decides:
- the total carries the part's own indicator: the part is counted in it, so it names none, even
  when a 别名 named it (共发放慰问金36万元。其中…向困难职工发放慰问金27万元);
- the total carries another indicator: the part is a quantity of its own and keeps the indicator
  its words gave (…慰问金36万元。其中向劳模发放慰问金9万元 → model_worker_funds);
- no figure before the marker is measured like the part: it breaks nothing down, and keeps its
  indicator (…慰问金36万元。其中向12名劳模…；向177名困难职工…: no people total, rule 16).
A total with no indicator leaves the part as it was named.
"""

from __future__ import annotations

import re

from tasks.core.common.model import Figure
from tasks.core.naming.clauses import normalise
from tasks.core.naming.matcher import Matcher
from tasks.core.naming.parts import _closes_bracket, _same_measure
from tasks.core.naming.scoring import Naming
from tasks.core.naming.stretches import CLAUSE_MARKS, back_to

FULL_STOPS = "。！？!?\n\r"
TOTALLING = re.compile(r"共|合计|总计|累计")
REACH = 300  # characters back to the marker's sentence and to the one before it


def settle_parts(
    text: str, figures: list[Figure], held: dict[int, Naming], m: Matcher
) -> list[Figure]:
    """`figures` (in text order) with the parts after a marker settled by their total;
    `held` keeps, by start offset, the naming each part had before it was set aside."""
    out = list(figures)
    for k, f in enumerate(figures):
        naming = held.get(f.start)
        indicator = naming.indicator if naming is not None else f.indicator
        if not indicator:
            continue
        found = _total_of(text, figures, k, m, indicator)
        if found is None:
            continue  # no part marker governs it
        total = found[0]
        if naming is not None and (total is None or total.indicator not in ("", indicator)):
            out[k] = f.with_(**vars(naming))  # a quantity of its own (rule 16)
        elif naming is None and total is not None and total.indicator == indicator:
            out[k] = f.unnamed()  # counted in its total (rule 15)
    return out


def _total_of(text, figures, k, m: Matcher, indicator: str) -> tuple[Figure | None] | None:
    """(the total the k-th figure breaks down, or None when no figure before the marker is
    measured like it), or None when no part marker opens a breakdown before the figure."""
    f = figures[k]
    hard = back_to(text, f.start, FULL_STOPS, REACH, wrapped=True)
    before = text[hard : f.start]
    at = max(before.rfind(p) for p in m.config["part_markers"])
    if at < 0 or _closes_bracket(before[at:]):
        return None
    marker = hard + at
    if TOTALLING.search(normalise(text[back_to(text, f.start, CLAUSE_MARKS, 40) : f.start])):
        return None  # …各县28个；全市累计建成410个: a total again, after the breakdown
    start = hard
    if not normalise(text[hard:marker]).strip("，,：: "):
        # a sentence opening with 其中 breaks down the sentence before it
        end = hard
        while end > 0 and text[end - 1] in FULL_STOPS:
            end -= 1
        start = back_to(text, end, FULL_STOPS, REACH, wrapped=True)
    totals = [
        g
        for g in figures[:k]
        if start <= g.start and g.end <= marker and _same_measure(g.unit, f.unit, m, indicator)
    ]
    return (totals[-1] if totals else None,)
