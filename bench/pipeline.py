"""The whole of build-scorecard without Prefect, as a command: `tasks.core.pipeline.build_run`.

Benchmarks time it beside `scorecard run` (the ratio is Prefect's overhead), and the
reliability tests kill it at random points, since it makes the same ledger transactions and
atomic workbook writes as the flow (it is the same steps, called in sequence).

    python -m bench.pipeline REPORTS TARGETS OUTPUT [WORKERS]   # prints the workbook path

WORKERS processes analyse the reports (default 1), as the flow's worker processes do.
"""

from __future__ import annotations

import sys

from tasks.core.ledger import LedgerError
from tasks.core.pipeline import RunRequest, build_run
from tasks.core.workbook import OutputError

if __name__ == "__main__":
    reports, targets, output = sys.argv[1:4]
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    try:
        print(build_run(RunRequest(reports, targets, output), workers=workers).workbook)
    except (LedgerError, OutputError) as exc:  # the clerk's message, as `scorecard run` gives it
        print(f"未能生成计分卡：{exc}", file=sys.stderr)
        sys.exit(1)
