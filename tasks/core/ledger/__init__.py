"""Ledger: every report version read, with its figures, kept for good in SQLite.

In: `Report`s. Out: tables of report versions and figures for the comparison stage.
"""

from tasks.core.ledger.store import load_versions, open_ledger, reports_without_figures

__all__ = ["load_versions", "open_ledger", "reports_without_figures"]
