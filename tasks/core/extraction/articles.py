"""Article counts of template sites (issue 19): the page title or the blurb of a 范文 page
says how many sample texts it holds (工会半年总结（精选3篇）, …范文集合十篇, 小编整理的…总结10篇，
仅供参考). Such a count of 篇 is not a figure. Word lists: tasks/lexicon/exclusions.yaml.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.extraction.exclusions import CLAUSE_MARKS, sentence_start

_EX: Final = load_yaml("exclusions.yaml")
ARTICLE_UNITS: Final = frozenset(_EX["article_units"])
ARTICLE_LINE_MAX: Final[int] = _EX["article_line_max"]
ARTICLE_GENRES_RE: Final = re.compile(_EX["article_genres"])
ARTICLE_LINE_REST_RE: Final = re.compile(_EX["article_line_rest"])
ARTICLE_AFTER_RE: Final = re.compile(_EX["article_after"])
ARTICLE_BEFORE_RE: Final = re.compile(_EX["article_before"])
ARTICLE_BRACKET_RE: Final = re.compile(_EX["article_bracket"])
TITLE_KEY: Final[int] = _EX["article_title_key"]
# as reading.noise reads wraps
WRAP_MARKS: Final = "、，,"
ENDS: Final = "。！？!?；;：:）)】"
WRAP_LINE: Final = 30
_WS: Final = re.compile(r"\s+")


def is_article_count(text: str, start: int, end: int, unit: str) -> bool:
    """工会半年总结（精选3篇）, 范文集合十篇, 小编整理的…10篇，仅供参考: a template site's
    count of the sample texts on its page, also where the title is flattened into the body."""
    if unit not in ARTICLE_UNITS:
        return False
    if ARTICLE_AFTER_RE.match(text, end):
        return True
    if text.startswith((")", "）"), end) and ARTICLE_BRACKET_RE.search(
        text, max(0, start - 4), start
    ):
        return True  # …报告范文(通用6篇)机关工会…: the collection's own bracket
    if ARTICLE_BEFORE_RE.search(text, sentence_start(text, start), start):
        return True
    return _title_line(text, start, end) or _repeats_title(text, start, end)


def _title_line(text: str, start: int, end: int) -> bool:
    """The count closes a short line with no clause mark that names a genre of text (after it
    only 范文 and a bracket)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if len(line.strip()) > ARTICLE_LINE_MAX or any(ch in CLAUSE_MARKS for ch in line):
        return False
    rest = line[end - line_start :]
    if not ARTICLE_GENRES_RE.search(line) or ARTICLE_LINE_REST_RE.match(rest) is None:
        return False
    return not _wrapped(text, line_start, line_end)


def _wrapped(text: str, line_start: int, line_end: int) -> bool:
    """The line is part of a paragraph broken into lines (a PDF's text layer), not a title:
    the line before stops mid-sentence, or the line after opens with a clause mark."""
    if line_start > 0:
        prev = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1].rstrip()
        if prev and (prev[-1] in WRAP_MARKS or len(prev) >= WRAP_LINE and prev[-1] not in ENDS):
            return True
    nxt = text[line_end + 1 : line_end + 4].lstrip(" \t\u3000") if line_end >= 0 else ""
    return nxt[:1] in CLAUSE_MARKS and nxt[:1] != ""


def _repeats_title(text: str, start: int, end: int) -> bool:
    """街道工会工作汇报4篇 (a title line) and later 街道 工会工作汇报 4 篇 街道… or the title
    again under a line of upload date and time: a copy of the page's title (a text layer that
    lost its line breaks, a line that reads as running on) is still the title."""
    count = _WS.sub("", text[start:end])
    key = _WS.sub("", text[max(0, start - 2 * TITLE_KEY) : start])[-TITLE_KEY:]
    if len(key) < TITLE_KEY:
        return False
    at = text.find(count)
    while at >= 0:
        same = at != start and _WS.sub("", text[max(0, at - 2 * TITLE_KEY) : at]).endswith(key)
        if same and _title_line(text, at, at + len(count)):
            return True
        at = text.find(count, at + 1)
    return False
