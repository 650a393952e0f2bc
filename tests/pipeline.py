"""The build-scorecard pipeline called without Prefect, for scenario tests.

Same core functions as flows/scorecard.py, in the same order.
"""

from pathlib import Path

from tasks.core.catalogue import load_catalogue
from tasks.core.ingest import analysis_key, discover_reports, ingest_report
from tasks.core.ledger import load_versions, open_ledger
from tasks.core.manifest import lookup_manifest, read_manifest
from tasks.core.scorecard import ScorecardTables, build_scorecard
from tasks.core.targets import read_targets


def run_pipeline(
    reports: Path, targets: Path, ledger: Path, year=None, period=None
) -> ScorecardTables:
    catalogue = load_catalogue(str(targets))
    key = analysis_key(catalogue)
    conn = open_ledger(ledger)
    try:
        entries, _ = read_manifest(Path(reports) / "manifest.csv")
        results = [
            ingest_report(
                conn, p, catalogue, key, lookup_manifest(entries, Path(p).relative_to(reports))
            )
            for p in discover_reports(reports)
        ]
        tables = load_versions(conn, [r.report_id for r in results if r.report_id is not None])
    finally:
        conn.close()
    failures = [(Path(r.path).name, r.message) for r in results if r.status == "failed"]
    return build_scorecard(
        tables, read_targets(targets, catalogue), catalogue, failures, year, period
    )
