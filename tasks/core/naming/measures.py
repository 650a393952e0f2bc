"""The measure a figure is named in, which may differ from the unit written (figures.md rule 2:
another measure word for the same count still fits). Naming gives the written unit back.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.model import Figure, measure_of
from tasks.core.naming.clauses import normalise
from tasks.core.naming.matcher import Matcher


def in_measure(f: Figure, text: str, m: Matcher) -> Figure:
    """`f` with the unit naming reads it in: the measure of a bracketed unit (人(次) → 人), 元
    for a bare amount after money words, 户 for families counted with 个 or 家."""
    measure = measure_of(f.unit)
    if not measure and _bare_money(f, text, m):
        measure = "元"  # 捐款20多万, 发放慰问金24.75万: an amount written without 元
    if measure in _HOUSEHOLD_WORDS and _FAMILIES_AFTER.match(text, f.end):
        measure = "户"  # 48个困难职工家庭, 24家特困职工家庭: households, as 户 counts them
    return f if measure == f.unit else f.with_(unit=measure)


# 个 and 家 counting families (rule 2: another measure word for the same count); firms or
# units named before 家庭 are what is counted (5家企业和30户家庭)
_HOUSEHOLD_WORDS: Final = frozenset(["个", "個", "家"])
_FAMILIES_AFTER: Final = re.compile(
    r"(?:(?!企业|企業|单位|單位|公司)[^，,。；;、：:\d]){0,12}?家庭"
)


def _bare_money(f: Figure, text: str, m: Matcher) -> bool:
    """A round amount with no unit (20多万, 24.75万) right after money words (捐款, 慰问金,
    投入) or right before them (200万专项资金, 350万疗休养专项资金) is money."""
    if not m.bare_scale.search(f.text):
        return False
    before = normalise(text[max(0, f.start - 8) : f.start])
    after = normalise(text[f.end : f.end + 12])
    return bool(m.money_before.search(before) or m.money_after.match(after))
