"""Text of a .docx: paragraphs and table cells in document order, one per line.

Word's automatic numbering ("一、", "（一）", "1.") is not part of a paragraph's text, yet
it is what the reader sees and what the heading tree is built from; it is rendered and
put in front of the paragraph, as it would be in a copy saved as plain text.
"""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from tasks.core.reading.limits import check_time

_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells of the body, in order, joined by newlines."""
    document = docx.Document(io.BytesIO(data))
    numbering = _Numbering(document)
    return "\n".join(_block_lines(document, numbering))


def _block_lines(container, numbering: _Numbering) -> list[str]:
    lines: list[str] = []
    for n, block in enumerate(container.iter_inner_content()):
        if n % 500 == 0:
            check_time()
        if isinstance(block, Paragraph):
            lines.append(numbering.label(block) + block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block, numbering))
    return lines


def _table_lines(table: Table, numbering: _Numbering) -> list[str]:
    # A merged cell is returned once per grid position it spans; keep it once, or its
    # figures would be counted twice. The dict holds the elements so their ids stay unique.
    lines: list[str] = []
    seen: dict[int, object] = {}
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen[id(cell._tc)] = cell._tc
            lines.extend(_block_lines(cell, numbering))
    return lines


class _Numbering:
    """Renders the automatic number of a paragraph, counting as Word does."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, str], tuple[int, str, str]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        # A paragraph's style found once per style id: python-docx scans every style of the
        # document for each lookup (~4 ms a paragraph: 15,000 paragraphs took a minute).
        self.style_num_pr: dict[str | None, object] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return  # no numbering part: nothing is auto-numbered
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            for lvl in abstract.get(ref.get(qn("w:val")) if ref is not None else "", []):
                if lvl.tag == qn("w:lvl"):
                    key = (num.get(qn("w:numId")), lvl.get(qn("w:ilvl")))
                    self.levels[key] = (
                        int(_val(lvl, "w:start") or 1),
                        _val(lvl, "w:numFmt") or "decimal",
                        _val(lvl, "w:lvlText") or "",
                    )

    def label(self, paragraph: Paragraph) -> str:
        if not self.levels:
            return ""
        num_pr = _own_num_pr(paragraph._p)
        if num_pr is None:
            style_id = paragraph._p.style
            if style_id not in self.style_num_pr:
                style = getattr(paragraph.style, "element", None)
                self.style_num_pr[style_id] = _own_num_pr(style)
            num_pr = self.style_num_pr[style_id]
        if num_pr is None:
            return ""
        num_id, ilvl = _val(num_pr, "w:numId"), _val(num_pr, "w:ilvl") or "0"
        if (num_id, ilvl) not in self.levels:
            return ""
        level = int(ilvl)
        counts = self.counters.setdefault(num_id, {})
        counts[level] = counts.get(level, self.levels[(num_id, ilvl)][0] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]  # a new item restarts the numbering of the levels below
        text = self.levels[(num_id, ilvl)][2]
        for lv in range(level, -1, -1):
            start, fmt, _ = self.levels.get((num_id, str(lv)), (1, "decimal", ""))
            text = text.replace(f"%{lv + 1}", _format(counts.get(lv, start), fmt))
        return "" if self.levels[(num_id, ilvl)][1] == "bullet" else text


def _own_num_pr(owner):
    """The <w:numPr> of a paragraph or style element itself, if any."""
    ppr = owner.find(qn("w:pPr")) if owner is not None else None
    return ppr.find(qn("w:numPr")) if ppr is not None else None


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _format(n: int, fmt: str) -> str:
    """
    >>> _format(12, "chineseCounting"), _format(3, "decimalEnclosedCircle"), _format(2, "upperLetter")
    ('十二', '③', 'B')
    """
    if fmt.startswith(
        ("chineseCounting", "ideographDigital", "japaneseCounting", "taiwaneseCounting")
    ):
        return _chinese(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("lowerLetter", "upperLetter") and 1 <= n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)


def _chinese(n: int) -> str:
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")
