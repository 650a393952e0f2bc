"""Background facts: the size and the economy of the place a report describes, not work done.

书屋占地约470平方米 and 全镇8.2万人，48个村 give a place's size; 全镇地区生产总值完成45亿元，比上年
增长10% its economy (issue 19: background facts such as area and population are no figures).
Word lists live in tasks/lexicon/exclusions.yaml; like the other checks, each reads only a few
characters around the candidate and the sentence before it.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.extraction.exclusions import sentence_start
from tasks.core.extraction.scanner import MONEY_UNITS, PERCENT_UNITS

_EX: Final = load_yaml("exclusions.yaml")
AREA_UNITS: Final = frozenset(_EX["area_units"])
AREA_BEFORE_RE: Final = re.compile(_EX["area_before"])
AREA_BUILT_RE: Final = re.compile(_EX["area_built"])
_PW, _PN = _EX["profile_words"], _EX["profile_number"]
_P_ITEM: Final = (
    f"{_PW}{_PN}(?:{_EX['profile_people']}|{_EX['profile_places']}|{_EX['profile_area']})"
)
PROFILE_SENTENCE_RE: Final = re.compile(f"\\s*{_EX['profile_place']}(?:{_P_ITEM}[,，、])*{_PW}$")
_CLAUSE_END: Final = "(?=[,，、；;。])"
PROFILE_PEOPLE_RE: Final = re.compile(f"(?:{_EX['profile_people']}){_CLAUSE_END}")
PROFILE_PLACES_RE: Final = re.compile(f"(?:{_EX['profile_places']}){_CLAUSE_END}")
PROFILE_SIZE_RE: Final = re.compile(
    f"{_PN}(?:{_EX['profile_people']}|{_EX['profile_area']})[,，、]|人口|面积"
)
_ECONOMY: Final = _EX["economy_words"]
ECONOMY_BEFORE_RE: Final = re.compile(f"{_ECONOMY}[^，,。；;：:、]{{0,6}}$")
ECONOMY_GROWTH_RE: Final = re.compile(_EX["economy_growth"])
ECONOMY_AMOUNT_RE: Final = re.compile(
    f"{_ECONOMY}[^，,。；;：:、]{{0,6}}?[0-9０-９.．*＊xX]+\\s*(?:万|萬|亿|億)?元?\\s*[，,]?\\s*$"
)


def is_background_fact(text: str, start: int, end: int, unit: str) -> bool:
    """书屋占地约470平方米, 全镇8.2万人，48个村: the size of a place, not work done; 地区生产总值
    完成45亿元，比上年增长10%: the economy of the place."""
    if (unit in MONEY_UNITS or unit in PERCENT_UNITS) and _of_the_economy(text, start):
        return True  # only amounts and their growth rates: the other candidates skip the searches
    if unit in AREA_UNITS:
        if AREA_BEFORE_RE.search(text[max(0, start - 8) : start]) is None:
            return False
        return AREA_BUILT_RE.search(text, sentence_start(text, start), start) is None
    people = PROFILE_PEOPLE_RE.match(text, end - len(unit)) is not None
    if not people and not PROFILE_PLACES_RE.match(text, end - len(unit)):
        return False
    before = text[sentence_start(text, start) : start]
    if PROFILE_SENTENCE_RE.match(before) is None:
        return False
    return people or PROFILE_SIZE_RE.search(before) is not None


def _of_the_economy(text: str, start: int) -> bool:
    """An amount named by an economic statistic in its clause, or the growth rate right after
    such an amount."""
    if ECONOMY_BEFORE_RE.search(text, max(0, start - 16), start):
        return True
    growth = ECONOMY_GROWTH_RE.search(text, max(0, start - 12), start)
    return growth is not None and bool(
        ECONOMY_AMOUNT_RE.search(text, max(0, growth.start() - 40), growth.start())
    )
