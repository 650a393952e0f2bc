"""The build-scorecard pipeline called without Prefect, for scenario tests.

Same core functions as flows/scorecard.py, in the same order (bench/pipeline.py).
"""

from pathlib import Path

from bench.pipeline import ingest_and_compare
from tasks.core.common.catalogue import load_catalogue
from tasks.core.comparison.tables import ScorecardTables


def run_pipeline(
    reports: Path, targets: Path, ledger: Path, year=None, period=None
) -> ScorecardTables:
    catalogue = load_catalogue(str(targets))
    return ingest_and_compare(reports, targets, ledger, catalogue, year, period)[1]
