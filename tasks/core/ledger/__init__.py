"""Ledger: every report version read, with its figures, kept for good in SQLite.

In: `Report`s. Out: tables of report versions and figures for the comparison stage.
"""

from tasks.core.ledger.health import LedgerError, check_ledger_file, ledger_errors
from tasks.core.ledger.store import load_versions, open_ledger, reports_without_figures

__all__ = [
    "LedgerError",
    "check_ledger_file",
    "ledger_errors",
    "load_versions",
    "open_ledger",
    "reports_without_figures",
]
