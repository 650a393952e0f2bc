"""Text of scanned PDFs and images by OCR (rapidocr-onnxruntime: PP-OCR models in the wheel).

Pages of a PDF are rendered to images with pypdfium2 at `DPI`; each image is read line by
line, and every line keeps the OCR's confidence, so a figure read from it can say how sure
the reading is. The lines go through the same layout rebuild as a PDF text layer (wrapped
lines joined, page numbers dropped, spaces between hanzi and digits taken out).
"""

from __future__ import annotations

import io
from functools import cache

from tasks.core.reading.layout import Line, join_wrapped, page_flow, without_layout_spaces

# Rendering resolution for PDF pages: 200 dpi keeps small print (五号字) legible to the
# recogniser while an A4 page stays under its 2000-pixel detection limit.
DPI = 200


class OcrMissing(Exception):
    """rapidocr-onnxruntime (or pypdfium2 for PDFs) is not installed."""


@cache
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise OcrMissing("rapidocr-onnxruntime") from exc
    return RapidOCR()


def image_lines(image) -> list[Line]:
    """Lines read from one image (a file's bytes, or a PIL image), top to bottom."""
    import numpy as np
    from PIL import Image

    if isinstance(image, bytes | bytearray):
        image = Image.open(io.BytesIO(image))
    array = np.asarray(image.convert("RGB"))[:, :, ::-1]  # the engine wants BGR
    result, _ = _engine()(array)
    boxes = []
    for points, text, confidence in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        text = without_layout_spaces(text)
        boxes.append(
            {
                "text": text,
                "x0": min(xs),
                "x1": max(xs),
                "top": min(ys),
                "bottom": max(ys),
                "pieces": [(len(text), float(confidence))],
            }
        )
    boxes.sort(key=lambda b: (round(b["top"] / max(b["bottom"] - b["top"], 1.0)), b["x0"]))
    return [line for _, line in page_flow(_same_row_merged(boxes), ocr=True)]


def ocr_image(data: bytes) -> list[Line]:
    """Lines of an image file (.png, .jpg), wrapped lines joined."""
    return join_wrapped(image_lines(data))


def ocr_pdf(data: bytes, dpi: int = DPI) -> list[Line]:
    """Lines of every page of a PDF read by OCR, wrapped lines joined across pages."""
    try:
        import pypdfium2
    except ImportError as exc:
        raise OcrMissing("pypdfium2") from exc
    pdf = pypdfium2.PdfDocument(data)
    lines: list[Line] = []
    try:
        for page in pdf:
            lines += image_lines(page.render(scale=dpi / 72).to_pil())
    finally:
        pdf.close()
    return join_wrapped(lines)


def _same_row_merged(boxes: list[dict]) -> list[dict]:
    """Boxes the detector split on one printed line, put back together left to right."""
    out: list[dict] = []
    for b in boxes:
        prev = out[-1] if out else None
        if prev is not None and _same_row(prev, b) and b["x0"] >= prev["x1"] - 2:
            out[-1] = {
                "text": prev["text"] + b["text"],
                "x0": prev["x0"],
                "x1": b["x1"],
                "top": min(prev["top"], b["top"]),
                "bottom": max(prev["bottom"], b["bottom"]),
                "pieces": prev["pieces"] + b["pieces"],
            }
        else:
            out.append(dict(b))
    return out


def _same_row(a: dict, b: dict) -> bool:
    middle = (b["top"] + b["bottom"]) / 2
    return a["top"] <= middle <= a["bottom"]
