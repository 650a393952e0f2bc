"""Locator finds each figure's sentence and line as a plain scan of the text around it does."""

import random
import re

from tasks.core.common.text import Locator

PIECES = ["工会", "会员", "35家", "。", "！", "？", "!", "?", "\n", " ", "\u3000", "，", "x" * 170]
ENDS = re.compile("[。！？!?\n]")
SIDE = 160


def sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The plain reading: the last sentence end within SIDE before `start`, the first within
    SIDE after `end`, the sentence stripped and where it starts."""
    lo = max(0, start - SIDE)
    left = [m.end() for m in ENDS.finditer(text, lo, start)]
    s = left[-1] if left else lo
    m = ENDS.search(text, end, min(len(text), end + SIDE))
    e = m.end() if m else min(len(text), end + SIDE)
    sentence = text[s:e]
    lead = len(sentence) - len(sentence.lstrip())
    return sentence.strip(), s + lead


def line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_locator_agrees_with_sentence_around_and_line_number_everywhere():
    rng = random.Random(20)
    for _ in range(300):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        at = Locator(text)
        for start in range(len(text) + 1):
            end = min(len(text), start + rng.randint(0, 4))
            assert at.sentence(start, end) == sentence_around(text, start, end), (text, start)
            assert at.line(start) == line_number(text, start)
