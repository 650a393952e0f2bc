"""How sure a naming is: every indicator the evidence points to, scored, and the best kept.

Evidence for an indicator, strongest first:
1. a rule of indicator_rules.yaml or a catalogue 别名 next to the figure (what it counts, the
   verb of its clause): `Hit`s from tasks/core/naming/ranking.py;
2. the campaign or programme in force (疗休养, 送温暖, 金秋助学 …) in the figure's sentence, the
   lead sentence of its paragraph, the heading above it or the page's title, for a figure
   counting the campaign's people or money (`campaigns:` in indicator_rules.yaml).

A figure is named when the best indicator scores at least NAME_AT and no other indicator comes
within MARGIN of it; otherwise it stays unnamed and keeps the best as `candidate` (shown as
待核实 in the workbook, never counted). A naming below REVIEW_BELOW is shown as 待核实 too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.naming.clauses import Window, normalise
from tasks.core.naming.scopes import OWN_CLAUSE, any_of, clause_starts, is_batch
from tasks.core.naming.wordsets import NEVER, mentions

NAME_AT: Final = 0.55
REVIEW_BELOW: Final = 0.75
MARGIN: Final = 0.15
PEOPLE_UNITS: Final = frozenset(["人", "名", "位", "户", "人次", "户次"])


@dataclass(unsafe_hash=True)  # as Figure (model.py): never changed once made
class Hit:
    """One indicator some evidence points to."""

    indicator: str
    key: tuple  # (priority, -distance, word length): the larger fits better
    word: str  # the word of the text that decided it
    rule: Any = None  # the Rule that fired, None for campaign evidence
    score: float = 0.0  # 0–1, filled by `scored`

    def __init__(
        self,
        indicator: str,
        key: tuple,
        word: str,
        rule: Any = None,
        score: float = 0.0,
    ) -> None:
        self.indicator = indicator
        self.key = key
        self.word = word
        self.rule = rule
        self.score = score


@dataclass(unsafe_hash=True)  # as Figure (model.py)
class Naming:
    indicator: str = ""
    confidence: float | None = None
    evidence: str = ""
    candidate: str = ""
    review_reason: str = ""  # why a person should check it (counts.py), for 缺失数据

    def __init__(
        self,
        indicator: str = "",
        confidence: float | None = None,
        evidence: str = "",
        candidate: str = "",
        review_reason: str = "",
    ) -> None:
        self.indicator = indicator
        self.confidence = confidence
        self.evidence = evidence
        self.candidate = candidate
        self.review_reason = review_reason


@cache  # a few priorities and distances: each score is rounded once
def score_of_rule(alias: bool, priority: int, distance: int) -> float:
    """The score of a rule's hit keyed (priority, distance, …): an alias or a rule word right
    at the figure is near certain; every character between them costs a little."""
    base = 0.95 if alias else 0.9 + 0.02 * min(priority, 2)
    return round(max(0.6, base - 0.01 * max(0, -distance - 4)), 2)


def decide(hits: list[Hit]) -> Naming:
    """The naming the scored hits give (best first): named when clearly ahead."""
    if not hits:
        return Naming()
    best = hits[0]
    runner = next((h for h in hits[1:] if h.indicator != best.indicator), None)
    score = best.score
    if runner is not None and best.rule is None and runner.score > best.score - MARGIN:
        score = round(best.score - MARGIN, 2)  # campaign evidence alone, a rival close by
    if score < NAME_AT:
        return Naming("", score, best.word, best.indicator)
    return Naming(best.indicator, score, best.word, "")


@cache
def _campaigns() -> dict[str, dict]:
    config = load_yaml("indicator_rules.yaml")
    out = {}
    for ind, spec in (config.get("campaigns") or {}).items():
        out[ind] = {
            "topic": tuple(normalise(x) for x in spec["topic"]),
            "measure": spec["measure"],
            "heads": tuple(normalise(x) for x in spec.get("heads", ())),
            "frames": any_of(spec.get("frames", ())),
        }
    return out


def off_campaign(hits: list[Hit], w: Window, wider: Iterable[tuple[str, float]] = ()) -> list[Hit]:
    """Hits of a campaign's indicator dropped when the figure's own clause puts another
    campaign in force (金秋助学…发放救助金8.4万元 is student aid, not 送温暖 money); or, when
    its sentence names no campaign at all (before the figure or after it), the nearest of the
    `wider` scopes (lead sentence, heading, title: 慰问金 on a page about 送清凉 or 金秋助学 is
    not 送温暖 money). A sentence that names some campaign elsewhere is left alone: it lists
    several activities, or names the figure's own after it."""
    specs = _campaigns()
    if not any(h.indicator in specs for h in hits):
        return hits  # no campaign's indicator among them: nothing to drop
    # the last clause of the own scope is the last clause of the sentence up to the figure
    # (own_scope cuts it at a clause start): the clauses are found once
    before = w.before
    word, _ = campaign_in_force([(before[clause_starts(before)[-1] :], 1.0)])
    if not word and not last_campaign_word(w.sentence):
        # built lazily: only when the sentence names none, before the figure or after it
        # (全县共有8600名职工参加职工医疗互助 under a lead sentence about 送清凉 is its own)
        word, _ = campaign_in_force(wider)
    if not word:
        return hits
    return [h for h in hits if h.indicator not in specs or word in specs[h.indicator]["topic"]]


@cache
def campaign_words() -> re.Pattern:
    words = sorted({t for c in _campaigns().values() for t in c["topic"]}, key=len, reverse=True)
    # a campaign word naming a cup (“互助保障杯”职工运动会; scopes are normalised, quotes gone)
    # names the contest, not the campaign
    return re.compile(f"(?:{mentions(words).pattern})(?!杯)")


def campaign_in_force(scopes: Iterable[tuple[str, float]]) -> tuple[str, float]:
    """The campaign word nearest before the figure: the last one of the first scope holding
    one (its own sentence, then the lead sentence, heading and title), with its weight."""
    for scope, weight in scopes:
        word = last_campaign_word(scope)
        if word:
            return word, weight
    return "", 0.0


# The lead sentence, the heading and the title are the scopes of every figure below them.
@lru_cache(maxsize=4096)
def last_campaign_word(scope: str) -> str:
    """The last campaign word of `scope`, or ""."""
    words = campaign_words().findall(scope)
    return words[-1] if words else ""


@cache
def _frame_verbs() -> re.Pattern:
    return any_of(load_yaml("indicator_rules.yaml").get("frame_verbs") or ())  # type: ignore[return-value]


def campaign_hits(
    unit: str, head: str, clause: str, scopes: Iterable[tuple[str, float]], given: str = ""
) -> list:
    """The indicators of the campaign in force that count what the figure measures, when
    its own clause (`clause`) only frames it, or gives the people counted something
    (`given`: the rest of a benefactive clause, see `benefit_of`)."""
    word, weight = campaign_in_force(scopes)
    if not word:
        return []
    measure = _measure(unit)
    hits = []
    for ind, spec in _campaigns().items():
        if word not in spec["topic"] or spec["measure"] != measure:
            continue
        counted = given or head  # the people a benefactive clause gives something to
        if spec["heads"] and counted and not any(h in counted for h in spec["heads"]):
            continue
        # people given something are the campaign's beneficiaries when the campaign is named
        # in their own clause (before the figure or in what they are given), not only above
        benefactive = bool(given) and measure == "people" and weight >= OWN_CLAUSE
        if not _framed(spec, clause, benefactive):
            continue
        hits.append(Hit(ind, (-1, 0, len(word)), word, None, weight))
    return hits


def _measure(unit: str) -> str:
    return "money" if unit == "元" else "people" if unit in PEOPLE_UNITS else ""


def counts_for_campaign(unit: str) -> bool:
    """Some campaign's indicator measures what a figure in `unit` counts (`campaign_hits`
    finds nothing for the others, whatever the scopes say)."""
    return _measure(unit) in {spec["measure"] for spec in _campaigns().values()}


def _framed(spec: dict, clause: str, benefactive: bool) -> bool:
    """The figure's own clause only frames it inside the campaign: a frame verb (the
    campaign's own `frames` where given), a first batch, or people given something."""
    if spec["frames"]:
        return bool(spec["frames"].search(clause))
    return benefactive or bool(_frame_verbs().search(clause)) or is_batch(clause)


@cache
def _benefactive() -> tuple[re.Pattern, int] | None:
    spec = load_yaml("indicator_rules.yaml").get("benefactive")
    return (re.compile(spec["before"]), int(spec["reach"])) if spec else None


_CLAUSE_END: Final = re.compile(r"[，,；;：:。！？!?\n\r]")


def benefit_of(left: str, text: str, end: int) -> str:
    """The rest of the figure's clause when a benefactive preposition governs the figure
    (为全市300名…, 向集团88名…: `left` ends with it): what the people counted are given.
    Empty otherwise."""
    spec = _benefactive()
    if spec is None or not spec[0].search(left):
        return ""
    stop = _CLAUSE_END.search(text, end, end + spec[1])
    return normalise(text[end : stop.start() if stop else end + spec[1]])


@cache
def _value_totals() -> re.Pattern:
    words = load_yaml("indicator_rules.yaml").get("value_totals") or []
    if not words:
        return NEVER  # no total words: every value before 的 is one item's
    return re.compile(f"(?:{mentions(words).pattern})(?:约|达|为)?$")


def one_item_value(left: str, right: str) -> bool:
    """价值200元的礼包: money before 的 is one item's value, unless the words before it make
    it the total of what follows (大米、食用油等价值10万余元的慰问物资; 共计5万元的慰问金)."""
    return right.startswith("的") and not _value_totals().search(left)
