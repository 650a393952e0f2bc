"""The whole of build-scorecard without Prefect, as a command: `tasks.core.pipeline.build_run`.

Benchmarks time it beside `scorecard run` (the ratio is Prefect's overhead), and the
reliability tests kill it at random points, since it makes the same ledger transactions and
atomic workbook writes as the flow (it is the same steps, called in sequence).

    python -m bench.pipeline REPORTS TARGETS OUTPUT     # prints the workbook path
"""

from __future__ import annotations

import sys

from tasks.core.pipeline import RunRequest, build_run

if __name__ == "__main__":
    reports, targets, output = sys.argv[1:4]
    print(build_run(RunRequest(reports, targets, output)).workbook)
