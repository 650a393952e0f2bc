"""What an amount was spent on, when the clause after it says so (figures.md rule 5).

A report often states an amount and then, in the next clause, what it paid for (投入资金20万元，
规范建设了职工之家; 投入30万元，开展春节送文艺进企业). The money is that purpose's: the relief
drive framing the paragraph does not name it, unless the purpose is the drive's own work
(投入资金15万元，开展困难职工帮扶).
"""

from __future__ import annotations

from tasks.core.naming.clauses import Window
from tasks.core.naming.matcher import Matcher


def spends(w: Window, m: Matcher) -> bool:
    """The amount closes its clause and the next clause opens with what it was spent on
    (lexicon `purpose_openers`: 开展, 建设, 购买 …)."""
    return not w.right.strip() and w.next.startswith(m.purpose_openers)


def names_purpose(indicator: str, w: Window, m: Matcher) -> bool:
    """That purpose is the indicator's own work: a word or topic of one of its rules stands in
    the next clause (…，开展困难职工帮扶)."""
    near = m.rules_near(w.next)
    for k in m.by_indicator.get(indicator, ()):
        rule = m.rules[k]
        if k in near or (rule.topic_found is not None and rule.topic_found.search(w.next)):
            return True
    return False
