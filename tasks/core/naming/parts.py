"""Parts of a total just stated: a figure after 其中 (or 包括) measured like the total.

A breakdown names no indicator, so that totals are counted once (figures.md rule 15). 其中 opens
the breakdown of the figure before it in its sentence; across ；-separated items it goes on for
the figures measured like a part given in the item it opened. A per-head amount (每人500元) is a
share of a total in the same way.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.naming.clauses import MAX_LEFT, normalise
from tasks.core.naming.matcher import Matcher
from tasks.core.naming.stretches import CLAUSE_MARKS, back_to


def after_part_marker(text, figs, k, m: Matcher, soft: int, indicator: str) -> bool:
    """A breakdown of a total just stated: after 其中 (or 包括) that follows a figure, or in a
    sentence that opens on the set it breaks down (在签订的集体合同中，…)."""
    before = text[soft : figs[k].start]
    at, end = _marker(before, m)
    if at < 0:
        return _part_across_items(text, figs, k, m, soft, indicator)
    if _closes_bracket(before[at:]):
        return False  # (包含企业62家) closed its own breakdown
    if not before[:at].strip("，,：: "):
        # a sentence opening with 其中 breaks down the total of the one before, when that
        # sentence gives one measured like the figure (共发放慰问金36万元。其中向150名困难职工…:
        # people are not a part of money); a set named with its size holds its own total
        # (在参加检查的1000名女职工中，A区250人)
        inside = [g for g in figs[:k] if g.start >= soft + at and g.end <= soft + end]
        if any(_same_measure(g.unit, figs[k].unit, m, indicator) for g in inside):
            return True
        return k > 0 and _total_before(text, figs, k, m, soft, indicator)
    totals = [g for g in figs[:k] if g.start >= soft and g.end <= soft + at]
    # 资金680万元，其中本级380万元…，计划慰问职工12万人次: a part is measured like its total
    return any(_same_measure(g.unit, figs[k].unit, m, indicator) for g in totals)


def opens_with_part(sentence: str, m: Matcher) -> bool:
    """The sentence opens with 其中 (or 包括), or on the set it breaks down (在签订的集体合同
    中，): it breaks down a total of the sentence before."""
    return sentence.lstrip("，,：: ").startswith(m.part_markers) or _frame(sentence, m) >= 0


def marked_in(before: str, m: Matcher) -> bool:
    """A 其中 (or 包括, or a set frame) stands in `before`: what follows breaks a total down."""
    return _marker(before, m)[0] >= 0


def _marker(before: str, m: Matcher) -> tuple[int, int]:
    """Where the last 其中 (or 包括) of `before` starts and ends, else a set frame opening it
    (在签订的集体合同中，); (-1, -1) when there is neither."""
    at, word = max((before.rfind(p), p) for p in m.part_markers)
    if at >= 0:
        return at, at + len(word)
    end = _frame(before, m)
    return (len(before) - len(before.lstrip()), end) if end >= 0 else (-1, -1)


def _frame(sentence: str, m: Matcher) -> int:
    """Where a sentence-opening set frame ends (在签订的工资集体合同中，), else -1; a drive or
    a piece of work (在开展的送温暖活动中，) is no set."""
    frame = m.part_frame.match(sentence)
    if frame is None or m.part_frame_not.search(normalise(frame.group(0))):
        return -1
    return frame.end()


def sentence_before(text: str, soft: int) -> int:
    """Start of the sentence before the one starting at `soft` (to 。！？, ； or a line end);
    a breakdown opening a paragraph looks back to the last sentence above."""
    start = back_to(text, max(0, soft - 1), "。！？!?\n\r；;", 300)
    if not text[start:soft].strip("，,：:。；; \n\r") and start > 1:
        start = back_to(text, start - 2, "。！？!?\n\r；;", 300)
    return start


def _total_before(text, figs, k, m: Matcher, soft: int, indicator: str) -> bool:
    """The sentence before `soft` states a total measured like the k-th figure, or states
    no figure at all (then the total may stand further back)."""
    start = sentence_before(text, soft)
    if not text[start:soft].strip("，,：:。；; \n\r"):
        return True
    totals = [g for g in figs[:k] if g.start >= start and g.end <= soft]
    return not totals or any(_same_measure(g.unit, figs[k].unit, m, indicator) for g in totals)


def _part_across_items(text, figs, k, m: Matcher, soft: int, indicator: str) -> bool:
    """其中，本级投入96万元…；各县投入216万元: a breakdown opened by 其中 goes on across
    ；-separated items, for figures measured like a part already given after it."""
    hard = back_to(text, soft, "。！？!?\n\r", 300, wrapped=True)
    before = text[hard:soft]
    at = _marker(before, m)[0]
    if at < 0 or _closes_bracket(before[at:]):
        return False
    # the parts are those of the item 其中 opens (a later item may count something else), or
    # of the first item with a figure when that one names a part without counting it (其中，
    # 甲组推动成立了总工会；乙组新建工会组织45个；…)
    parts: list = []
    item_start = hard + at
    while not parts and item_start < soft:
        ends = (text.find(mark, item_start, soft) for mark in "；;")
        item_end = min((i for i in ends if i >= 0), default=soft)
        parts = [g for g in figs[:k] if item_start <= g.start < item_end]
        item_start = item_end + 1
    if not _total_before(text, figs, k, m, hard + at, indicator):
        return False  # 慰问金36万元。其中向32名劳模…；向150名困难职工…: no people total
    # no count between 其中 and this item: the figure is the breakdown's first
    return not parts or any(_same_measure(g.unit, figs[k].unit, m, indicator) for g in parts)


def _same_measure(total: str, part: str, m: Matcher, indicator: str = "") -> bool:
    """Same unit or family; or both units measure the part's indicator (户 and 人 both
    count the workers visited: 慰问职工3260人，其中在档困难职工196户)."""
    total, part = normalise(total), normalise(part)
    if part == total or part in m.config["unit_families"].get(total, ()):
        return True
    accepted = m.units.get(indicator, ())
    return bool(total) and total in accepted and part in accepted


def _closes_bracket(s: str) -> bool:
    """More closing than opening brackets: 其中 sat inside a bracket that is now closed
    (各县（市、区）opens and closes its own)."""
    return s.count(")") + s.count("）") > s.count("(") + s.count("（")


BARE_ITEM: Final = re.compile(r"[\u4e00-\u9fff]{1,6}")
NOT_PER_HEAD: Final = re.compile(r"共|合计|总计|小计|累计")


def per_head_share(text: str, f: Figure, m: Matcher, start: int | None = None) -> bool:
    """每人500元: a share of a total. So is the next amount of a list of per-head amounts
    when its item is only a noun (人均慰问金200元，慰问品80元; 每人最高3000元，最低2000元).
    `start`: where the figure's clause starts (`Window.clause_start`), when known."""
    pos = f.start
    if start is None:
        start = back_to(text, pos, CLAUSE_MARKS, MAX_LEFT)
    if m.per_head.search(normalise(text[start:pos])) or text.endswith(m.per_head_before, 0, pos):
        return True
    if f.unit == "元" and m.per_head_after.match(text, f.end):
        return True  # 600元/人/年: per head, written after the unit
    if m.varying.match(text, f.end):
        return True  # 300—1000元不等: a bound of amounts that vary by head
    if f.text.startswith(m.ceilings):
        return True  # 价值不超过1000元的慰问品: a ceiling of a rule, not an amount paid
    if f.unit != "元" or start < 2 or text[start - 1] not in "，,":
        return False
    item = normalise(text[start:pos].strip())
    if not BARE_ITEM.fullmatch(item) or NOT_PER_HEAD.search(item):
        return False
    before = back_to(text, start - 1, CLAUSE_MARKS, MAX_LEFT)
    clause = text[before : start - 1]
    return bool(m.per_head.search(normalise(clause))) and clause.rstrip().endswith("元")
