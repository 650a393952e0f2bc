"""Peak memory and CPU of the comparison and the writing alone, on a ledger already filled
(issue 20: the steps after reading, at 100,000 reports), without Prefect.

    python -m bench.compare_write LEDGER TARGETS OUT [--batched | --one] [--batch N]

Every current report of the ledger is compared (no report is read again: the ledger's
rows stand for the run's results), then the workbook (or its volumes) is written into
OUT/batched or OUT/one at a fixed time, so that two runs' files can be compared part by
part. `--one` compares all figures in one batch (as up to 400,000 figures do), `--batched`
a batch of units at a time (as beyond that); both by default, one after the other. Memory
is this process's peak RSS of each step (`VmHWM`, reset in between through
`/proc/self/clear_refs`), CPU its CPU seconds.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from tasks.core.pipeline import comparing, load_inputs
from tasks.core.pipeline.ingest import IngestResult, IngestRun
from tasks.core.pipeline.run import RunRequest, run_info, write_scorecard

NOW = datetime(2026, 12, 4, 20, 0, 0)


def peak_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024


def reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def ledger_run(ledger: str, catalogue) -> IngestRun:
    """The ledger's newest version of each report as a run's results (SQLite ledgers)."""
    conn = sqlite3.connect(ledger)
    try:
        rows = conn.execute(
            "SELECT path, id, sha256 FROM reports WHERE id IN "
            "(SELECT MAX(id) FROM reports GROUP BY path) ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    return IngestRun([IngestResult(p, "known", i, sha256=s) for p, i, s in rows], catalogue)


def measure(ledger: str, targets: str, out: Path, batch: int, name: str) -> str:
    inputs = load_inputs(targets, None)
    run = ledger_run(ledger, inputs.catalogue)
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    reset_peak()
    cpu = time.process_time()
    tables = comparing.compare_batches(ledger, run, inputs.targets, batch_figures=batch)
    compare_cpu, compare_peak = time.process_time() - cpu, peak_mb()
    reset_peak()
    cpu = time.process_time()
    request = RunRequest("reports", targets, str(folder))
    info = run_info(request, run, tables, inputs, NOW)
    path = write_scorecard(tables, info, str(folder), NOW, latest=False)
    write_cpu, write_peak = time.process_time() - cpu, peak_mb()
    return (
        f"{name}: {len(run.results)} reports; compare {compare_cpu:.1f} CPU-s, peak "
        f"{compare_peak:.0f} MB; write {write_cpu:.1f} CPU-s, peak {write_peak:.0f} MB; {path}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ledger")
    ap.add_argument("targets")
    ap.add_argument("out", type=Path)
    ap.add_argument("--one", action="store_true", help="only all figures in one batch")
    ap.add_argument("--batched", action="store_true", help="only a batch of units at a time")
    ap.add_argument("--batch", type=int, default=comparing.BATCH_FIGURES)
    a = ap.parse_args()
    modes = [("one", 10**12)] if a.one else []
    modes += [("batched", a.batch)] if a.batched else []
    for name, batch in modes or [("one", 10**12), ("batched", a.batch)]:
        print(measure(a.ledger, a.targets, a.out, batch, name), flush=True)


if __name__ == "__main__":
    main()
