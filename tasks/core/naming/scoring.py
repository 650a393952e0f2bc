"""How sure a naming is: every indicator the evidence points to, scored, and the best kept.

Evidence for an indicator, strongest first:
1. a rule of indicator_rules.yaml or a catalogue 别名 next to the figure (what it counts, the
   verb of its clause): `Hit`s from tasks/core/naming/indicators.py;
2. the campaign or programme in force (疗休养, 送温暖, 金秋助学 …) in the figure's sentence, the
   lead sentence of its paragraph, the heading above it or the page's title, for a figure
   counting the campaign's people or money (`campaigns:` in indicator_rules.yaml).

A figure is named when the best indicator scores at least NAME_AT and no other indicator comes
within MARGIN of it; otherwise it stays unnamed and keeps the best as `candidate` (shown as
待核实 in the workbook, never counted). A naming below REVIEW_BELOW is shown as 待核实 too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import fills_at_once
from tasks.core.naming.clauses import Window, normalise
from tasks.core.naming.reach import last_clause_before

NAME_AT, REVIEW_BELOW, MARGIN = 0.55, 0.75, 0.15
LEAD_MAX = 24
OWN_CLAUSE = 0.7  # the weight of a campaign named in the figure's own clause
PEOPLE_UNITS = frozenset(["人", "名", "位", "户", "人次", "户次"])


@fills_at_once
@dataclass(frozen=True)
class Hit:
    """One indicator some evidence points to."""

    indicator: str
    key: tuple  # (priority, -distance, word length): the larger fits better
    word: str  # the word of the text that decided it
    rule: object = None  # the Rule that fired, None for campaign evidence
    score: float = 0.0  # 0–1, filled by `scored`


@fills_at_once
@dataclass(frozen=True)
class Naming:
    indicator: str = ""
    confidence: float | None = None
    evidence: str = ""
    candidate: str = ""
    review_reason: str = ""  # why a person should check it (counts.py), for 缺失数据


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
            "frames": _pattern(spec.get("frames", ())),
        }
    return out


def off_campaign(hits: list[Hit], w: Window) -> list[Hit]:
    """Hits of a campaign's indicator dropped when the figure's own sentence puts another
    campaign in force (金秋助学…发放救助金8.4万元 is student aid, not 送温暖 money)."""
    specs = _campaigns()
    if not any(h.indicator in specs for h in hits):
        return hits  # no campaign's indicator among them: nothing to drop
    # the last clause of the own scope is the last clause of the sentence up to the figure
    # (own_scope cuts it at a clause start): the clauses are found once
    before = w.before
    word, _ = campaign_in_force([(before[_clause_starts(before)[-1] :], 1.0)])
    if not word:
        return hits
    return [h for h in hits if h.indicator not in specs or word in specs[h.indicator]["topic"]]


@cache
def campaign_words() -> re.Pattern:
    words = sorted({t for c in _campaigns().values() for t in c["topic"]}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


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
    return _pattern(load_yaml("indicator_rules.yaml").get("frame_verbs") or ())  # type: ignore[return-value]


def _pattern(words) -> re.Pattern | None:
    """A search for any of `words`; None for no words."""
    words = [normalise(w) for w in words]
    return re.compile("|".join(map(re.escape, words))) if words else None


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
    return benefactive or bool(_frame_verbs().search(clause)) or _is_batch(clause)


@cache
def _benefactive() -> tuple[re.Pattern, int] | None:
    spec = load_yaml("indicator_rules.yaml").get("benefactive")
    return (re.compile(spec["before"]), int(spec["reach"])) if spec else None


_CLAUSE_END = re.compile(r"[，,；;：:。！？!?\n\r]")


def benefit_of(left: str, text: str, end: int) -> str:
    """The rest of the figure's clause when a benefactive preposition governs the figure
    (为全市300名…, 向集团88名…: `left` ends with it): what the people counted are given.
    Empty otherwise."""
    spec = _benefactive()
    if spec is None or not spec[0].search(left):
        return ""
    stop = _CLAUSE_END.search(text, end, end + spec[1])
    return normalise(text[end : stop.start() if stop else end + spec[1]])


def scopes_of(
    text: str,
    w: Window,
    start: int,
    title: str,
    since: int | None = None,
    given: str = "",
    headings: dict[int, str] | None = None,
) -> Iterator[tuple[str, float]]:
    """Where a campaign may be in force for the figure at `start`, with the weight of each;
    `since` (the end of the last figure named in the sentence) opens the sentence back to it;
    `given` (what a benefactive clause gives the people counted) names it after the figure.
    Each scope is built only when the ones before it name no campaign. `headings` keeps the
    heading above each paragraph of `text` for its next figure."""
    yield own_scope(w), OWN_CLAUSE
    if given:  # 为88名…职工子女提供了一次性助学金: the object of the figure's clause
        yield given, OWN_CLAUSE
    if since is not None:
        # 开展疗休养活动，计划…开展，预计惠及职工X人次: further back in the sentence, as far as no
        # figure named with some indicator stands between (…体检X名，为Y名劳模发放补助金)
        yield normalise(text[max(since, w.sentence_start) : start]), 0.65
    # the context is the sentence when no sentence of its paragraph comes before
    same = len(w.raw_context) == len(w.raw_sentence)
    lead = "" if same else w.context[: max(0, len(w.context) - len(w.sentence))]
    if len(lead) > LEAD_MAX or any(c.isdigit() for c in lead):
        # only a short lead sentence naming the topic (二是做实医疗互助。) frames; of a longer
        # one, the activity its last clause names (reach.py)
        lead = "" if same else last_clause_before(w.context, w.sentence)
        yield lead, 0.6
    else:
        yield lead, 0.65
    if refers_back(w.before + w.right):
        # 此次慰问…共计3万元, 首批20名受益者: the drive named before the sentence, however far
        # back in the item (the nearest campaign word wins: no other one stands between)
        reach = _refer_back()["reach"]
        yield normalise(text[max(0, w.sentence_start - reach) : w.sentence_start]), 0.6
    heading = None if headings is None else headings.get(w.paragraph_start)
    if heading is None:
        heading = heading_above(text, w.paragraph_start)
        if headings is not None:
            headings[w.paragraph_start] = heading
    yield heading, 0.6
    yield title, 0.6


@cache
def _refer_back() -> dict:
    spec = load_yaml("indicator_rules.yaml").get("refer_back") or {}
    return {
        "openers": tuple(normalise(x) for x in spec.get("openers", ())),
        "batches": _pattern(spec.get("batches", ())),
        "listed": re.compile(spec["listed"]) if spec.get("listed") else None,
        "reach": int(spec.get("reach", 0)),
    }


def refers_back(before: str) -> bool:
    """The sentence up to the figure's clause refers back to a drive named earlier: it opens
    with 此次/活动中 …, or the figure counts the drive's first batch (首批, 首发团)."""
    spec = _refer_back()
    if before.startswith(spec["openers"]):
        return True
    return bool(spec["batches"] and spec["batches"].search(before))


def _is_batch(clause: str) -> bool:
    """首批20名, 50人首发团: the drive's first batch is what the drive did so far."""
    batches = _refer_back()["batches"]
    return bool(batches and batches.search(clause))


def batches_listed(sentence: str) -> bool:
    """分两批进行，第一批…，第二批…: batches that break a total down, not a first result."""
    listed = _refer_back()["listed"]
    return bool(listed and listed.search(sentence))


def own_scope(w: Window) -> str:
    """The campaign named in the figure's clause or the one before it (…疗休养活动5月启动以来，
    已组织1000名职工参加); further back a clause of another activity may stand between."""
    own = w.before
    starts = _clause_starts(own)
    return own[starts[-2] :] if len(starts) > 1 else own


_CLAUSE_MARK = re.compile(r"[，,：:]")


def _clause_starts(s: str) -> list[int]:
    """Starts of the non-empty clauses of `s` (,, leaves an empty one)."""
    starts, at = [], 0
    for mark in _CLAUSE_MARK.finditer(s):
        if mark.start() > at:
            starts.append(at)
        at = mark.end()
    if len(s) > at:
        starts.append(at)
    return starts or [0]


def heading_above(text: str, paragraph_start: int) -> str:
    """The short line closest above the paragraph that reads as its heading (no full stop)."""
    end = paragraph_start
    for _ in range(6):
        if end <= 0:
            return ""
        begin = text.rfind("\n", 0, end - 1) + 1
        line = text[begin:end].strip()
        end = begin
        if not line:
            continue
        if len(line) <= 40 and not line.endswith(("。", "；", ";")):
            return normalise(line)
    return ""
