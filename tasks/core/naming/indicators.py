"""Name the indicator of each figure: what it counts, in the report's words and as a catalogue id.

For every figure the words around it (tasks/core/naming/clauses.py) are cut with the catalogue's
jieba dictionary (tasks/core/naming/matcher.py) and every rule that fits the figure's unit is tried;
the rule with the highest priority and the nearest word wins; a figure no rule names may take the
campaign in force (scoring.py); one no evidence reached keeps, as its candidate, the indicator its
subject comes close to (by_subject.py). A figure that is a part of a total just stated (after 其中:
parts.py, a tier such as 省级, a per-head amount) gets no indicator so that totals are never
counted twice. Evidence that a named figure is not a result of the period (a total over several
years) weighs its confidence down (counts.py). Once every figure is named, the report as a whole
is looked at: money parts that add up to a named total (sums.py), targets beside their result
(targets.py) and headline figures the body repeats (repeats.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.model import Figure
from tasks.core.naming.by_subject import SubjectTable, subject_candidate, subject_table
from tasks.core.naming.clauses import Window, normalise, title_of, window_of
from tasks.core.naming.counts import weigh, year_evidence
from tasks.core.naming.ellipsis import ELIDED, elliptic_indicator
from tasks.core.naming.matcher import Matcher, compile_catalogue
from tasks.core.naming.measures import in_measure
from tasks.core.naming.parts import (
    after_part_marker,
    marked_in,
    opens_with_part,
    sentence_before,
)
from tasks.core.naming.places import clear_counts_of_places
from tasks.core.naming.purposes import names_purpose, spends
from tasks.core.naming.ranking import ranked, word_set
from tasks.core.naming.reach import record_of
from tasks.core.naming.repeats import name_headline_repeats
from tasks.core.naming.scopes import batches_listed, scopes_of
from tasks.core.naming.scoring import (
    PEOPLE_UNITS,
    Naming,
    benefit_of,
    campaign_hits,
    counts_for_campaign,
    decide,
    off_campaign,
    one_item_value,
)
from tasks.core.naming.stocks import does_something, is_flow, members_on_record, within_stock
from tasks.core.naming.subjects import quoted_before, subject_of
from tasks.core.naming.subsets import clear_groups_of_totals, clear_subsets_of_totals
from tasks.core.naming.sums import clear_parts_of_totals
from tasks.core.naming.targets import clear_targets_beside_results, is_target_clause
from tasks.core.naming.tiers import clear_tiers_of_system_totals
from tasks.core.naming.vetoes import never_named, vetoed
from tasks.core.reading.noise import blank_furniture


@dataclass
class _Seen:
    """What earlier figures said, for totals and follow-ups (覆盖单位, 结案, 合计)."""

    last: dict  # full-sentence start → the last indicator named in it
    stock: dict  # (paragraph start, indicator) → the stock total stated (截至目前已建…)
    named: dict  # soft-sentence start → indicators named in it
    title: str  # the page's headline: a news item's campaign (送清凉) frames every figure
    named_end: dict  # sentence start → end of the last figure named in it
    headings: dict  # paragraph start → the heading above it (scopes.heading_above)
    spans: dict  # paragraph start → spans of years opening it and its sentences; -1 → review
    flows: dict  # (paragraph start, indicator) → the first figure named so (a total, for parts)
    subjects: SubjectTable  # the catalogue's words, for figures no evidence reached


def name_figures(text: str, figures: list[Figure], catalogue: Catalogue) -> list[Figure]:
    """The figures with `subject` and `indicator` filled in, in the order given."""
    m = compile_catalogue(catalogue)
    text = blank_furniture(text)  # watermarks and site furniture say nothing about a figure
    order = sorted(range(len(figures)), key=[(f.start, f.end) for f in figures].__getitem__)
    # 44万人(次): named as what it counts in (人), given back with its unit as written
    written = [figures[i].unit for i in order]
    figs = [in_measure(figures[i], text, m) for i in order]
    seen = _Seen({}, {}, {}, title_of(text), {}, {}, {}, {}, subject_table(catalogue))
    named: list[Figure] = []
    targets: list[bool] = []
    for k, f in enumerate(figs):
        w = window_of(text, figs, k)
        w.record = record_of(text, w.hard_start, w.sentence_start)
        right_headed = _right_headed(w, m)
        subject = subject_of(w, right_headed)
        n = _naming(text, figs, k, w, m, seen, right_headed, subject)
        named.append(
            f.with_(
                subject=subject,
                indicator=n.indicator,
                confidence=n.confidence,
                evidence=n.evidence,
                candidate=n.candidate,
                review_reason=_reasons(f.review_reason, n.review_reason),
            )
        )
        targets.append(is_target_clause(w.left[len(w.label) :]))
    named = clear_targets_beside_results(text, named, targets)
    named = clear_subsets_of_totals(text, clear_parts_of_totals(text, named))
    named = clear_groups_of_totals(text, named)
    named = clear_tiers_of_system_totals(text, named)
    named = members_on_record(text, named)
    named = name_headline_repeats(text, named)
    named = clear_counts_of_places(text, named)
    named = [g if g.unit == u else g.with_(unit=u) for g, u in zip(named, written, strict=True)]
    out = dict(zip(order, named, strict=True))
    return [out[i] for i in range(len(figures))]


def _reasons(read: str, named: str) -> str:
    """Why a person should check the figure: how it was read (spaced digits), then how it
    was named."""
    return f"{read}；{named}" if read and named else read or named


def _benefactive_rest(text: str, f: Figure, w: Window) -> str:
    """The rest of the clause when a benefactive preposition governs a count of people, alone or
    as an item of a 、-list (对全区253户困难职工、8名劳模…进行走访慰问): the verb after the last
    item, and what it gives, are every item's. Empty otherwise."""
    if normalise(f.unit) not in PEOPLE_UNITS:
        return ""
    return benefit_of(w.lead or w.left[len(w.label) :], text, f.end)


def _right_headed(w: Window, m: Matcher) -> bool:
    """True when the words after the figure name what it counts (慰问764户困难职工).

    Otherwise the figure closes its clause (新建工会组织35家) or is followed by a verb whose
    subject it is (职工7000余名投保).
    """
    return _headed_by(m, w.right)


@lru_cache(maxsize=4096)  # a matcher is hashed by identity; reports repeat their wording
def _headed_by(m: Matcher, right: str) -> bool:
    first = next((t for t, _, _ in m.cut(right) if t.strip("、，, ")), None)
    return first is not None and first not in word_set(m, "right_verbs")


def _naming(
    text, figs, k, w: Window, m: Matcher, seen: _Seen, right_headed: bool, subject: str
) -> Naming:
    f = figs[k]
    # a follow-up (覆盖企业, 办结, 合计) refers to the last thing the sentence named, across
    # breakdowns and other measures in between (受理…312件，涉案金额…；办结298件)
    prev = {seen.last.get(w.hard_start, "")}
    soft = w.sentence_start  # back to 。！？ or ；(SENTENCE_MARKS), at most 300 characters
    already = seen.named.setdefault(soft, set())
    if never_named(text, f, w, m):
        return Naming()  # 每人500元, 五年来累计…, 参观了三家企业的…: checked before any rule
    given = _benefactive_rest(text, f, w)  # what the people counted are given
    rest = given if right_headed else ""  # …whose verb the rules read
    hits = ranked(f, w, m, prev, right_headed, seen.title, rest)  # scored by score_of_rule
    hits = off_campaign(hits, w, _wider_scopes(text, w, f, seen))
    spent = f.unit == "元" and spends(w, m)
    if spent:  # 投入30万元，开展…: the money is that purpose's, unless it is the drive's own
        hits = [h for h in hits if names_purpose(h.indicator, w, m)]
    quoted = quoted_before(text, f.start)
    if quoted is not None:
        # 带动基层工会建成“图书角”50余个: the quoted name right before counts, not 基层工会
        hits = [h for h in hits if h.word in quoted]
    elif not hits and not spent:
        since = seen.named_end.get(w.sentence_start, w.sentence_start)
        hits = _campaign_hits(text, f, w, m, seen, right_headed, since, given)
    naming = decide(hits)
    if not hits:  # what the figure counts may still come close to an indicator's name
        naming = subject_candidate(subject, normalise(f.unit), seen.subjects)
        elided, verb = elliptic_indicator(w, seen.last.get(w.hard_start, ""), f.unit, m)
        if elided:  # 新建驿站10个，改造提升15个: the thing counted is the clause before's
            naming = Naming(elided, ELIDED, verb, "")
    stocks = m.config.get("stock_indicators", [])
    if naming.indicator:  # whether it counts: a total over several years (counts.py)
        # a stock, or a rate (入会率98.9%: a state), is never a total over the years
        stock = f.unit == "%" or (naming.indicator in stocks and not is_flow(w, m))
        naming = weigh(naming, year_evidence(text, w, f.start, stock, seen.spans))
    indicator = naming.indicator
    rule = hits[0].rule if hits else None
    if (
        indicator
        and not (rule is not None and rule.alias and _names_another(indicator, text, w, m, seen))
        # 其中…，覆盖企业138家: a follow-up of another measure refers to the total
        and not (rule is not None and rule.after and indicator not in prev)
        and after_part_marker(text, figs, k, m, soft, indicator)
    ):
        return Naming()  # after 其中 only a word naming another indicator outright keeps it
    stock_key = (w.paragraph_start, indicator)
    if (
        indicator in stocks
        # items of one date of record (截至目前，A…；B…) are groups side by side (rule 16)
        and (
            (within_stock(f, seen.stock.get(stock_key)) and not w.record)
            or does_something(w, m, right_headed)
        )
        and not is_flow(w, m)
    ):
        return Naming()  # a breakdown of the stock stated, or the ones that do something
    # (截至6月底新建驿站126个 is what was built, not the stock)
    if indicator and not m.newunion_topic.search(w.left) and m.stock_topic.search(w.sentence):
        seen.stock[stock_key] = f.with_(subject=subject, indicator=indicator)
    if not indicator:
        return naming  # unnamed, with the best candidate when one was near
    total = seen.flows.setdefault((w.paragraph_start, indicator), f)
    if total is not f and within_stock(f, total) and m.subgroup.match(w.raw_sentence.lstrip()):
        return Naming()  # 全市新增…227家。市直企业新增…83家: a group's part of the total (rule 15)
    already.add(indicator)
    seen.last[w.hard_start] = indicator
    seen.named_end[w.sentence_start] = f.end
    return naming


def _campaign_hits(
    text, f: Figure, w: Window, m: Matcher, seen: _Seen, right_headed, since, given: str
) -> list:
    """The campaign in force as evidence, for a figure no rule names (scoring.py); `given`:
    what a benefactive preposition gives the people counted (`_benefactive_rest`)."""
    title = seen.title
    head = w.right[:10] if right_headed else w.left[-10:]
    clause = w.left[len(w.label) :] + w.right
    unit = normalise(f.unit)
    if not counts_for_campaign(unit):
        return []  # no campaign counts what the figure measures: no scope is looked at
    if one_item_value(w.left, w.right) or batches_listed(w.sentence):
        return []  # 价值200元的礼包: one item's value (rule 13); 第一批…第二批…: parts (rule 15)
    scopes = scopes_of(text, w, f.start, title, since, given, seen.headings)
    found = campaign_hits(unit, head, clause, scopes, given)
    return [
        h
        for h in found
        if unit in m.units.get(h.indicator, ())
        and not vetoed(h.indicator, w, m, right_headed, title)
    ]


def _totals_named(text: str, w: Window, m: Matcher, seen: _Seen) -> set[str]:
    """The indicators of the totals a part may break down: those named in its sentence, and
    in the sentence before when this one opens with 其中 (…送温暖资金1500万元。其中，市区送温暖
    资金达400万元: the part's own name is the total's, not another indicator's). A later
    ；-item of a breakdown breaks down the same totals (在签订的合同中，A…；B…)."""
    named = seen.named.get(w.sentence_start, set())
    if opens_with_part(w.raw_sentence, m):
        return named | seen.named.get(w.context_start, set())
    if _in_breakdown_items(text, w, m):
        since = sentence_before(text, w.hard_start)
        return named.union(*(v for at, v in seen.named.items() if since <= at < w.sentence_start))
    return named


def _in_breakdown_items(text: str, w: Window, m: Matcher) -> bool:
    """The figure stands in a later ；-item of a sentence that opens with 其中 (or 包括)."""
    return w.hard_start < w.sentence_start and opens_with_part(
        text[w.hard_start : w.sentence_start], m
    )


def _names_another(indicator: str, text: str, w: Window, m: Matcher, seen: _Seen) -> bool:
    """Totals were named before the part, none of them with `indicator`: a word naming it
    outright after 其中 starts another measure. With no total named, it breaks one down
    (…共帮扶受困职工1646户。其中助学救助470户: rule 15)."""
    totals = _totals_named(text, w, m, seen)
    if totals:
        return indicator not in totals
    if _in_breakdown_items(text, w, m):
        return False  # 其中，A…；B新建工会组织45个: every item of the sentence breaks one down
    # a later ；-item of a list whose first item had a breakdown starts a measure of its own
    return not marked_in(w.before, m)


def _wider_scopes(text, w: Window, f: Figure, seen: _Seen):
    """The lead sentence, heading and title a drive may be named in (scopes.py), built only
    when read; the title frames the body, not the figures of its own lines."""
    title = "" if w.sentence.strip() in seen.title else seen.title
    yield from scopes_of(text, w, f.start, title, None, "", seen.headings)
