"""Text of scanned PDFs and images by OCR (rapidocr-onnxruntime: PP-OCR models in the wheel).

Pages of a PDF are rendered to images with pypdfium2 at `DPI`; each image is read line by
line, and every line keeps the OCR's confidence, so a figure read from it can say how sure
the reading is. The lines go through the same layout rebuild as a PDF text layer (wrapped
lines joined, page numbers dropped, spaces between hanzi and digits taken out).
"""

from __future__ import annotations

import io
from functools import cache

import numpy as np

from tasks.core.reading.layout import Line, join_wrapped, page_flow, without_layout_spaces
from tasks.core.reading.limits import check_ocr_pages

# Rendering resolution for PDF pages: 200 dpi keeps small print (五号字) legible to the
# recogniser while an A4 page stays under its 2000-pixel detection limit.
DPI = 200
# Detector boxes kept from this score (rapidocr's default 0.5 lost whole printed lines).
BOX_SCORE = 0.3
# A line with a character read less surely than this is read again from a larger box.
SURE = 0.9
_PAD = 0.15  # of the line's height, on every side
# Characters that make up a figure's value: where two readings differ in one, neither is sure.
_FIGURE_CHARS = set(
    "0123456789０１２３４５６７８９.．,，%％万亿千百十零〇一二三四五六七八九两余多近约"
)


class OcrMissing(Exception):
    """rapidocr-onnxruntime (or pypdfium2 for PDFs) is not installed."""


@cache
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise OcrMissing("rapidocr-onnxruntime") from exc
    return RapidOCR(det_box_thresh=BOX_SCORE)


def image_lines(image) -> list[Line]:
    """Lines read from one image (a file's bytes, or a PIL image), top to bottom."""
    from PIL import Image

    if isinstance(image, bytes | bytearray):
        image = Image.open(io.BytesIO(image))
    array = np.asarray(image.convert("RGB"))[:, :, ::-1]  # the engine wants BGR
    boxes = []
    for points, text, confidences in _recognise(array):
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        kept = _normalised(text, confidences)
        boxes.append(
            {
                "text": "".join(ch for ch, _ in kept),
                "x0": min(xs),
                "x1": max(xs),
                "top": min(ys),
                "bottom": max(ys),
                "pieces": [(1, c) for _, c in kept],
            }
        )
    return [line for _, line in page_flow(_rows(boxes), ocr=True)]


def _recognise(array) -> list[tuple[list, str, list[float]]]:
    """(box corners, text, confidence of each character) of every line the engine reads.

    The confidence of each character, not the line's mean: a digit the recogniser made up
    (3000 read as 13000) scores 0.77 inside a line that scores 0.97. rapidocr's own call
    returns only the mean, so its stages are run here as its __call__ runs them (1.4.x),
    with three changes measured on scans of real reports at 150 dpi (BENCHMARKS.md):

    - boxes kept from a score of `BOX_SCORE` (rapidocr: 0.5): a whole printed line scored
      just under 0.5 and was lost with its figures;
    - the angle classifier turns a line only when most lines of the page read upside down
      (the page is): on its own it turned single upright lines and they read as nothing;
    - each line is read alone (batches pad lines to the widest, which changes the reading)
      and a line with a character below `SURE` is read again from a box a little larger
      on every side; the reading whose least sure character is surer wins.
    """
    engine = _engine()
    try:
        resized, _, _ = engine.preprocess(array)
        found, _ = engine.text_det(resized)
        if found is None or len(found) == 0:
            return []
        crops = engine.get_crop_img_list(resized, found)
        crops = _upright(engine, crops)
        read = [
            _read_line(engine, resized, box, crop) for box, crop in zip(found, crops, strict=True)
        ]
    except (AttributeError, TypeError):  # another rapidocr: the line's mean for each char
        result, _ = engine(array)
        return [(p, t, [float(c)] * len(t)) for p, t, c in result or []]
    out = []
    for points, (text, chars) in zip(found, read, strict=True):
        if text and sum(chars) / len(chars) >= engine.text_score:
            out.append((points.tolist(), text, chars))
    return out


def _upright(engine, crops: list) -> list:
    """The crops turned by the angle classifier only when most of them read upside down."""
    turned, verdicts, _ = engine.text_cls(crops)
    upside_down = sum(label == "180" for label, _ in verdicts)
    return turned if upside_down * 2 > len(verdicts) else crops


def _read_line(engine, image, box, crop) -> tuple[str, list[float]]:
    """A line's text and the confidence of each character, read again from a larger box
    when a character is unsure."""
    best = _recognised(engine, crop)
    if best[1] and min(best[1]) >= SURE:
        return best
    height = float(box[:, 1].max() - box[:, 1].min())
    pad = max(height * _PAD, 2.0)
    larger = box + np.array([[-pad, -pad], [pad, -pad], [pad, pad], [-pad, pad]], np.float32)
    larger[:, 0] = larger[:, 0].clip(0, image.shape[1] - 1)
    larger[:, 1] = larger[:, 1].clip(0, image.shape[0] - 1)
    again = _recognised(engine, engine.get_crop_img_list(image, [larger])[0])
    surer, other = sorted((best, again), key=lambda r: min(r[1], default=0.0), reverse=True)
    return surer[0], _disputed(surer, other)


def _disputed(chosen: tuple[str, list[float]], other: tuple[str, list[float]]) -> list[float]:
    """The confidences of `chosen`'s characters, where the two readings of a line disagree
    about a figure's character lowered to the other reading's there: a figure the two
    readings dispute is never taken as sure.

    >>> _disputed(("2万多人", [1.0, 0.99, 1.0, 1.0]), ("2方多人", [1.0, 0.5, 1.0, 1.0]))
    [1.0, 0.5, 1.0, 1.0]
    """
    from difflib import SequenceMatcher

    (text, sure), (alt, alt_sure) = chosen, other
    out = list(sure)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, text, alt, autojunk=False).get_opcodes():
        if op == "equal" or not any(ch in _FIGURE_CHARS for ch in text[i1:i2] + alt[j1:j2]):
            continue
        low = min(alt_sure[j1:j2], default=0.0)
        # what the other reading has more lowers the characters around where it would stand
        spot = range(i1, i2) if i2 > i1 else range(max(i1 - 1, 0), min(i1 + 1, len(text)))
        for i in spot:
            out[i] = min(out[i], low)
    return out


def _recognised(engine, crop) -> tuple[str, list[float]]:
    (text, mean, info), *_ = engine.text_rec([crop], True)[0]
    chars = info[4] if len(info) > 4 and len(info[4]) == len(text) else [mean] * len(text)
    return text, [float(c) for c in chars]


def _normalised(text: str, confidences: list[float]) -> list[tuple[str, float]]:
    """The characters left after layout spaces are taken out, each with its confidence."""
    kept, j = without_layout_spaces(text), 0
    out = []
    for ch, c in zip(text, confidences, strict=True):
        if j < len(kept) and kept[j] == ch:
            out.append((ch, c))
            j += 1
    return _lookalikes(out)


# A letter the recogniser reads for a digit inside a number (`20o名`, `10o0多人`): read as the
# digit, never as sure.
_DIGIT_LOOKALIKES = {"o": "0", "O": "0"}
_GUESSED = 0.5


def _lookalikes(chars: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A letter standing for a digit after a digit read as that digit, with a confidence that
    sends its figure to 待核实.

    >>> "".join(ch for ch, _ in _lookalikes([(ch, 1.0) for ch in "资助20o名，10o0多人，2020Oct"]))
    '资助200名，1000多人，2020Oct'
    >>> _lookalikes([("2", 0.99), ("o", 0.97), ("名", 1.0)])[1]
    ('0', 0.5)
    """
    out: list[tuple[str, float]] = []
    for i, (ch, c) in enumerate(chars):
        after = chars[i + 1][0] if i + 1 < len(chars) else ""
        word = after.isascii() and after.isalpha()  # a Latin word after digits stays
        if ch in _DIGIT_LOOKALIKES and out and out[-1][0].isdigit() and not word:
            ch, c = _DIGIT_LOOKALIKES[ch], min(c, _GUESSED)
        out.append((ch, c))
    return out


def _curly_quotes(lines: list[Line]) -> list[Line]:
    """Each paragraph's straight double quotes as the curly ones Chinese text uses (opening,
    then closing), and an opening quote inside a quotation as the closing one it stands for
    (Chinese quotations do not nest in “”): the recogniser reads both ways. A quoted name
    (“五项工作”) is no figure; misquoted, it would be read as one.

    >>> [ln.text for ln in _curly_quotes([Line('推进“五项工作“开展，"两节"')])]
    ['推进“五项工作”开展，“两节”']
    """
    for line in lines:
        chars, quoted = list(line.text), False
        for i, ch in enumerate(chars):
            if ch == '"' or (ch == "“" and quoted):
                chars[i] = ch = "”" if quoted else "“"
            quoted = (quoted or ch == "“") and ch != "”"
        line.text = "".join(chars)
    return lines


def ocr_image(data: bytes) -> list[Line]:
    """Lines of an image file (.png, .jpg), wrapped lines joined."""
    return _curly_quotes(join_wrapped(image_lines(data)))


def ocr_pdf(data: bytes, dpi: int = DPI) -> list[Line]:
    """Lines of every page of a PDF read by OCR, wrapped lines joined across pages."""
    try:
        import pypdfium2
    except ImportError as exc:
        raise OcrMissing("pypdfium2") from exc
    pdf = pypdfium2.PdfDocument(data)
    lines: list[Line] = []
    try:
        check_ocr_pages(len(pdf))  # seconds a page: a scan is read page by page
        for page in pdf:
            lines += image_lines(page.render(scale=dpi / 72).to_pil())
    finally:
        pdf.close()
    return _curly_quotes(join_wrapped(lines))


def _rows(boxes: list[dict]) -> list[dict]:
    """The detector's boxes grouped into printed lines (a box whose middle lies within a
    line's height is on it), each line's boxes joined left to right, lines top to bottom."""
    rows: list[list[dict]] = []
    for b in sorted(boxes, key=lambda b: (b["top"] + b["bottom"]) / 2):
        middle = (b["top"] + b["bottom"]) / 2
        if rows and min(r["top"] for r in rows[-1]) <= middle <= max(r["bottom"] for r in rows[-1]):
            rows[-1].append(b)
        else:
            rows.append([b])
    out = []
    for row in rows:
        row.sort(key=lambda b: b["x0"])
        out.append(
            {
                "text": "".join(b["text"] for b in row),
                "x0": row[0]["x0"],
                "x1": max(b["x1"] for b in row),
                "top": min(b["top"] for b in row),
                "bottom": max(b["bottom"] for b in row),
                "pieces": [p for b in row for p in b["pieces"]],
            }
        )
    return out
