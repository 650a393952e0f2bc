"""Hostile report files made at test time (issue 16): a .docx that expands to megabytes of
XML, a PDF whose page tree claims a hundred thousand pages."""

from __future__ import annotations

import io
import zipfile


def expanding_docx(xml_bytes: int = 10 * 1024 * 1024) -> bytes:
    """A small .docx whose document.xml holds `xml_bytes` of empty paragraphs."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("青川市东港区总工会2024年工作总结")
    doc.add_paragraph("全年新建工会组织12家。")
    buf = io.BytesIO()
    doc.save(buf)
    pad = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", pad * (xml_bytes // len(pad)) + b"</w:body>")
            dst.writestr(info.filename, data)
    return out.getvalue()


def many_page_pdf(pages: int = 100_000) -> bytes:
    """A PDF of one blank page listed `pages` times in its page tree (about 1 MB)."""
    kids = b" ".join([b"3 0 R"] * pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
