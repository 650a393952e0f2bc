"""Where a campaign (疗休养, 送温暖, 金秋助学 …) may be in force for a figure, nearest first.

The figure's own clause and the one before it, the object of a benefactive clause, the
sentence back to the last figure named in it, the paragraph's lead sentence, the item a
sentence refers back to (此次…, 首批…), the heading above the paragraph and the page's title,
each with the weight scoring.py gives a campaign named there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.document.sections import number_end
from tasks.core.naming.clauses import Window, normalise
from tasks.core.naming.reach import last_clause_before

LEAD_MAX: Final = 24
OWN_CLAUSE: Final = 0.7  # the weight of a campaign named in the figure's own clause


def any_of(words) -> re.Pattern | None:
    """A search for any of `words`; None for no words."""
    words = [normalise(w) for w in words]
    return re.compile("|".join(map(re.escape, words))) if words else None


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
    if refers_back(w.before + w.right) or points_back(w.right):
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
        "batches": any_of(spec.get("batches", ())),
        "listed": re.compile(spec["listed"]) if spec.get("listed") else None,
        "reach": int(spec.get("reach", 0)),
        "pointers": tuple(normalise(x) for x in spec.get("pointers", ())),
        "lead_ins": tuple(normalise(x) for x in spec.get("lead_ins", ())),
        "joins": re.compile(spec["joins"]) if spec.get("joins") else None,
    }


def refers_back(before: str) -> bool:
    """The sentence up to the figure's clause refers back to a drive named earlier: it opens
    with 此次/活动中 …, or the figure counts the drive's first batch (首批, 首发团)."""
    spec = _refer_back()
    for word in spec["lead_ins"]:  # 据了解，大赛…: the words that only attribute it
        if before.startswith(word) and _CLAUSE_MARK.match(before, len(word)):
            before = before[len(word) + 1 :]
            break
    if before.startswith(spec["openers"]):
        return True
    return bool(spec["batches"] and spec["batches"].search(before))


def points_back(right: str) -> bool:
    """The figure's clause names the drive it takes part in as the one told of before
    (近30万名职工参加了此次竞赛活动, 60余名职工参加了此次比赛), or takes part in the bare
    contest (400余名职工报名参加了比赛)."""
    spec = _refer_back()
    if any(word in right for word in spec["pointers"]):
        return True
    return bool(spec["joins"] and spec["joins"].search(right))


def is_batch(clause: str) -> bool:
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
    starts = clause_starts(own)
    return own[starts[-2] :] if len(starts) > 1 else own


_CLAUSE_MARK: Final = re.compile(r"[，,：:]")


def clause_starts(s: str) -> list[int]:
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
    """The short line closest above the paragraph that reads as its heading (no full stop,
    unless it opens with a section number)."""
    end = paragraph_start
    for _ in range(6):
        if end <= 0:
            return ""
        begin = text.rfind("\n", 0, end - 1) + 1
        line = text[begin:end].strip()
        end = begin
        if not line:
            continue
        if len(line) <= 40 and (not line.endswith(("。", "；", ";")) or _numbered(line)):
            return normalise(line)
    return ""


def _numbered(line: str) -> bool:
    """二、开展“送清凉”活动。: a numbered heading may end with a full stop (a numbered item
    stating a figure, 9.疗休养：组织职工420人。, is no heading)."""
    end = number_end(line)
    return end >= 0 and not any(c.isdigit() for c in line[end:])
