"""Wall time, peak memory and CPU time of a command and every process it starts.

Read from /proc every 50 ms: peak memory is the largest sum of RSS over the process tree
(a temporary Prefect server included), and every 200 ms the sum of PSS, where a page the
processes share (the Python binary, shared libraries) counts once instead of once per
process; CPU time is kept per process, so Prefect's client and server costs can be told apart.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Timed:
    seconds: float
    peak_mb: float
    load: float  # 1-minute load average when it started: other work on the machine
    cpu: dict[int, float] = field(default_factory=dict)  # pid → CPU seconds (user + system)
    root: int = 0  # the command's own pid
    watched_peak_mb: float = 0.0  # peak RSS of the watched processes (a dedicated server)
    pss_mb: float = 0.0  # peak sum of PSS over the command's tree

    @property
    def cpu_own(self) -> float:
        return self.cpu.get(self.root, 0.0)

    @property
    def cpu_children(self) -> float:
        return sum(v for pid, v in self.cpu.items() if pid != self.root)


def _tree(pid: int) -> list[int]:
    """`pid` and every process under it, from one pass over /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _pss(pids: list[int]) -> int:
    """Sum of PSS of `pids` in bytes."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:"))
        except OSError:
            continue
    return total


def _rss(pids: list[int], cpu: dict[int, float]) -> int:
    """Sum of RSS of `pids` in bytes; records each process's CPU time in `cpu`."""
    total = 0
    for p in pids:
        try:
            stat = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(stat[21]) * _PAGE
            cpu[p] = (int(stat[11]) + int(stat[12])) / _TICK
        except (OSError, IndexError, ValueError):
            continue
    return total


SAMPLE_SECONDS = 0.25  # between two samples of a measured command's memory


def timed(cmd: list[str], env: dict | None = None, watch: tuple[int, ...] = ()) -> Timed:
    """Run `cmd` from the project folder; it must succeed. `watch`: pids (a dedicated
    server) whose RSS is sampled too, reported apart from the command's own tree."""
    load = os.getloadavg()[0]
    cpu: dict[int, float] = {}
    peak = watched = pss = ticks = 0
    # Output to a file, not a pipe: Prefect logs as it goes and would block on a full pipe
    # that nobody reads until the end.
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        while proc.poll() is None:
            tree = _tree(proc.pid)
            peak = max(peak, _rss(tree, cpu))
            if ticks % 2 == 0:  # smaps_rollup walks every page table: not on every tick
                pss = max(pss, _pss(tree))
            ticks += 1
            watched = max(watched, sum(_rss(_tree(w), {}) for w in watch))
            # Every 0.25 s: sampling every 0.05 s took 6.5 CPU-s of a 53 s run on two busy
            # cores (about 7 s of its wall time); memory peaks last seconds, not milliseconds.
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - t0
        if proc.returncode:
            log.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{log.read().decode()[-2000:]}")
    return Timed(seconds, peak / 1e6, load, cpu, proc.pid, watched / 1e6, pss / 1e6)


def wait_idle(pids: tuple[int, ...], quiet: float = 0.2, window: float = 2.0,
              timeout: float = 120) -> None:  # fmt: skip
    """Until `pids` use under `quiet` CPU seconds in `window` seconds: a dedicated server
    still recording the last run's task runs would slow the next run measured. Files
    written before (a generated corpus: about 90 MB for 10,000 reports; a run's workbooks
    and ledger) go to disk first, not while the next command is measured."""
    os.sync()
    deadline = time.monotonic() + timeout
    before: dict[int, float] = {}
    for pid in pids:
        _rss(_tree(pid), before)
    while time.monotonic() < deadline:
        time.sleep(window)
        now: dict[int, float] = {}
        for pid in pids:
            _rss(_tree(pid), now)
        if sum(now.values()) - sum(before.values()) < quiet:
            return
        before = now
