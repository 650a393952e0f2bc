"""Where stretches of a report's text end: clauses, sentences, paragraphs.

Every figure of a report walks back to the start of its clause, sentence and paragraph and
forward to their ends, often thousands of characters; the marks are found once per text and
looked up by binary search. Line breaks that only wrap a sentence (PDF text) are told apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import chain
from typing import Final

from tasks.core.common.text import offsets_of

# (with Unicode's small form variants ﹐﹔﹕﹒﹖﹗, which some traditional-script pages print)
CLAUSE_MARKS: Final = "，,；;：:。！？!?\n\r﹐﹔﹕﹒﹖﹗"
# ；separates the items of a list: each is a sentence here
SENTENCE_MARKS: Final = "。！？!?\n\r；;﹒﹖﹗﹔"
# A full sentence: a ；-item does not end it (the total after a ；-list refers back across it).
FULL_SENTENCE_MARKS: Final = "。！？!?\n\r﹒﹖﹗"
# Brackets end the words after a figure: `村街联合会4家(包含企业62家)` counts 联合会, not 企业.
RIGHT_STOPS: Final = CLAUSE_MARKS + "（(【["
ALL_MARKS: Final = "".join(sorted(set(CLAUSE_MARKS + SENTENCE_MARKS + RIGHT_STOPS)))
_ALL_MARKS_SET: Final = frozenset(ALL_MARKS)


# Pinyin that some mirror sites print after each traditional character.
PINYIN_NOISE: Final = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
# A short bracketed insert inside a name (劳模(工匠)创新工作室, 职工(劳模)创新工作室: an
# alternative or a qualifier of the word before it) neither ends the words after a figure nor
# stays in the name: naming reads 劳模创新工作室 (s36: four probe pages).
NAME_INSERT: Final = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（][\u4e00-\u9fff]{1,6}[)）](?=[\u4e00-\u9fff])"
)
# what naming drops from a stretch: glyph noise and such inserts
BRACKET_NOISE: Final = re.compile(f"{PINYIN_NOISE.pattern}|{NAME_INSERT.pattern}")


# A line break inside a sentence, as PDF text wraps it: the line before is long, ends in
# a character of the sentence (not a mark) and the next line goes on without an indent.
# a comma never ends a sentence
_WRAP_PREV: Final = re.compile(r"[\u4e00-\u9fff0-9A-Za-z%）)”，,、]")
_WRAP_NEXT: Final = re.compile(r"[\u4e00-\u9fff0-9A-Za-z（(“]")
_HEADING: Final = re.compile(
    r"\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?!\d))"
)
WRAP_MIN_LINE: Final = 10
# A row of a table written as text (新建基层工会组织：47家): each row is its own sentence.
TABLE_ROW: Final = re.compile(r"[ \t\u3000]*[^：:，,。；;\s]{2,20}[：:][ \t\u3000]*\S")


def is_soft_wrap(text: str, i: int) -> bool:
    """True when the line break at `i` (\\r or \\n) only wraps a sentence."""
    a = i - 1 if text[i] == "\n" else i
    a -= text[a] == "\r" if a >= 0 else 0
    b = i + 1 if text[i] == "\n" else i + (2 if text[i + 1 : i + 2] == "\n" else 1)
    if a < 0 or b >= len(text) or not _WRAP_PREV.match(text[a]) or not _WRAP_NEXT.match(text[b]):
        return False
    line_start = text.rfind("\n", 0, a) + 1
    if a - line_start + 1 < WRAP_MIN_LINE or _HEADING.match(text, line_start):
        return False
    if TABLE_ROW.match(text, line_start) or TABLE_ROW.match(text, b):
        return False
    # A wrapped line opens a paragraph with an indent or goes on from the line before;
    # a headline stands first on the page or after a blank line.
    if text[line_start] in " \t\u3000":
        return True
    j = line_start - 2  # last character of the line before, a CR skipped
    j -= j >= 0 and text[j] == "\r"
    return j >= 0 and text[j] != "\n"


class _Stops:
    """Where stretches of one text end, found once per text: every figure of a report walks
    back to its clause, sentence and paragraph start, often thousands of characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._at: dict[str, list[int]] = {}  # marks → offsets, line breaks that wrap excepted
        self._wrapped: dict[str, list[int]] = {}  # marks → offsets, every line break
        self._ahead: dict[str, list[int]] = {}
        self._rows: dict[int, int] = {}  # line start → end of its table-row label, or -1
        # BRACKET_NOISE.finditer, tried at each opening bracket (found by str.find): its
        # matches hold no other bracket, so they follow one another as finditer's do
        self.noise_starts: list[int] = []
        self.noise_ends: list[int] = []
        for i in offsets_of(text, "(（"):
            m = BRACKET_NOISE.match(text, i)
            if m is not None:
                self.noise_starts.append(i)
                self.noise_ends.append(m.end())
        # each mark searched once for every kind of stretch (faster than one pass sorting
        # every match into its list)
        self.by_mark = {c: offsets_of(text, c) for c in ALL_MARKS if c in text}
        self.wraps = {i for i in self._may_wrap() if is_soft_wrap(text, i)}
        # the marks a stretch ends at: line breaks that only wrap a sentence left out (only
        # the breaks' own lists are filtered, not every list of marks built from them)
        self.unwrapped = dict(self.by_mark)
        for c in "\r\n" if self.wraps else "":
            if c in self.by_mark:
                self.unwrapped[c] = [i for i in self.by_mark[c] if i not in self.wraps]

    def _may_wrap(self) -> list[int]:
        """The line breaks right after a character that may end a wrapped line (or after the
        \\r of \\r\\n): only those can wrap one, so `is_soft_wrap` is asked about them only."""
        text = self.text
        breaks = self.by_mark.get("\r", []) + self.by_mark.get("\n", [])
        breaks.sort()
        return [i for i in breaks if i and (text[i - 1] == "\r" or _WRAP_PREV.match(text, i - 1))]

    def at(self, marks: str, wrapped: bool = False) -> list[int]:
        """Sorted offsets of `marks` in the text; a line break that only wraps a sentence
        counts when `wrapped`."""
        known = self._wrapped if wrapped else self._at
        found = known.get(marks)
        if found is None:
            if not _ALL_MARKS_SET.issuperset(marks):
                raise ValueError(f"{marks!r}: only marks of ALL_MARKS end a stretch")
            by_mark = self.by_mark if wrapped else self.unwrapped
            lists = [by_mark[c] for c in set(marks) if c in by_mark]
            # each list is sorted already: one alone is the answer
            found = list(lists[0]) if len(lists) == 1 else sorted(chain.from_iterable(lists))
            known[marks] = found
        return found

    def back(self, pos: int, marks: str, limit: int, wrapped: bool = False) -> int:
        # called ten times per figure: the offsets are looked up here, at() only builds them
        stops = None if wrapped else self._at.get(marks)
        if stops is None:
            stops = self.at(marks, wrapped)
        j = bisect_left(stops, pos)
        floor = pos - limit
        if j:
            after = stops[j - 1] + 1
            return after if after > floor else floor
        return floor if floor > 0 else 0

    def row_end(self, line_start: int) -> int:
        """End of the match of TABLE_ROW at `line_start` (the line's label and the first
        character after it), or -1: looked up once per line, whichever figure asks."""
        end = self._rows.get(line_start)
        if end is None:
            row = TABLE_ROW.match(self.text, line_start)
            end = self._rows[line_start] = row.end() if row else -1
        return end

    def line_start(self, pos: int) -> int:
        """Start of the line holding `pos`: `text.rfind("\\n", 0, pos) + 1`, looked up."""
        breaks = self.by_mark.get("\n", ())
        j = bisect_left(breaks, pos)
        return breaks[j - 1] + 1 if j else 0

    def forward(self, pos: int, marks: str, limit: int) -> int:
        stop = min(len(self.text), pos + limit)
        stops = self._ahead.get(marks)
        if stops is None:  # a bracket opening glyph noise (進(jìn)) does not end a clause
            noise = set(self.noise_starts)
            stops = self.at(marks)
            stops = self._ahead[marks] = [i for i in stops if i not in noise] if noise else stops
        j = bisect_left(stops, pos)
        if j < len(stops) and stops[j] < stop:
            return stops[j]
        # glyph noise that starts before the limit is skipped whole, even past the limit
        n = bisect_left(self.noise_starts, stop) - 1
        if n >= 0 and self.noise_starts[n] >= pos and self.noise_ends[n] > stop:
            return self.noise_ends[n]
        return stop


@lru_cache(maxsize=4)
def stops_of(text: str) -> _Stops:
    """The stretch index of `text` (the last few texts are kept)."""
    return _Stops(text)


def back_to(text: str, pos: int, marks: str, limit: int, wrapped: bool = False) -> int:
    """Start of the stretch ending at `pos`: just past the last of `marks` before it, at most
    `limit` characters back. A line break that only wraps a sentence ends it when `wrapped`."""
    return stops_of(text).back(pos, marks, limit, wrapped)
