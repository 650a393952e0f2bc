"""Text of a .docx: paragraphs and table cells in document order, one per line."""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells of the body, in order, joined by newlines."""
    document = docx.Document(io.BytesIO(data))
    return "\n".join(_block_lines(document))


def _block_lines(container) -> list[str]:
    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return lines


def _table_lines(table: Table) -> list[str]:
    # A merged cell is returned once per grid position it spans; keep it once, or its
    # figures would be counted twice. The dict holds the elements so their ids stay unique.
    lines: list[str] = []
    seen: dict[int, object] = {}
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen[id(cell._tc)] = cell._tc
            lines.extend(_block_lines(cell))
    return lines
