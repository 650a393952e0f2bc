"""Traditional characters read as simplified, character for character (offsets kept).

The table is tasks/lexicon/traditional.txt, generated from OpenCC's character data
(tasks/lexicon/make_traditional.py). Every pair maps one character to one, so a position in
the simplified text is the same position in the text as decoded: extraction reads the
simplified text and reports spans and units of the original.
"""

from __future__ import annotations

import re
from functools import cache

from tasks.core.common.lexicon import read_lexicon_text


@cache
def traditional_map() -> dict[int, str]:
    """{ord(traditional): simplified} of tasks/lexicon/traditional.txt."""
    pairs: dict[int, str] = {}
    for line in read_lexicon_text("traditional.txt").splitlines():
        if line.strip() and not line.startswith("#"):
            for pair in line.split():
                pairs[ord(pair[0])] = pair[1]
    return pairs


@cache
def _any_traditional() -> re.Pattern:
    """Most reports hold no traditional character; translate is only run on those that do.
    Only characters of the basic plane go into the class: with any other in it the regex
    engine scans the class member by member instead of looking it up in a bitmap."""
    chars = "".join(chr(o) for o in sorted(traditional_map()) if o < 0x10000)
    return re.compile(f"[{re.escape(chars)}]")


def to_simplified(text: str) -> str:
    """`text` with every traditional character replaced by its simplified form, same length.

    >>> to_simplified("發放慰問金22.5萬元")
    '发放慰问金22.5万元'
    """
    if not _any_traditional().search(text):
        return text
    return text.translate(traditional_map())


def has_traditional(text: str) -> bool:
    """Whether `text` holds a character that `to_simplified` replaces."""
    return _any_traditional().search(text) is not None


@cache
def written_as(char: str) -> re.Pattern:
    """A search for any character `to_simplified` reads as `char`, `char` itself included."""
    chars = {char} | {chr(o) for o, s in traditional_map().items() if s == char}
    return re.compile(f"[{re.escape(''.join(sorted(chars)))}]")
