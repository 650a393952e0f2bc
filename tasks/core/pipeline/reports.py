"""Read one report file into a `Report`: decode, infer metadata, extract figures.

This is the whole per-report unit of work; the Prefect task and the CLI both call it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.model import HiddenPart, Report, ReportMeta
from tasks.core.common.safetext import shown_name
from tasks.core.document.metadata import infer_metadata, merge_meta
from tasks.core.pipeline.analysis import analyse_text
from tasks.core.reading.decode import TRUNCATED, UnreadableReport, decode_report
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
    path = Path(path)
    data = path.read_bytes() if data is None else data
    # A name that is not UTF-8 (GBK bytes from a Windows share) is shown with \xNN escapes.
    doc = shown_name(path.name)
    with report_budget():
        try:
            return _read(path, doc, data, catalogue, override)
        except TooLarge as exc:
            raise UnreadableReport(f"{doc}：{exc}，已跳过") from exc


def _read(
    path: Path, doc: str, data: bytes, catalogue: Catalogue, override: ReportMeta | None
) -> Report:
    text, encoding = decode_report(data, doc)
    meta = merge_meta(infer_metadata(doc, text), override)
    # Sections are placed once, with the final metadata: a manifest year or kind decides
    # which sections are plans.
    figures = analyse_text(doc, text, catalogue, meta)
    return Report(
        path=shown_name(str(path)),
        doc=doc,
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
