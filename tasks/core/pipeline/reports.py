"""Read one report file into a `Report`: decode, infer metadata, extract figures.

This is the whole per-report unit of work; the Prefect task and the CLI both call it.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.filetype import InputError, read_regular
from tasks.core.common.model import HiddenPart, Report, ReportMeta
from tasks.core.common.safetext import shown_name
from tasks.core.document.dates import stated_date
from tasks.core.document.metadata import infer_metadata, merge_meta
from tasks.core.pipeline.analysis import analyse_text
from tasks.core.pipeline.provenance import with_ocr_confidence
from tasks.core.reading.decode import TRUNCATED, UnreadableReport, read_document
from tasks.core.reading.layout import Assembled
from tasks.core.reading.limits import TooLarge, report_budget
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
    # A name that is not UTF-8 (GBK bytes from a Windows share) is shown with \xNN escapes.
    doc = shown_name(Path(path).name)
    if data is None:
        try:
            data = read_regular(path, doc)
        except InputError as exc:
            raise UnreadableReport(str(exc)) from exc
    path = Path(path)
    with report_budget():
        try:
            return _read(path, doc, data, catalogue, override)
        except TooLarge as exc:
            raise UnreadableReport(f"{doc}：{exc}，已跳过") from exc


def _read(
    path: Path, doc: str, data: bytes, catalogue: Catalogue, override: ReportMeta | None
) -> Report:
    document, encoding = read_document(data, doc)
    if encoding.endswith("-ocr"):  # reading took the OCR's seconds; analysis gets its own
        with report_budget():
            return _analysed(path, doc, data, catalogue, override, document, encoding)
    return _analysed(path, doc, data, catalogue, override, document, encoding)


def _analysed(
    path: Path,
    doc: str,
    data: bytes,
    catalogue: Catalogue,
    override: ReportMeta | None,
    document: Assembled,
    encoding: str,
) -> Report:
    text = document.text
    meta = merge_meta(infer_metadata(doc, text), override)
    # Sections are placed once, with the final metadata: a manifest year or kind decides
    # which sections are plans.
    figures = analyse_text(doc, text, catalogue, meta, document.cells)
    figures = with_ocr_confidence(figures, document.ocr_lines)
    return Report(
        path=shown_name(str(path)),
        doc=doc,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        text=text,
        meta=meta,
        figures=figures,
        hidden=find_hidden(text) + _cut_short(text, encoding),
        stated_date=_iso(stated_date(text)),
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _cut_short(text: str, encoding: str) -> list[HiddenPart]:
    """A file that ends mid-character ends early: what followed is missing."""
    if not encoding.endswith(TRUNCATED):
        return []
    return [HiddenPart(len(text), len(text), "文件末尾不完整（可能复制或保存时中断）")]
