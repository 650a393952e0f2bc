"""Pipeline: one report file becomes a `Report`; a folder of reports is recorded in the ledger.

In: a file's path and bytes, the catalogue, the manifest. Out: `Report` (text, metadata,
named figures, hidden parts) and `IngestResult`s (new, known or failed, with the reason).
"""

from tasks.core.pipeline.ingest import (
    IngestResult,
    IngestRun,
    analysis_key,
    discover_reports,
    find_known,
    find_reports,
    ingest_folder,
    ingest_report,
)
from tasks.core.pipeline.reports import read_report

__all__ = [
    "IngestResult",
    "IngestRun",
    "analysis_key",
    "discover_reports",
    "find_known",
    "find_reports",
    "ingest_folder",
    "ingest_report",
    "read_report",
]
