"""The shipped traditional→simplified table is OpenCC's character table, and reading with it
keeps every offset (tasks/lexicon/make_traditional.py, tasks/core/reading/traditional.py)."""

from __future__ import annotations

from tasks.core.common.lexicon import read_lexicon_text
from tasks.core.reading.traditional import to_simplified, traditional_map
from tasks.lexicon.make_traditional import opencc_pairs, render


def test_shipped_table_matches_the_opencc_package() -> None:
    # opencc-python-reimplemented is in the test extra: without it this fails, never skips
    assert read_lexicon_text("traditional.txt") == render(opencc_pairs())


def test_every_pair_maps_one_character_to_one() -> None:
    table = traditional_map()
    assert len(table) > 4000
    assert all(len(s) == 1 and chr(t) != s for t, s in table.items())


def test_simplified_reading_keeps_length_and_leaves_simplified_text_alone() -> None:
    text = "總工會籌集幫扶資金，發放慰問金；乾淨的顯著成績"
    out = to_simplified(text)
    assert len(out) == len(text)
    assert out.startswith("总工会筹集帮扶资金，发放慰问金")
    assert to_simplified("已经是简体的文字") == "已经是简体的文字"
