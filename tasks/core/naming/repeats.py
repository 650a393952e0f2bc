"""A headline figure that the body repeats carries the body's indicator (figures.md rule 17).

A page's headline states a result in few words (汝南县34.6万元“送温暖”物质…), often with no verb
to name it by; the body states the same figure in a sentence that does. The head of a page is
every short line before the first line holding a full stop (headlines, breadcrumbs, dates).
"""

from __future__ import annotations

from typing import Final

from tasks.core.common.model import Figure

FULL_STOPS: Final = "。！？!?"
HEADLINE_MAX: Final = 80  # a longer line is body text even before the first full stop


def name_headline_repeats(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` (any order) with the unnamed head figures named as their body repeat."""
    head_end = _head_end(text)
    body = [g for g in figures if g.start >= head_end and g.indicator and g.value is not None]
    out = []
    for f in figures:
        if f.start < head_end and not f.indicator and f.value is not None and _short_line(text, f):
            same = next((g for g in body if g.unit == f.unit and g.value == f.value), None)
            if same is not None:
                f = f.with_(
                    indicator=same.indicator,
                    confidence=same.confidence,
                    evidence=f"正文{same.text}",
                    candidate="",
                )
        out.append(f)
    return out


def _short_line(text: str, f: Figure) -> bool:
    start = text.rfind("\n", 0, f.start) + 1
    end = text.find("\n", f.end)
    return (end if end >= 0 else len(text)) - start <= HEADLINE_MAX


def _head_end(text: str) -> int:
    """Start of the line holding the page's first full stop (the body's first sentence)."""
    stops = [i for i in map(text.find, FULL_STOPS) if i >= 0]
    if not stops:
        return 0
    return text.rfind("\n", 0, min(stops)) + 1
