"""Members "developed" under a date of record, beside the unions built so far, are a stock.

A report's inventory sentence states what exists on a date of record: 截至目前，…已建基层工会组织
305家，发展会员23528人; 目前，全县已成立工会组织392家，吸纳会员1.4万人. Its 发展/吸纳 (the
catalogue's words of new members) count the members gathered so far, as its unions count the
unions built so far: the members are members_total (figures.md rule 7: stock words take the
stock). A flow word in the sentence (今年新建工会16家，吸收会员1410人) keeps them new members.
A stock type listed beside another is a group of its own (typed_group); a smaller count of the
same stock in its paragraph is a part of it (within_stock), unless the period added it (is_flow).
"""

from __future__ import annotations

import re
from functools import cache

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure
from tasks.core.naming.clauses import Window, normalise
from tasks.core.naming.matcher import Matcher
from tasks.core.naming.ranking import predicate_at
from tasks.core.naming.stretches import CLAUSE_MARKS, FULL_SENTENCE_MARKS, back_to

_ORG_UNITS = frozenset(["个", "家", "個"])
# A count of unions: its clause names them right before it (已建基层工会组织305家, 企业工会6个)
# or right after it (建成13家基层工会); 指导5个乡镇…建立工会 counts towns, not unions.
_UNIONS_BEFORE = re.compile("工会(?:组织|委员会|联合会)?$")
_UNIONS_AFTER = re.compile("^[^，,。；;、]{0,4}?工会")


@cache
def _spec() -> tuple[re.Pattern, re.Pattern, str, str]:
    spec = load_yaml("indicator_rules.yaml")["members_on_record"]
    return (
        re.compile(spec["record"]),
        re.compile(spec["flow"]),
        spec["from"],
        spec["to"],
    )


@cache
def _joined_spec() -> tuple[re.Pattern, re.Pattern, re.Pattern] | None:
    spec = load_yaml("indicator_rules.yaml")["members_on_record"]
    if "joined" not in spec:
        return None
    return (
        re.compile(spec["joined"]),
        re.compile(spec["joined_record"]),
        re.compile(spec["joined_not"]),
    )


def members_on_record(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (in text order) with new members counted after unions under a date of record
    and no flow word named as the stock of members; so are workers joined by a date of
    record, with no union counted before them."""
    record, flow, source, target = _spec()
    out = list(figures)
    for k, f in enumerate(figures):
        if f.indicator != source:
            continue
        start = back_to(text, f.start, FULL_SENTENCE_MARKS, 300)
        before = [g for g in figures[:k] if g.start >= start and _counts_unions(text, g)]
        upto = normalise(text[start : f.start])
        if not before:
            if _joined_on_record(f, upto, flow):
                out[k] = f.with_(indicator=target)
            continue
        head = normalise(text[start : before[0].start])
        if record.search(head) and not flow.search(upto):
            out[k] = f.with_(indicator=target)
    return out


def _joined_on_record(f: Figure, upto: str, flow: re.Pattern) -> bool:
    """截至6月30日，全市新就业形态劳动者入会达1万余人: the workers joined so far, a stock."""
    spec = _joined_spec()
    if spec is None:
        return False
    joined, on_record, recruiting = spec
    if not joined.search(normalise(f.evidence)):
        return False
    return bool(on_record.search(upto)) and not flow.search(upto) and not recruiting.search(upto)


def _counts_unions(text: str, g: Figure) -> bool:
    if g.unit not in _ORG_UNITS:
        return False
    clause = text[back_to(text, g.start, CLAUSE_MARKS, 40) : g.start]
    left = normalise(clause.rsplit("、", 1)[-1])
    right = normalise(text[g.end : g.end + 12])
    return bool(_UNIONS_BEFORE.search(left) or _UNIONS_AFTER.search(right))


@cache
def _typed_groups() -> dict[str, re.Pattern]:
    spec = load_yaml("indicator_rules.yaml").get("typed_stock_groups") or {}
    return {indicator: re.compile(pattern) for indicator, pattern in spec.items()}


def typed_group(total: Figure) -> bool:
    """True when a stock is stated for one type of its things (已建立企业工会92家, 已建规模企业
    工会组织79家): the counts listed after it are other types beside it (figures.md rule 16),
    not its parts."""
    pattern = _typed_groups().get(total.indicator)
    return bool(pattern and pattern.search(normalise(total.subject)))


def within_stock(f: Figure, total: Figure | None) -> bool:
    """`f` may be a part of the stock `total` stated before it: less than it (全国“职工书屋”
    51个、吉林省“职工书屋”79个: a larger count is a group of its own, rule 16; the same count
    again is the total repeated, rule 17)."""
    if total is None or typed_group(total):
        return False
    if isinstance(f.value, int | float) and isinstance(total.value, int | float):
        return f.value < total.value
    # redacted counts side by side (机关工会x家，企业工会x家) are groups, unless 其中 marked them
    return not (f.placeholder and total.placeholder)


def is_flow(w: Window, m: Matcher) -> bool:
    """今年新增41个, 新命名20家: what the period added, not a breakdown of the stock."""
    own = w.left[len(w.label) :] + w.lead
    return bool(m.flow_words.search(own))


def does_something(w: Window, m: Matcher, right_headed: bool) -> bool:
    """近3万个站点设置阅读功能: the things counted are the subject of a further verb."""
    return right_headed and predicate_at(m.cut(w.right), m) < len(w.right)
