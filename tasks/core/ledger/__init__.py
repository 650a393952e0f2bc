"""Ledger: every report version read, with its figures, kept for good in SQLite or PostgreSQL.

In: `Report`s. Out: tables of report versions and figures for the comparison stage.
"""

from tasks.core.ledger.health import LedgerError, check_ledger_file, ledger_errors
from tasks.core.ledger.postgres import is_database_url, safe_label
from tasks.core.ledger.rows import ReportRows, report_rows
from tasks.core.ledger.store import (
    Ledger,
    load_versions,
    open_ledger,
    record_rows,
    reports_without_figures,
)

__all__ = [
    "Ledger",
    "LedgerError",
    "check_ledger_file",
    "is_database_url",
    "ReportRows",
    "ledger_errors",
    "load_versions",
    "open_ledger",
    "record_rows",
    "report_rows",
    "reports_without_figures",
    "safe_label",
]
