"""Local checks that turn a candidate down: ordinals, sessions, slogans, thresholds …

Each check reads only a few characters around the candidate (never the whole text),
so the cost grows with the number of candidates, not with the length of the report.
Word lists live in tasks/lexicon/exclusions.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.text import offsets_of
from tasks.core.extraction.scanner import BLOCKERS, CN_NUMERAL_CHARS

_EX: Final = load_yaml("exclusions.yaml")
PHRASES_RE: Final = re.compile(
    "|".join(map(re.escape, sorted(_EX["phrases"], key=len, reverse=True)))
)
PHRASE_REACH: Final = max(map(len, _EX["phrases"]))
ORDINAL_BEFORE: Final = tuple(_EX["ordinal_before"])
ORDINAL_NOT_WORDS: Final = frozenset(_EX["ordinal_not_words"])
RANK_WORDS: Final = frozenset(_EX["rank_words"])
RANK_RE: Final = re.compile(r"[\d一二三四五六七八九十两]{1,3}\s*[名强]")
SESSION_AFTER: Final = tuple(_EX["session_after"])
SESSION_BEFORE: Final = tuple(_EX["session_before"])
ABSTRACT_AFTER_GE: Final = tuple(sorted(_EX["abstract_after_ge"], key=len, reverse=True))
THRESHOLD_AFTER: Final = tuple(_EX["threshold_after"])
THRESHOLD_WORDS: Final = tuple(_EX["threshold_words"])
VAGUE_OVER: Final = tuple(_EX["vague_over"])
PARTNERS_AFTER: Final = tuple(_EX["partners_after"])
COMPARATORS: Final = tuple(_EX["comparators_before"])
PASSING_WORDS: Final = COMPARATORS + tuple(_EX["places_passing"]["comparators"])
PASSING_ENDS: Final = _EX["places_passing"]["clause_ends"]
PASSING_PLACES_RE: Final = re.compile(_EX["places_passing"]["places"])
PASSING_REACH: Final[int] = _EX["places_passing"]["reach"]
SCORING_AFTER: Final = tuple(_EX["scoring_after"])
FORMULA_UNITS: Final = tuple(_EX["formula_units"])
FORMULA_AFTER: Final = tuple(_EX["formula_after"])
IDENTIFIER_DIGITS: Final = int(_EX["identifier_digits"])
PROGRAMME_AFTER: Final = tuple(_EX["programme_after"])
PROGRAMME_LAST: Final = frozenset("办辦好")
PROGRAMME_NOUNS: Final = tuple(_EX["programme_nouns"])
PROGRAMME_OWNED: Final = frozenset(_EX["programme_owned_before"])
PROGRAMME_BEFORE_RE: Final = re.compile(f"(?:{'|'.join(_EX['programme_before'])})$")
BEFORE_BY_UNIT: Final = {
    unit: re.compile(pattern) for unit, pattern in _EX["before_by_unit"].items()
}
BEFORE_REACH: Final = 16
ONE_OF_REACH: Final[int] = _EX["one_of_reach"]
ONE_OF_STOPS: Final = frozenset("，。,；;：:、\n")


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_CJK: Final = "\u3400-\u9fff"
_TERM_NOUN: Final = (
    f"[{_CJK}]{{0,{_EX['term_modifier']}}}?(?:{_alt(_EX['term_nouns'])})"
    f"(?:(?![{_CJK}])|{_alt(_EX['term_closers'])})"
)
# Matched at the measure word: 个 + modifier + noun that closes its phrase, or 个 + a number.
TERM_AFTER_RE: Final = re.compile(
    f"(?:{_alt(_EX['term_units'])}){_TERM_NOUN}|(?:{_alt(_EX['term_before_number'])})[0-9０-９]"
    # 二次 (not 两次) naming a session or qualifying a noun: not two occasions
    f"|(?<=[^一二三四五六七八九十百两兩]二)次(?:{_alt(_EX['term_session_after'])}"
    f"|[{_CJK}]{{0,2}}?(?:{_alt(_EX['secondary_terms'])}))"
)
CLAUSE_MARKS: Final = "。，,；;：:、！!？?"
SPACED: Final = " \u00a0\u3000"
SENTENCE_ENDS: Final = "。；;！!？?\n"
# Characters that glue an Arabic number or a placeholder to a word or a longer number.
DIGITS: Final = frozenset("0123456789０１２３４５６７８９")
ASCII_GLUE: Final = DIGITS | frozenset(".．abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# A colon right after a digit: the number after it is a clock time's minutes or a ratio's term.
CLOCK_MARKS: Final = frozenset(":：")
# A hyphen or slash after a year (and a month): the number after it is part of a date.
DATE_MARKS: Final = frozenset("-/－／")
DATE_PART_RE: Final = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}[-/－／](?:[0-9]{1,2}[-/－／])?$")


def glued_left(text: str, at: int, chinese: bool) -> bool:
    """True when the number at `at` continues a word or a number on its left."""
    if at == 0:
        return False
    prev = text[at - 1]
    if chinese:
        return prev in CN_NUMERAL_CHARS
    # 14:25, 1:1: minutes of a clock time or the second term of a ratio (s21, dev50a)
    if prev in CLOCK_MARKS:
        return at > 1 and text[at - 2] in DIGITS
    # 2024-01-11张晓强, 发布时间:2021-12-28⏎人点击: a date's month or day (dev17a, dev39a)
    if prev in DATE_MARKS:
        return DATE_PART_RE.search(text, max(0, at - 9), at) is not None
    return prev in ASCII_GLUE


def is_ordinal(text: str, at: int) -> bool:
    """第十五届, 第x期, 前三名: a number right after 第 or 前 (not 目前, 此前, but 赛前三名); 第 may stand
    apart from it by the spaces of a PDF text layer (材料第 3 页)."""
    if text[max(0, at - 1) : at] in ORDINAL_BEFORE:
        # 大赛前三名, 决赛前10名: a rank after 前, even where 前 closes a word of time (赛前)
        word = text[max(0, at - 2) : at]
        return word not in ORDINAL_NOT_WORDS or (
            word in RANK_WORDS and bool(RANK_RE.match(text, at))
        )
    return text[at - 1 : at] in SPACED and text[max(0, at - 3) : at].rstrip(SPACED).endswith("第")


def _behind(units) -> str:
    """`(?:(?<=个)|(?<=個))`: the position right after one of the units."""
    return "(?:" + "|".join(f"(?<={re.escape(u)})" for u in units) + ")"


def _lookbehind_alt(units, words) -> str:
    """`(?<=个)(?:层次|方面)`: the words only count right after one of the units."""
    return f"{_behind(units)}(?:{_alt(words)})"


# Everything that disqualifies a candidate by what follows it, matched at the candidate's end
# (one C call instead of a chain of Python checks). A branch behind `(?<=个)` can match only
# where 个 ends the candidate: each end's last character picks the pattern of the branches
# that may match there (the engine runs every lookbehind it meets, ~200 instructions each).
_COUNTED: Final = "个個家所处處"  # measure words of things counted, not of a size class
_AFTER_BRANCHES: Final[list[tuple[tuple[str, ...], str]]] = [
    (("上",), _EX["threshold_kind_pattern"]),  # 25人以上民营企业: a size class with a modifier
    # 十一届四次常委会, 市X次党代会: 次 naming a session, not counting meetings.
    (("次",), _lookbehind_alt(["次"], SESSION_AFTER)),
    # 二期项目, 一期工程: 期 ordering a project's phases.
    (("期",), _lookbehind_alt(["期"], _EX["phase_after"])),
    # 两个层次, 四个意识, 一个多月: 个 before an abstract noun or a duration.
    (("个", "個"), _lookbehind_alt(["个", "個"], ABSTRACT_AFTER_GE)),
    # 三种形式, 三种套餐: the ways or kinds an activity took, not things counted.
    (("种", "種"), _lookbehind_alt(["种", "種"], _EX["abstract_after_zhong"])),
    # 人劳、司法、工会三家协作: the count names partners, not a result.
    (("家",), _lookbehind_alt(["家"], PARTNERS_AFTER)),
    # 一家四口: 一家 is a whole family whose size follows.
    (("家",), _lookbehind_alt(["家"], _EX["household_after"])),
    # 25人以上企业, 25人以上的基层工会: a class in a description, not a count; a
    # rate is not a class (达到95%以上工会组建率 states the rate reached), nor are things
    # counted (建设5个以上工会标志性阵地, 组建10家以上企业工会: at least so many of them).
    (
        (),
        "(?:"
        + "|".join(
            f"(?<={re.escape(w)})(?<![%％{_COUNTED}]{re.escape(w)})" for w in THRESHOLD_WORDS
        )
        + f"|(?<![%％{_COUNTED}])(?:{_alt(THRESHOLD_WORDS)}))(?:{_alt(THRESHOLD_AFTER)})",
    ),
    # 打赢四场硬仗, 两个文明建设, 四项要求: a political formula or a list's name.
    (tuple(FORMULA_UNITS), _lookbehind_alt(FORMULA_UNITS, FORMULA_AFTER)),
    (
        tuple(FORMULA_UNITS),
        f"(?<=[{_EX['spelt_digits']}][{''.join(FORMULA_UNITS)}])(?:{_alt(_EX['formula_after_spelt'])})",
    ),
    # 男子3人篮球, 4人踏板接力: the size of a team names a game.
    (("人",), _lookbehind_alt(["人"], _EX["team_event_after"])),
    # 10万职工劳动和技能竞赛: a round number of workers opening a contest's name.
    (("万", "萬"), _lookbehind_alt(["万", "萬"], _EX["campaign_after_magnitude"])),
    # 以下四个特点：一是, 五项总计：: the heading of an enumeration, not a count of work.
    (
        tuple(_EX["header_units"]),
        _behind(_EX["header_units"]) + f"[{_CJK}]{{1,{_EX['header_noun_max']}}}[:：]",
    ),
    # 达80%以上得2分: a scoring rule of an assessment table.
    ((), "|".join(SCORING_AFTER)),
    # 月收入1500元以下的职工: 以下 draws a line, it never states a result.
    ((), _alt(_EX["below_words"])),
]


def _after_for(last: str) -> re.Pattern:
    """The branches that may match where `last` ends the candidate ("": any other end)."""
    return re.compile(
        "|".join(
            src for units, src in _AFTER_BRANCHES if not units or any(u[-1:] == last for u in units)
        )
    )


AFTER_RE: Final = re.compile("|".join(src for _, src in _AFTER_BRANCHES))
AFTER_PLAIN_RE: Final = _after_for("")
AFTER_BY_LAST: Final[dict[str, re.Pattern]] = {
    u[-1]: _after_for(u[-1]) for units, _ in _AFTER_BRANCHES for u in units
}
# 一家人, 期间, 条例, 人民: the unit character begins another word. Looked up by the last
# character before the end (a dict, not ~150 regex branches tried at every candidate).
_BLOCKED_BY_LAST: Final[dict[str, list[tuple[str, frozenset[str]]]]] = {}
for _unit, _chars in BLOCKERS.items():
    _BLOCKED_BY_LAST.setdefault(_unit[-1], []).append((_unit, _chars))


def _unit_starts_a_word(text: str, end: int) -> bool:
    nxt = text[end : end + 1]
    for unit, chars in _BLOCKED_BY_LAST.get(text[end - 1 : end], ()):
        if nxt in chars and text.endswith(unit, 0, end):
            return True
    return False


def excluded_by_what_follows(text: str, end: int) -> bool:
    """Session names, abstract 个, partners, thresholds, scoring rules, unit-word clashes,
    enumeration headers, one of N."""
    if _unit_starts_a_word(text, end):
        return True
    if AFTER_BY_LAST.get(text[end - 1 : end], AFTER_PLAIN_RE).match(text, end) is not None:
        return True  # the same as AFTER_RE.match(text, end) (tests/test_extract_fast_paths.py)
    return is_one_of(text, end)


def excluded_by_what_precedes(text: str, start: int, unit: str) -> bool:
    """要求每月开展12次, 一行四人: a frequency a rule requires, the size of a visiting party."""
    pattern = BEFORE_BY_UNIT.get(unit)
    return (
        pattern is not None
        and pattern.search(text, max(0, start - BEFORE_REACH), start) is not None
    )


def is_one_of(text: str, end: int) -> bool:
    """是全省20个之一, 全国156个重点工程项目之一: the size of a class the place belongs to,
    not 三分之一 and not across a clause mark."""
    at = text.find("之一", end, end + ONE_OF_REACH + 2)
    if at < 0 or text[at - 1] == "分":
        return False
    return not any(ch in ONE_OF_STOPS for ch in text[end:at])


def places_pass_a_line(text: str, start: int, end: int) -> bool:
    """2个县工会经费突破150万元, 12个地区工会基层组织超过10万个: the line that a count of
    places in the clause passes, each on its own, is no figure (the count is)."""
    span = text[start:end]
    if not (span.startswith(PASSING_WORDS) or text.endswith(PASSING_WORDS, 0, start)):
        return False
    clause = max(text.rfind(ch, max(0, start - PASSING_REACH), start) for ch in PASSING_ENDS)
    return PASSING_PLACES_RE.search(text, max(clause + 1, start - PASSING_REACH), start) is not None


def draws_a_line(text: str, start: int, end: int) -> bool:
    """单笔支出超过1000元的, 25人以上的, 上亿元的企业: a comparison followed by 的 is a rule's
    threshold."""
    if text[end : end + 1] != "的":
        return False
    span = text[start:end]
    before = text[max(0, start - 2) : start]
    if span.startswith(VAGUE_OVER) and text.startswith(THRESHOLD_AFTER, end):
        return True  # 销售上亿元的企业: a class of firms, not an amount
    return span.startswith(COMPARATORS) or span.endswith(COMPARATORS) or before in COMPARATORS


def names_a_programme(text: str, start: int, end: int) -> bool:
    """为职工办10件实事, 列入年度工作八件实事: the count is part of the programme's name, not a
    result; the things of a programme someone took on (区总工会承办的9件实事) are counted, unless
    the programme's own words follow (兴办的11件实事项目, 10件实事包括…)."""
    if text.startswith(PROGRAMME_NOUNS, end):
        return text[start - 1 : start] not in PROGRAMME_OWNED or text.startswith(
            PROGRAMME_AFTER, end
        )
    if text[start - 1 : start] not in PROGRAMME_LAST:  # cheap gate: most figures fail here
        return False
    return PROGRAMME_BEFORE_RE.search(text, max(0, start - 12), start) is not None


def is_session_ordinal(text: str, at: int, unit: str) -> bool:
    """十一届四次: 次 right after 届 numbers a session."""
    return unit == "次" and at > 0 and text[at - 1] in SESSION_BEFORE


def in_phrase(text: str, start: int, end: int) -> bool:
    """The candidate overlaps a fixed phrase or slogan (八项规定, 千家万户)."""
    lo = max(0, start - PHRASE_REACH)
    for m in PHRASES_RE.finditer(text, lo, min(len(text), end + PHRASE_REACH)):
        if m.start() < end and m.end() > start:
            return True
    return False


def names_a_term(text: str, end: int) -> bool:
    """两个机制建设, “…”五项工程, 四项社会职能, 两个100%, 二次职代会: a Chinese count naming a
    set of tasks or targets or a session (the caller passes only Chinese numerals)."""
    return TERM_AFTER_RE.match(text, end - 1) is not None


def sentence_start(text: str, at: int) -> int:
    """Just past the last sentence end before `at` (0 when none)."""
    ends = _sentence_ends(text)
    i = bisect_left(ends, at)
    return ends[i - 1] + 1 if i else 0


# a report's sentence ends, found once: looked up for many figures, each `rfind` of a mark
# the text lacks would scan all the text before the figure
@lru_cache(maxsize=4)
def _sentence_ends(text: str) -> list[int]:
    return offsets_of(text, SENTENCE_ENDS)
