"""Regex searches skipped when the text lacks every string a match needs.

Python's regex engine tries a pattern at every character unless the pattern opens with a
literal or a character class. Many lexicon patterns open with a class, an optional group or
a lookbehind (`(?<![会动职])员工`, `[二两三…]年来`): a search of a short clause then costs
micro-seconds, and naming runs dozens of them per figure. Most of these patterns cannot match
without some literal word (员工, 年, 是): `needed_strings` reads those words off the parsed
pattern, and `Gated` answers "no match" at once when the text holds none of them. The answer
is always the pattern's own: a gate only ever skips a search that would have found nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from tasks.core.common.regex_needs import Alternatives, alternatives, needed_strings

_CASE: Final = re.IGNORECASE
_FOLDING: Final = re.IGNORECASE | re.ASCII  # the flags that decide how literals match


# Under IGNORECASE an ASCII letter matches only ASCII letters and these four (Python's re docs)
_ASCII_FOLDS: Final = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")
_FEW: Final = 8  # up to this many words are looked for one by one (`in`), more by one search
Search = tuple[re.Pattern | None, re.Pattern]  # (a quicker search that must succeed first, it)
Gate = tuple[tuple[str, ...], tuple[Search, ...]]


def _gate(words: Iterable[str], flags: int) -> Gate:
    """A test for any of `words` as the pattern (with `flags`) would match them: a few words
    by `in`, more by one search of them all. Under IGNORECASE a word with an ASCII letter
    is looked for only in text holding a letter that can match it (most report lines hold
    none); a run of characters without case matches only itself (the engine compiles it
    case-sensitively), so another word is looked for by its longest such run."""
    exact: set[str] = set()
    folded: set[str] = set()
    for word in words:
        runs = [word] if not flags & _CASE else _uncased_runs(word)
        if runs and (len(runs) == 1 and runs[0] == word or not _ASCII_FOLDS.search(word)):
            exact.add(max(runs, key=len))
        else:
            folded.add(word)
    exact_words = tuple(sorted(exact, key=lambda s: (-len(s), s)))
    searches: list[Search] = []
    if len(exact_words) > _FEW:
        searches.append((None, re.compile(_alternation(exact_words))))
        exact_words = ()
    if folded:
        first = _ASCII_FOLDS if all(_ASCII_FOLDS.search(w) for w in folded) else None
        searches.append((first, re.compile(_alternation(sorted(folded)), flags & _FOLDING)))
    return exact_words, tuple(searches)


def _uncased_runs(word: str) -> list[str]:
    """The runs of `word` between characters that have case (ICP备 → 备)."""
    runs, run = [], ""
    for ch in word:
        if _uncased(ch):
            run += ch
        elif run:
            runs.append(run)
            run = ""
    return [*runs, run] if run else runs


def _uncased(word: str) -> bool:
    return word.lower() == word == word.upper()


# Never matches, and is quickly found not to (the engine looks for a NUL, then fails).
_NEVER: Final = r"\x00(?<!\x00)"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, words))


def _opens(gate: Gate, text: str) -> bool:
    """Whether `text` holds one of the words of `gate`."""
    words, searches = gate
    for word in words:  # noqa: SIM110 - a loop, not any(): no generator per call
        if word in text:
            return True
    for first, search in searches:
        if (first is None or first.search(text)) and search.search(text):
            return True
    return False


def search_for_any(words: Iterable[str]) -> Callable[[str], re.Match | None]:
    """The `search` of a pattern finding any of `words` as written, longest first."""
    return re.compile(_alternation(sorted(words, key=lambda s: (-len(s), s))) or _NEVER).search


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    for word in words:  # noqa: SIM110 - a loop, not any(): no generator per call
        if word in text:
            return True
    return False


def _meets(alts: Alternatives, text: str) -> bool:
    """Whether `text` meets every need of some alternative."""
    for needs in alts:
        for need in needs:
            for word in need:
                if word in text:
                    break
            else:
                break  # a need unmet: not this alternative
        else:
            return True
    return False


class Gated:
    """`pattern` behind a gate: `search`, `match`, `fullmatch`, `finditer` and `findall` give
    exactly the pattern's answers, without running it on a text that holds none of the
    strings every match needs."""

    __slots__ = ("pattern", "needs", "_gate", "_alternatives", "_screen", "_few")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.needs = needed_strings(pattern)
        self._gate = _gate(self.needs, pattern.flags) if self.needs else ((), ())
        # each alternative's needs all at once: 年 alone opens 五年来 to most sentences,
        # 年 and 来 together to few
        self._alternatives = alternatives(pattern) if self.needs else None
        # the rarest need of every alternative in one search: a text holding none of them
        # meets no alternative, and most clauses hold none (one pass of the regex engine
        # instead of a Python loop over the alternatives)
        self._screen = search_for_any(self.screen_words() or ()) if self._alternatives else None
        # a few of them are looked for one by one (`in`: a fast C scan each, where the search
        # tests a class of their first characters at every character)
        few = self.screen_words() if self._alternatives else None
        self._few: tuple[str, ...] | None = few if few and len(few) <= _FEW else None

    def screen_words(self) -> tuple[str, ...] | None:
        """Words one of which a text must hold for `could_match` to say True (matched as
        written), or None when they cannot be named so."""
        if self._alternatives is not None:
            return tuple(sorted({w for needs in self._alternatives for w in needs[0]}))
        if self.needs is None or self.pattern.flags & _CASE:
            return None
        return tuple(sorted(self.needs))

    def could_match(self, text: str) -> bool:
        """False only when no match of the pattern can be in `text`."""
        if self._alternatives is not None:
            few = self._few
            if few is not None:
                if not _holds_any(text, few):
                    return False
            else:
                screen = self._screen  # set whenever there are alternatives
                if screen is None or screen(text) is None:
                    return False
            return _meets(self._alternatives, text)
        return self.needs is None or _opens(self._gate, text)

    def search(self, text: str, *args) -> re.Match | None:
        return self.pattern.search(text, *args) if self.could_match(text) else None

    def match(self, text: str, *args) -> re.Match | None:
        return self.pattern.match(text, *args) if self.could_match(text) else None

    def fullmatch(self, text: str, *args) -> re.Match | None:
        return self.pattern.fullmatch(text, *args) if self.could_match(text) else None

    def finditer(self, text: str, *args) -> Iterator[re.Match]:
        return self.pattern.finditer(text, *args) if self.could_match(text) else iter(())

    def findall(self, text: str, *args) -> list:
        return self.pattern.findall(text, *args) if self.could_match(text) else []


class AnyOf:
    """Whether any of several patterns is found in a text: the patterns whose needs can be
    named are skipped together when the text holds none of their strings."""

    __slots__ = ("_always", "_groups")

    def __init__(self, patterns: Iterable[re.Pattern]) -> None:
        always: list[re.Pattern] = []
        by_flags: dict[int, tuple[set[str], list[re.Pattern]]] = {}
        for p in patterns:
            needs = needed_strings(p)
            if needs is None:
                always.append(p)
                continue
            words, members = by_flags.setdefault(p.flags & _FOLDING, (set(), []))
            words |= needs
            members.append(p)
        self._always = tuple(always)
        self._groups = tuple(
            (_gate(words, flags), tuple(ps)) for flags, (words, ps) in by_flags.items()
        )

    def search(self, text: str) -> bool:
        """True when some pattern's `search` finds a match in `text`."""
        for p in self._always:
            if p.search(text):
                return True
        for gate, members in self._groups:
            if _opens(gate, text) and any(p.search(text) for p in members):
                return True
        return False
