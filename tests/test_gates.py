"""Gated regex searches (tasks/core/common/gates.py) give exactly the pattern's answers:
the strings a match needs are read correctly, and every gated lexicon pattern finds the
same matches with and without its gate on every line and clause of the sample reports."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tasks.core.common.gates import AnyOf, Gated
from tasks.core.common.regex_needs import needed_strings
from tests.case_tables import case_params

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("row", case_params("gates.yaml"))
def test_needed_strings(row):
    needs = needed_strings(re.compile(row["pattern"]))
    assert needs == (None if row["needs"] is None else frozenset(row["needs"]))


def _samples() -> list[str]:
    """Every line, sentence and clause of the sample reports, and short pieces of them."""
    from tasks.core.reading.decode import read_document

    out: list[str] = []
    paths = [*(ROOT / "reports").rglob("*.txt"), *(ROOT / "tests" / "data").glob("heldout*/*.txt")]
    for path in sorted(paths):
        text = read_document(path.read_bytes(), path.name)[0].text
        out.append(text)
        for line in text.splitlines():
            out.append(line)
            out += re.split(r"[，,。；;：:]", line)
    return [s for s in dict.fromkeys(out) if s]


def _gated_patterns() -> list[re.Pattern]:
    from tasks.core.common import load_default_catalogue
    from tasks.core.document.sections import _lexicon
    from tasks.core.naming.matcher import compile_catalogue
    from tasks.core.naming.spelling import _any_synonym
    from tasks.core.reading import noise

    m = compile_catalogue(load_default_catalogue())
    gated = [m.tier, m.not_a_total, m.multi_year, _any_synonym(), _lexicon()["item_rx"]]
    return [g.pattern for g in gated] + [noise.NAV_RE.pattern, *noise.LINE_RES]


def _with_needs(pattern: re.Pattern, samples: list[str], rng: random.Random) -> list[str]:
    """Samples with a needed string spliced in, so that gates open and matches happen."""
    needs = sorted(needed_strings(pattern) or ())
    out = []
    for s in rng.sample(samples, min(300, len(samples))):
        for word in needs:
            at = rng.randrange(len(s) + 1)
            out += [s[:at] + word + s[at:], word + s[:20], s[-20:] + word, f" {word} "]
    return out


@pytest.mark.parametrize("pattern", _gated_patterns(), ids=lambda p: p.pattern[:30])
def test_gated_pattern_finds_what_the_pattern_finds(pattern: re.Pattern):
    samples = _samples()
    texts = samples + _with_needs(pattern, samples, random.Random(20))
    gated = Gated(pattern)
    assert gated.needs or pattern.pattern == r"^\s*[-·•]?\s*\d+\s*$"  # that one always runs
    for t in texts:
        want = pattern.search(t)
        got = gated.search(t)
        assert (got and got.span()) == (want and want.span()), t
        assert [m.span() for m in gated.finditer(t)] == [m.span() for m in pattern.finditer(t)]


def test_samples_exercise_matches_of_most_gated_patterns():
    patterns = _gated_patterns()
    samples = _samples()
    rng = random.Random(20)
    matched = sum(
        any(p.search(t) for t in samples + _with_needs(p, samples, rng)) for p in patterns
    )
    assert matched >= len(patterns) * 3 // 4, (matched, len(patterns))


def test_gate_skips_a_text_without_the_needed_strings():
    gated = Gated(re.compile(r"[二两三四五六七八九十]年(?:以)?来|本届以来"))
    assert not gated.could_match("新建工会组织35家")
    assert gated.could_match("三年来") and gated.search("近三年来发展").span() == (1, 4)
    assert gated.findall("无") == [] and list(gated.finditer("无")) == []
    assert gated.fullmatch("本届以来") and gated.match("x本届以来") is None


def test_any_of_is_any_search():
    from tasks.core.reading import noise

    lines = _samples() + ["版 权 所 有", "Copyright 2024", "  12  ", "上一篇：xx", "icp备123"]
    any_line = AnyOf(noise.LINE_RES)
    hits = 0
    for line in lines:
        want = any(rx.search(line) for rx in noise.LINE_RES)
        assert any_line.search(line) == want, line
        hits += want
    assert hits >= 5


def test_ascii_letters_fold_only_to_the_listed_characters():
    from tasks.core.common.gates import _ASCII_FOLDS

    every = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass")
    every = every.decode("utf-8", "ignore")  # surrogates cannot stand in a str pattern's text
    folded = {m.group() for m in re.finditer("[a-z]", every, re.IGNORECASE)}
    assert len(folded) == 56 and all(_ASCII_FOLDS.fullmatch(c) for c in folded)


def test_every_need_of_an_alternative_must_be_met():
    """年 alone does not open 五年来 (each alternative's needs are met together or not)."""
    gated = Gated(re.compile(r"[二三四五]年(?:以)?来|(?:自|从)\d{4}年[^，]{0,12}以来|本届以来"))
    assert not gated.could_match("2024年新建工会12家")  # 年, but neither 来 nor 以来
    assert gated.could_match("五年来") and gated.search("近五年来").span() == (1, 4)
    assert gated.could_match("从2003年开展以来") and gated.could_match("本届以来")
    assert not gated.could_match("以来")  # 以来 without 年 meets no alternative
    assert Gated(re.compile(r"(?i)ICP备|abc")).could_match("icp备")  # case folds: one gate


def test_normalise_skips_only_stretches_it_would_not_change(monkeypatch):
    """normalise returns a stretch as it is when its two searches find nothing; every
    sample stretch (and each with a synonym word, a quote, a space, a bracket or a
    traditional character spliced in) normalises as it does through every step."""
    from tasks.core.naming import spelling as clauses

    raw = clauses.normalise.__wrapped__  # the function under its lru_cache
    plain = clauses._plain()
    assert plain is not None
    words = clauses._any_synonym().screen_words()
    rng = random.Random(5)
    samples = [s[:80] for s in _samples()]
    spliced = []
    for s in rng.sample(samples, min(400, len(samples))):
        for extra in rng.sample([*words, "“", " ", "（", "會", "\u3000", "員工"], 3):
            at = rng.randrange(len(s) + 1)
            spliced.append(s[:at] + extra + s[at:])
    texts = samples + spliced
    fast = [raw(t) for t in texts]
    skipped = sum(plain[0](t) is None and plain[1](t) is None for t in texts)
    monkeypatch.setattr(clauses, "_plain", lambda: None)
    assert [raw(t) for t in texts] == fast
    assert len(texts) > skipped > len(texts) // 4  # both ways are taken


def test_screen_words_are_each_alternatives_rarest_need():
    gated = Gated(re.compile(r"[二三四五]年(?:以)?来|(?:自|从)\d{4}年[^，]{0,12}以来|本届以来"))
    words = gated.screen_words()
    assert words is not None and "本届以来" in words and "以来" in words and len(words) == 3
    text = "新建工会组织35家"  # none of the words: no alternative is tried
    assert not any(w in text for w in words) and not gated.could_match(text)
    # 年 opens the screen, but 2024年 meets no alternative whole (neither 来 nor 以来)
    assert not gated.could_match("2024年新建工会12家") and gated.could_match("五年来")
    assert Gated(re.compile(r"\d+")).screen_words() is None  # nothing needed: always runs


def test_without_the_private_regex_parser_every_pattern_runs_ungated(monkeypatch):
    from tasks.core.common import regex_needs

    pattern = re.compile(r"[二两三四五六七八九十]年(?:以)?来|本届以来")
    assert Gated(pattern).needs  # gated while the parser is there
    monkeypatch.setattr(regex_needs, "_parser", None)
    gated = Gated(pattern)
    assert gated.needs is None and gated.screen_words() is None
    assert gated.could_match("新建工会组织35家")  # no gate: the pattern itself decides
    assert gated.search("近三年来发展").span() == (1, 4) and gated.search("无") is None
