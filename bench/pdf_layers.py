"""Which PDF text extractor keeps a report's figures: `python -m bench.pdf_layers [TXT ...]`.

Each plain-text report (default: ../shared/seeds/*.txt and the format fixture) is put into a
.docx (one paragraph a line), printed to PDF by LibreOffice headless, and read back by each
extractor; the figures found are compared with those of the .txt (value, unit; placeholders by
their text). Prints, per report and extractor, the share of the .txt's figures found and the
number of figures the .txt does not have. Nothing is written into the project; the seeds'
text never leaves /tmp. Needs LibreOffice (soffice).
"""

from __future__ import annotations

import io
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = sorted((ROOT.parent.parent / "shared" / "seeds").glob("*.txt")) + sorted(
    Path("/work/shared/seeds").glob("*.txt")
)


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _figures(text: str) -> Counter:
    from tasks.core.extraction import extract_figures

    return Counter(
        (f.value, f.unit, f.text if f.value is None else "") for f in extract_figures(text, "x")
    )


def _pypdf(data: bytes, mode: str = "plain") -> str:
    import pypdf

    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return "\n".join(p.extract_text(extraction_mode=mode) for p in pages)


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    return extract_text(io.BytesIO(data), laparams=LAParams())


def _pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def _rebuilt(data: bytes) -> str:
    from tasks.core.reading.pdftext import pdf_text

    return pdf_text(data)


EXTRACTORS = {
    "pypdf": _pypdf,
    "pypdf layout": lambda d: _pypdf(d, "layout"),
    "pdfminer.six": _pdfminer,
    "pdfplumber": _pdfplumber,
    "pdfplumber + rebuild (used)": _rebuilt,
}


def main(paths: list[Path]) -> None:
    from tasks.core.reading.convert import convert_document

    paths = paths or DEFAULT + [ROOT / "tests" / "data" / "formats" / "report-utf8.txt"]
    print("report | figures | " + " | ".join(EXTRACTORS))
    for path in dict.fromkeys(paths):
        text = path.read_text(encoding="utf-8")
        pdf = convert_document(_docx(text), ".docx", "pdf")
        want = _figures(text)
        cells = []
        for extract in EXTRACTORS.values():
            got = _figures(extract(pdf))
            found = sum((want & got).values()) / max(sum(want.values()), 1)
            cells.append(f"{found:.2f} (+{sum((got - want).values())})")
        print(f"{path.name} | {sum(want.values())} | " + " | ".join(cells))


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]])
