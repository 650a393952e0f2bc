"""Text layer of a PDF, with the line wrapping of the page layout undone.

A PDF stores lines as laid out on the page, so a figure such as `3000余人次` may be cut
by a line break. A line that fills the page width is taken to continue on the next line
and is joined to it; a shorter line ends its paragraph. Page numbers are dropped.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf

from tasks.core.reading.limits import check_pages, check_time

# A line at least this share of the page's text width is a wrapped line, not a paragraph end.
_FULL_LINE = 0.88
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$"
)
# A new heading always starts a new line, however full the line before it.
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))"
)
_CJK_SPACE = re.compile(
    r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]) (?=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])"
)


def pdf_text(data: bytes) -> str:
    """Text of every page, wrapped lines joined; raises PermissionError when encrypted."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PermissionError("encrypted")
    check_pages(_claimed_pages(reader))  # before pypdf walks (flattens) the page tree
    check_pages(len(reader.pages))
    pages = []
    for page in reader.pages:
        check_time()
        pages.append(_page_lines(page.extract_text() or ""))
    lines = [ln for page in pages for ln in page]
    return join_wrapped(lines)


def _claimed_pages(reader: pypdf.PdfReader) -> int:
    """The page count the document's page tree states (0 when it states none)."""
    try:
        count = reader.trailer["/Root"]["/Pages"]["/Count"]
        return int(count)
    except (KeyError, TypeError, ValueError):
        return 0


def _page_lines(text: str) -> list[str]:
    lines = [_CJK_SPACE.sub("", ln.strip()) for ln in text.splitlines()]
    while lines and (not lines[-1].strip() or _PAGE_NUMBER.match(lines[-1])):
        lines.pop()
    while lines and (not lines[0].strip() or _PAGE_NUMBER.match(lines[0])):
        lines.pop(0)
    return lines


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line.strip())


def join_wrapped(lines: list[str]) -> str:
    """Join lines that fill the text width to the line after them (a heading starts anew)."""
    widths = sorted(_width(ln) for ln in lines if ln.strip())
    if not widths:
        return ""
    # The widest lines are the full ones; take a high percentile so one overlong
    # title or table row does not raise the bar for every other line.
    full = widths[int(len(widths) * 0.9) - (len(widths) >= 10)]
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and out and not _HEADING.match(line):
            out[-1] = _glue(out[-1], line.strip())
        else:
            out.append(line)
        joining = _width(line) >= _FULL_LINE * full
    return "\n".join(out)


def _glue(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return left + " " + right
    return left + right
