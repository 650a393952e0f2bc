"""The words a clause is cut into. Left as Python when the analysis is compiled
(tasks/core/native.py): a tuple subclass cannot be a native class."""

from __future__ import annotations


class Cut(tuple):
    """(word, start, end) of each word of a text; `words` is the set of them, so that a rule
    none of whose words is there is passed over without walking the words."""

    words: frozenset[str]
