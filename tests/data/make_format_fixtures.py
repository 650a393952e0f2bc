"""Write the format-equivalence fixtures from the hand-written UTF-8 original.

Run from anywhere: `python tests/data/make_format_fixtures.py`. The generated files are
committed, so the tests need neither reportlab nor this script; rerun it only when the
original `formats/report-utf8.txt` changes. Output is deterministic (fixed PDF/DOCX dates).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent / "formats"
ORIGINAL = HERE / "report-utf8.txt"
TABLE_CAPTION = "附表："  # the lines after this caption form a two-column table in the .docx
TABLE_ROWS = 4


def main() -> None:
    text = ORIGINAL.read_text(encoding="utf-8")
    lines = text.splitlines()
    write(HERE / "report-utf8-bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    # Windows Notepad habits: GBK-family bytes with CRLF line ends.
    write(HERE / "report-gb18030.txt", text.replace("\n", "\r\n").encode("gb18030"))
    write(HERE / "report-utf16.txt", text.encode("utf-16"))  # with BOM (little-endian)
    write(HERE / "report-utf16le-nobom.txt", text.encode("utf-16-le"))
    write(HERE / "report-utf16be-nobom.txt", text.encode("utf-16-be"))
    write(HERE / "report.docx", make_docx(lines))
    write(HERE / "report.pdf", make_pdf(lines))


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    print(f"{path.name}: {len(data)} bytes")


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.created = dt.datetime(2025, 1, 10)
    document.core_properties.modified = dt.datetime(2025, 1, 10)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(TABLE_CAPTION):
            document.add_paragraph(line)
            cells = lines[i + 1 : i + 1 + 2 * TABLE_ROWS]
            table = document.add_table(rows=TABLE_ROWS, cols=2)
            for n, cell_text in enumerate(cells):
                table.cell(n // 2, n % 2).text = cell_text
            i += 1 + 2 * TABLE_ROWS
            continue
        document.add_heading(line, level=1) if i == 0 else document.add_paragraph(line)
        i += 1
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip_dates(out.getvalue())


def _fixed_zip_dates(data: bytes) -> bytes:
    # python-docx stamps the current time on every zip member; fix it so reruns are identical.
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            info.date_time = (2025, 1, 10, 0, 0, 0)
            dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=26, alignment=1)
    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=A4, invariant=1, title="工作总结")
    story = [Paragraph(line, title if i == 0 else body) for i, line in enumerate(lines)]
    pdf.build(story, onLaterPages=_page_number, onFirstPage=_page_number)
    return out.getvalue()


def _page_number(canvas, doc) -> None:
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(297, 30, f"- {doc.page} -")


if __name__ == "__main__":
    main()
