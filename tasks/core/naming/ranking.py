"""Every indicator some rule of the catalogue points to for one figure, best first.

A rule fits a figure when one of its words stands near it (in the figure's clause, the words
before a totalling word, the next clause for gifts, the verb before a 、-list) and its topic,
reach and vetoes allow it; the nearest, longest word of the rule keys its hit (priority,
-distance, length). indicators.py decides between the hits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.naming.clauses import Window, normalise
from tasks.core.naming.matcher import Matcher, Rule
from tasks.core.naming.scoring import Hit, score_of_rule
from tasks.core.naming.vetoes import on_topic, vetoed


def ranked(
    f: Figure, w: Window, m: Matcher, prev: set, right_headed: bool, title: str = "", rest: str = ""
):
    """Every indicator some rule points to, best first, each with its best hit. `rest`: the
    rest of the clause after a benefactive preposition's list of people (对A人、B人进行走访慰问),
    whose verb after the last item is every item's."""
    left, right = m.cut(w.left), m.cut(w.right)
    # （年度任务40家）, 疗休养6批次、共480人: a bracket or list comma before the totalling
    # words does not change what they refer back to
    back = m.cut(w.back) if m.bare_total.fullmatch(w.left.lstrip("（(、，,")) else None
    unit = normalise(f.unit)  # 戶, 場, 個 as mirrored pages print them
    tried = m.rules_near(w.left) | m.rules_near(w.right)
    if rest:
        tried |= m.rules_near(rest)
    if back is not None:
        tried |= m.rules_near(w.back)
    if w.lead:
        # the previous item's rules too: their verb may sit inside a longer word of the lead
        # (共慰问困难职工206人、困难农民工242人: 慰问困难职工 is one word)
        tried |= m.rules_near(w.lead).union(*(m.by_indicator.get(p, ()) for p in prev))
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
        hit = _score(rule, w, m, prev, right_headed, (left, right, nxt, back), title, rest)
        if hit is not None and (rule.indicator not in best or hit.key > best[rule.indicator].key):
            best[rule.indicator] = hit
    if len(best) < 2:
        return list(best.values())
    return sorted(best.values(), key=_key_of, reverse=True)


def _key_of(hit: Hit) -> tuple:
    return hit.key


def _score(
    rule: Rule, w: Window, m: Matcher, prev: set, right_headed, cuts, title: str, rest: str = ""
):
    """The hit of `rule` when it fits the figure, keyed (priority, -distance, word length)."""
    if rule.after and not prev & rule.after:
        return None
    hit = _nearest(rule, w, m, *cuts, right_headed, prev)  # type: ignore[call-arg]
    if hit is None and rest and rule.verb and not rule.near:
        # 对全区253户困难职工、8名劳模进行走访慰问: the verb after the list, as far as it stands
        hit = next(
            ((len(w.right) + s, e - s, t) for t, s, e in m.cut(rest) if t in rule.verb), None
        )
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
        cut = predicate_at(right, m) if right_headed else len(w.right)
        # 300名已加入工会的快递员: a clause before 的 qualifies the people counted, it does not
        # name them (but in 100家企业的班组 the firms right after the figure are counted)
        right_cands = [
            (s, e - s, t)
            for t, s, e in right
            if t in words
            and s < cut
            and not (rule.near and s > 0 and "的" in w.right[e : _verb_after(right, rule, e, cut)])
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
    if (
        not cands
        and w.lead
        and not rule.near
        and (rule.indicator in prev or _other_kind(w, m, rule))
    ):
        # 慰问新就业形态劳动者X人、抗疫一线职工Y人; 培训保育员X人、茶艺师Y人: the verb before
        # a 、-list takes every item it took the first of, as near as it stood to the first;
        # items before measured otherwise are other recipients (慰问困难企业35家、职工500人)
        lead = m.cut(w.lead)
        cands = [(len(w.lead) - e, e - s, t) for t, s, e in lead if t in words]
        if not cands:  # 共慰问困难职工206人、困难农民工242人: the verb inside a longer word
            cands = [
                (len(w.lead) - i - len(v), len(v), v) for v in words if (i := w.lead.rfind(v)) >= 0
            ]
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


def _other_kind(w: Window, m: Matcher, rule: Rule) -> bool:
    """Every item of the 、-list before the figure is measured in a unit the rule's indicator
    does not take (35家 of firms before 500人 of workers)."""
    accepted = m.units.get(rule.indicator, ())
    return bool(w.lead_units) and all(u and u not in accepted for u in w.lead_units)


# a joiner right before the figure, not the end of a verb (惠及171名职工, 涉及职工200人)
_JOINER_END: Final = re.compile(r"(?:和|与|(?<![惠涉普波危触顾遍])及)$")


def _list_floor(left: str) -> int:
    """Where the figure's own item starts in `left`: after its last 、, or at its end when a
    joiner (和, 及, 与) stands right before the figure."""
    if _JOINER_END.search(left):
        return len(left)
    return left.rfind("、") + 1


def _verb_after(right, rule: Rule, end: int, cut: int) -> int:
    """Where the rule's verb first stands after `end` (else `cut`): a 的 past it belongs to
    the object (14名困难职工子女发放…学习用品的礼包), not to a clause qualifying the counted."""
    if not rule.verb:
        return cut
    return next((s for t, s, _ in right if s >= end and t in rule.verb), cut)


def predicate_at(right, m: Matcher) -> int:
    """Offset of the first verb saying what the counted things do (…商户推出驿站套餐)."""
    verbs = word_set(m, "predicate_verbs")
    return next((s for t, s, _ in right if t in verbs), 10**6)


@lru_cache(maxsize=32)  # a matcher is hashed by identity
def word_set(m: Matcher, name: str) -> frozenset[str]:
    """A word list of indicator_rules.yaml as a set: looked up for every word of a clause."""
    return frozenset(m.config.get(name) or ())
