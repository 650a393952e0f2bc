"""Where a re-run's time goes: each step of `build_run`, CPU and wall seconds.

    python -m bench.rerun_phases REPORTS TARGETS OUTPUT [--repeat 2]

OUTPUT is the output folder of a finished run (`python -m bench.pipeline REPORTS TARGETS
OUTPUT 2`) and is left as it is: each repeat copies it to OUTPUT.rerun and re-runs there, so
every repeat sees the same state (add the new report to REPORTS after the cold run); `--pin`
as in bench.rerun_timeline, for an OUTPUT made by other code. CPU
seconds count every thread of this process (the workbook deflates on a background thread);
on a loaded machine compare CPU, not wall.
"""

from __future__ import annotations

import argparse
import shutil
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from tasks.core.pipeline import run as steps
from tasks.core.pipeline.ingest import analysis_key
from tasks.core.pipeline.inputs import load_inputs


class Phases:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    @contextmanager
    def __call__(self, name: str):
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        self.rows.append((name, time.process_time() - cpu, time.perf_counter() - wall))

    def show(self) -> None:
        for name, cpu, wall in self.rows:
            print(f"  {name:<28} {cpu:7.2f} CPU·s {wall:7.2f} s", flush=True)
        cpu = sum(r[1] for r in self.rows)
        wall = sum(r[2] for r in self.rows)
        print(f"  {'total':<28} {cpu:7.2f} CPU·s {wall:7.2f} s", flush=True)


def rerun(reports: str, targets: str, output: str) -> Phases:
    t = Phases()
    request = steps.RunRequest(reports, targets, output)
    now = datetime.now()
    ledger = request.ledger_path
    with t("load_inputs"):
        inputs = load_inputs(targets, output)
    with t("discover"):
        found, key = steps.discover(reports), analysis_key(inputs.catalogue)
    with t("prepare_ledger"):
        problems = inputs.catalogue_problems + steps.prepare_ledger(ledger)
    with t("check_known"):
        known = steps.check_known(ledger, found, key)
    with t("read new"):
        todo = found.unread(known)
        read = {
            p: steps.read_one(ledger, p, inputs.catalogue, key, o, found.folder) for p, o in todo
        }
        run = steps.gather(found, known, read, inputs.catalogue, problems)
    with t("compare"):  # the figures from the output folder's copy, then compared
        tables = steps.compare(ledger, run, inputs.targets, cache_dir=output)
    with t("run_info"):
        info = steps.run_info(request, run, tables, inputs, now)
    with t("write_scorecard"):
        steps.write_scorecard(tables, info, output, now, True)
    print(f"  {len(todo)} read, {len(run.report_ids)} reports", flush=True)
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports")
    ap.add_argument("targets")
    ap.add_argument("output")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pin", default="", help="a fixed code fingerprint (bench.rerun_timeline)")
    a = ap.parse_args()
    if a.pin:
        import tasks.core.pipeline.ingest as ingest

        ingest.code_fingerprint = lambda: a.pin
    work = Path(a.output + ".rerun")
    for _ in range(a.repeat):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(a.output, work)
        rerun(a.reports, a.targets, str(work)).show()


if __name__ == "__main__":
    main()
