"""Locator finds each figure's sentence and line as sentence_around and line_number do."""

import random

from tasks.core.common.text import Locator, line_number, sentence_around

PIECES = ["工会", "会员", "35家", "。", "！", "？", "!", "?", "\n", " ", "\u3000", "，", "x" * 170]


def test_locator_agrees_with_sentence_around_and_line_number_everywhere():
    rng = random.Random(20)
    for _ in range(300):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        at = Locator(text)
        for start in range(len(text) + 1):
            end = min(len(text), start + rng.randint(0, 4))
            assert at.sentence(start, end) == sentence_around(text, start, end), (text, start)
            assert at.line(start) == line_number(text, start)
