"""Local checks that turn a candidate down: ordinals, sessions, slogans, thresholds …

Each check reads only a few characters around the candidate (never the whole text),
so the cost grows with the number of candidates, not with the length of the report.
Word lists live in tasks/lexicon/exclusions.yaml.
"""

from __future__ import annotations

import re

from tasks.core.lexicon import load_yaml
from tasks.core.scanner import BLOCKERS, CN_NUMERAL_CHARS, LONE_ONE_UNITS

_EX = load_yaml("exclusions.yaml")
PHRASES_RE = re.compile("|".join(map(re.escape, sorted(_EX["phrases"], key=len, reverse=True))))
PHRASE_REACH = max(map(len, _EX["phrases"]))
ORDINAL_BEFORE = tuple(_EX["ordinal_before"])
SESSION_AFTER = tuple(_EX["session_after"])
SESSION_BEFORE = tuple(_EX["session_before"])
ABSTRACT_AFTER_GE = tuple(sorted(_EX["abstract_after_ge"], key=len, reverse=True))
THRESHOLD_AFTER = tuple(_EX["threshold_after"])
THRESHOLD_WORDS = tuple(_EX["threshold_words"])
PARTNERS_AFTER = tuple(_EX["partners_after"])
SCORING_AFTER = tuple(_EX["scoring_after"])
BARE_ROUND = frozenset(_EX["bare_round"])
ONE_AFTER_WORD = frozenset(_EX["one_after_word"])
QUOTES: list[tuple[str, str]] = [tuple(q) for q in _EX["quotes"]]
QUOTE_REACH: int = _EX["quote_reach"]
# Characters that glue an Arabic number or a placeholder to a word or a longer number.
ASCII_GLUE = frozenset(
    "0123456789０１２３４５６７８９.．abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def glued_left(text: str, at: int, chinese: bool) -> bool:
    """True when the number at `at` continues a word or a number on its left."""
    if at == 0:
        return False
    prev = text[at - 1]
    return prev in CN_NUMERAL_CHARS if chinese else prev in ASCII_GLUE


def is_ordinal(text: str, at: int) -> bool:
    """第十五届, 第x期, 前三名: a number right after 第 or 前."""
    return text[max(0, at - 1) : at] in ORDINAL_BEFORE


def is_session(text: str, start: int, end: int, unit: str) -> bool:
    """十一届四次常委会, 市X次党代会: 次 naming a session, not counting meetings."""
    if unit != "次":
        return False
    return text[max(0, start - 1) : start] in SESSION_BEFORE or text.startswith(SESSION_AFTER, end)


def in_phrase(text: str, start: int, end: int) -> bool:
    """The candidate overlaps a fixed phrase or slogan (八项规定, 千家万户)."""
    lo = max(0, start - PHRASE_REACH)
    for m in PHRASES_RE.finditer(text, lo, min(len(text), end + PHRASE_REACH)):
        if m.start() < end and m.end() > start:
            return True
    return False


def in_quotes(text: str, start: int, end: int) -> bool:
    """Inside a short quotation or title: a slogan or a name (“十个严禁”, 《…》)."""
    before = text[max(0, start - QUOTE_REACH) : start]
    after = text[end : end + QUOTE_REACH]
    for open_, close in QUOTES:
        i = before.rfind(open_)
        if i < 0 or before.rfind(close) > i:
            continue
        j = after.find(close)
        if j >= 0 and not 0 <= after.find(open_) < j:
            return True
    return False


def is_threshold(text: str, end: int, post: str) -> bool:
    """25人以上企业, 25人以上的基层工会: a class in a description, not a count."""
    rest = text[end : end + 8]
    if not post:
        if not rest.startswith(THRESHOLD_WORDS):
            return False
        rest = rest[2:]
    elif post not in THRESHOLD_WORDS:
        return False
    return rest.startswith(THRESHOLD_AFTER)


def is_scoring(text: str, end: int) -> bool:
    """达80%以上得2分: the number is a scoring rule of an assessment table."""
    return text.startswith(SCORING_AFTER, end)


def is_partners(text: str, end: int, unit: str) -> bool:
    """人劳、司法、工会三家协作: the count names partners, not a result."""
    return unit in ("家", "方") and text.startswith(PARTNERS_AFTER, end)


def is_blocked(text: str, end: int, unit: str) -> bool:
    """The unit character begins another word (一家人, 期间, 条例, 人民)."""
    nxt = text[end : end + 1]
    return bool(nxt) and nxt in BLOCKERS.get(unit, ())


def is_abstract_ge(text: str, end: int, unit: str) -> bool:
    """两个层次, 四个意识, 一个多月: 个 before an abstract noun or a duration."""
    return unit in ("个", "個") and text.startswith(ABSTRACT_AFTER_GE, end)


def is_idiom_numeral(text: str, start: int, numeral: str, unit: str, vague: bool) -> bool:
    """Chinese numerals that are words: 百人企业, 万家, 一次检查, 统一批."""
    if numeral in BARE_ROUND and not vague:
        return True
    if numeral == "一":
        return unit not in LONE_ONE_UNITS or text[max(0, start - 1) : start] in ONE_AFTER_WORD
    return False
