"""Whether a figure counts: graded evidence beside the which-indicator score.

scoring.py says which indicator a figure's words point to; a figure can point at the right
indicator and still not be a result of the period counted once (figures.md rules 9–15): a total
over several years, a part of a total stated beside it, a per-head amount. This module gathers
such evidence from the structure of the sentence and the paragraph, each kind with a factor in
(0, 1] (tasks/lexicon/counts.yaml), and `weigh` multiplies the naming's confidence by them: a
naming that falls below NAME_AT is left unnamed with its indicator kept as the candidate (shown
as 待核实, never counted); one that falls below REVIEW_BELOW stays named and shows as 待核实.

Evidence gathered here while each figure is named:
- a span of several years opening the figure's paragraph (五年来，…; 近年来，…), or opening a
  sentence of it before the figure (…品牌化建设。五年来，…。累计发放助学金…), or right after
  the paragraph's subject (帮扶中心成立六年来，…), with no single year named between it and the
  figure (rule 12);
- recurrence (每年…) before the figure in its sentence, and accumulation (累计, 先后) in its
  clause after a span of years or a recurrence (rule 12);
- a report announcing near its start that it reviews several years (a congress's report on its
  term: 全面回顾过去五年工作), up to a paragraph opening with what comes next (今后, 下一步),
  with no single year named in the figure's paragraph before it (rule 12).
None of it applies to a stock (截至目前共有…: what exists is no flow over the years).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.naming.clauses import Window, normalise
from tasks.core.naming.scoring import NAME_AT, Naming

# Characters every span of years (五年来, 近年来, 本届以来, 十八大期间) or review announcement
# (总结, 回顾, 回眸, or a congress's 代表大会/全委会) holds, as written or in traditional
# characters: a cheap test before normalising a stretch.
_SPAN_CHARS: Final = re.compile("[年届屆来來间間今]")  # 今 of 至今
_LEAD_CHARS: Final = re.compile("[讯訊电電悉]")  # 讯, 电 of a dateline; 获悉 of a source
_REVIEW_CHARS: Final = re.compile("[总總顾顧眸]|代表大|全委")
# The end of a sentence or of a ；-item inside a paragraph: what follows opens a sentence.
_SENTENCE_OPENING: Final = re.compile("[。！？!?；;]")
_PARAGRAPH_END: Final = re.compile("[\n\r]")
_SINCE_YEAR: Final = re.compile(r"自?((?:19|20)\d{2})")


@dataclass(frozen=True)
class Evidence:
    """One reason a figure may not count, with how much it weighs (1 = none)."""

    kind: str
    word: str
    factor: float


@dataclass(frozen=True)
class _Config:
    opening: int
    lead: re.Pattern
    lead_max: int
    explicit: re.Pattern
    after_subject: re.Pattern
    vague: re.Pattern
    explicit_factor: float
    vague_factor: float
    one_year: re.Pattern
    stock: re.Pattern
    recurrence: re.Pattern
    recurrence_factor: float
    cumulative: re.Pattern
    cumulative_factor: float
    review_opening: int
    review_announce: re.Pattern
    review_ends: re.Pattern
    review_factor: float


@cache
def _config() -> _Config:
    spec = load_yaml("counts.yaml")
    span = spec["year_span"]
    return _Config(
        opening=int(span["opening"]),
        lead=re.compile(span["lead"]),
        lead_max=int(span["lead_max"]),
        explicit=re.compile(span["explicit"]),
        after_subject=re.compile(span["after_subject"]),
        vague=re.compile(span["vague"]),
        explicit_factor=float(span["explicit_factor"]),
        vague_factor=float(span["vague_factor"]),
        one_year=re.compile(span["one_year"]),
        stock=re.compile(span["stock"]),
        recurrence=re.compile(spec["recurrence"]),
        recurrence_factor=float(spec["recurrence_factor"]),
        cumulative=re.compile(spec["cumulative"]),
        cumulative_factor=float(spec["cumulative_factor"]),
        review_opening=int(spec["review"]["opening"]),
        review_announce=re.compile(spec["review"]["announce"]),
        review_ends=re.compile(spec["review"]["ends"]),
        review_factor=float(spec["review"]["factor"]),
    )


def year_evidence(
    text: str, w: Window, start: int, stock: bool, spans: dict[int, tuple] | None = None
) -> list[Evidence]:
    """Evidence that the figure at `start` (window `w`) sums several years (rule 12).

    `stock`: the figure is named an indicator of what exists (stations, members): a stock is
    no flow over the years. `spans` keeps, per paragraph start, the spans of years opening it
    and its sentences for the paragraph's next figures."""
    c = _config()
    if stock or c.stock.search(w.left):
        return []  # 截至目前共有…: what exists, not a flow over the years
    found = []
    opening, later = _paragraph_spans(text, w.paragraph_start, spans)
    # the span opening the paragraph, else the last one opening a sentence before the figure
    span = opening or next((s for s in reversed(later) if s[1] <= start), None)
    if span is not None:
        word, end, factor = span
        if end <= start and not c.one_year.search(normalise(text[end:start])):
            found.append(Evidence("year_span", word, factor))
    if (
        not found
        and _in_review(text, start, spans)
        and not c.one_year.search(normalise(text[w.paragraph_start : start]))
    ):
        found.append(Evidence("review", "回顾多年", c.review_factor))
    recurrence = c.recurrence.search(w.before)  # the sentence up to the figure, normalised
    # (…每年开展竞赛300余项，今年参与…: one year named after it is that year's result)
    if recurrence and not c.one_year.search(w.before, recurrence.end()):
        found.append(Evidence("recurrence", recurrence.group(), c.recurrence_factor))
    cumulative = c.cumulative.search(w.left)
    if cumulative and found:
        found.append(Evidence("cumulative", cumulative.group(), c.cumulative_factor))
    return found


def _paragraph_spans(text: str, paragraph_start: int, spans: dict | None) -> tuple:
    """(the span of years opening the paragraph, or None; the spans opening its later
    sentences, in order), each (word, end offset in `text`, factor). Worked out once per
    paragraph: `spans` keeps it for the paragraph's next figures."""
    if spans is not None and paragraph_start in spans:
        return spans[paragraph_start]
    opening = _span_at(text, paragraph_start)
    later: list[tuple] = []
    if opening is None:
        stop = _PARAGRAPH_END.search(text, paragraph_start)
        stretch = text[paragraph_start : stop.start() if stop else len(text)]
        if _SPAN_CHARS.search(stretch):  # most paragraphs: no word of a span at all
            for mark in _SENTENCE_OPENING.finditer(stretch):
                found = _span_at(text, paragraph_start + mark.end())
                if found is not None:
                    later.append(found)
    out = (opening, tuple(later))
    if spans is not None:
        spans[paragraph_start] = out
    return out


def _span_at(text: str, at: int) -> tuple | None:
    """(word, end offset in `text`, factor) of a span of years opening the stretch at `at`
    (after a reporting lead such as 据悉，), or None."""
    c = _config()
    # a news dateline or a reporter's source (…讯(记者…)记者…获悉，) may run longer than `opening`
    reach = c.lead_max if _LEAD_CHARS.search(text, at, at + c.lead_max) else 0
    raw = text[at : at + reach + c.opening + 8]
    if not _SPAN_CHARS.search(raw):  # nothing to normalise
        return None
    head = normalise(raw)  # normalising drops the paragraph's indent
    lead = c.lead.match(head).end()  # type: ignore[union-attr]
    head = head[: lead + c.opening]
    for pattern, factor in ((c.explicit, c.explicit_factor), (c.vague, c.vague_factor)):
        m = pattern.match(head, lead)
        since = m and _SINCE_YEAR.match(m.group())
        if since and not _later_year(text, int(since.group(1))):
            continue  # (自)2021年以来 in a report of 2021: the period itself
        if m is None and pattern is c.explicit:
            m = c.after_subject.match(head, lead)  # 帮扶中心成立六年来，…
        if m:
            return (m.group(), at + _raw_end(raw, m.group()), factor)
    return None


_YEAR: Final = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*[年\-/.])")


def _later_year(text: str, year: int) -> bool:
    """The report names a year after `year` (a date, 截至2020年底): a span since `year` then
    covers several years."""
    return any(int(y) > year for y in _YEAR.findall(text))


def _in_review(text: str, start: int, spans: dict | None) -> bool:
    """The report announced near its start that it reviews several years, and no paragraph
    opening with what comes next (今后, 下一步) stands between that and `start`."""
    key = -1  # the report's own entry among the paragraphs' of `spans`
    if spans is None or key not in spans:
        c = _config()
        head = text[: c.review_opening]
        # only a report saying 总结/回顾/回眸 (or a congress, 代表大会) near its start can
        # announce a review
        m = c.review_announce.search(normalise(head)) if _REVIEW_CHARS.search(head) else None
        review = None
        if m:
            begin = _raw_end(text[: c.review_opening + 200], m.group())
            ends = [e.start() for e in c.review_ends.finditer(text, begin)]
            review = (begin, ends)
        if spans is None:
            spans = {}
        spans[key] = review
    review = spans[key]
    if review is None or start < review[0]:
        return False
    return not any(review[0] < e < start for e in review[1])


def _raw_end(raw: str, word: str) -> int:
    """Offset in `raw` just past `word` as normalised (traditional text keeps its length;
    a pinyin gloss after a character only pushes the end further)."""
    for end in range(len(word), len(raw) + 1):
        if normalise(raw[:end]).endswith(word):
            return end
    return len(raw)


def weigh(naming: Naming, evidence: list[Evidence]) -> Naming:
    """The naming with its confidence multiplied by the evidence's factors: unnamed, with
    the indicator kept as candidate, when it falls below NAME_AT."""
    if not naming.indicator or not evidence:
        return naming
    factor = 1.0
    for e in evidence:
        factor *= e.factor
    score = round((naming.confidence or 1.0) * factor, 2)
    words = "，".join(e.word for e in evidence)
    why, reason = f"{naming.evidence}；{words}", f"{_reason()}（{words}）"
    if score < NAME_AT:
        return Naming("", score, why, naming.indicator, reason)
    return Naming(naming.indicator, score, why, "", reason)


@cache
def _reason() -> str:
    return str(load_yaml("counts.yaml")["reason"])
