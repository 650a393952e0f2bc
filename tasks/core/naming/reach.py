"""Evidence that reaches figures the rule words next to them miss (issue 19, recall).

Small helpers hooked into indicators.py, scoring.py and parts.py; each is one class of
wording, shown by cases of at least two sources (tests/cases/indicators_reach.yaml).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.naming.clauses import normalise

_CLAUSE_MARK: Final = re.compile(r"[，,：:；;。！？!?]")


@cache
def _progress_opener() -> re.Pattern | None:
    pattern = load_yaml("indicator_rules.yaml").get("progress_openers")
    return re.compile(pattern) if pattern else None


def last_clause_before(context: str, sentence: str) -> str:
    """The last clause of the sentence before the figure's, in its paragraph (`context` is
    that sentence and the figure's, normalised), when the figure's sentence only reports
    progress so far (截至6月底，已开展4期，惠及职工180人): it goes on with the activity that
    clause names (…开展职工疗休养活动). Empty otherwise."""
    opener = _progress_opener()
    if opener is None or not opener.match(sentence):
        return ""
    lead = context[: max(0, len(context) - len(sentence))].rstrip("，,：:；;。！？!? ")
    marks = list(_CLAUSE_MARK.finditer(lead))
    return lead[marks[-1].end() :] if marks else lead


def record_of(text: str, hard_start: int, sentence_start: int) -> str:
    """The date of record opening a sentence of ；-items (截至目前，全县快递员工会组建36个，
    工会会员2100人；外卖送餐员工会…), for a figure of a later item: it is in force there too.
    Empty for the first item or a sentence opening otherwise."""
    if sentence_start <= hard_start:
        return ""
    opener = _progress_opener()
    head = normalise(text[hard_start : min(sentence_start, hard_start + 40)])
    found = opener.match(head) if opener is not None else None
    return found.group(0) if found else ""
