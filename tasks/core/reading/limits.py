"""How much one report may expand to, and how long it may take.

The size limit on disk (30 MB) says little about a compressed file: a 73 KB .docx held
10 MB of XML and took two minutes; a 600 KB PDF claimed 100,000 pages. So a .docx's XML is
measured before it is parsed, a PDF's pages are counted before any is read, the text is
capped, and one report has a time budget, checked between steps (and between pages and
paragraphs). A report past any of them is listed as 无法读取 with the reason.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

# A long annual report is 30,000-60,000 characters in a 200-500 KB document.xml and a few
# dozen PDF pages; these are ten times that and more.
MAX_DOCX_XML_BYTES = 8 * 1024 * 1024
MAX_PDF_PAGES = 500
MAX_TEXT_CHARS = 600_000
REPORT_SECONDS = 30  # a report takes well under a second; this is for the pathological

_deadline: ContextVar[float | None] = ContextVar("report_deadline", default=None)


class TooLarge(Exception):
    """A report past a limit; the message says which, in the clerk's words (no file name)."""


@contextlib.contextmanager
def report_budget(seconds: float = REPORT_SECONDS) -> Iterator[None]:
    """The time budget of the report read inside the block."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    """Raise `TooLarge` once the report being read is past its time budget."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise TooLarge(f"处理超过 {REPORT_SECONDS} 秒仍未完成，内容异常庞大或复杂")


def check_chars(n: int) -> None:
    if n > MAX_TEXT_CHARS:
        raise TooLarge(f"文字过多（{n:,} 字，上限 {MAX_TEXT_CHARS:,} 字），不像一份工作报告")


def check_docx_xml(sizes: dict[str, int]) -> None:
    """`sizes` are the uncompressed sizes of the package's members, as its directory says
    (zipfile stops reading a member at that size, so a member cannot hide more)."""
    xml = sum(size for name, size in sizes.items() if name.endswith((".xml", ".rels")))
    if xml > MAX_DOCX_XML_BYTES:
        raise TooLarge(
            f"Word 文件解压后过大（{xml / 1024 / 1024:.0f} MB，上限 "
            f"{MAX_DOCX_XML_BYTES // 1024 // 1024} MB），不像一份工作报告"
        )


def check_pages(n: int) -> None:
    if n > MAX_PDF_PAGES:
        raise TooLarge(f"PDF 页数过多（{n:,} 页，上限 {MAX_PDF_PAGES} 页），不像一份工作报告")
