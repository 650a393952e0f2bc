"""What one Prefect task costs on this machine, with nothing inside it.

A flow submits N tasks declared like read-report (its name, retries, no cache, a run name, a
thread pool of 4, its quiet log filter) whose bodies return at once. Run with N and with 0 under the same server, the
difference in CPU time divided by N is Prefect's own cost per task, in this process and in
the server that records the task runs.

    python -m bench.task_cost N
"""

from __future__ import annotations

import sys

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from tasks.ingest_tasks import READ_TASK, quiet_read_logs


@task(name=READ_TASK, retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE,
      task_run_name="noop-{i}")  # fmt: skip
def noop(i: int) -> int:
    return i


@flow(name="task-cost", task_runner=ThreadPoolTaskRunner(max_workers=4))
def many_tasks(n: int) -> int:
    quiet_read_logs()
    return sum(f.result() for f in [noop.submit(i) for i in range(n)])


if __name__ == "__main__":
    many_tasks(int(sys.argv[1]))
