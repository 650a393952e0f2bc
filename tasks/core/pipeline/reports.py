"""Read one report file into a `Report`: decode, infer metadata, extract figures.

This is the whole per-report unit of work; the Prefect task and the CLI both call it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.model import HiddenPart, Report, ReportMeta
from tasks.core.document.metadata import infer_metadata, merge_meta
from tasks.core.pipeline.analysis import analyse_text
from tasks.core.pipeline.provenance import with_ocr_confidence
from tasks.core.reading.decode import TRUNCATED, read_document
from tasks.core.reading.noise import find_hidden


def read_report(
    path: str | Path,
    catalogue: Catalogue,
    override: ReportMeta | None = None,
    data: bytes | None = None,
) -> Report:
    """Read, decode and analyse the report at `path`.

    `override` is the report's manifest entry, if any: its non-empty fields win over
    what is inferred from the file name and text.
    `data` is the file's bytes when the caller has read them already (to hash them).
    Raises `reading.UnreadableReport` (a clerk-readable message) when it cannot be read.
    """
    path = Path(path)
    data = path.read_bytes() if data is None else data
    document, encoding = read_document(data, path.name)
    text = document.text
    meta = merge_meta(infer_metadata(path.name, text), override)
    # Sections are placed once, with the final metadata: a manifest year or kind decides
    # which sections are plans.
    figures = analyse_text(path.name, text, catalogue, meta, document.cells)
    figures = with_ocr_confidence(figures, document.ocr_lines)
    return Report(
        path=str(path),
        doc=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        meta=meta,
        figures=figures,
        hidden=find_hidden(text) + _cut_short(text, encoding),
    )


def _cut_short(text: str, encoding: str) -> list[HiddenPart]:
    """A file that ends mid-character ends early: what followed is missing."""
    if not encoding.endswith(TRUNCATED):
        return []
    return [HiddenPart(len(text), len(text), "文件末尾不完整（可能复制或保存时中断）")]
