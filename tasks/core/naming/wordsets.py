"""Word lists of the lexicon as searches: the building blocks of rules and vetoes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from tasks.core.naming.clauses import normalise

# Never matches, and is quickly found not to: the engine scans for its first character (a
# NUL) and fails on it, where `(?!)` is tried and fails at every position of the text.
NEVER: Final = re.compile(r"\x00(?<!\x00)")


def mentions(words: Iterable[str]) -> re.Pattern:
    """A search for any of `words` (as `any(w in text for w in words)`), in one pass."""
    words = list(words)
    return re.compile("|".join(map(re.escape, words))) if words else NEVER


def words_of(value) -> tuple[str, ...]:
    """Words spelled as normalised clauses are (an alias typed “司机之家” matches 司机之家)."""
    if value is None:
        return ()
    words = value if isinstance(value, list) else [value]
    return tuple(w for w in (normalise(str(v)) for v in words) if w)
