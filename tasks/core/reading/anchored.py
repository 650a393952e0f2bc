"""A pattern's matches found from the rare strings every match holds (its anchors).

A joined pattern whose branches open with a character class (`[\\w.-]+\\.pdf`, `\\d+人阅读`) is
tried at every character of a text; its matches are few and each holds an anchor (`.pdf`,
`人阅读`, `www.`) found by a fast literal search. `Anchored.finditer` gives exactly the
matches of `pattern.finditer`: a match holding an anchor starts no earlier than `reach`
characters before the run of `run` characters that ends at the anchor, and only positions
from there to the anchor are tried (tests/test_anchored.py checks the two agree).
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class Anchored:
    """`pattern.finditer`, trying `pattern.match` only near the anchors.

    Holds when every match of `pattern` contains a match of `anchor` (found overlapping or
    not) and the characters between a match's start and its anchor are at most `reach`
    characters followed by characters of `run` (a one-character pattern)."""

    __slots__ = ("pattern", "anchor", "run", "reach")

    def __init__(self, pattern: re.Pattern, anchor: re.Pattern, run: re.Pattern, reach: int):
        self.pattern, self.anchor, self.run, self.reach = pattern, anchor, run, reach

    def _earliest(self, text: str, at: int, floor: int) -> int:
        """The earliest start, not below `floor`, of a match holding the anchor at `at`."""
        i, run = at, self.run.match
        while i > floor and run(text, i - 1):
            i -= 1
        return max(floor, i - self.reach)

    def finditer(self, text: str) -> Iterator[re.Match]:
        match = self.pattern.match
        tried = 0  # every start below it is tried (or inside a match)
        for a in self.anchor.finditer(text):
            # an anchor overlapping this one is skipped by finditer: its starts lie before
            # this anchor's end, so they are tried too
            stop = a.end()
            if stop <= tried:
                continue
            s = self._earliest(text, a.start(), tried)
            while s < stop:
                m = match(text, s)
                if m is None:
                    s += 1
                    continue
                yield m
                s = m.end() if m.end() > s else s + 1
            tried = s
