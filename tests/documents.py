"""Documents the format tests make for themselves: Word files with tables, LibreOffice
conversions (.doc, .wps, PDF), scans rendered from text with a CJK font, and a PDF whose
text layer is garbage. Every text here is written for the tests."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
A4_MM = (210, 297)


def need_soffice() -> None:
    """Skip without LibreOffice, but fail on CI (where .ci/run installs it)."""
    from tasks.core.reading.convert import libreoffice

    if libreoffice() is None:
        message = "LibreOffice (soffice) is not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def need_cjk_font() -> None:
    if not CJK_FONT.exists():
        message = f"{CJK_FONT} missing (apt-get install fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def docx_bytes(
    paragraphs: list[str], table: list[list[str]] | None = None, at: int = -1, ruled: bool = True
) -> bytes:
    """A .docx of `paragraphs`, with a `table` after paragraph `at` (or at the end), ruled or
    (`ruled=False`) drawn without any lines, its columns standing apart by their alignment."""
    import docx

    document = docx.Document()
    where = len(paragraphs) if at < 0 else at + 1
    for i, text in enumerate(paragraphs[:where]):
        document.add_heading(text, level=1) if i == 0 else document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        if ruled:
            grid.style = "Table Grid"
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    for text in paragraphs[where:]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def convert(data: bytes, suffix: str, target: str) -> bytes:
    from tasks.core.reading.convert import convert_document

    return convert_document(data, suffix, target)


def text_pages(text: str, dpi: int = 150, points: float = 11.0) -> list:
    """`text` typeset on A4 pages as a scanner would see a print: black on white, at `dpi`,
    2.5 cm margins, lines wrapped at the margin, paragraphs indented by two characters."""
    from PIL import Image, ImageDraw, ImageFont

    px = round(points * dpi / 72)
    font = ImageFont.truetype(str(CJK_FONT), px)
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    margin = round(25 / 25.4 * dpi)
    usable = width - 2 * margin
    lines: list[tuple[int, str]] = []
    for paragraph in text.splitlines():
        indent, rest = 2 * px, paragraph
        while rest:
            n = _fit(rest, font, usable - indent)
            lines.append((indent, rest[:n]))
            rest, indent = rest[n:], 0
    pages, y = [], height
    step = round(px * 1.8)
    for indent, line in lines:
        if y + step > height - margin:
            pages.append(Image.new("L", (width, height), 255))
            y = margin
        ImageDraw.Draw(pages[-1]).text((margin + indent, y), line, font=font, fill=0)
        y += step
    return pages


def _fit(text: str, font, width: int) -> int:
    n = len(text)
    while n > 1 and font.getlength(text[:n]) > width:
        n -= 1
    return n


def scanned_pdf(text: str, dpi: int = 150) -> bytes:
    """A PDF of page images only (no text layer), as a scanner makes it."""
    pages = text_pages(text, dpi)
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


def png(text: str, dpi: int = 150) -> bytes:
    out = io.BytesIO()
    text_pages(text, dpi)[0].save(out, "PNG")
    return out.getvalue()


def pdf_with_garbage_layer(text: str, dpi: int = 150) -> bytes:
    """Page images with an invisible text layer whose font maps every glyph wrongly: the
    GBK bytes of the text shown as Latin-1 (¹¤»á…), as a badly embedded font reads."""
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(A4_MM[0] * mm, A4_MM[1] * mm))
    garbage = text.encode("gbk").decode("latin-1").replace("\r", "").splitlines()
    per_page = max(len(garbage) // max(len(text_pages(text, dpi)), 1), 1)
    for n, page in enumerate(text_pages(text, dpi)):
        pdf.drawImage(ImageReader(page), 0, 0, A4_MM[0] * mm, A4_MM[1] * mm)
        layer = pdf.beginText(25 * mm, 270 * mm)
        layer.setTextRenderMode(3)  # invisible, as OCR'd scans carry their text
        layer.setFont("Helvetica", 10)
        for line in garbage[n * per_page : (n + 1) * per_page]:
            layer.textLine(line)
        pdf.drawText(layer)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
