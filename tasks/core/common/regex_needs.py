"""What a regex match must hold: the literal words read off a pattern's parse.

`needed_strings` names strings one of which every match holds; `alternatives` gives, for
each top-level alternative, every such need. `gates.py` skips searches of texts that hold
none of them. The parser is private to `re`: should a later Python move or change it,
nothing can be named and every pattern is simply searched ungated (the same answers, only
slower).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from math import log2

try:
    from re import _constants as sre  # type: ignore[attr-defined]  # the parser's opcodes (3.11+)
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.11-3.13 have both
    sre = _parser = None
_PARSE_FAILURES = (re.error, AttributeError, TypeError, ValueError, IndexError)


_CASE = re.IGNORECASE
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) if sre else ()


def needed_strings(pattern: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` holds (matched under the pattern's own
    case folding), or None when none can be named: a match may be empty or made only of
    character classes, or case folding changes inside the pattern.

    >>> sorted(needed_strings(re.compile(r"(?<![会动职])员工|教职员?工")))
    ['员工', '教职']
    >>> needed_strings(re.compile(r"\\d+")) is None
    True
    """
    if not isinstance(pattern.pattern, str) or _parser is None:
        return None
    try:
        found = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    except _PARSE_FAILURES:  # pragma: no cover - a parser of another shape: no gate
        return None
    return frozenset(found) if found else None


def _sequence(items: Iterable) -> set[str] | None:
    """One need of a run of pattern items: every item must match, so the most telling need
    of any one item is a need of the whole run."""
    needs = _all_needs(items)
    return needs[0] if needs else None


def _rarity(need: set[str]) -> float:
    """A rough measure of how rarely a text holds one of `need`: a longer word is rarer,
    and several words less so."""
    return min(map(len, need)) - 0.5 * log2(len(need))


def _all_needs(items: Iterable) -> list[set[str]]:
    """Every need of a run of pattern items (each one of its strings must stand in a match),
    the rarest first."""
    needs: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            needs.append({"".join(run)})
            run = []
        needs += _item(op, av)
    if run:
        needs.append({"".join(run)})
    return sorted(needs, key=_rarity, reverse=True)


def _item(op, av) -> list[set[str]]:
    """The needs of one item: none when it needs nothing nameable."""
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        # a group that folds case differently from the pattern: its letters are not the
        # pattern's (the words outside it still are)
        return [] if (add_flags | del_flags) & _CASE else _all_needs(body)
    if op is sre.ATOMIC_GROUP:
        return _all_needs(av)
    if op is sre.BRANCH:
        alternatives = [_sequence(alt) for alt in av[1]]
        if any(not a for a in alternatives):
            return []  # one alternative needs nothing: neither does the choice
        return [set().union(*alternatives)]  # type: ignore[arg-type]
    if op in _REPEATS:
        low, _high, body = av
        return _all_needs(body) if low >= 1 else []
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
        return [{chr(c) for _, c in av}]  # a class of listed characters (由|从 parses as one)
    return []  # other classes, any character, anchors, lookarounds, backreferences


Alternatives = tuple[tuple[tuple[str, ...], ...], ...]


def alternatives(pattern: re.Pattern) -> Alternatives | None:
    """For each top-level alternative of `pattern`, all its needs (the rarest first): a
    text that meets every need of no alternative holds no match. None when some alternative
    needs nothing nameable, or case folds."""
    if not isinstance(pattern.pattern, str) or pattern.flags & _CASE or _parser is None:
        return None
    try:
        return _parsed_alternatives(list(_parser.parse(pattern.pattern, pattern.flags)))
    except _PARSE_FAILURES:  # pragma: no cover - a parser of another shape: no gate
        return None


def _parsed_alternatives(items: list) -> Alternatives | None:
    """`alternatives` of a parsed pattern."""
    while (
        len(items) == 1
        and items[0][0] is sre.SUBPATTERN
        and not ((items[0][1][1] | items[0][1][2]) & _CASE)
    ):
        items = list(items[0][1][3])  # (?:a|b) is a|b
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [items]
    out = []
    for branch in branches:
        needs = _all_needs(branch)
        if not needs:
            return None
        out.append(tuple(tuple(sorted(need, key=len, reverse=True)) for need in needs))
    return tuple(out)


def opening_chars(pattern: re.Pattern) -> str:
    """The characters every match of `pattern` opens with, when its first element is one
    character or a class of single characters matched as written (`[(（]…`, `<…`), else "".
    Its matches are then found by trying it where one of them stands (`text.offsets_of`).

    >>> opening_chars(re.compile("[(（][a-z]+[)）]"))
    '(（'
    >>> opening_chars(re.compile("[a-z]x")), opening_chars(re.compile("(?i)<b>"))
    ('', '')
    """
    if not isinstance(pattern.pattern, str) or _parser is None or pattern.flags & _CASE:
        return ""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        op, av = parsed[0]
    except _PARSE_FAILURES:
        return ""
    if op is sre.LITERAL:
        return chr(av)
    if op is sre.IN and av and all(o is sre.LITERAL for o, _ in av):
        return "".join(dict.fromkeys(chr(c) for _, c in av))
    return ""
