"""Site clutter, hidden content and in-word markers of reports copied from the web.

Every span here indexes the text exactly as decoded: the extractor drops figures that
fall inside clutter, and `scorecard inspect` lists hidden parts by their offsets.
Patterns live in tasks/lexicon/noise.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Final

from tasks.core.common.gates import AnyOf, Gated
from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import HiddenPart
from tasks.core.common.regex_needs import opening_chars
from tasks.core.common.text import offsets_of
from tasks.core.reading.anchored import Anchored

_NOISE: Final = load_yaml("noise.yaml")
HIDDEN_RE: Final = re.compile("|".join(f"(?:{p})" for p in _NOISE["hidden"]))
HIDDEN_JOIN: Final[int] = _NOISE["hidden_join"]
STRIP_RE: Final = re.compile("|".join(f"(?:{p})" for p in _NOISE["strip"]))
# whether a text holds any: each pattern opens with a literal or a class, so searched alone
# the engine skips to the characters that can open it; joined, it tries every position.
# One whose every match opens with one of a few characters (a class) is tried only where
# they stand, found by `str.find` (many times faster than the engine scans for a class).
STRIP_EACH: Final = tuple((re.compile(p), opening_chars(re.compile(p))) for p in _NOISE["strip"])
INLINE_RE: Final = re.compile("|".join(f"(?:{p})" for p in _NOISE["inline"]), re.IGNORECASE)
# its branches open with classes (tried at every character): searched from its anchors
INLINE: Final = Anchored(
    INLINE_RE,
    re.compile(_NOISE["inline_anchor"], re.IGNORECASE),
    re.compile(_NOISE["inline_run"], re.IGNORECASE),
    _NOISE["inline_reach"],
)
LINE_RE: Final = re.compile("|".join(f"(?:{p})" for p in _NOISE["line"]), re.IGNORECASE)
# the same patterns one by one: on a short line, faster than trying every branch at each
# character (any of them finds a line that LINE_RE finds)
LINE_RES: Final = tuple(re.compile(p, re.IGNORECASE) for p in _NOISE["line"])
ANY_LINE: Final = AnyOf(LINE_RES)  # and those holding some word of theirs only on lines that do
LINE_MAX: Final[int] = _NOISE["line_max"]
NAV_RE: Final = Gated(re.compile(_NOISE["nav"]))
NAV_MAX: Final[int] = _NOISE["nav_max"]
RELATED_RE: Final = re.compile("|".join(map(re.escape, _NOISE["related"])))
BULLET_RE: Final = re.compile(_NOISE["bullet"])
# An editor's sign-off standing as a line (【责任编辑:…】) ends a news page's article: the
# page's lists of other articles follow it, read like a related-pages list.
SIGN_OFF_RE: Final = re.compile(_NOISE["sign_off"])
TEASER_ENDS: Final = tuple(_NOISE["teaser_ends"])
# Quick gates: most report text holds none of these, so the costly patterns are skipped.
INLINE_GATE_RE: Final = re.compile(_NOISE["inline_gate"])
HIDDEN_GATE_RE: Final = re.compile(
    r"隐藏|隱藏|权限|特权|积分|登录|登陆|会员免费|剩余|试读|付费|购买后|未完|截断"
)

Span = tuple[int, int, str]


def find_hidden(text: str) -> list[HiddenPart]:
    """Each hidden, cut or paywalled part of `text` (joined when its markers are close)."""
    return list(_hidden(text))


# Extraction and the report's record both ask: found once per text.
@lru_cache(maxsize=4)
def _hidden(text: str) -> tuple[HiddenPart, ...]:
    parts: list[HiddenPart] = []
    if not HIDDEN_GATE_RE.search(text):
        return ()
    for m in HIDDEN_RE.finditer(text):
        if parts and m.start() - parts[-1].end <= HIDDEN_JOIN:
            last = parts[-1]
            parts[-1] = HiddenPart(last.start, m.end(), last.marker)
        else:
            parts.append(HiddenPart(m.start(), m.end(), m.group(0)))
    return tuple(parts)


def find_clutter(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, kind) of site clutter whose figures must not be reported."""
    spans: list[Span] = [(h.start, h.end, "hidden") for h in find_hidden(text)]
    if INLINE_GATE_RE.search(text):
        spans += [(m.start(), m.end(), "site") for m in INLINE.finditer(text)]
    spans += _clutter_lines(text)
    return sorted(spans)


# clutter lines and furniture both read a report's lines: split once per text
@lru_cache(maxsize=4)
def _lines(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, line) for every line, end excluding the line break."""
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, at + len(line.rstrip("\r")), line.rstrip("\r")))
        at += len(line) + 1
    return tuple(out)


# Extraction and naming both ask for a report's clutter lines: found once per text.
@lru_cache(maxsize=4)
def _clutter_lines(text: str) -> tuple[Span, ...]:
    lines = _lines(text)
    spans: list[Span] = []
    titles: list[str] = []
    related = ""  # in a list of other pages: opened by a "related" heading or a "sign-off"
    after_title = False  # the list's last line was a bullet title: its teaser may follow
    seen_body = False  # a sign-off ends an article only after some body text
    for i, (start, end, line) in enumerate(lines):
        stripped = line.strip()
        if related and _in_list(lines, i, after_title and related == "sign-off"):
            spans.append((start, end, "related"))
            bullet = BULLET_RE.match(line) is not None
            if bullet:
                titles.append(stripped.lstrip("-·•●◆▪■* ").strip())
            after_title = bullet or (after_title and not stripped)
            continue
        related, after_title = "", False
        if stripped and len(stripped) <= NAV_MAX and NAV_RE.search(line):
            spans.append((start, end, "site"))  # a breadcrumb, however long its title
            continue
        if not stripped or len(stripped) > LINE_MAX:  # body paragraphs: never furniture
            seen_body = seen_body or bool(stripped)
            continue
        if RELATED_RE.search(stripped):
            related = "related"
        elif seen_body and "编" in stripped and SIGN_OFF_RE.match(stripped):
            related = "sign-off"
        if related or ANY_LINE.search(line):
            spans.append((start, end, "site"))
        else:
            seen_body = seen_body or stripped[-1] in _SENTENCE_END
    spans += _nav_strips(lines, [t for t in titles if len(t) >= 6])
    return tuple(spans)


def _in_list(lines: tuple[tuple[int, int, str], ...], i: int, teaser: bool) -> bool:
    """Line i belongs to a list of other pages: blank, a bullet, a teaser cut off with an
    ellipsis, any line where a teaser may stand (after a bullet title, past an article's
    sign-off), or a short headline that the list goes on after (an article's own title
    after the list is followed by its body)."""
    line = lines[i][2]
    stripped = line.strip()
    if teaser or not stripped or BULLET_RE.match(line) or stripped.endswith(TEASER_ENDS):
        return True
    if not _headline(stripped):
        return False
    nxt = next((ln for _, _, ln in lines[i + 1 :] if ln.strip()), None)
    if nxt is None or BULLET_RE.match(nxt):
        return True
    return nxt.strip().endswith(TEASER_ENDS) or _headline(nxt.strip())


def _headline(stripped: str) -> bool:
    """A short line with no sentence end that is not a wrapped body line."""
    if len(stripped) > LINE_MAX or stripped[-1] in _LIST_MARKS:
        return False
    return not any(ch in _SENTENCE_END for ch in stripped)


def _nav_strips(lines: tuple[tuple[int, int, str], ...], titles: list[str]) -> list[Span]:
    """Lines that run several listed headlines together: a newspaper's navigation strip."""
    if len(titles) < 2:
        return []
    out = []
    for start, end, line in lines:
        if sum(t in line for t in titles) >= 2:
            out.append((start, end, "navigation"))
    return out


# Watermark lines repeat word for word through a document site's copy (原创力文档,
# 知识共享·版权保护): short, without digits or sentence punctuation.
WATERMARK_LEN: Final = (2, 30)
_NOT_WATERMARK: Final = re.compile(r"[0-9０-９。，,；;！？!?]")
_SENTENCE_END: Final = "。！？!?；;：:"
_LIST_MARKS: Final = "、，,"
WRAP_LINE: Final = 30


def _watermarks(lines: tuple[tuple[int, int, str], ...]) -> list[tuple[int, int]]:
    seen: dict[str, list[tuple[int, int]]] = {}
    for start, end, line in lines:
        s = line.strip()
        if WATERMARK_LEN[0] <= len(s) <= WATERMARK_LEN[1] and not _NOT_WATERMARK.search(s):
            seen.setdefault(s, []).append((start, end))
    return [span for spans in seen.values() if len(spans) > 1 for span in spans]


def _mid_sentence(text: str, brk: int) -> bool:
    """The line ending at `brk` stops mid-sentence: after a comma, or as a full-width line
    of PDF text does (a headline is shorter and has no mark either)."""
    ch = text[brk - 1]
    if ch in _LIST_MARKS:
        return True
    line_start = text.rfind("\n", 0, brk) + 1
    return ch not in _SENTENCE_END and brk - line_start >= WRAP_LINE


def blank_furniture(text: str) -> str:
    """`text` with watermark and site-furniture lines turned into spaces, offsets kept.

    Naming reads the words around a figure; a watermark printed in the middle of a sentence
    (覆盖企业436家、⏎原创力文档⏎职工9,860人) must not cut the sentence in two, so the line
    break before it goes too when the line before ends mid-sentence.
    """
    lines = _lines(text)
    spans = sorted({(a, b) for a, b, _ in _clutter_lines(text)} | set(_watermarks(lines)))
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        if end < len(text) and text[end] == "\r":
            end += 1
        end += end < len(text) and text[end] == "\n"  # the line's own break
        brk = start
        while brk > last and text[brk - 1] in "\r\n":
            brk -= 1
        if brk > last and _mid_sentence(text, brk):
            start = brk  # the break before it goes too
        start = max(start, last)
        out += [text[last:start], " " * (end - start)]
        last = end
    out.append(text[last:])
    return "".join(out)


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
    for pattern, chars in STRIP_EACH:
        if not chars:
            if pattern.search(text) is not None:
                return OffsetMap(text)
            continue
        for at in offsets_of(text, chars):
            if pattern.match(text, at) is not None:
                return OffsetMap(text)
    return None
