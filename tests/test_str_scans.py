"""Scans by `str.find` and `in` (issue 20) give what the regex scans they replace gave: the
offsets of a class of characters, whether a text holds any of them, which texts hold in-word
markers, where glyph noise and soft-wrapping line breaks are, the text without its quotes and
spaces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tasks.core.common.text import holds_any, offsets_of
from tasks.core.naming.spelling import DROP, drop
from tasks.core.naming.stretches import _WRAP_PREV, BRACKET_NOISE, _Stops
from tasks.core.reading.decode import read_document
from tasks.core.reading.noise import _NOISE, STRIP_EACH, strip_markers

ROOT = Path(__file__).resolve().parent.parent
MADE_UP = [
    "",
    "。",
    "一是建会。二是入会；三是“送温暖”！\n（一）帮扶\r\n慰问(wèn)职工，发放《手册》？",
    "行一\r行二\u2028行三\x0c\u200b尾&nbsp;<b>粗</b>##paidbegin##",
    "职工(zhí)之家(jiā)建成（chéng）(x)（XX）(1)",
    "表情😀与\ufffd替换\u2600",
]


def _texts() -> list[str]:
    paths = sorted((ROOT / "reports").rglob("*.txt"))
    paths += sorted((ROOT / "tests" / "data").glob("heldout*/*.txt"))[:12]
    return MADE_UP + [read_document(p.read_bytes(), p.name)[0].text for p in paths]


@pytest.mark.parametrize("chars", ["。；;！!？?\n", "“”‘’《》「」『』〈〉", "\n", "(（", "x"])
def test_offsets_of_are_the_class_matches(chars):
    pattern = re.compile(f"[{re.escape(chars)}]")
    found = 0
    for text in _texts():
        want = [m.start() for m in pattern.finditer(text)]
        assert offsets_of(text, chars) == want
        assert holds_any(text, chars) == bool(want)
        found += len(want)
    assert found > 0 or chars == "x"


def test_markers_tried_at_their_opening_characters_are_those_a_search_finds():
    patterns = [re.compile(p) for p in _NOISE["strip"]]
    assert [p for p, _ in STRIP_EACH] == patterns
    assert [chars for _, chars in STRIP_EACH] == [
        "#",
        "\u200b\u200c\u200d\u2060\ufeff\xad",
        "<",
        "&",
        "(（",
        "",  # ranges: searched
    ]
    held = 0
    for text in _texts():
        want = any(p.search(text) for p in patterns)
        assert (strip_markers(text) is not None) == want, text[:40]
        held += want
    assert held >= 2


def test_stretch_index_reads_noise_and_wraps_as_the_patterns_did():
    may_wrap = re.compile(f"[\r\n](?<={_WRAP_PREV.pattern[:-1]}\r][\r\n])")
    for text in _texts():
        stops = _Stops(text)
        noise = [m.span() for m in BRACKET_NOISE.finditer(text)]
        assert list(zip(stops.noise_starts, stops.noise_ends, strict=True)) == noise
        assert stops._may_wrap() == [m.start() for m in may_wrap.finditer(text)]


def test_drop_takes_out_what_the_pattern_takes_out():
    dropped = 0
    for text in _texts():
        for line in [text, *text.splitlines()[:200]]:
            assert drop(line) == DROP.sub("", line)
            dropped += drop(line) != line
    assert dropped > 10
