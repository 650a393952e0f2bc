"""Parts of a money total stated elsewhere in the report (figures.md rule 15).

A report often gives a total and, in another sentence or after it, where the money came from
or what it was spent on without a 其中 to mark the breakdown (拨付专款15万元，接收捐赠19.6万元
after 总价值34.6万元; 发放慰问金22.68万元，慰问品约4.61万元，合计27.22万元). Money figures that
follow one another in a sentence and add up to another named money figure of the report are its
parts: they get no indicator, so the total is counted once. A total in the parts' own sentence
adjoins them or marks them as its breakdown (其中); one further off is a sibling of theirs.
People are counted the same way when the parts carry the total's own indicator (使881名困难
职工… then 一是…79名；二是…667人；三是…135人: the groups the drive reached, each named
relief_workers like the total).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure
from tasks.core.naming.wordsets import mentions

SENTENCE_ENDS: Final = "。！？!?\n\r"
MAX_PARTS: Final = 4
MONEY: Final = frozenset(["元"])
PEOPLE: Final = frozenset(["人", "名", "位", "户", "人次", "户次"])
# words marking a breakdown (indicator_rules.yaml `part_markers`: 其中, 包括)
PART_WORDS: Final = mentions(load_yaml("indicator_rules.yaml")["part_markers"])
TOLERANCE: Final = 0.005  # rounded parts (约4.61万元) may miss the total by a little


def clear_parts_of_totals(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (in text order) with the parts of a named money or people total left unnamed."""
    parts = _parts(text, figures, [k for k, f in enumerate(figures) if _is_money(f)], False)
    people = [k for k, f in enumerate(figures) if _is_count(f, PEOPLE)]
    parts |= _parts(text, figures, people, True)
    out = list(figures)
    for k in parts:
        f = out[k]
        if f.indicator:
            out[k] = f.unnamed()
    return out


def _parts(text: str, figures: list[Figure], of: list[int], same: bool) -> set[int]:
    """Runs of figures `of` within one sentence that add up to another named figure of them
    (`same`: one part at least carries the total's indicator)."""
    # by value: a run's sum is compared only with the totals near it, not with all of them
    totals = sorted((figures[k] for k in of if figures[k].indicator), key=_amount)
    values = [t.value for t in totals]
    position = {id(figures[k]): i for i, k in enumerate(of)}
    parts: set[int] = set()
    for i, k in enumerate(of):
        run = [k]
        for j in of[i + 1 : i + MAX_PARTS]:
            if _sentence_ends_between(text, figures[run[-1]].end, figures[j].start):
                break
            run.append(j)
            near = _near(totals, values, sum(_amount(figures[r]) for r in run))
            if not near:
                continue
            inside = {id(figures[r]) for r in run}
            named = {figures[r].indicator for r in run}
            if any(
                id(t) not in inside
                and (not same or t.indicator in named)
                and _sums_to(figures, run, t)
                and _adjoins(text, figures, of, position[id(t)], i, i + len(run) - 1)
                for t in near
            ):
                parts.update(run)
    return parts


def _adjoins(
    text: str, figures: list[Figure], of: list[int], t: int, first: int, last: int
) -> bool:
    """A total in the parts' own sentence stands right before or right after them (筹集
    50万元，市总拨付30万元，企业出资20万元; …慰问品4万元，合计12万元): one apart from them is
    a sibling of theirs whose sum only happens to match (市总下拨劳模慰问金3000元、困难家庭
    慰问金800元，区总下拨困难家庭慰问金2000元，…1000元)."""
    a, b = (of[t], of[first]) if t < first else (of[last], of[t])
    if _sentence_ends_between(text, figures[a].end, figures[b].start):
        return True  # a total stated in another sentence
    if t == first - 1 or t == last + 1:
        return True
    # 筹集资金50万元、物资价值8万元，其中市总拨付30万元，…20万元: a breakdown marked as one
    return t < first and PART_WORDS.search(text, figures[a].end, figures[b].start) is not None


def _near(totals: list[Figure], values: list, s: float) -> list[Figure]:
    """The totals (sorted by value) that `s` may be within TOLERANCE of: every one
    `_sums_to` could accept, found by bisection (the bounds widened past float rounding)."""
    lo = bisect_left(values, s / (1 + TOLERANCE) * (1 - 1e-9))
    hi = bisect_right(values, s / (1 - TOLERANCE) * (1 + 1e-9))
    return totals[lo:hi]


def _is_count(f: Figure, units: frozenset) -> bool:
    return (
        f.unit in units and not f.placeholder and isinstance(f.value, int | float) and f.value > 0
    )


def _amount(f: Figure) -> int | float:
    """The value of a figure known to hold one (`_is_count`)."""
    return f.value  # type: ignore[return-value]


def _is_money(f: Figure) -> bool:
    return _is_count(f, MONEY)


def _sums_to(figures: list[Figure], run: list[int], total: Figure) -> bool:
    s = sum(_amount(figures[r]) for r in run)
    return abs(s - _amount(total)) <= TOLERANCE * _amount(total)


_SENTENCE_END_SET: Final = frozenset(SENTENCE_ENDS)


def _sentence_ends_between(text: str, a: int, b: int) -> bool:
    return not _SENTENCE_END_SET.isdisjoint(text[a:b])
