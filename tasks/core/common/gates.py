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
from collections.abc import Iterable, Iterator
from re import _constants as sre  # the parser's opcodes (stable since Python 3.11)
from re import _parser

_CASE = re.IGNORECASE
_FOLDING = re.IGNORECASE | re.ASCII  # the flags that decide how literals match
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def needed_strings(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` holds (matched under the pattern's own
    case folding), or None when none can be named: a match may be empty or made only of
    character classes, or case folding changes inside the pattern.

    >>> sorted(needed_strings(re.compile(r"(?<![会动职])员工|教职员?工")))
    ['员工', '教职']
    >>> needed_strings(re.compile(r"\\d+")) is None
    True
    """
    if not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled, so it parses
        return None
    found = _sequence(parsed)
    return frozenset(found) if found else None


def _gate(words: Iterable[str], flags: int) -> tuple[tuple[str, ...], re.Pattern | None]:
    """A test for any of `words`: a few case-sensitive ones by `in`, else one search."""
    words = sorted(set(words), key=lambda s: (-len(s), s))
    if len(words) <= 3 and not flags & _CASE:
        return tuple(words), None
    return (), re.compile("|".join(map(re.escape, words)), flags & _FOLDING)


def _sequence(items: Iterable) -> set[str] | None:
    """What a run of pattern items needs: every item must match, so the most telling need of
    any one item (its shortest string the longest) is a need of the whole run."""
    needs: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            needs.append({"".join(run)})
            run = []
        need = _item(op, av)
        if need:
            needs.append(need)
    if run:
        needs.append({"".join(run)})
    if not needs:
        return None
    return max(needs, key=lambda s: (min(map(len, s)), -len(s)))


def _item(op, av) -> set[str] | None:
    """The need of one item; None when it needs nothing nameable."""
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        # a group that folds case differently from the pattern: its letters are not the
        # pattern's (the words outside it still are)
        return None if (add_flags | del_flags) & _CASE else _sequence(body)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.BRANCH:
        alternatives = [_sequence(alt) for alt in av[1]]
        if any(not a for a in alternatives):
            return None  # one alternative needs nothing: neither does the choice
        return set().union(*alternatives)
    if op in _REPEATS:
        low, _high, body = av
        return _sequence(body) if low >= 1 else None
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
        return {chr(c) for _, c in av}  # a class of listed characters (由|从 parses as one)
    return None  # other classes, any character, anchors, lookarounds, backreferences


class Gated:
    """`pattern` behind a gate: `search`, `match`, `fullmatch`, `finditer` and `findall` give
    exactly the pattern's answers, without running it on a text that holds none of the
    strings every match needs."""

    __slots__ = ("pattern", "needs", "_words", "_gate")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.needs = needed_strings(pattern)
        self._words, self._gate = _gate(self.needs, pattern.flags) if self.needs else ((), None)

    def could_match(self, text: str) -> bool:
        """False only when no match of the pattern can be in `text`."""
        if self._words:
            for word in self._words:  # noqa: SIM110 - a loop, not any(): no generator per call
                if word in text:
                    return True
            return False
        return self._gate is None or self._gate.search(text) is not None

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
            (_gate(words, flags)[1] or re.compile("|".join(map(re.escape, words))), tuple(ps))
            for flags, (words, ps) in by_flags.items()
        )

    def search(self, text: str) -> bool:
        """True when some pattern's `search` finds a match in `text`."""
        for p in self._always:
            if p.search(text):
                return True
        for gate, members in self._groups:
            if gate.search(text) and any(p.search(text) for p in members):
                return True
        return False
