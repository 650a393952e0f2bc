"""The shortcuts of extraction and sections (issue 20) give what the plain code gave: the
candidate scan's lookaheads (REACH, NOT_A_YEAR, RANGE_AHEAD) only fail positions the whole pattern
fails, its factored alternations match as longest-first ones, `find_candidate` finds what a
search finds, headings found by one search are the headings found line by line, the 落款 is
read from the last lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tasks.core.document.dates import stated_date
from tasks.core.document.sections import headings, outline
from tasks.core.extraction import exclusions as ex
from tasks.core.extraction import scanner
from tasks.core.extraction.scanner import (
    CANDIDATE_RE,
    NOT_A_YEAR,
    RANGE_AHEAD,
    REACH,
    _alt,
    find_candidate,
)
from tasks.core.reading.decode import read_document

ROOT = Path(__file__).resolve().parent.parent
MADE_UP = (
    "一、基本情况\n进一步统一思想，一是抓好组建，新建工会35家、发展会员3000余人次；"
    "二是送温暖1~2期，慰问金近15万元，占一半以上；三分之一的企业达95%以上。\n"
    "（一）帮扶\r\n1.救助 ** *人，发放xx万元，二十几万元，一万三，3万4000元，1/4。\n"
    "\u3000①百分之六十八 的职工，2021年、十五点七亿元，450元~500元，22\n家。\n"
    "工作1.5年、2.25年，0.125年至3.5年，近2023年来12.5年，１.５年，3年，.5年，x.5年。\n"
)


def _texts() -> list[str]:
    paths = sorted((ROOT / "reports").rglob("*.txt"))
    paths += sorted((ROOT / "tests" / "data").glob("heldout*/*.txt"))[:12]
    return [MADE_UP] + [read_document(p.read_bytes(), p.name)[0].text for p in paths]


def test_candidate_lookaheads_fail_only_what_the_pattern_fails():
    assert REACH in CANDIDATE_RE.pattern
    assert NOT_A_YEAR and REACH + NOT_A_YEAR in CANDIDATE_RE.pattern
    plain = re.compile(CANDIDATE_RE.pattern.replace(REACH + NOT_A_YEAR, "", 1))
    found = 0
    for text in _texts():
        for i in range(len(text)):
            a, b = plain.match(text, i), CANDIDATE_RE.match(text, i)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), text[i:]
            found += a is not None
    assert found > 100  # the texts hold figures of every shape


def test_range_lookahead_fails_only_what_the_pattern_fails():
    assert RANGE_AHEAD in CANDIDATE_RE.pattern
    plain = re.compile(CANDIDATE_RE.pattern.replace(RANGE_AHEAD, "", 1))
    ranges = 0
    for text in _texts():
        for i in range(len(text)):
            a, b = plain.match(text, i), CANDIDATE_RE.match(text, i)
            assert (a and a.regs) == (b and b.regs), text[i:]
            ranges += a is not None and a.group("sep") is not None
    assert ranges >= 3  # 1~2期, 450元~500元, 0.125年至3.5年


def _longest_first(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def test_factored_alternation_matches_as_longest_first():
    lists = [scanner.ALL_UNITS, list(scanner.MULTIPLIERS), ["人次", "人", "次", "人均数", "户"]]
    for words in lists:
        factored = re.compile(f"(?:{_alt(words)})")
        plain = re.compile(f"(?:{_longest_first(words)})")
        # every word, every word cut short, every word run into another's start
        texts = {w[:k] + tail for w in words for k in range(len(w) + 1) for tail in ["", "x"]}
        texts |= {w + v[:1] for w in words for v in words}
        matched = 0
        for text in texts:
            a, b = plain.match(text), factored.match(text)
            assert (a and a.span()) == (b and b.span()), text
            matched += a is not None
        assert matched > len(words)


def test_candidates_found_from_openings_are_those_a_search_finds():
    found = 0
    for text in _texts():
        for i in range(len(text)):
            a, b = CANDIDATE_RE.search(text, i), find_candidate(text, i)
            assert (a and a.regs) == (b and b.regs), text[i:]
            found += a is not None and a.start() == i
    assert found > 100


@pytest.mark.parametrize("odd", ["\r", "\u2028", "\x0c"])
def test_headings_found_by_search_are_those_found_line_by_line(odd):
    """A lone \\r (or another break `splitlines` cuts at) sends a text line by line; one of
    the same length leaves every line's offset and heading path as they were."""
    for text in _texts():
        text = text.replace("\r\n", "\n")
        by_search = [(ln.start, ln.path) for ln in outline(text)]
        assert [(ln.start, ln.path) for ln in outline(text.replace("\n", odd))] == by_search
    assert [h.label for h in headings(MADE_UP)] == [
        "一、基本情况",
        "（一）帮扶",
        "1.救助 ** *人",
        "①百分之六十八 的职工",
    ]
    assert outline(MADE_UP)[2].body == "（一）帮扶"  # \r\n ends a line as \n does


@pytest.mark.parametrize("after", [0, 1, 2, 3, 4])
def test_signature_date_read_from_the_last_four_lines(after):
    body = ["标题", *["正文。"] * 8, "2024年12月28日", "东港区总工会", *["附件。"] * after]
    got = stated_date("\n\n".join(body) + "\n  \n")
    assert (got.isoformat() if got else None) == ("2024-12-28" if after <= 2 else None)
    assert stated_date("标题\n东港区总工会\n正文。\n2024年12月28日") is not None


def test_group_names_read_as_groupdict():
    found = 0
    for text in _texts():
        pos = 0
        while (m := find_candidate(text, pos)) is not None:
            g = scanner.Groups(m, "")
            assert {k: getattr(g, k) for k in m.groupdict()} == m.groupdict()
            found += 1
            pos = m.start() + 1
    assert found > 100


AFTER_MADE_UP = (
    "召开第二次代表大会，抓好两个方面，三家携手，一家三口，25人以上企业，达到95%以上工会组建率，"
    "打赢三场硬仗，十件实事项目，以下四个特点：一是，达80%以上得2分，月收入1500元以下的职工。"
)


def test_after_patterns_by_last_character_match_as_the_whole():
    matched = 0
    for text in [AFTER_MADE_UP] + _texts()[:6]:
        for end in range(len(text) + 1):
            last = text[end - 1 : end]
            picked = ex.AFTER_BY_LAST.get(last, ex.AFTER_PLAIN_RE).match(text, end)
            whole = ex.AFTER_RE.match(text, end)
            assert (picked and picked.span()) == (whole and whole.span()), text[end - 5 : end + 5]
            matched += whole is not None
    assert matched >= 10
