"""Pipeline: one report file becomes a `Report`; a folder of reports is recorded in the ledger.

In: a file's path and bytes, the catalogue, the manifest. Out: `Report` (text, metadata,
named figures, hidden parts) and `IngestResult`s (new, known or failed, with the reason).
"""

from tasks.core.pipeline.ingest import (
    Analysed,
    IngestResult,
    IngestRun,
    analyse_file,
    analysis_key,
    discover_reports,
    find_known,
    ingest_folder,
    ingest_report,
    record_analysed,
)
from tasks.core.pipeline.reports import read_report

__all__ = [
    "Analysed",
    "IngestResult",
    "IngestRun",
    "analyse_file",
    "analysis_key",
    "discover_reports",
    "find_known",
    "ingest_folder",
    "ingest_report",
    "read_report",
    "record_analysed",
]
