"""A second reading of which indicator a figure measures: from what it counts alone.

The rules (ranking.py, scoring.py) look for words of indicator_rules.yaml around a figure.
This reading only compares the figure's subject (subjects.py: the phrase naming what it
counts) with the catalogue's own words for each indicator (its 指标名称 and 别名; a 指标库
sheet's additions included), among the indicators whose measure words take the figure's unit:

- every phrase is cut into character pairs: no dictionary to load, and the union domain's
  compounds (书屋, 驿站, 疗休养) match as written (traditional text after `normalise`);
- a pair few indicators share weighs more than one most of them share (职工, 工会);
- an indicator scores the largest share of one of its phrases' weight the subject holds
  (1.0: the subject holds a whole name or 别名), less the weight of the subject's pairs that
  belong only to other indicators taking the unit (劳模 in 劳模慰问金 speaks against 慰问金);
- the counted thing decides: when the subject's last pair (its head noun, what the measure
  word attaches to) is a word of the catalogue, the indicator's phrases must hold it.

`opinion` says which indicator is clearly ahead (at least NAME_AT, RATIO times the runner-up)
and which is best. Measured on the development sets (QUALITY.md, s9-subject-naming), a clear
opinion names fewer figures right than wrong where the rules name nothing, and contradicts
more right namings than wrong ones: naming uses only `subject_candidate`, the best indicator
of a figure no evidence reached, kept as its candidate (待核实, never counted).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from tasks.core.common.catalogue import Catalogue, per_catalogue
from tasks.core.naming.scoring import Naming
from tasks.core.naming.spelling import normalise

# clearly ahead: what `opinion` names
NAME_AT: Final = 0.6
RATIO: Final = 1.5
CANDIDATE_AT: Final = 0.7  # the best indicator kept as a candidate from this score
FOREIGN: Final = 0.5  # how much another indicator's own pairs in the subject weigh against
# Closing characters of a subject that count nothing (…等, …的, 共, 达), and nouns of quantity
# that say how the counted thing is measured, not what it is (会员人数: 会员 are counted).
TRAILING: Final = ("等", "的", "共", "达", "约", "近", "有", "了")
QUANTITY: Final = ("人数", "人次", "总数", "数量", "金额", "总额", "数")


@dataclass(frozen=True)
class Opinion:
    """What the subject says: `indicator` when one is clearly ahead, `best` in any case."""

    indicator: str = ""
    best: str = ""
    score: float = 0.0
    runner_up: float = 0.0
    phrase: str = ""  # the catalogue phrase of `best` the subject is closest to


@dataclass(frozen=True, eq=False)  # hashed by identity: opinions are cached per table
class SubjectTable:
    """The catalogue's phrases as weighted character pairs."""

    ids: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]  # per indicator: its name and 别名, normalised
    pairs: tuple[tuple[frozenset[str], ...], ...]  # per indicator and phrase: its pairs
    totals: tuple[tuple[float, ...], ...]  # per indicator and phrase: its pairs' weight
    every: tuple[frozenset[str], ...]  # per indicator: the pairs of all its phrases
    units: tuple[frozenset[str], ...]  # per indicator: the measure words it takes
    weight: dict[str, float]  # pair → log(1 + N / indicators holding it)
    holders: dict[str, tuple[int, ...]]  # pair → the indicators holding it


def pairs_of(text: str) -> list[str]:
    """The character pairs of `text` in order (a single character: itself)."""
    if len(text) < 2:
        return [text] if text else []
    return [text[i : i + 2] for i in range(len(text) - 1)]


@per_catalogue
def subject_table(catalogue: Catalogue) -> SubjectTable:
    """The phrases of `catalogue` as weighted pairs (built once per catalogue)."""
    ids, phrases, pairs, every, units = [], [], [], [], []
    for ind in catalogue.indicators:
        own = tuple(dict.fromkeys(p for p in (normalise(x) for x in (ind.name, *ind.aliases)) if p))
        per = tuple(frozenset(pairs_of(p)) for p in own)
        ids.append(ind.id)
        phrases.append(own)
        pairs.append(per)
        every.append(frozenset().union(*per))
        units.append(frozenset(ind.units or (ind.unit,)))
    df = Counter(p for s in every for p in s)
    weight = {p: math.log(1 + len(ids) / c) for p, c in df.items()}
    holders = defaultdict(list)
    for k, s in enumerate(every):
        for p in s:
            holders[p].append(k)
    totals = tuple(tuple(sum(weight[p] for p in ps) for ps in per) for per in pairs)
    return SubjectTable(
        tuple(ids),
        tuple(phrases),
        tuple(pairs),
        totals,
        tuple(every),
        tuple(units),
        weight,
        {p: tuple(ks) for p, ks in holders.items()},
    )


def head_of(subject: str) -> str:
    """The subject's last pair, past closing characters and nouns of quantity."""
    s = subject.rstrip("，,、；;：: ")
    while s.endswith(TRAILING):
        s = s[:-1]
    for word in QUANTITY:
        if s.endswith(word) and len(s) > len(word) + 1:
            s = s[: -len(word)]
            break
    return s[-2:]


def scores(subject: str, unit: str, table: SubjectTable) -> list[tuple[float, str, str]]:
    """(score, indicator, closest phrase) of every indicator taking `unit` that shares a
    pair with the subject, best first."""
    s = normalise(subject)
    weight, holders = table.weight, table.holders
    own = {p for p in pairs_of(s) if p in weight}  # pairs no indicator holds say nothing
    if not own:
        return []
    head = head_of(s)
    compatible = {k for p in own for k in holders[p] if unit in table.units[k]}
    fitting = compatible
    if head in weight:  # the counted thing is a catalogue word: only its indicators
        fitting = compatible.intersection(holders[head])
    own_weight = sum(weight[p] for p in own)
    out = []
    for k in sorted(fitting):
        best, phrase = 0.0, ""
        for text, ps, total in zip(table.phrases[k], table.pairs[k], table.totals[k], strict=True):
            got = sum(weight[p] for p in ps & own) / total
            if got > best:
                best, phrase = got, text
        others = {p for p in own - table.every[k] if any(j in compatible for j in holders[p])}
        best *= 1 - FOREIGN * sum(weight[p] for p in others) / own_weight
        if best > 0:
            out.append((round(best, 3), table.ids[k], phrase))
    out.sort(key=lambda t: -t[0])
    return out


@lru_cache(maxsize=4096)  # reports repeat their subjects (困难职工, 会员)
def opinion(subject: str, unit: str, table: SubjectTable) -> Opinion:
    """The subject's indicator when one is clearly ahead, and its best in any case."""
    ranked = scores(subject, unit, table)
    if not ranked:
        return Opinion()
    score, best, phrase = ranked[0]
    runner = ranked[1][0] if len(ranked) > 1 else 0.0
    clear = score >= NAME_AT and score >= RATIO * runner
    return Opinion(best if clear else "", best, score, runner, phrase)


def subject_candidate(subject: str, unit: str, table: SubjectTable) -> Naming:
    """For a figure no rule and no campaign reached: the indicator its subject comes closest
    to, kept as the candidate (待核实 where a target has no actual; never counted), with the
    catalogue phrase as evidence. No naming when no indicator comes close."""
    o = opinion(subject, unit, table)
    if o.best and o.score >= CANDIDATE_AT:
        return Naming("", o.score, o.phrase, o.best)
    return Naming()
