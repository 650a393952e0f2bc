"""The build-scorecard pipeline called without Prefect, for scenario tests.

Same core functions as flows/scorecard.py, in the same order.
"""

from pathlib import Path

from tasks.core.catalogue import load_catalogue
from tasks.core.ingest import ingest_folder
from tasks.core.ledger import load_versions, open_ledger
from tasks.core.scorecard import ScorecardTables, build_scorecard
from tasks.core.targets import read_targets


def run_pipeline(
    reports: Path, targets: Path, ledger: Path, year=None, period=None
) -> ScorecardTables:
    catalogue = load_catalogue(str(targets))
    conn = open_ledger(ledger)
    try:
        run = ingest_folder(conn, reports, catalogue)
        tables = load_versions(conn, run.report_ids)
    finally:
        conn.close()
    targets_data = read_targets(targets, catalogue)
    return build_scorecard(tables, targets_data, catalogue, run.failures, year, period)
