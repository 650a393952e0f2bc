"""The one compiled pattern that finds figure candidates, built from the lexicon files.

Speed comes from scanning the text once with this pattern; everything after it (is it
an ordinal, a slogan, a threshold?) looks only at a few characters around a candidate.
"""

from __future__ import annotations

import re
from typing import Any, Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.extraction.numbers import (
    CN_BIG_UNITS,
    CN_DIGITS,
    CN_SMALL_UNITS,
    multiplier_value,
)

UNITS: Final = load_yaml("units.yaml")
QUALIFIERS: Final = load_yaml("qualifiers.yaml")


def _more_counts() -> tuple[list[str], dict[str, list[str]]]:
    """Measure words of the files named in units.yaml `count_lists`, and their blockers."""
    words: list[str] = []
    blockers: dict[str, list[str]] = {}
    for name in UNITS.get("count_lists", []):
        more = load_yaml(name)
        words += more["classifiers"] + more["measures"]
        words += [w + "次" for w in more.get("per_occasion", [])]
        for unit, chars in (more.get("blockers") or {}).items():
            blockers.setdefault(unit, []).extend(chars)
    spec = UNITS.get("bracketed") or {}
    words += [
        f"{unit}{left}{other}{right}"
        for unit in spec.get("units", [])
        for other in spec.get("alternatives", [])
        if other != unit
        for left, right in (("(", ")"), ("（", "）"))
    ]
    return [w for w in dict.fromkeys(words) if w not in UNITS["count"]], blockers


MORE_COUNTS, _MORE_BLOCKERS = _more_counts()
MONEY_UNITS: Final = frozenset(UNITS["money"])
PERCENT_UNITS: Final = frozenset(UNITS["percent"])
DECIMAL_ONLY_UNITS: Final = frozenset(UNITS["decimal_only"])
AFTER_WORDS_ONLY: Final[dict[str, list[str]]] = UNITS.get("after_words_only") or {}
ALL_UNITS: Final = [
    *UNITS["count"],
    *MORE_COUNTS,
    *UNITS["money"],
    *UNITS["percent"],
    *UNITS["points"],
    *UNITS["decimal_only"],
    *AFTER_WORDS_ONLY,
]
MULTIPLIERS: Final[dict[str, int]] = {word: multiplier_value(word) for word in UNITS["multipliers"]}
BARE_MULTIPLIERS: Final = frozenset(UNITS["bare_multipliers"])
LONE_ONE_UNITS: Final = frozenset(UNITS["lone_one"])
BLOCKERS: Final[dict[str, frozenset[str]]] = {
    u: frozenset(v) | frozenset(_MORE_BLOCKERS.get(u, ()))
    for u, v in {**_MORE_BLOCKERS, **UNITS["blockers"]}.items()
}

# the ceilings a rule sets (不超过) are upper bounds too
BEFORE: Final[dict[str, str]] = {
    **QUALIFIERS["before"],
    **dict.fromkeys(QUALIFIERS["ceilings"], "under"),
}
BETWEEN: Final[dict[str, str]] = QUALIFIERS["between"]
AFTER: Final[dict[str, str]] = QUALIFIERS["after"]
OUTSIDE_BEFORE: Final[dict[str, str]] = QUALIFIERS["outside_before"]

CN_NUMERAL_CHARS: Final = frozenset(CN_DIGITS) | frozenset(CN_SMALL_UNITS) | frozenset(CN_BIG_UNITS)
PLACEHOLDER_CHARS: Final = frozenset("xX×Ｘ*＊_")


def _alt(words) -> str:
    """Regex alternation that tries the words as longest-first would (人次 before 人), in
    fewer steps: the regex engine tries an alternation one branch at a time, a class in one
    step (~200 measure words are tried at every number). Words of different first characters
    never match at the same place, so their order is free: the one-character words that start
    no longer word go first, as one class (the common 家, 名, 元), then each other first
    character once, with the rests of its words longest first (the bare character last)."""
    rests: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        rests.setdefault(word[0], []).append(word[1:])
    single = "".join(re.escape(c) for c, r in rests.items() if r == [""])
    groups = [
        f"{re.escape(c)}(?:{'|'.join(map(re.escape, r))})" for c, r in rests.items() if r != [""]
    ]
    return "|".join(([f"[{single}]"] if single else []) + groups)


_DIGIT: Final = "[0-9０-９]"
# 1,234 (a separator needs exactly three digits after it); doubled commas from web
# copies (1,,234) are read the same; a zero-width glyph may sit between digits.
_ARABIC: Final = (
    rf"{_DIGIT}(?:{_DIGIT}|[\u200b\u200c\u200d\ufeff]|[,，]{{1,2}}(?={_DIGIT}{{3}}(?!{_DIGIT})))*"
    rf"(?:[.．]{_DIGIT}+)?"
)
_CN_CHARS: Final = "".join(sorted(CN_NUMERAL_CHARS))
_PLACES: Final = "十拾百佰千仟万萬亿億"
# Spaces that PDF text layers put between the characters of one numeral (一百 五 十 二).
_INNER: Final = "[ \u00a0\u3000]{0,2}"
# 几/数 start a numeral only before a place (几十, 数百); inside one they are a digit (十几).
# Tens written in digits before 几 are the same numeral (10几场 is 十几场, 20几万 二十几万).
# A decimal point 点 is followed by digits read one by one (十五点七, 两千万点五五四四).
_CN: Final = (
    rf"(?:(?<![0-9０-９.．])[1-9]0(?=[几幾])|[几幾数數](?=[{_PLACES}])|[{_CN_CHARS}])"
    rf"(?:{_INNER}[{_CN_CHARS}几幾])*"
    rf"(?:{_INNER}[点點]{_INNER}[零〇一二三四五六七八九]+[万萬亿億]*)?"
)
# Digits a PDF text layer split with spaces (numbers.spaced_reading reads them): thousands
# groups (1 924人, 35 553户), digits spaced one by one (4 8 0 个, 1 0 6 4 万元), a point set
# apart (3 .4 万名), or a point lost to a space (56 3平方公里, 9 1%, 16 25%) or typed as 。
# (92。3%). Read as one number, never as its last digits alone.
_SPACE1: Final = "[ \u00a0]"
_SPACED_DIGITS: Final = (
    rf"{_DIGIT}{{1,3}}(?:{_SPACE1}{_DIGIT}{{3}}(?!{_DIGIT}))+(?:[.．]{_DIGIT}+)?"
    rf"|{_DIGIT}(?:{_SPACE1}{_DIGIT}(?!{_DIGIT})){{2,}}(?:{_SPACE1}?[.．]{_SPACE1}?{_DIGIT}+)?"
    rf"|{_DIGIT}{{1,3}}{_SPACE1}(?:[.．]{_SPACE1}?)?{_DIGIT}{{1,2}}(?!{_DIGIT})"
    # a rate whose point was typed as the full stop 。 (覆盖率达92。3%)
    rf"|{_DIGIT}{{1,3}}。{_DIGIT}{{1,2}}(?=[%％])"
)
# Arabic digits between Chinese places: 3万4000, 25万6千, 1千零1, 7 万5 千4 百.
# The spaced readings are tried last: only where the plain reading finds no unit after it.
_COMPOUND: Final = rf"(?:{_ARABIC}(?:{_INNER}[{_PLACES}]{{1,2}}{_INNER}[零〇]?(?={_DIGIT}){_ARABIC})*|{_SPACED_DIGITS})"
# Fill-in-the-blank underscores of a template (小微商户____余个) mask a number too.
_MARK: Final = "(?:[xX×Ｘ*＊]{1,6}|_{2,8})"
# Placeholders may be split by a space or a line break (** *人), carry a point (*.**万) or
# keep the thousands separators of the number they mask (*,***户).
# A number may be masked in part, its first digits kept (36*万元, 2xx5份, 4xxx人): a
# digit may close it only after two marks or more (5x8小时, 7*24小时 are products).
_PARTIAL: Final = rf"{_DIGIT}{{1,4}}(?:[xXＸ]{{2,5}}{_DIGIT}?|[xXＸ*＊]{{1,5}})"
_PLACEHOLDER: Final = (
    rf"(?:{_PARTIAL}|{_MARK}(?:[,，][xX*＊]{{3}})*(?:[.．][xX*＊]{{1,4}})?"
    rf"(?:[ \t\u3000]*\r?\n?[ \t\u3000]*{_MARK})*)"
)
_SP: Final = "[ \u00a0\u3000]?"
# Before a unit or a multiplier: one space, or the hard line break of a PDF wrapped
# mid-figure (22⏎家, 48.6⏎万人); only where a unit or 万/亿 really follows.
_GAP: Final = "\r?[ \u00a0\u3000\n]?[ \u00a0\u3000]?"  # cheap optional classes, no alternation
# Pinyin glosses that some mirrored pages print after each character: 萬(wàn)元.
_GLOSS: Final = r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\))?"
_MULT: Final = _alt(MULTIPLIERS)
# Units allowed only after a decimal (13.7年) are checked by fixed-width lookbehinds, so
# that years (2021年) fail inside the regex engine instead of in Python.
# Units allowed only right after some words (分12路) likewise: one lookbehind for each word
# and each length of a plain number (12, 三, 十二).
_PLAIN_DIGIT: Final = "[0-9０-９一二三四五六七八九十两]"
# Each such unit is one branch (its character, then the lookbehinds): a number with no unit
# fails it at the character instead of once per lookbehind.
_UNIT: Final = "|".join(
    [_alt(u for u in ALL_UNITS if u not in DECIMAL_ONLY_UNITS and u not in AFTER_WORDS_ONLY)]
    + [
        rf"{re.escape(u)}(?:"
        + "|".join(rf"(?<=[.．]{_DIGIT}{{{n}}}{re.escape(u)})" for n in (1, 2, 3))
        + ")"
        for u in DECIMAL_ONLY_UNITS
    ]
    + [
        rf"{re.escape(u)}(?:"
        + "|".join(
            rf"(?<={re.escape(w)}{_PLAIN_DIGIT}{{{n}}}{re.escape(u)})"
            for w in words
            for n in (1, 2, 3)
        )
        + ")"
        for u, words in AFTER_WORDS_ONLY.items()
    ]
)
_BETWEEN: Final = _alt(BETWEEN)
_SEP: Final = _alt(QUALIFIERS["range_separators"])
# 上下 is an approximation, but 上下游 / 上下级 are words of their own.
_AFTER: Final = "|".join(
    rf"{re.escape(w)}(?!游|级|級|班|楼|樓|车|車|半年)" if w == "上下" else re.escape(w)
    for w in sorted(AFTER, key=len, reverse=True)
)

# A share written as a fraction or as 一半 (half) is a rate in percent (一半以上 → 50 %, over).
_CN_PLAIN: Final = rf"[{_CN_CHARS}]+"
TENTHS: Final = UNITS["tenths"]  # 六成 → 60 %: a share in tenths
_HALF: Final = rf"(?:{_alt(UNITS['halves'])}|[{TENTHS['numerals']}]{TENTHS['mark']})"

# Every figure starts with a digit, a Chinese numeral or a redaction mark; approximation
# words before it (近, 超过 …) are looked up backwards from there, so the scan itself only
# stops on these characters. A leading single-class lookahead lets the regex engine skip
# every other character in C instead of trying the whole pattern at each position.
_FIRST: Final = f"[0-9０-９xX×Ｘ*＊_几幾数數半{_CN_CHARS}]"


def _reach() -> tuple[str, str]:
    """`(?=[…]*+[…])` (REACH, of these two classes): a lookahead every candidate passes, which most numerals in words
    (进一步, 一是, 统一) fail at once instead of in the whole pattern. Before its first
    unit or multiplier (or 分 of 分之, / of 1/4, 半 of 一半) a candidate holds only the
    characters of numbers, placeholders, spaces, range separators and 余/多; so after a run
    of those the next character must open a unit or a multiplier (or be one of those)."""
    inside = set("0123456789０１２３４５６７８９\u200b\u200c\u200d\ufeff,，.．点點零〇。")
    inside |= set(_CN_CHARS + _PLACES + "几幾数數xX×Ｘ*＊_ \t\r\n\u00a0\u3000")
    inside |= set("".join([*BETWEEN, *QUALIFIERS["range_separators"]]))
    stops = {w[0] for w in [*ALL_UNITS, *MULTIPLIERS]} | set("分/／")
    for word in UNITS["halves"]:
        stops.add(next((ch for ch in word if ch not in inside), word[0]))
    stops.add(TENTHS["mark"])
    run = "".join(map(re.escape, sorted(inside - stops)))
    return run, "".join(map(re.escape, sorted(stops)))


_REACH_RUN, _REACH_STOPS = _reach()
REACH: Final = f"(?=[{_REACH_RUN}]*+[{_REACH_STOPS}])"


def _range_ahead() -> str:
    """`(?=[…]*+[…])`: a range's first number (1~2期, 450元~500元) reaches its separator over
    characters of numbers, multipliers, measure words and spaces only. Most figures are no
    range: the optional range group then fails at once, instead of after trying each shorter
    reading of the number against every measure word."""
    inside = set("0123456789０１２３４５６７８９\u200b\u200c\u200d\ufeff,，.．点點 \u00a0\u3000")
    inside |= set(_CN_CHARS + "几幾数數零〇" + "".join([*MULTIPLIERS, *ALL_UNITS]))
    firsts = {w[0] for w in QUALIFIERS["range_separators"]}
    run = "".join(map(re.escape, sorted(inside - firsts)))
    return f"(?=[{run}]*+[{''.join(map(re.escape, sorted(firsts)))}])"


RANGE_AHEAD: Final = _range_ahead()
# Arabic digits running into 年 (2023年, a year) start no candidate: 年 is a unit only after a
# decimal (13.7年), and no other word of the pattern follows a digit there. The whole pattern
# would fail such a position only after trying every branch, at each digit of every year; a
# point at most three digits back may still make one (1.5年), and is let through.
NOT_A_YEAR: Final = (
    rf"(?:(?!{_DIGIT}+年)|(?<=[.．])|(?<=[.．]{_DIGIT})|(?<=[.．]{_DIGIT}{{2}}))"
    if sorted(DECIMAL_ONLY_UNITS) == ["年"]
    and not any(
        w[:1] == "年" or w[:1].isdigit()
        for w in [*MULTIPLIERS, *BETWEEN, *QUALIFIERS["range_separators"], *AFTER, *ALL_UNITS]
        if w != "年"
    )
    else ""  # the reasoning above holds for these words only
)
CANDIDATE_RE: Final = re.compile(
    rf"(?={_FIRST})(?!(?<=_)_){REACH}{NOT_A_YEAR}"  # a run of blanks is tried once, at its start
    rf"(?:(?:{RANGE_AHEAD}(?P<lo>{_ARABIC}|{_CN})(?P<lomult>{_MULT})?(?P<lounit>{_UNIT})?{_SP}(?P<sep>{_SEP}){_SP})?"
    rf"(?:(?P<num>{_COMPOUND})|(?P<ph>{_PLACEHOLDER})|(?P<cn>{_CN}))"
    # A unit or a multiplier must follow, so bare numbers fail inside the regex engine.
    # 2千余万元: a place, 余/多, then 万/亿 scale the whole number (2,000余 × 10,000)
    rf"(?:{_SP}(?P<a1>{_BETWEEN}))?{_GAP}(?:(?P<mult>{_MULT}){_GLOSS}(?P<a2>{_BETWEEN})?"
    rf"(?P<mult2>(?<=[余餘多])[万萬亿億])?"
    rf"(?:{_GAP}(?={_UNIT}))?|(?={_UNIT}))"
    rf"(?P<unit>{_UNIT})?(?P<post>{_AFTER})?|"
    # Shares: 百分之六十八, 三分之一, 千分之五, 1/4, 一半 (figures._read_share); tried after
    # the common case, which never matches them (分, / and 半 are no measure words).
    rf"(?P<pct>(?P<pctden>{_CN_PLAIN}|{_DIGIT}+)分之)(?P<pctnum>{_ARABIC}|{_CN})"
    rf"(?P<pctpost>{_AFTER})?|"
    rf"(?P<slash>(?<![0-9０-９/／.:：-])[1-9][/／][2-9](?![0-9０-９/／.:：%％-]))"
    rf"(?P<slashpost>{_AFTER})?|"
    rf"(?P<half>{_HALF})(?P<halfpost>{_AFTER})?)"
)
# Where a candidate may start, found by one class scan (the regex engine skips characters
# outside a pattern's opening class in a tight loop, but runs CANDIDATE_RE's opening
# lookaheads at every character): a first character then REACH, read one character on
# (past a stop character REACH holds at once). CANDIDATE_RE matches nowhere else.
OPENING: Final = re.compile(
    rf"{_FIRST}(?<!__)(?:(?<=[{_REACH_STOPS}])|(?=[{_REACH_RUN}]*+[{_REACH_STOPS}]))"
)


def find_candidate(text: str, pos: int) -> re.Match | None:
    """`CANDIDATE_RE.search(text, pos)`: the first candidate at or after `pos`."""
    while (opening := OPENING.search(text, pos)) is not None:
        at = opening.start()
        if (m := CANDIDATE_RE.match(text, at)) is not None:
            return m
        pos = at + 1
    return None


class Groups:
    """A candidate's groups (CANDIDATE_RE's names) and the approximation word before it:
    `m.groupdict()` by position (figures._read; tests/test_extract_fast_paths.py); groupdict looks each
    name up in the pattern's index, several times the instructions of the whole `_read`.
    Each group is its text or None."""

    lo: Any
    lomult: Any
    lounit: Any
    sep: Any
    num: Any
    ph: Any
    cn: Any
    a1: Any
    mult: Any
    a2: Any
    mult2: Any
    unit: Any
    post: Any
    pct: Any
    pctden: Any
    pctnum: Any
    pctpost: Any
    slash: Any
    slashpost: Any
    half: Any
    halfpost: Any
    pre: str

    def __init__(self, m, pre: str) -> None:
        (
            self.lo,
            self.lomult,
            self.lounit,
            self.sep,
            self.num,
            self.ph,
            self.cn,
            self.a1,
            self.mult,
            self.a2,
            self.mult2,
            self.unit,
            self.post,
            self.pct,
            self.pctden,
            self.pctnum,
            self.pctpost,
            self.slash,
            self.slashpost,
            self.half,
            self.halfpost,
        ) = m.groups()
        self.pre = pre


BEFORE_WORDS: Final = sorted(BEFORE, key=len, reverse=True)
BEFORE_LAST: Final = frozenset(w[-1] for w in BEFORE)
BEFORE_BLOCKED: Final = {w: frozenset(v) for w, v in QUALIFIERS["before_blocked_by"].items()}
SPACES: Final = frozenset(" \u00a0\u3000")


def find_before(text: str, at: int) -> str:
    """The approximation word (近, 超过 …) that ends right before `at`, or ""; one
    space may sit between it and the number (约 4页)."""
    end = at - 1 if at and text[at - 1] in SPACES else at
    if not end or text[end - 1] not in BEFORE_LAST:
        return ""
    for word in BEFORE_WORDS:
        if text.startswith(word, end - len(word)) and end >= len(word):
            w_at = end - len(word)
            if w_at and text[w_at - 1] in BEFORE_BLOCKED.get(word, ()):
                return ""  # 签约3家, 最近3个月: the character belongs to another word
            return text[w_at:at]
    return ""
