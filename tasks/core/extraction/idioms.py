"""Chinese numerals that are words, not counts: 百人企业, 万家, 一次检查, 每一户, 不漏一人;
and the lone 一 that does count (组建一家工会, 面粉各一袋, 举办讲座一期，).

Like exclusions.py, each check reads a few characters around the candidate; the word lists
live in tasks/lexicon/exclusions.yaml.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.extraction.scanner import LONE_ONE_UNITS

_EX: Final = load_yaml("exclusions.yaml")
BARE_ROUND: Final = frozenset(_EX["bare_round"])
BARE_ROUND_COUNTS: Final = frozenset(_EX["bare_round_counts"])
ONE_AFTER_WORD: Final = frozenset(_EX["one_after_word"])
ZEROS: Final = "".join(_EX["zeros"])
NUMERAL_AFTER_WORD: Final[dict[str, frozenset[str]]] = {
    numeral: frozenset(chars) for numeral, chars in _EX["numeral_after_word"].items()
}
ONE_PER_HEAD_BEFORE: Final = frozenset(_EX["one_per_head_before"])
ONE_NEGATED_AFTER: Final = frozenset(_EX["one_negated_after"])
ONE_EVERY_REACH: Final[int] = _EX["one_every_reach"]
ONE_NOUN_CLOSERS: Final = frozenset(_EX["one_after_noun"]["closers"])
ONE_NOUN_NOT_AFTER: Final = frozenset(_EX["one_after_noun"]["not_after"])
ONE_NOUN_NEGATIONS: Final = tuple(_EX["one_after_noun"]["negations"])
ONE_VERBAL_UNITS: Final = frozenset(_EX["one_after_noun"]["verbal_units"])
ONE_STOPS: Final = frozenset("，。,；;：:、\n")
_PROGRAMME: Final = _EX["bare_round_programme"]
# 百名一线职工疗休养活动: the count is part of the programme's name (no clause mark nor quote
# between it and the programme's noun)
BARE_ROUND_PROGRAMME_RE: Final = re.compile(
    f'[^，。,；;：:、\n“”"（）()]{{0,{int(_PROGRAMME["reach"])}}}?'
    f"(?:{'|'.join(map(re.escape, _PROGRAMME['nouns']))})"
)
PROGRAMME_NOT_BETWEEN: Final = tuple(_PROGRAMME["not_between"])


def is_idiom_numeral(text: str, start: int, numeral: str, unit: str, vague: bool) -> bool:
    """Chinese numerals that are words: 百人企业, 万家, 一次检查, 统一批, 零件, 队伍."""
    if not numeral.strip(ZEROS):
        return True  # a zero alone is a word or a bullet (零件, ○本报讯)
    if text[start - 1 : start] in NUMERAL_AFTER_WORD.get(numeral, ()):
        return True  # 参赛队伍根据…: 伍 of 队伍
    if not vague and all(ch in BARE_ROUND for ch in numeral):
        if unit in BARE_ROUND_COUNTS:  # 百名劳模 counts, 百名…活动 names a programme
            return _programme_name_follows(text, start + len(numeral) + len(unit))
        return True
    if numeral == "一":
        if text[start - 1 : start] in ONE_PER_HEAD_BEFORE:
            return False  # 面粉各一袋: one for each, a per-head amount
        after = start + 1 + len(unit)
        if text[after : after + len(unit)] == unit:
            return True  # 一座座驿站, 一个个项目: a reduplicated measure word says "every"
        if text[after : after + 1] in ONE_NEGATED_AFTER:
            return True  # 一户不落: not a single one left out
        prev = text[max(0, start - 1) : start]
        if prev in ONE_AFTER_WORD or _every_before(text, start):
            return True
        return unit not in LONE_ONE_UNITS and not _one_after_its_noun(text, start, unit, prev)
    return False


def _programme_name_follows(text: str, end: int) -> bool:
    """百名一线职工疗休养活动: a programme's noun closes the phrase after the count, with no
    verb between (组织千名职工参加劳动竞赛活动 counts the workers)."""
    m = BARE_ROUND_PROGRAMME_RE.match(text, end)
    return m is not None and not any(v in m.group() for v in PROGRAMME_NOT_BETWEEN)


def _every_before(text: str, start: int) -> bool:
    """每探望一户, 每慰问一名: 每 a few characters before 一 in the same clause says "every"."""
    before = text[max(0, start - ONE_EVERY_REACH) : start]
    at = before.rfind("每")
    return at >= 0 and not any(ch in ONE_STOPS for ch in before[at:])


def _one_after_its_noun(text: str, start: int, unit: str, prev: str) -> bool:
    """举办讲座一期，每人发放水杯一个，: 一 + measure word after its noun, closing the
    clause, counts (an article 一 stands before its noun); not 不漏一人 nor 其中一个."""
    after = start + 1 + len(unit)  # a verb's measure word (检查一次) counts actions
    if text[after : after + 1] not in ONE_NOUN_CLOSERS or unit in ONE_VERBAL_UNITS:
        return False
    if not "\u4e00" <= prev <= "\u9fff" or prev in ONE_NOUN_NOT_AFTER:
        return False
    return not any(w in text[max(0, start - 3) : start] for w in ONE_NOUN_NEGATIONS)
