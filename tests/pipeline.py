"""The build-scorecard pipeline called without Prefect, for scenario tests.

The same steps as flows/scorecard.py, in sequence (tasks.core.pipeline.ingest_and_compare).
"""

from pathlib import Path

from tasks.core.comparison import ScorecardTables
from tasks.core.pipeline import RunRequest, ingest_and_compare


def run_pipeline(
    reports: Path, targets: Path, ledger: Path, year=None, period=None
) -> ScorecardTables:
    request = RunRequest(str(reports), str(targets), year=year, period=period, ledger=str(ledger))
    return ingest_and_compare(request)[1]
