"""Targets stated beside the result get no indicator (figures.md rule 9).

A report often gives the year's target or quota next to what was done (年度目标40家，实际完成
46家; 新建工会52家，完成全年任务80家的65%; 47家（年度任务40家）). Both name the same
indicator, but only the result is an 实际值: a figure whose own clause names a target, plan or
quota loses its indicator when its sentence also states a figure of the same indicator that is
not one. A plan with no result beside it keeps the indicator (rule 10).
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.naming.stretches import CLAUSE_MARKS, back_to

SENTENCE_ENDS: Final = "。！？!?\n\r"
# 力争 (strive for) states a target as 目标 does (目前已吸纳5800余名农民工入会，年前力争1万名: s19)
TARGET_WORDS: Final = re.compile(r"任务|目标|下达|计划|指标|力争")
# a figure its own clause only plans (将投入…组织2000名, 确保完成2万名, 力争建设1-2家) is no result
# beside a target (将近 is "nearly", a qualifier)
PLANNED: Final = re.compile(r"将(?!近)|拟|预计|准备|确保|计划|力争")


def is_target_clause(left: str) -> bool:
    """The words before a figure in its clause name a target, plan or quota."""
    return bool(TARGET_WORDS.search(left))


def clear_targets_beside_results(
    text: str, figures: list[Figure], targets: list[bool]
) -> list[Figure]:
    """`figures` (in text order; `targets[k]` when the k-th one's clause names a target) with
    the targets that have a result of the same indicator in their sentence left unnamed."""
    out = list(figures)
    for k, f in enumerate(figures):
        if not (targets[k] and f.indicator):
            continue
        start, end = _sentence(text, f.start, f.end)
        if any(
            j != k
            and not targets[j]
            and g.indicator == f.indicator
            and start <= g.start < end
            and not _planned(text, back_to(text, g.start, CLAUSE_MARKS, g.start - start), g.start)
            for j, g in enumerate(figures)
        ):
            out[k] = f.unnamed()
    return out


def _planned(text: str, start: int, end: int) -> bool:
    """A plan word starting in the clause text[start:end], read with the characters after it
    (a 将 right before the figure that begins 将近 is no plan)."""
    return any(m.start() < end for m in PLANNED.finditer(text, start, end + 2))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    begin = max(text.rfind(c, 0, start) for c in SENTENCE_ENDS) + 1
    stops = [i for i in (text.find(c, end) for c in SENTENCE_ENDS) if i >= 0]
    return begin, min(stops, default=len(text))
