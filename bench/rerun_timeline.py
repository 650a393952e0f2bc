"""Where a `scorecard run` re-run waits for its temporary Prefect server, in CPU seconds.

    python -m bench.rerun_timeline REPORTS TARGETS OUTPUT [--repeat 2] [--pin KEY]

OUTPUT is the output folder of a finished `scorecard run` and is left as it is: each repeat
copies it to OUTPUT.timeline and runs `python -m flows run` there (add the new report to
REPORTS after the cold run). Printed per run: the run's CPU until it waits for the server
(`before`), the server's CPU when it first answers (`server`), the run's CPU from then to
its end (`after`), and `max(before, server) + after`, the wall time the run would take on
an idle machine with two cores (the two processes start together, each on its own core).
On a loaded machine compare these, not wall time.

`--pin KEY` fixes the code fingerprint (the key of the ledger's analyses and of the targets
cache) so that a checkout with other code re-uses OUTPUT's ledger; the cold run must have
been made with the same KEY (`python -m bench.rerun_timeline --cold ...`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import ROOT

_MARK = "@@timeline"


def _cpu_of(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def child(pin: str, argv: list[str]) -> int:
    """`scorecard run` in this process, the wait for the server marked on stderr."""
    if pin:
        import tasks.core.pipeline.ingest as ingest

        ingest.code_fingerprint = lambda: pin
    import flows.tempserver as ts

    wait = ts.TemporaryServer.wait_ready

    def marked(self, *a, **kw) -> None:
        before = time.process_time()
        wait(self, *a, **kw)
        server = _cpu_of(self.proc.pid) if self.proc else 0.0
        print(f"{_MARK} {before:.3f} {server:.3f} {time.process_time():.3f}", file=sys.stderr)

    ts.TemporaryServer.wait_ready = marked
    from flows.cli import main

    code = main(argv)
    print(f"{_MARK}-end {time.process_time():.3f}", file=sys.stderr, flush=True)
    return code


def timeline(reports: str, targets: str, output: Path, pin: str) -> tuple[float, ...]:
    cmd = [sys.executable, "-m", "bench.rerun_timeline", "--child", pin, "run",
           "--reports", reports, "--targets", targets, "--output", str(output)]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if res.returncode:
        raise SystemExit(res.stderr[-2000:])
    marks = [line.split() for line in res.stderr.splitlines() if line.startswith(_MARK)]
    before, server, ready = map(float, marks[0][1:])
    after = float(marks[-1][1]) - ready
    return before, server, after, max(before, server) + after


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        sys.exit(child(sys.argv[2], sys.argv[3:]))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports")
    ap.add_argument("targets")
    ap.add_argument("output")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pin", default="", help="a fixed code fingerprint")
    ap.add_argument("--cold", action="store_true", help="make OUTPUT by a cold run first")
    a = ap.parse_args()
    if a.cold:
        print(
            "cold: "
            + " ".join(f"{v:.2f}" for v in timeline(a.reports, a.targets, Path(a.output), a.pin))
        )
    work = Path(a.output + ".timeline")
    for _ in range(a.repeat):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(a.output, work)
        before, server, after, idle = timeline(a.reports, a.targets, work, a.pin)
        print(f"before {before:5.2f}  server {server:5.2f}  after {after:5.2f} CPU·s  "
              f"idle two cores ≈ {idle:5.2f} s  (load {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
