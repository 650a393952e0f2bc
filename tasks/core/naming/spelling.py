"""Text as the lexicon spells it: simplified characters, no quotes or spaces, no pinyin glyph
noise (`會(huì)`), one word for each family of synonyms. Naming reads every stretch around a
figure through `normalise` (tasks/core/naming/clauses.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Final

from tasks.core.common.gates import Gated, search_for_any
from tasks.core.common.lexicon import load_yaml, read_lexicon_text
from tasks.core.naming.stretches import BRACKET_NOISE

# Quotes and spaces carry no meaning for naming but split words: “两节”送温暖.
# The spaces are spelled out (every character `str.isspace` and the engine's \s take): the
# engine tests a \s in a class by its Unicode category, character by character, about a third
# slower than the listed characters (tests/test_naming_shortcuts.py keeps them the same).
UNICODE_SPACES: Final = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
QUOTE_CHARS: Final = "“”‘’\"'「」『』《》〈〉"
_DROP_CLASS: Final = rf"[{QUOTE_CHARS}{UNICODE_SPACES}]"
DROP: Final = re.compile(_DROP_CLASS + "+")  # what `drop` takes out
# one string per quote, made once (a loop over a str makes a new one per CJK character)
_QUOTES: Final = tuple(QUOTE_CHARS)


def drop(text: str) -> str:
    """`DROP.sub("", text)`: the quotes taken out by `str.replace`, the spaces by `str.split`
    (which cuts at exactly the characters of UNICODE_SPACES), several times faster than the
    regex engine's class test at every character.

    >>> drop("“两节” 送温暖\u3000慰问")
    '两节送温暖慰问'
    """
    for q in _QUOTES:
        if q in text:
            text = text.replace(q, "")
    return "".join(text.split())


@cache
def _traditional_map() -> dict[int, str]:
    pairs = {}
    for line in read_lexicon_text("traditional.txt").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            for pair in line.split():
                pairs[ord(pair[0])] = pair[1]
    return pairs


@cache
def _synonyms() -> tuple[tuple[re.Pattern, str], ...]:
    """Variants of a word family spelled as the lexicon spells them (员工, 教职工 → 职工)."""
    pairs = load_yaml("indicator_rules.yaml").get("synonyms") or []
    return tuple((re.compile(p), r) for p, r in pairs)


@cache
def _traditional_chars() -> tuple[re.Pattern, frozenset[str]]:
    """The characters the traditional map rewrites: most text has none, and translate with
    a dict is slow per character. Those of the basic plane as a character class (looked up
    in a bitmap), the few past U+FFFF as a set: in the class they would turn it into a
    scan of all 4,000 members for every character."""
    chars = [chr(o) for o in sorted(_traditional_map())]
    basic = "".join(c for c in chars if c <= "\uffff")
    return re.compile(f"[{re.escape(basic)}]"), frozenset(c for c in chars if c > "\uffff")


_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")


@cache
def _traditional_or_astral() -> re.Pattern:
    """A character the traditional map rewrites, or any past U+FFFF: one search that clears
    most text (neither), where the two searches below would each scan it."""
    basic, _ = _traditional_chars()
    return re.compile(basic.pattern[:-1] + "\U00010000-\U0010ffff]")


def _has_traditional(text: str) -> bool:
    if _traditional_or_astral().search(text) is None:
        return False
    basic, astral = _traditional_chars()
    if basic.search(text):
        return True
    return bool(astral) and _ASTRAL.search(text) is not None and not astral.isdisjoint(text)


# Figures of one sentence share its sentence, context and back stretches.
@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Text as the lexicon spells it: simplified, no quotes, no pinyin noise, one word for
    each family of synonyms (so every rule written with 职工 also reads 员工 and 教职工).

    >>> normalise("“兩節”送溫暖慰問金(jīn)")
    '两节送温暖慰问金'
    >>> normalise("参训员工")
    '参训职工'
    """
    plain = _plain()
    if plain is not None and plain[0](text) is None and plain[1](text) is None:
        return text  # nothing below would change it: most stretches
    if "(" in text or "（" in text:  # glyph noise is a bracketed syllable
        text = BRACKET_NOISE.sub("", text)
    if _has_traditional(text):
        text = text.translate(_traditional_map())
    text = drop(text)
    # no word every match of some synonym pattern needs: no pattern matches, none is run
    # (the words, one search; the joined pattern's own gate weighs each of its alternatives'
    # needs in Python, slower on a long text than running the patterns)
    if plain is not None:
        rewrite = plain[1](text) is not None
    else:
        gate = _any_synonym()
        rewrite = gate is None or gate.search(text) is not None
    if rewrite:
        for screen, pattern, word in _screened_synonyms():
            if screen is None or screen(text) is not None:
                text = pattern.sub(word, text)
    return text


@cache
def _screened_synonyms() -> tuple[tuple[Callable | None, re.Pattern, str], ...]:
    """The synonym patterns, each behind a search for the words every match of it needs
    (None when they cannot be named): a pattern opening with a lookbehind (员工 not after
    会) is otherwise tried at every character of the text."""
    out = []
    for pattern, word in _synonyms():
        words = Gated(pattern).screen_words()
        out.append((search_for_any(words) if words else None, pattern, word))
    return tuple(out)


@cache
def _any_synonym() -> Gated | None:
    """Whether any synonym pattern matches, in one search: most stretches hold none, and then
    no substitution changes the text (so none can make a later pattern match). None when
    the patterns cannot be joined (a backreference would point at another's group)."""
    sources = [p.pattern for p, _ in _synonyms()]
    if any(re.search(r"\\\d|\(\?P=|^\(\?[a-zA-Z]+\)", src) for src in sources):
        return None
    try:
        return Gated(re.compile("|".join(f"(?:{src})" for src in sources) or "(?!)"))
    except re.error:
        return None


@cache
def _plain() -> tuple[Callable, Callable] | None:
    """Two searches that find nothing in a text `normalise` leaves as it is: one for any
    character a step rewrites or drops (a bracket, a traditional or astral character, a quote
    or space), one for the words without which no synonym pattern matches. None when those
    words cannot be named (then every text goes through every step)."""
    gate = _any_synonym()
    words = gate.screen_words() if gate is not None else None
    if words is None:
        return None
    basic, _ = _traditional_chars()
    chars = "(（" + basic.pattern[1:-1] + "\U00010000-\U0010ffff" + _DROP_CLASS[1:-1]
    return re.compile(f"[{chars}]").search, search_for_any(words)


def clean(text: str) -> str:
    """Text as the report words it, minus quotes-free noise: for subjects."""
    if "(" in text or "（" in text:  # glyph noise is a bracketed syllable
        text = BRACKET_NOISE.sub("", text)
    return text.strip()
