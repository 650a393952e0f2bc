"""Quotations and titles: a number inside a short one (“十个严禁”, 《…》) is a slogan or a
name, not a figure. The marks are found once per text; each candidate bisects them.
Word lists live in tasks/lexicon/exclusions.yaml (`quotes`, `quote_reach`, `speech_marks`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.text import offsets_of

_EX: Final = load_yaml("exclusions.yaml")
QUOTES: Final[list[tuple[str, str]]] = [tuple(q) for q in _EX["quotes"]]
QUOTE_REACH: Final[int] = _EX["quote_reach"]
SPEECH_MARKS: Final[str] = _EX.get("speech_marks", "")
# every quote and title mark once (offsets_of takes distinct characters)
QUOTE_MARK_CHARS: Final = "".join(dict.fromkeys("".join(q[0] + q[1] for q in QUOTES)))
SYMMETRIC_MARKS: Final = "".join(dict.fromkeys(o for o, c in QUOTES if o == c))  # "…"


class QuoteMarks:
    """The quote and title marks of a text, read once: `offsets` of every mark, for
    `in_quotes` to bisect, and `opening`, the marks that open and close alike ("…") which
    open a quotation: the odd ones of their line."""

    def __init__(self, offsets: list[int], opening: set[int]) -> None:
        self.offsets = offsets
        self.opening = opening


def quote_marks(text: str) -> QuoteMarks:
    """The quote and title marks of `text` (see QuoteMarks)."""
    opening: set[int] = set()
    if SYMMETRIC_MARKS and any(c in text for c in SYMMETRIC_MARKS):
        newlines = offsets_of(text, "\n")
        line, count = -1, 0
        for at in offsets_of(text, SYMMETRIC_MARKS):
            on = bisect_right(newlines, at)
            line, count = on, (count + 1 if on == line else 1)
            if count % 2:
                opening.add(at)
    return QuoteMarks(offsets_of(text, QUOTE_MARK_CHARS), opening)


def in_quotes(text: str, start: int, end: int, quotes: QuoteMarks) -> bool:
    """Inside a short quotation or title: a slogan or a name (“十个严禁”, 《…》)."""
    marks = quotes.offsets
    i = bisect_left(marks, start - QUOTE_REACH)
    if i == len(marks) or marks[i] >= start:  # no opening mark close enough before it
        return False
    k = bisect_left(marks, end, i)
    if k == len(marks) or marks[k] >= end + QUOTE_REACH:  # nor a closing one after it
        return False
    lo = max(0, start - QUOTE_REACH)
    before = text[lo:start]
    after = text[end : end + QUOTE_REACH]
    for open_, close in QUOTES:
        i = before.rfind(open_)
        if i < 0 or before.rfind(close) > i:
            continue
        if open_ == close and lo + i not in quotes.opening:
            continue  # a straight quote closes what an earlier one on its line opened
        j = after.find(close)
        if j >= 0 and not 0 <= after.find(open_) < j:
            quoted = before[i + 1 :] + after[:j]
            # “今年我们发放了…5.6万元，覆盖…”: a clause mark makes it speech, not a name
            return not any(mark in quoted for mark in SPEECH_MARKS)
    return False
