"""Runs killed at random points, runs at the same time, and inputs never touched.

Most kill trials run the Prefect-free pipeline (bench/pipeline.py: the same ledger
transactions and atomic workbook writes as the flow) to keep the suite fast; a few kill the
real `scorecard run`.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bench.corpus import generate
from flows.tempserver import WATCHDOG_ENV
from tasks.core.reading.decode import decode_report
from tests.reliability import (
    ROOT,
    SAMPLES,
    ledger_ok,
    pipeline_command,
    problems_listed,
    run_pipeline,
    tree_digest,
)

pytestmark = pytest.mark.e2e  # whole runs in subprocesses, killed and run again
TRIALS = 20
PREFECT_TRIALS = 2


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Reports (the samples and 60 generated ones), targets, and one finished run."""
    base = tmp_path_factory.mktemp("kill")
    generate(base / "gen", 60, seed=3)
    reports = base / "gen" / "reports"
    for p in SAMPLES:
        shutil.copy(p, reports / p.name)
    targets = base / "gen" / "targets.xlsx"
    out = base / "out"
    t0 = time.perf_counter()
    first = run_pipeline(reports, targets, out)
    return reports, targets, out, first, time.perf_counter() - t0


def _add_report(reports: Path, n: int) -> None:
    """A new version of the run: one more report, so the killed run has ledger writes to do."""
    sample = SAMPLES[n % len(SAMPLES)]
    text = decode_report(sample.read_bytes(), sample.name)[0]  # one sample is GBK
    (reports / f"新增报告{n:02d}.txt").write_text(text + f"\n补充：新建职工书屋{n + 3}家。\n")


def _kill_at(cmd: list[str], delay: float) -> None:
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        # The whole group: the temporary Prefect server dies with the run, as on a power cut.
        # os.killpg, not the kill program: procps-ng 4.0.2's `kill -KILL -<pgid>` signals
        # every process of the user (the test runner included).
        with contextlib.suppress(ProcessLookupError):  # it finished as the delay ran out
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _stamped(out: Path) -> list[Path]:
    """The timestamped workbooks: never changed once written (计分卡_最新 is replaced whole)."""
    return [p for p in out.glob("计分卡_*.xlsx") if p.name != "计分卡_最新.xlsx"]


def _workbooks_whole(out: Path, earlier: dict[str, str]) -> None:
    for path, digest in earlier.items():
        assert tree_digest(Path(path))[path] == digest, f"{path} changed"
    for wb_path in out.glob("计分卡_*.xlsx"):  # every workbook with a final name opens, 最新 too
        load_workbook(wb_path, read_only=True).close()
    ledger_ok(out / "ledger.sqlite")


def test_killed_runs_leave_workbooks_and_ledger_whole(world):
    reports, targets, out, first, seconds = world
    inputs = tree_digest(targets)
    rng = random.Random(9)
    for trial in range(TRIALS):
        _add_report(reports, trial)
        before = tree_digest(reports) | inputs
        earlier = tree_digest(*_stamped(out))
        # From just after start to just before the end: import, ingest, compare, save.
        _kill_at(pipeline_command(reports, targets, out), rng.uniform(0.2, seconds * 1.1))
        _workbooks_whole(out, earlier)
        assert tree_digest(reports) | tree_digest(targets) == before
    final = run_pipeline(reports, targets, out)
    docs = {r[3] for r in load_workbook(final, read_only=True)["原文依据"].iter_rows(min_row=2, values_only=True)}  # fmt: skip
    assert {f"新增报告{n:02d}.txt" for n in range(TRIALS)} <= docs
    ledger_ok(out / "ledger.sqlite")


def test_killed_scorecard_runs_then_a_run_succeeds(world, tmp_path):
    reports, targets, _, _, _ = world
    out = tmp_path / "out"
    # `scorecard run` as the same interpreter runs it: no `scorecard` on PATH needed.
    cmd = [sys.executable, "-m", "flows", "run", "--reports", str(reports), "--targets",
           str(targets), "--output", str(out)]  # fmt: skip
    rng = random.Random(4)
    for trial in range(PREFECT_TRIALS):
        earlier = tree_digest(*_stamped(out)) if out.exists() else {}
        before = tree_digest(reports, targets)
        # While the temporary server starts, then while reports are read.
        _kill_at(cmd, rng.uniform(9, 13) if trial else rng.uniform(2, 8))
        if (out / "ledger.sqlite").exists():
            _workbooks_whole(out, earlier)
        assert tree_digest(reports, targets) == before
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert Path(done.stdout.strip().splitlines()[-1]).is_file()
    ledger_ok(out / "ledger.sqlite")


def test_two_runs_at_once_both_finish_and_the_ledger_stays_consistent(world, tmp_path):
    reports, targets, _, _, _ = world
    out = tmp_path / "out"
    before = tree_digest(reports, targets)
    procs = [
        subprocess.Popen(
            pipeline_command(reports, targets, out),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e[-2000:] for _, e in results]
    books = {Path(o.strip().splitlines()[-1]) for o, _ in results}
    assert len(books) == 2  # each run its own workbook, even in the same second
    ledger_ok(out / "ledger.sqlite")
    import sqlite3

    conn = sqlite3.connect(out / "ledger.sqlite")
    recorded = conn.execute("SELECT COUNT(DISTINCT path), COUNT(*) FROM reports").fetchone()
    conn.close()
    readable = len([p for p in reports.rglob("*.txt")])
    assert recorded == (readable, readable)  # every report once, none twice
    for book in books:
        assert "无法读取" not in problems_listed(book)
    assert tree_digest(reports, targets) == before


def _children(pid: int, word: str) -> list[int]:
    """Processes whose parent is `pid` and whose command line holds `word`."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and word in cmd:
            out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


def _kill_scorecard_alone(tmp_path: Path, env: dict[str, str]) -> tuple[list[str], list[bytes]]:
    """Start `scorecard run`, SIGKILL that process alone once its temporary server is up;
    the command, and the command lines of the server processes it had."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in SAMPLES:
        shutil.copy(p, reports / p.name)
    out = tmp_path / "out"
    targets = ROOT / "targets" / "targets.xlsx"
    cmd = [sys.executable, "-m", "flows", "run", "--reports", str(reports), "--targets", str(targets), "--output", str(out)]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        servers: list[int] = []
        for _ in range(600):  # the server is started first thing; wait for it (hang guard)
            servers = _children(proc.pid, "uvicorn")
            if servers or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert servers, "scorecard run started no temporary server"
        started = [Path(f"/proc/{s}/cmdline").read_bytes() for s in servers]
        time.sleep(2)
        proc.kill()  # the scorecard process alone, not its group
        proc.wait()
        for _ in range(100):
            if not any(_alive(s) for s in servers):
                break
            time.sleep(0.1)
        assert not any(_alive(s) for s in servers), "the Prefect server outlived its run by 10 s"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    return cmd, started


def _server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", WATCHDOG_ENV)}
    return {**env, **extra}


@pytest.mark.e2e
def test_sigkill_of_scorecard_alone_takes_its_prefect_server_along_via_the_watchdog(tmp_path):
    """Where there is no parent-death signal (macOS, Windows) the launcher's watchdog ends
    the server; selected here on Linux by its variable."""
    _, started = _kill_scorecard_alone(tmp_path, _server_env(**{WATCHDOG_ENV: "1"}))
    assert all(b"watchdog.py" in c for c in started)  # the path under test was taken


@pytest.mark.e2e
def test_sigkill_of_scorecard_alone_takes_its_prefect_server_along(tmp_path):
    from tasks.core.workbook.files import _HOST, TEMP_PREFIX

    env = _server_env()
    cmd, started = _kill_scorecard_alone(tmp_path, env)
    assert all(b"watchdog.py" in c for c in started)  # the launcher watches everywhere
    out = tmp_path / "out"
    # A run killed while saving leaves a temporary file; the next run removes it.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)  # fmt: skip
    out.mkdir(exist_ok=True)
    (out / f"{TEMP_PREFIX}{_HOST}-{int(dead.stdout)}-x.xlsx").write_bytes(b"PK")
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not list(out.glob(".~scorecard-*"))
