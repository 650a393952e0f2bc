"""Name the indicator of each figure: what it counts, in the report's words and as a catalogue id.

For every figure the words around it (tasks/core/clauses.py) are cut with the catalogue's
jieba dictionary (tasks/core/matcher.py) and every rule that fits the figure's unit is tried;
the rule with the highest priority and the nearest word wins. A figure that is a part of a
total just stated (after 其中, a tier such as 省级, a per-head amount) gets no indicator so that
totals are never counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from tasks.core.catalogue import Catalogue
from tasks.core.clauses import Window, window_of
from tasks.core.matcher import Matcher, Rule, compile_catalogue
from tasks.core.model import Figure
from tasks.core.subjects import subject_of

SOFT_MARKS = "。！？!?\n\r；;"


@dataclass
class _Seen:
    """What earlier figures said, for totals and follow-ups (覆盖单位, 结案, 合计)."""

    last: dict  # sentence start → indicator of the last figure in it
    stock: set  # (paragraph start, indicator) of stock totals stated (截至目前已建…)
    named: dict  # soft-sentence start → indicators named in it


def name_figures(text: str, figures: list[Figure], catalogue: Catalogue) -> list[Figure]:
    """The figures with `subject` and `indicator` filled in, in the order given."""
    m = compile_catalogue(catalogue)
    order = sorted(range(len(figures)), key=lambda i: (figures[i].start, figures[i].end))
    figs = [figures[i] for i in order]
    seen = _Seen({}, set(), {})
    named: list[Figure] = []
    for k, f in enumerate(figs):
        w = window_of(text, figs, k)
        right_headed = _right_headed(w, m)
        indicator = _indicator(text, figs, k, w, m, seen, right_headed)
        named.append(f.with_(subject=subject_of(w, right_headed), indicator=indicator))
    out = dict(zip(order, named, strict=True))
    return [out[i] for i in range(len(figures))]


def _right_headed(w: Window, m: Matcher) -> bool:
    """True when the words after the figure name what it counts (慰问764户困难职工).

    Otherwise the figure closes its clause (新建工会组织35家) or is followed by a verb whose
    subject it is (职工7000余名投保).
    """
    words = [t for t, _, _ in m.cut(w.right) if t.strip("、，, ")]
    return bool(words) and words[0] not in m.config["right_verbs"]


def _indicator(text, figs, k, w: Window, m: Matcher, seen: _Seen, right_headed: bool) -> str:
    f = figs[k]
    prev = seen.last.get(w.sentence_start, "")
    best = _best_rule(f, w, m, prev, right_headed)
    soft = _soft_start(text, f.start)
    already = seen.named.setdefault(soft, set())
    indicator = best.indicator if best else ""
    if any(p in w.left for p in m.config["per_head"]) or m.tier.search(w.left):
        indicator = ""  # 每人500元, 省级X个: a share of a total, never a total
    elif (
        best
        and _after_part_marker(text, figs, k, m, soft)
        and (not best.alias or best.indicator in already)
    ):
        indicator = ""  # after 其中 only a word naming another indicator outright keeps it
    stock_key = (w.paragraph_start, indicator)
    if indicator in m.config.get("stock_indicators", []) and stock_key in seen.stock:
        indicator = ""
    elif indicator and any(s in w.sentence for s in m.config["topics"]["stock"]):
        seen.stock.add(stock_key)
    seen.last[w.sentence_start] = indicator
    if indicator:
        already.add(indicator)
    return indicator


def _soft_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and pos - i < 300 and text[i - 1] not in SOFT_MARKS:
        i -= 1
    return i


def _after_part_marker(text, figs, k, m: Matcher, soft: int) -> bool:
    """A breakdown of a total just stated: after 其中 (or 包括) that follows a figure."""
    before = text[soft : figs[k].start]
    at = max(before.rfind(p) for p in m.config["part_markers"])
    if at < 0 or ")" in before[at:] or "）" in before[at:]:
        return False  # (包含企业97家) closed its own breakdown
    if not before[:at].strip("，,：: "):
        return k > 0  # a sentence opening with 其中 breaks down the total of the one before
    return any(g.start >= soft and g.end <= soft + at for g in figs[:k])


def _best_rule(f: Figure, w: Window, m: Matcher, prev: str, right_headed: bool) -> Rule | None:
    left, right, nxt = m.cut(w.left), m.cut(w.right), m.cut(w.next)
    best, best_key = None, None
    for rule in m.rules:
        if f.unit not in m.units.get(rule.indicator, ()):
            continue
        key = _score(rule, w, m, prev, right_headed, left, right, nxt)
        if key is not None and (best_key is None or key > best_key):
            best, best_key = rule, key
    return best


def _score(rule: Rule, w: Window, m: Matcher, prev, right_headed, left, right, nxt):
    """(priority, -distance, word length) when `rule` fits the figure, else None."""
    if rule.after and prev not in rule.after:
        return None
    if rule.when == "anaphora" and not any(a in w.sentence for a in m.config["anaphora"]):
        return None
    hit = _nearest(rule, w, left, right, nxt, right_headed)
    if hit is None:
        return None
    if rule.topic and not any(t in _scope(rule.topic_in, w, m) for t in rule.topic):
        return None
    if _vetoed(rule.indicator, w, m, right_headed):
        return None
    distance, length = hit
    return (rule.priority, -distance, length)


def _nearest(rule: Rule, w: Window, left, right, nxt, right_headed: bool):
    """Distance and length of the rule word nearest the figure, or None when it is missing."""
    words = rule.near or rule.verb
    cands = []
    if not right_headed or not rule.near:
        # a noun followed by 的 only qualifies the thing counted: 有基层工会的企业1200家
        cands += [
            (len(w.left) - e, e - s)
            for t, s, e in left
            if t in words and not (rule.near and "的" in w.left[e:])
        ]
    cands += [(s, e - s) for t, s, e in right if t in words]
    if rule.near_in == "ext":
        cands += [(len(w.right) + 1 + s, e - s) for t, s, e in nxt if t in words]
    if not cands:
        return None
    if rule.near and rule.verb:
        local = {t for t, _, _ in left + right}
        if rule.near_in == "ext":
            local |= {t for t, _, _ in nxt}
        if not local & rule.verb:
            return None
    best = min(cands, key=lambda c: (c[0], -c[1]))
    return best


def _scope(name: str, w: Window, m: Matcher) -> str:
    if name == "local":
        return w.left + w.right
    if name == "ext":
        return w.left + w.right + w.next
    if name == "sentence":
        return w.sentence
    if name == "wide" and any(a in w.sentence for a in m.config["anaphora"]):
        return w.wide
    return w.context


def _vetoed(indicator: str, w: Window, m: Matcher, right_headed: bool) -> bool:
    v = m.vetoes.get(indicator)
    if v is None:
        return False
    checks = (
        (v.ext, w.left + w.right + w.next),
        (v.local, w.left + w.right),
        (v.sentence, w.sentence),
    )
    if any(word in text for words, text in checks for word in words):
        return True
    head = w.right[:8] if right_headed else w.left  # the words naming what is counted
    return any(h in head for h in v.head) and not any(k in head for k in m.config["head_keeps"])
