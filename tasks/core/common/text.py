"""Locating a figure's sentence and line in a report's text."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_MAX_SIDE = 160  # keep a sentence readable in one cell even when a page has no full stops


def sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence holding text[start:end] and the sentence's start offset.

    >>> sentence_around("去年如此。全年新建工会组织35家，发展会员900人。下一句", 12, 15)
    ('全年新建工会组织35家，发展会员900人。', 5)
    """
    lo = max(0, start - _MAX_SIDE)
    left = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    s = left[-1] if left else lo
    m = _SENTENCE_END.search(text, end, min(len(text), end + _MAX_SIDE))
    e = m.end() if m else min(len(text), end + _MAX_SIDE)
    sentence = text[s:e]
    lead = len(sentence) - len(sentence.lstrip())
    return sentence.strip(), s + lead


def line_number(text: str, offset: int) -> int:
    """1-based line of `offset`.

    >>> line_number("a\\nb\\nc", 4)
    3
    """
    return text.count("\n", 0, offset) + 1
