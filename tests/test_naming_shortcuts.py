"""Naming's per-figure shortcuts (issue 20: naming at half its CPU) give what the plain code
gave: line breaks that wrap a sentence, the sentence before a figure, a rule's topic words,
campaign evidence for a unit no campaign counts."""

from __future__ import annotations

import random
import re
import sys

import pytest

from tasks.core.common import load_default_catalogue
from tasks.core.common.model import Figure
from tasks.core.naming.clauses import Window, window_of
from tasks.core.naming.matcher import compile_catalogue
from tasks.core.naming.scopes import clause_starts, own_scope
from tasks.core.naming.scoring import (
    PEOPLE_UNITS,
    campaign_hits,
    counts_for_campaign,
)
from tasks.core.naming.spelling import DROP, _synonyms, _traditional_map, normalise
from tasks.core.naming.stretches import BRACKET_NOISE, _Stops, is_soft_wrap

PIECES = ["工会", "职工", "。", "，", "\n", "\r\n", "\r", " ", "\u3000", "一、", "（二）", "3.", "建成：",
          "”", "（", "）", "a", "12", "、", "；", "慰问困难职工", "本页"]  # fmt: skip


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(5, 40))) for _ in range(n)]


def test_soft_wraps_are_every_break_is_soft_wrap_accepts():
    texts = _texts(3000, 1) + [
        "标题一行\n" + "全年新建基层工会组织三十五家，发展会员\n二千七百人。\n"
    ]
    seen = 0
    for text in texts:
        every = {i for i, c in enumerate(text) if c in "\r\n" and is_soft_wrap(text, i)}
        assert _Stops(text).wraps == every, repr(text)
        seen += len(every)
    assert seen > 100  # the texts do hold wrapping breaks


@pytest.mark.parametrize(
    "sentence",
    [
        "全年慰问困难职工",  # plain: taken as written
        "全年慰问困难员工",  # a synonym (员工 → 职工)
        "“两节”期间慰问困难职工",  # quotes are dropped
        "全年慰問困難職工",  # traditional characters
        "慰问(wèi)困难职工",  # pinyin glyph noise
    ],
)
def test_sentence_before_a_figure_is_normalised_as_written_text_is(sentence):
    text = f"{sentence}120户，发放慰问金3万元。"
    start = len(sentence)
    figures = [
        Figure("a.txt", start, start + 4, "120户", 120, "户"),
        Figure("a.txt", text.index("3万元"), text.index("3万元") + 3, "3万元", 30000, "元"),
    ]
    for k, f in enumerate(figures):
        w = window_of(text, figures, k)
        assert w.before == normalise(text[w.sentence_start : f.start])
    assert window_of(text, figures, 0).before == normalise(sentence)


# synonyms and what their patterns look at around a word (员工会 is no 员工, 困难的 only before
# 职工), quotes, spaces, traditional characters, glyph noise
SYNONYM_PIECES = ["慰问", "困难", "特困", "职工", "员工", "会", "员", "的", "教职", "工", "教师", "了",
                  "建立", "户外", "劳动者", "爱心", "接力站", "“", "”", " ", "職工", "(wèi)", "司机",
                  "货车", "送温暖", "3万", "(工匠)"]  # fmt: skip


def test_normalise_with_its_shortcuts_is_every_step_run():
    rng = random.Random(4)
    changed = 0
    for _ in range(3000):
        text = "".join(rng.choice(SYNONYM_PIECES) for _ in range(rng.randint(1, 16)))
        want = DROP.sub("", BRACKET_NOISE.sub("", text).translate(_traditional_map()))
        for pattern, word in _synonyms():
            want = pattern.sub(word, want)
        assert normalise.__wrapped__(text) == want, text
        changed += want != text
    assert changed > 1000


def test_dropped_spaces_are_every_character_the_engine_calls_a_space():
    spaces = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        quote = ch in "“”‘’\"'「」『』《》〈〉"
        assert bool(DROP.fullmatch(ch)) == (quote or bool(spaces.match(ch))), hex(code)


def test_rule_topic_found_in_one_search_as_word_by_word():
    m = compile_catalogue(load_default_catalogue())
    topical = [r for r in m.rules if r.topic]
    assert topical
    rng = random.Random(2)
    for rule in topical:
        for word in rule.topic:
            assert rule.topic_found.search(f"开展{word}活动")
        for _ in range(20):
            text = "".join(rng.choice([*rule.topic[:3], "职工", "工会", "慰问"]) for _ in range(4))
            assert bool(rule.topic_found.search(text)) == any(t in text for t in rule.topic)
        assert not rule.topic_found.search("")


def test_no_campaign_scope_is_read_for_a_unit_no_campaign_counts():
    scopes = [("开展送温暖活动，走访", 0.7)]
    for unit in ["元", *sorted(PEOPLE_UNITS), "家", "个", "次", "%", ""]:
        hits = campaign_hits(unit, "", "共计走访", scopes)
        assert bool(hits) == counts_for_campaign(unit), unit  # the scope names a campaign
    assert counts_for_campaign("元") and counts_for_campaign("人")
    assert not counts_for_campaign("家")


def test_last_clause_of_the_own_scope_is_the_last_clause_before_the_figure():
    # off_campaign reads the last clause of own_scope from one split of the sentence so far
    rng = random.Random(5)
    longer = 0
    for _ in range(5000):
        before = "".join(
            rng.choice(["开展", "送温暖", "，", ",", "：", ":", "活动"]) for _ in range(9)
        )
        w = Window("", "", "", "", 0, 0, raw_sentence=before, raw_before=before)
        own = own_scope(w)
        assert own[clause_starts(own)[-1] :] == before[clause_starts(before)[-1] :], before
        longer += len(own) > len(before) - clause_starts(before)[-1]
    assert longer > 1000  # the scope often reaches back past the last clause


def test_raw_end_reads_as_every_prefix_normalised():
    from tasks.core.naming.counts import _raw_end

    def plain_loop(raw: str, word: str) -> int:
        for end in range(len(word), len(raw) + 1):
            if normalise(raw[:end]).endswith(word):
                return end
        return len(raw)

    pieces = PIECES + ["员工", "教职工", "總結", "回(huí)顾", "“", "近三年", "总结", "了"]
    rng = random.Random(7)
    found = 0
    for _ in range(800):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(3, 25)))
        for word in ("总结", "回顾", "职工", "近三年", "工会职工", "了"):
            got = _raw_end(raw, word)
            assert got == plain_loop(raw, word), (raw, word)
            found += got < len(raw)
    assert found > 500
