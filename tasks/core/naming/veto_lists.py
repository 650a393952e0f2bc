"""The vetoes of an indicator, compiled from its entry in indicator_rules.yaml.

`not` (the figure's clause and the next), `not_sentence` and `not_sentence_pattern` (the
sentence, unless `not_sentence_lift` stands in the figure's clause), `not_head` (what is
counted), `not_local` and `not_local_pattern` (next to the figure), `not_left` and
`not_off_campaign` (words in the sentence, unless the indicator's own campaign is named there
or in the title). tasks/core/naming/vetoes.py reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.core.naming.wordsets import NEVER, mentions, words_of


@dataclass(frozen=True)
class Vetoes:
    """Words that stop an indicator: anywhere in ext, in the sentence, next to the figure."""

    ext: re.Pattern = NEVER
    sentence: re.Pattern = NEVER
    head: re.Pattern = NEVER
    local: re.Pattern = NEVER
    left: re.Pattern = NEVER  # only before the figure: 走访慰问困难职工X户, not …X户全部纳入帮扶
    # words of the figure's own clause that lift the sentence veto (培训工会干部560人次，培训职工
    # 技能3200人次: the second clause trains workers)
    sentence_lift: re.Pattern = NEVER
    # (words, lift) pairs: the words in the sentence, unless `lift` (the indicator's campaign)
    # is named there or in the title
    off_campaign: tuple[tuple[re.Pattern, re.Pattern], ...] = ()


def vetoes_of(spec: dict, topics: dict) -> Vetoes:
    """The vetoes of one indicator's `spec` (`topics`: the named word lists a lift may cite)."""
    return Vetoes(
        ext=mentions(words_of(spec.get("not"))),
        sentence=_words_and_pattern(spec, "not_sentence"),
        sentence_lift=mentions(words_of(spec.get("not_sentence_lift"))),
        head=mentions(words_of(spec.get("not_head"))),
        local=_words_and_pattern(spec, "not_local"),
        left=mentions(words_of(spec.get("not_left"))),
        off_campaign=_off_campaign(spec.get("not_off_campaign"), topics),
    )


def _words_and_pattern(spec: dict, key: str) -> re.Pattern:
    """`key`'s words, and `key`_pattern (a class of wording) when given."""
    words = mentions(words_of(spec.get(key)))
    pattern = spec.get(f"{key}_pattern")
    if not pattern:
        return words
    return re.compile(f"{words.pattern}|{pattern}" if words is not NEVER else pattern)


def _off_campaign(spec, topics: dict) -> tuple[tuple[re.Pattern, re.Pattern], ...]:
    """Vetoes lifted where the indicator's own campaign is in force (not_off_campaign: one
    {words, lift} or a list of them)."""
    specs = spec if isinstance(spec, list) else [spec] if spec else []
    return tuple(
        (
            mentions(words_of(one["words"])),
            mentions(words_of([w for item in one["lift"] for w in topics.get(item, [item])])),
        )
        for one in specs
    )
