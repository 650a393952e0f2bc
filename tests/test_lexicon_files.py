"""The figure lexicons in tasks/lexicon/ are data: check them like data."""

from __future__ import annotations

import re

import pytest

from tasks.core.common.lexicon import load_yaml, read_lexicon_text
from tasks.core.common.model import QUALIFIERS
from tasks.core.extraction.numbers import parse_cn_number
from tasks.core.extraction.scanner import MULTIPLIERS

UNITS = load_yaml("units.yaml")
QUALS = load_yaml("qualifiers.yaml")
EXCL = load_yaml("exclusions.yaml")
NOISE = load_yaml("noise.yaml")
UNIT_LISTS = ("count", "money", "percent", "points", "decimal_only", "after_words_only")
KNOWN_UNITS = {u for key in UNIT_LISTS for u in UNITS[key]}


@pytest.mark.parametrize("name", ["units.yaml", "qualifiers.yaml", "exclusions.yaml", "noise.yaml"])
def test_every_file_says_where_its_lists_come_from(name: str) -> None:
    lines = read_lexicon_text(name).splitlines()
    assert lines[0].startswith("#") and any("Where from" in ln for ln in lines[:8])


def test_units_unique_across_lists() -> None:
    every = [u for key in UNIT_LISTS for u in UNITS[key]]
    assert len(every) == len(set(every)), sorted({u for u in every if every.count(u) > 1})


def test_multipliers_positive_and_consistent() -> None:
    places = UNITS["numeral_small_units"] | UNITS["numeral_big_units"]
    assert all(isinstance(v, int) and v > 0 for v in places.values())
    for word, factor in MULTIPLIERS.items():
        assert set(word) <= set(places), word
        assert parse_cn_number("1" + word) == factor, word
    assert MULTIPLIERS["百万"] == 1_000_000 and MULTIPLIERS["万亿"] == 10**12
    assert set(UNITS["bare_multipliers"]) <= set(UNITS["multipliers"])


def test_unit_references_are_known_units() -> None:
    assert set(UNITS["lone_one"]) <= KNOWN_UNITS
    assert set(UNITS["blockers"]) <= KNOWN_UNITS
    for unit, chars in UNITS["blockers"].items():
        assert len(chars) == len(set(chars)) and all(len(c) == 1 for c in chars), unit


def test_qualifier_words_map_to_known_qualifiers() -> None:
    for key in ("before", "between", "after", "outside_before"):
        assert set(QUALS[key].values()) <= set(QUALIFIERS), key
    assert QUALS["vague_numeral"] in QUALIFIERS
    keys = ("before", "between", "after", "outside_before")
    words = [w for key in keys for w in QUALS[key]] + list(QUALS["ceilings"])
    assert len(words) == len(set(words))


def test_no_unit_doubles_as_a_qualifier() -> None:
    words = {w for key in ("before", "between", "after") for w in QUALS[key]}
    assert not (words | set(QUALS["ceilings"])) & KNOWN_UNITS


@pytest.mark.parametrize(
    "key",
    [
        "phrases",
        "ordinal_before",
        "session_after",
        "abstract_after_ge",
        "threshold_after",
        "partners_after",
        "scoring_after",
        "bare_round",
        "one_after_word",
    ],
)
def test_exclusion_lists_unique_and_nonempty(key: str) -> None:
    items = EXCL[key]
    assert items and all(isinstance(x, str) and x for x in items)
    assert len(items) == len(set(items)), sorted({x for x in items if items.count(x) > 1})


def test_quote_pairs() -> None:
    assert all(len(pair) == 2 for pair in EXCL["quotes"])
    # only a straight quote opens and closes with the same mark (its parity on the line decides)
    assert all(pair[0] != pair[1] or pair[0] == '"' for pair in EXCL["quotes"])
    assert EXCL["quote_reach"] > 0


@pytest.mark.parametrize("key", ["hidden", "strip", "inline", "line"])
def test_noise_patterns_compile_and_are_unique(key: str) -> None:
    patterns = NOISE[key]
    assert len(patterns) == len(set(patterns))
    for p in patterns:
        assert not re.compile(p).match(""), p  # a pattern that matches nothing-at-all eats text


def test_related_headings_unique() -> None:
    assert len(NOISE["related"]) == len(set(NOISE["related"]))
    re.compile(NOISE["bullet"])


def test_blocked_qualifiers_are_qualifiers() -> None:
    assert set(QUALS["before_blocked_by"]) <= set(QUALS["before"])


def test_run_settings_are_typed_and_the_pace_covers_every_period() -> None:
    from tasks.core.common import PERIODS, SETTINGS

    assert set(SETTINGS.pace) == set(PERIODS) and SETTINGS.pace["全年"] == 1.0
    assert SETTINGS.max_report_bytes == 30 * 1024 * 1024 and SETTINGS.analysis_workers >= 1
    assert SETTINGS.ledger_name.endswith(".sqlite") and SETTINGS.latest_name.endswith(".xlsx")


def test_measure_word_lists_are_disjoint_and_their_blockers_known() -> None:
    more = load_yaml("measure_words.yaml")
    left_out = {w for words in more["left_out"].values() for w in words}
    listed = more["classifiers"] + more["measures"]
    assert len(listed) == len(set(listed))
    assert not set(listed) & left_out
    assert set(more["blockers"]) <= set(listed) | KNOWN_UNITS
    assert set(more["per_occasion"]) <= set(listed) | KNOWN_UNITS
