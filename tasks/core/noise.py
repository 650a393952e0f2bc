"""Site clutter, hidden content and in-word markers of reports copied from the web.

Every span here indexes the text exactly as decoded: the extractor drops figures that
fall inside clutter, and `scorecard inspect` lists hidden parts by their offsets.
Patterns live in tasks/lexicon/noise.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from tasks.core.lexicon import load_yaml
from tasks.core.model import HiddenPart

_NOISE = load_yaml("noise.yaml")
HIDDEN_RE = re.compile("|".join(f"(?:{p})" for p in _NOISE["hidden"]))
HIDDEN_JOIN: int = _NOISE["hidden_join"]
STRIP_RE = re.compile("|".join(f"(?:{p})" for p in _NOISE["strip"]))
INLINE_RE = re.compile("|".join(f"(?:{p})" for p in _NOISE["inline"]), re.IGNORECASE)
LINE_RE = re.compile("|".join(f"(?:{p})" for p in _NOISE["line"]), re.IGNORECASE)
LINE_MAX: int = _NOISE["line_max"]
RELATED_RE = re.compile("|".join(map(re.escape, _NOISE["related"])))
BULLET_RE = re.compile(_NOISE["bullet"])
# Quick gates: most report text holds none of these, so the costly patterns are skipped.
INLINE_GATE_RE = re.compile(_NOISE["inline_gate"])
HIDDEN_GATE_RE = re.compile(
    r"隐藏|隱藏|权限|特权|积分|登录|登陆|会员免费|剩余|试读|付费|购买后|未完|截断"
)

Span = tuple[int, int, str]


def find_hidden(text: str) -> list[HiddenPart]:
    """Each hidden, cut or paywalled part of `text` (joined when its markers are close)."""
    parts: list[HiddenPart] = []
    if not HIDDEN_GATE_RE.search(text):
        return parts
    for m in HIDDEN_RE.finditer(text):
        if parts and m.start() - parts[-1].end <= HIDDEN_JOIN:
            last = parts[-1]
            parts[-1] = HiddenPart(last.start, m.end(), last.marker)
        else:
            parts.append(HiddenPart(m.start(), m.end(), m.group(0)))
    return parts


def find_clutter(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, kind) of site clutter whose figures must not be reported."""
    spans: list[Span] = [(h.start, h.end, "hidden") for h in find_hidden(text)]
    if INLINE_GATE_RE.search(text):
        spans += [(m.start(), m.end(), "site") for m in INLINE_RE.finditer(text)]
    spans += _clutter_lines(text)
    return sorted(spans)


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for every line, end excluding the line break."""
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, at + len(line.rstrip("\r")), line.rstrip("\r")))
        at += len(line) + 1
    return out


def _clutter_lines(text: str) -> list[Span]:
    lines = _lines(text)
    spans: list[Span] = []
    titles: list[str] = []
    in_related = False
    for start, end, line in lines:
        stripped = line.strip()
        if in_related and (not stripped or BULLET_RE.match(line)):
            spans.append((start, end, "related"))
            titles.append(stripped.lstrip("-·•●◆▪■* ").strip())
            continue
        if not stripped or len(stripped) > LINE_MAX:  # body paragraphs: never furniture
            in_related = False
            continue
        in_related = bool(RELATED_RE.search(stripped))
        if in_related or LINE_RE.search(line):
            spans.append((start, end, "site"))
    spans += _nav_strips(lines, [t for t in titles if len(t) >= 6])
    return spans


def _nav_strips(lines: list[tuple[int, int, str]], titles: list[str]) -> list[Span]:
    """Lines that run several listed headlines together: a newspaper's navigation strip."""
    if len(titles) < 2:
        return []
    out = []
    for start, end, line in lines:
        if sum(t in line for t in titles) >= 2:
            out.append((start, end, "navigation"))
    return out


class OffsetMap:
    """Maps offsets of a text with markers taken out back to the decoded text."""

    def __init__(self, text: str) -> None:
        self.clean_starts: list[int] = [0]
        self.shifts: list[int] = [0]
        pieces, last, removed = [], 0, 0
        for m in STRIP_RE.finditer(text):
            pieces.append(text[last : m.start()])
            removed += m.end() - m.start()
            last = m.end()
            self.clean_starts.append(m.start() - removed + (m.end() - m.start()))
            self.shifts.append(removed)
        pieces.append(text[last:])
        self.clean = "".join(pieces)

    def start(self, i: int) -> int:
        """Decoded offset of the clean character at `i`."""
        k = bisect_right(self.clean_starts, i) - 1
        return i + self.shifts[k]

    def end(self, i: int) -> int:
        """Decoded end offset for a clean span ending at `i` (exclusive)."""
        return self.start(i - 1) + 1 if i > 0 else 0


def strip_markers(text: str) -> OffsetMap | None:
    """An `OffsetMap` when `text` holds in-word markers, else None (the common case)."""
    return OffsetMap(text) if STRIP_RE.search(text) else None
