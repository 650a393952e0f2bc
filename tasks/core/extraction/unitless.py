"""Counts written with no measure word, the counted noun right after the digits (为700一线
职工送去清凉, 该矿185困难家庭纳入帮扶, 尤其19省市援疆工会: dev20a, dev42a, dev61a): the noun
stands where the measure word would, so the figure's unit is empty, as the report wrote it.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure
from tasks.core.extraction import exclusions as ex
from tasks.core.extraction.scanner import AFTER, BEFORE, find_before

_U: Final = load_yaml("units.yaml")["unitless_counts"]
_NOUNS: Final = "|".join(sorted(map(re.escape, _U["nouns"]), key=len, reverse=True))
_AFTER_WORDS: Final = "|".join(map(re.escape, _U["after"]))
UNITLESS_RE: Final = re.compile(
    rf"(?<![0-9０-９.．,，%％:：/\-a-zA-Z])([0-9]{{1,6}})({_AFTER_WORDS})?"
    rf"(?=(?:{_U['modifiers']})?(?:{_NOUNS})(?!{'|'.join(map(re.escape, _U['name_after']))}))"
)
_YEAR_RE: Final = re.compile(r"(?:19|20)[0-9]{2}")
# A cheap first test: most reports hold no such count (one search instead of a scan with
# lookaheads at every digit).
UNITLESS_FIRST: Final = re.compile(rf"[0-9](?:{_AFTER_WORDS})?(?:{_U['modifiers']})?(?:{_NOUNS})")


def unitless_counts(text: str, doc: str, taken: list[tuple[int, int]]) -> list[Figure]:
    """The counts of `text` (simplified, markers stripped) that stand with no measure word,
    outside the spans already `taken` by figures."""
    out = []
    for m in UNITLESS_RE.finditer(text):
        at, end = m.start(), m.end()
        if _YEAR_RE.fullmatch(m.group(1)) or ex.is_ordinal(text, at):
            continue
        pre = find_before(text, at)
        start = at - len(pre)
        if any(s < end and start < e for s, e in taken):
            continue
        post = m.group(2) or ""
        qualifier = BEFORE[pre.strip()] if pre else AFTER.get(post, "exact")
        out.append(Figure(doc, start, end, text[start:end], int(m.group(1)), "", qualifier))
    return out
