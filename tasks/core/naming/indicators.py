"""Name the indicator of each figure: what it counts, in the report's words and as a catalogue id.

For every figure the words around it (tasks/core/naming/clauses.py) are cut with the catalogue's
jieba dictionary (tasks/core/naming/matcher.py) and every rule that fits the figure's unit is tried;
the rule with the highest priority and the nearest word wins; a figure no rule names may take the
campaign in force (scoring.py). A figure that is a part of a total just stated (after 其中:
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
from tasks.core.naming.clauses import Window, normalise, title_of, window_of
from tasks.core.naming.counts import weigh, year_evidence
from tasks.core.naming.matcher import Matcher, Rule, compile_catalogue
from tasks.core.naming.parts import after_part_marker, per_head_share
from tasks.core.naming.reach import record_of
from tasks.core.naming.repeats import name_headline_repeats
from tasks.core.naming.scoring import (
    PEOPLE_UNITS,
    Hit,
    Naming,
    batches_listed,
    benefit_of,
    campaign_hits,
    counts_for_campaign,
    decide,
    off_campaign,
    scopes_of,
    score_of_rule,
)
from tasks.core.naming.subjects import quoted_before, subject_of
from tasks.core.naming.subsets import clear_subsets_of_totals
from tasks.core.naming.sums import clear_parts_of_totals
from tasks.core.naming.targets import clear_targets_beside_results, is_target_clause
from tasks.core.naming.vetoes import on_topic, vetoed
from tasks.core.reading.noise import blank_furniture


@dataclass
class _Seen:
    """What earlier figures said, for totals and follow-ups (覆盖单位, 结案, 合计)."""

    last: dict  # full-sentence start → the last indicator named in it
    stock: set  # (paragraph start, indicator) of stock totals stated (截至目前已建…)
    named: dict  # soft-sentence start → indicators named in it
    title: str  # the page's headline: a news item's campaign (送清凉) frames every figure
    named_end: dict  # sentence start → end of the last figure named in it
    headings: dict  # paragraph start → the heading above it (scoring.heading_above)
    spans: dict  # paragraph start → the span of years opening it, -1 → the report's review


def name_figures(text: str, figures: list[Figure], catalogue: Catalogue) -> list[Figure]:
    """The figures with `subject` and `indicator` filled in, in the order given."""
    m = compile_catalogue(catalogue)
    text = blank_furniture(text)  # watermarks and site furniture say nothing about a figure
    order = sorted(range(len(figures)), key=[(f.start, f.end) for f in figures].__getitem__)
    figs = [figures[i] for i in order]
    seen = _Seen({}, set(), {}, title_of(text), {}, {}, {})
    named: list[Figure] = []
    targets: list[bool] = []
    for k, f in enumerate(figs):
        w = window_of(text, figs, k)
        w.record = record_of(text, w.hard_start, w.sentence_start)
        right_headed = _right_headed(w, m)
        n = _naming(text, figs, k, w, m, seen, right_headed)
        named.append(f.with_(subject=subject_of(w, right_headed), **vars(n)))
        targets.append(is_target_clause(w.left[len(w.label) :]))
    named = clear_targets_beside_results(text, named, targets)
    named = clear_subsets_of_totals(text, clear_parts_of_totals(text, named))
    named = name_headline_repeats(text, named)
    out = dict(zip(order, named, strict=True))
    return [out[i] for i in range(len(figures))]


def _right_headed(w: Window, m: Matcher) -> bool:
    """True when the words after the figure name what it counts (慰问764户困难职工).

    Otherwise the figure closes its clause (新建工会组织35家) or is followed by a verb whose
    subject it is (职工7000余名投保).
    """
    return _headed_by(m, w.right)


@lru_cache(maxsize=4096)  # a matcher is hashed by identity; reports repeat their wording
def _headed_by(m: Matcher, right: str) -> bool:
    first = next((t for t, _, _ in m.cut(right) if t.strip("、，, ")), None)
    return first is not None and first not in _word_set(m, "right_verbs")


def _naming(text, figs, k, w: Window, m: Matcher, seen: _Seen, right_headed: bool) -> Naming:
    f = figs[k]
    # a follow-up (覆盖企业, 办结, 合计) refers to the last thing the sentence named, across
    # breakdowns and other measures in between (受理…312件，涉案金额…；办结298件)
    prev = {seen.last.get(w.hard_start, "")}
    soft = w.sentence_start  # back to 。！？ or ；(SENTENCE_MARKS), at most 300 characters
    already = seen.named.setdefault(soft, set())
    # checked before any rule is tried: these never name an indicator
    if per_head_share(text, f, m, w.clause_start) or m.tier.search(w.left):
        return Naming()  # 每人500元, 省级X个: a share of a total, never a total
    if m.not_a_total.search(w.left):
        return Naming()  # 由61%提高到…, 在9个驿站开展…: a baseline or a place, not a result
    if _over_years(w.before, m):
        return Naming()  # 五年来累计发展会员12万人: a total over several years
    hits = _ranked(f, w, m, prev, right_headed, seen.title)  # scored by score_of_rule
    hits = off_campaign(hits, w)
    quoted = quoted_before(text, f.start)
    if quoted is not None:
        # 带动基层工会建成“图书角”50余个: the quoted name right before counts, not 基层工会
        hits = [h for h in hits if h.word in quoted]
    elif not hits:
        since = seen.named_end.get(w.sentence_start, w.sentence_start)
        hits = _campaign_hits(text, f, w, m, seen, right_headed, since)
    naming = decide(hits)
    if naming.indicator:  # whether it counts: a total over several years (counts.py)
        stock = naming.indicator in m.config.get("stock_indicators", ()) and not _is_flow(w, m)
        naming = weigh(naming, year_evidence(text, w, f.start, stock, seen.spans))
    indicator = naming.indicator
    rule = hits[0].rule if hits else None
    if (
        indicator
        and not (rule is not None and rule.alias and indicator not in already)
        # 其中…，覆盖企业138家: a follow-up of another measure refers to the total
        and not (rule is not None and rule.after and indicator not in prev)
        and after_part_marker(text, figs, k, m, soft, indicator)
    ):
        return Naming()  # after 其中 only a word naming another indicator outright keeps it
    stock_key = (w.paragraph_start, indicator)
    stocks = m.config.get("stock_indicators", [])
    if (
        indicator in stocks
        # items of one date of record (截至目前，A…；B…) are groups side by side (rule 16)
        and ((stock_key in seen.stock and not w.record) or _does_something(w, m, right_headed))
        and not _is_flow(w, m)
    ):
        return Naming()  # a breakdown of the stock stated, or the ones that do something
    if indicator and not m.newunion_topic.search(w.left) and m.stock_topic.search(w.sentence):
        seen.stock.add(stock_key)  # 截至6月底新建驿站126个 is what was built, not the stock
    if not indicator:
        return naming  # unnamed, with the best candidate when one was near
    already.add(indicator)
    seen.last[w.hard_start] = indicator
    seen.named_end[w.sentence_start] = f.end
    return naming


def _campaign_hits(
    text, f: Figure, w: Window, m: Matcher, seen: _Seen, right_headed, since
) -> list:
    """The campaign in force as evidence, for a figure no rule names (scoring.py)."""
    title = seen.title
    head = w.right[:10] if right_headed else w.left[-10:]
    clause = w.left[len(w.label) :] + w.right
    unit = normalise(f.unit)
    if not counts_for_campaign(unit):
        return []  # no campaign counts what the figure measures: no scope is looked at
    if w.right.startswith("的") or batches_listed(w.sentence):
        return []  # 价值200元的礼包: one item's value (rule 13); 第一批…第二批…: parts (rule 15)
    given = benefit_of(w.left[len(w.label) :], text, f.end) if unit in PEOPLE_UNITS else ""
    scopes = scopes_of(text, w, f.start, title, since, given, seen.headings)
    found = campaign_hits(unit, head, clause, scopes, given)
    return [
        h
        for h in found
        if unit in m.units.get(h.indicator, ())
        and not vetoed(h.indicator, w, m, right_headed, title)
    ]


def _over_years(before: str, m: Matcher) -> bool:
    """The sentence before the figure spans several years and names no single one after."""
    spans = list(m.multi_year.finditer(before))
    return bool(spans) and not m.single_year.search(before, spans[-1].end())


def _is_flow(w: Window, m: Matcher) -> bool:
    """今年新增41个, 新命名20家: what the period added, not a breakdown of the stock."""
    own = w.left[len(w.label) :] + w.lead
    return bool(m.flow_words.search(own))


def _does_something(w: Window, m: Matcher, right_headed: bool) -> bool:
    """近3万个站点设置阅读功能: the things counted are the subject of a further verb."""
    return right_headed and _predicate_at(m.cut(w.right), m) < len(w.right)


def _ranked(f: Figure, w: Window, m: Matcher, prev: set, right_headed: bool, title: str = ""):
    """Every indicator some rule points to, best first, each with its best hit."""
    left, right = m.cut(w.left), m.cut(w.right)
    # （年度任务40家）, 疗休养6批次、共480人: a bracket or list comma before the totalling
    # words does not change what they refer back to
    back = m.cut(w.back) if m.bare_total.fullmatch(w.left.lstrip("（(、，,")) else None
    unit = normalise(f.unit)  # 戶, 場, 個 as mirrored pages print them
    tried = m.rules_near(w.left) | m.rules_near(w.right)
    if back is not None:
        tried |= m.rules_near(w.back)
    if w.lead:
        tried |= m.rules_near(w.lead)
    fitting = m.by_unit.get(unit, frozenset())  # the rules of indicators taking the unit
    # their words may stand in the next clause or the tail: looked for only when some rule
    # of them fits the unit and is not tried already (the next clause is then not normalised)
    if not (fitting & m.beyond_local) <= tried and (
        m.beyond_local_words.search(w.next) or m.beyond_local_words.search(w.tail)
    ):
        tried |= m.beyond_local
    tried &= fitting
    nxt = m.cut(w.next) if not tried.isdisjoint(m.beyond_local) else ()
    best: dict[str, Hit] = {}
    for k in sorted(tried):  # in catalogue order: the first of equal keys wins
        rule = m.rules[k]
        hit = _score(rule, w, m, prev, right_headed, (left, right, nxt, back), title)
        if hit is not None and (rule.indicator not in best or hit.key > best[rule.indicator].key):
            best[rule.indicator] = hit
    if len(best) < 2:
        return list(best.values())
    return sorted(best.values(), key=_key_of, reverse=True)


def _key_of(hit: Hit) -> tuple:
    return hit.key


def _score(rule: Rule, w: Window, m: Matcher, prev: set, right_headed, cuts, title: str):
    """The hit of `rule` when it fits the figure, keyed (priority, -distance, word length)."""
    if rule.after and not prev & rule.after:
        return None
    hit = _nearest(rule, w, m, *cuts, right_headed, prev)  # type: ignore[call-arg]
    if hit is None:
        return None
    distance, length, word = hit
    if rule.reach and distance > rule.reach:
        return None
    if rule.topic and not on_topic(rule, w, m, title):
        return None
    if vetoed(rule.indicator, w, m, right_headed, title):
        return None
    key = (rule.priority, -distance, length)
    return Hit(rule.indicator, key, word, rule, score_of_rule(rule.alias, rule.priority, -distance))


def _nearest(rule: Rule, w: Window, m: Matcher, left, right, nxt, back, right_headed, prev=()):
    """Distance and length of the rule word nearest the figure, or None when it is missing."""
    words = rule.near or rule.verb
    cands = []
    if back is not None and not words.isdisjoint(back.words):
        # 共计68.4万元, 累计达到143家: the words before the total name what it counts
        cands += [(len(w.left) + len(w.back) - e, e - s, t) for t, s, e in back if t in words]
    right_cands = []
    if not words.isdisjoint(right.words):
        cut = _predicate_at(right, m) if right_headed else len(w.right)
        # 300名已加入工会的快递员: a clause before 的 qualifies the people counted, it does not
        # name them (but in 100家企业的班组 the firms right after the figure are counted)
        right_cands = [
            (s, e - s, t)
            for t, s, e in right
            if t in words and s < cut and not (rule.near and s > 0 and "的" in w.right[e:cut])
        ]
    if (not right_headed or not rule.near or not right_cands) and not words.isdisjoint(left.words):
        # a noun followed by 的 only qualifies the thing counted: 有基层工会的企业1200家;
        # a right-headed figure whose right names nothing of the rule is named by its left,
        # but not by words before a list comma (金秋助学、1户大病救助: they are the last item's)
        # or before a joiner right at the figure (8万名职工疗休养和4万名职工体检: the previous
        # item's)
        floor = _list_floor(w.left) if right_headed and rule.near else 0
        cands += [
            (len(w.left) - e, e - s, t)
            for t, s, e in left
            if t in words and s >= floor and not (rule.near and "的" in w.left[e:])
        ]
    cands += right_cands
    if rule.near_in == "ext":
        # what a gift is, named in the next clause or past the value in this one
        tail = m.cut(w.tail)
        cands += [(len(w.right) + 1 + s, e - s, t) for t, s, e in nxt + tail if t in words]
    if not cands and w.lead and not rule.near and rule.indicator in prev:
        # 慰问新就业形态劳动者X人、抗疫一线职工Y人; 培训保育员X人、茶艺师Y人: the verb before
        # a 、-list takes every item it took the first of, as near as it stood to the first
        lead = m.cut(w.lead)
        cands = [(len(w.lead) - e, e - s, t) for t, s, e in lead if t in words]
    if not cands:
        return None
    if rule.near and rule.verb:
        local = left.words | right.words
        if rule.near_in == "ext":
            local = local.union(t for t, _, _ in nxt + m.cut(w.tail))
        if local.isdisjoint(rule.verb) and not any(v in w.lead for v in rule.verb):
            return None  # the verb before a 、-list (新建…3家、…2家) covers each item
    best = cands[0]  # the nearest, the longest of equally near ones, the first of equals
    for c in cands:
        if c[0] < best[0] or (c[0] == best[0] and c[1] > best[1]):
            best = c
    return best


def _list_floor(left: str) -> int:
    """Where the figure's own item starts in `left`: after its last 、, or at its end when a
    joiner (和, 及, 与) stands right before the figure."""
    if left.endswith(("和", "及", "与")):
        return len(left)
    return left.rfind("、") + 1


def _predicate_at(right, m: Matcher) -> int:
    """Offset of the first verb saying what the counted things do (…商户推出驿站套餐)."""
    verbs = _word_set(m, "predicate_verbs")
    return next((s for t, s, _ in right if t in verbs), 10**6)


@lru_cache(maxsize=32)  # a matcher is hashed by identity
def _word_set(m: Matcher, name: str) -> frozenset[str]:
    """A word list of indicator_rules.yaml as a set: looked up for every word of a clause."""
    return frozenset(m.config.get(name) or ())
