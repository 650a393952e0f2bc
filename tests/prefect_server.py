"""A real Prefect server and `scorecard serve` as processes on loopback, for the e2e tests.

Every process started here is stopped by PID (terminate, then kill) when its block ends;
every wait is bounded; all traffic goes to 127.0.0.1. The server's output goes to a log
file, so a test can check that a whole session left no traceback in it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER_START_TIMEOUT = 120
DEPLOY_TIMEOUT = 120


@dataclass
class Server:
    api: str  # http://127.0.0.1:PORT/api
    env: dict[str, str]  # the environment of the server; clients started with it use it
    home: Path  # PREFECT_HOME
    log: Path  # the server's stdout and stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def prefect_server(home: Path, **settings: str) -> Iterator[Server]:
    """`prefect server start` on a free loopback port with its own PREFECT_HOME and database;
    `settings` are further PREFECT_* variables for the server (and its clients)."""
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_PROFILES_PATH=str(home / "profiles.toml"),
        PREFECT_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_UI_ENABLED="false",  # the tests need the API only; skips building the UI
        **settings,
    )
    log = home / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start"]
            + ["--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:

        def healthy() -> bool:
            try:
                return httpx.get(f"{api}/health", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False

        wait("prefect server start", healthy, SERVER_START_TIMEOUT, log, proc)
        yield Server(api, env, home, log)
    finally:
        stop(proc)


@contextlib.contextmanager
def scorecard_serve(
    server: Server, work: Path, args: list[str], env: dict[str, str] | None = None
) -> Iterator[tuple[dict[str, dict], subprocess.Popen, Path]]:
    """`scorecard serve ARGS` run in `work` until both deployments are registered; yields
    the deployments by "flow/name", the process and its log."""
    log = work / "serve.log"
    with log.open("wb") as stdout:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", *args],
            cwd=work,
            env=env or server.env,
            stdout=stdout,
            stderr=subprocess.STDOUT,
        )
    try:
        found = wait(
            "scorecard serve registers both deployments",
            lambda: _two(deployments(server.api)),
            DEPLOY_TIMEOUT,
            log,
            proc,
        )
        yield found, proc, log
    finally:
        stop(proc)


def _two(found: dict[str, dict]) -> dict[str, dict] | None:
    return found if len(found) == 2 else None


def deployments(api: str) -> dict[str, dict]:
    res = httpx.post(f"{api}/deployments/filter", json={"limit": 50, "offset": 0}, timeout=10)
    res.raise_for_status()
    flows = httpx.post(f"{api}/flows/filter", json={"limit": 50, "offset": 0}, timeout=10).json()
    names = {f["id"]: f["name"] for f in flows}
    return {f"{names.get(d['flow_id'])}/{d['name']}": d for d in res.json()}


def artifacts(api: str, flow_run_id: str) -> dict[str, dict]:
    """The artifacts of one flow run, by key."""
    body = {
        "artifacts": {"flow_run_id": {"any_": [flow_run_id]}},
        "limit": 10,
        "offset": 0,
        "sort": "CREATED_DESC",
    }
    res = httpx.post(f"{api}/artifacts/filter", json=body, timeout=10)
    res.raise_for_status()
    return {a["key"]: a for a in res.json()}


def descendants(pid: int) -> list[int]:
    """Child processes (any depth) of `pid`, read from /proc so each can be stopped by PID."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        kids = [c for c, p in parents.items() if p in frontier]
        found += kids
        frontier = kids
    return found


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate the process and whatever it started, each by PID; kill what outlives `timeout`."""
    if proc.poll() is not None:  # already stopped and reaped: its PID may belong to another now
        return
    pids = [proc.pid] + (descendants(proc.pid) if sys.platform == "linux" else [])
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)
    deadline = time.monotonic() + timeout
    for pid in pids[1:]:
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # a zombie is already gone for our purposes
    return not (stat.is_file() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def tail(path: Path, n: int = 40) -> str:
    return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-n:])


def wait(
    what: str,
    check: Callable[[], Any],
    timeout: float,
    log: Path,
    proc: subprocess.Popen | None = None,
) -> Any:
    """Poll `check` every second until it returns something true; fail after `timeout`
    (or when `proc` exits) with the end of `log`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: process exited with {proc.returncode}\n{tail(log)}")
        result = check()
        if result:
            return result
        time.sleep(1)
    pytest.fail(f"{what}: not within {timeout}s\n{tail(log)}")
