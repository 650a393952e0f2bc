"""Whether a figure can be named at all, whether a rule's topic is in force and whether an
indicator is vetoed for a figure.

Some figures never name an indicator, whatever the rules say (`never_named`: a per-head share,
a baseline, a total over several years …). Otherwise a rule names a figure only where its topic
(a campaign, a programme) stands in the rule's scope and none of the indicator's vetoes
(indicator_rules.yaml: not, not_local, not_left, not_sentence, not_head, not_off_campaign)
stands next to it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tasks.core.common.model import Figure
from tasks.core.naming.clauses import Window, normalise
from tasks.core.naming.matcher import Matcher, Rule
from tasks.core.naming.parts import per_head_share
from tasks.core.naming.scoring import PEOPLE_UNITS
from tasks.core.naming.subjects import LIST_JOINS, right_head
from tasks.core.naming.wordsets import NEVER, mentions

_GROUP_JOINS = re.compile(f"[{LIST_JOINS}]")


def never_named(text: str, f: Figure, w: Window, m: Matcher) -> bool:
    """The figure names no indicator whatever the rules say: a share or a tier of a total, items
    re-checked, the honoured or the visiting, a baseline or a place, a total over several years."""
    if per_head_share(text, f, m, w.clause_start) or m.tier.search(w.left):
        return True  # 每人500元, 省级X个: a share of a total, never a total
    if m.rechecked.search(w.left) or m.rechecked.search(w.right):
        return True  # 对65家工作室重新确认: existing items re-checked, not built (rule 14)
    if m.honoured.search(w.right):
        return True  # 7家单位被命名为“全国爱心托管班”: the honoured, not what was built
    if normalise(f.unit) in PEOPLE_UNITS and m.attending.search(w.right):
        return True  # 80余名职工代表参加会议: the audience of a meeting, not the people reached
    if _visiting(f, w, m):
        return True  # 组织50家企业参观学习母婴室建设: the visitors, not what was built
    if m.not_a_total.search(w.left) or w.right.rstrip().endswith(m.baseline_after):
        return True  # 由61%提高到…, 在9个驿站开展…, 在原有127家驿站的基础上: a baseline or a place
    return _over_years(w.before, m)  # 五年来累计发展会员12万人: a total over several years


def _visiting(f: Figure, w: Window, m: Matcher) -> bool:
    """Units (not people, not money) counted in a clause about a visit (参观, 观摩)."""
    unit = normalise(f.unit)
    if unit in PEOPLE_UNITS or unit == "元":
        return False
    return bool(m.visits.search(w.left) or m.visits.search(w.right) or m.visits.search(w.lead))


def _over_years(before: str, m: Matcher) -> bool:
    """The sentence before the figure spans several years and names no single one after."""
    spans = list(m.multi_year.finditer(before))
    return bool(spans) and not m.single_year.search(before, spans[-1].end())


def on_topic(rule: Rule, w: Window, m: Matcher, title: str) -> bool:
    """The rule's topic is in its scope; a headline's campaign counts where the scope names
    no campaign of its own (a 送清凉 news item: 慰问一线职工2.3万人次)."""
    scope = scope_text(rule.topic_in, w, m)
    if w.record and rule.topic_in in ("sentence", "context"):
        scope = w.record + scope  # 截至目前，…；…：the date of record of the first item
    found = rule.topic_found
    if found is None:  # a rule made without it: `topic` word by word
        found = mentions(rule.topic)
    if found.search(scope):
        return not (rule.topic_in == "sentence" and _superseded(found, w, m))
    if not title or not rule.verb or _campaign_words(m).search(scope):
        return False  # only a rule whose verb is at hand (慰问, 惠及) takes the headline's
    return bool(found.search(title))


def _superseded(found, w: Window, m: Matcher) -> bool:
    """A campaign named only in an earlier clause of the sentence gives way to another campaign
    named after it (高温送清凉发放夏令品350份，发放金秋助学助学金18万元，困难职工慰问金7.3万元:
    the 送清凉 is not the last clause's)."""
    if found.search(w.left + w.right):
        return False
    before = w.before[: len(w.before) - len(w.left)]
    last = max(found.finditer(before), key=lambda x: x.start(), default=None)
    if last is None or not _campaign_words(m).search(last.group()):
        return False  # no campaign of the rule's before the figure: nothing to give way
    return any(
        not found.search(other.group()) for other in _campaign_words(m).finditer(before, last.end())
    )


@lru_cache(maxsize=8)  # a matcher is hashed by identity
def _campaign_words(m: Matcher):
    """Any campaign word (`m.campaigns`), in one search instead of one `in` for each."""
    return mentions(m.campaigns)


def scope_text(name: str, w: Window, m: Matcher) -> str:
    """The stretch of the window a rule's `topic_in` names (local, after, ext, sentence,
    context)."""
    if name == "local":
        return w.left + w.right
    if name == "after":
        return w.right + w.next
    if name == "ext":
        return w.left + w.right + w.next
    if name == "sentence":
        return w.sentence
    if name == "before":  # the sentence up to the end of the figure's clause
        return w.before + w.right
    return w.context


def vetoed(indicator: str, w: Window, m: Matcher, right_headed: bool, title: str = "") -> bool:
    """Some veto of `indicator` stands next to the figure (or an award, or an off-campaign duty)."""
    v = m.vetoes.get(indicator)
    if v is None:
        return False
    left = w.left[len(w.label) :]  # a table row's label heads the row, it vetoes nothing
    local = left + w.right
    if m.awards.search(local):
        return True  # 评出“最美工会驿站”10个: things picked for an award, not built or done
    # most indicators have no veto of a kind (NEVER): the stretch it would read (the next
    # clause, the sentence, normalised when first read) is then not even built
    if (
        v.local.search(local)
        # a later item of a 、-list: the words before its first item are its words too, as they
        # give it its verb (走访在档困难职工2名、相对困难职工4名: the visit's people)
        or (w.lead and v.local.search(w.lead))
        or v.left.search(left)
        # (the whole clause, past a later figure in it: 筹集资金193万元帮助544个…子女上学)
        or (v.ext is not NEVER and v.ext.search(local + w.tail + w.next))
        or (
            v.sentence is not NEVER
            and v.sentence.search(w.sentence)
            and not v.sentence_lift.search(local)
        )
    ):
        return True
    for words, lift in v.off_campaign:
        if words.search(w.sentence) and not (lift.search(w.sentence) or lift.search(title)):
            return True  # 慰问防疫一线人员: an epidemic duty, unless a 两节 drive frames it
    if v.head is NEVER:
        return False
    head = right_head(w.right) if right_headed else w.left  # the words naming what is counted
    return bool(v.head.search(head)) and not _keeps(head, m)


def _keeps(head: str, m: Matcher) -> bool:
    """Workers named in the head lift its veto, unless the group's last item is their
    children or family: 困难职工、困难农民工子女 and 特困职工及特困农民工子女 are the children of
    both (a group joined by 、, 及, 和 or 与 shares its last noun), while 困难职工、困难劳模 is a
    mixed group that includes workers."""
    items = _GROUP_JOINS.split(head)
    if len(items) > 1 and any(b in items[-1] for b in m.config.get("head_keep_blockers", ())):
        return False
    return bool(m.head_keeps.search(head))
