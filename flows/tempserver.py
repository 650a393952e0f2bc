"""The temporary Prefect server of `scorecard run` when no Prefect server is configured.

Prefect would start one itself on first use, but only after the client has imported the
whole server application as well (about 2 s here) and then waited for it to boot. Started
here, before the flows are imported, the server boots on the other core while this process
imports, and this process never imports the server. The command, settings and database are
those Prefect 3.8 uses for its own temporary server (prefect is pinned in pyproject.toml).
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


class TemporaryServer:
    """A server process being started; `wait_ready` blocks until it answers."""

    def __init__(self, proc: subprocess.Popen | None, api_url: str) -> None:
        self.proc, self.api_url = proc, api_url

    def wait_ready(self, timeout: float = 90) -> None:
        if self.proc is None:
            return
        deadline = time.monotonic() + timeout
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                code = self.proc.poll()
                if code == 3:  # uvicorn's code for an address already taken
                    raise RuntimeError("临时 Prefect 服务的端口刚被其他程序占用，请重新运行")
                if code is not None:
                    raise RuntimeError(f"临时 Prefect 服务未能启动（退出码 {code}）")
                try:
                    if client.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"临时 Prefect 服务 {timeout:.0f} 秒内没有响应")

    def stop(self, drain: bool = True) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            if drain:
                _drain_prefect_queues()
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextmanager
def prefect_api() -> Iterator[TemporaryServer]:
    """The configured Prefect server, or a temporary one for the duration of the block.

    Import the flows inside the block, then call `wait_ready()` before running one.
    """
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        # Started before Prefect is even imported (about 1.5 s sooner); stopped unused below
        # if Prefect's settings (a profile, a .env file) name a server after all.
        port = free_port()
        server = TemporaryServer(_start(port), f"http://127.0.0.1:{port}/api")
    # A terminated run (SIGTERM) must not leave the server behind: exit through `finally`.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        from prefect.settings import (
            PREFECT_API_URL,
            PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
            PREFECT_UI_URL,
            temporary_settings,
        )

        configured = PREFECT_API_URL.value()
        if configured:
            if server is not None:
                server.stop(drain=False)
            yield TemporaryServer(None, configured)
            return
        assert server is not None  # no URL in the settings, so none in the environment
        print(f"正在启动临时 Prefect 服务 {server.api_url}", file=sys.stderr, flush=True)
        # No UI on a temporary server: an empty UI address keeps Prefect from logging links.
        # No heartbeats: they tell a lasting server that a run crashed, while a temporary one
        # goes with the run; and each flow waits up to a second for the heartbeat thread.
        updates = {
            PREFECT_API_URL: server.api_url,
            PREFECT_UI_URL: "",
            PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None,
        }
        # Worker processes (the process pool reading reports) start from the environment, and
        # threads without a settings context (the pool's log forwarding) from Prefect's global
        # settings: without the address there, Prefect starts a temporary server of its own.
        with temporary_settings(updates=updates), _environment({"PREFECT_API_URL": server.api_url}):
            yield server
    finally:
        if server is not None:
            server.stop()
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """`values` in os.environ and Prefect's global settings for the block, the earlier values
    restored after it."""
    from prefect.context import refresh_global_settings_context

    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    refresh_global_settings_context()
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        refresh_global_settings_context()


def _drain_prefect_queues() -> None:
    """Send the logs and events still queued while the server is there to take them;
    otherwise Prefect retries them against a closed port for a minute at exit."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)
    EventsWorker.drain_all(timeout=5)


def free_port() -> int:
    """A loopback port nobody listens on now, from 8000-8999 as Prefect picks them.

    Not one the system hands out (bind to port 0): those come from the range outgoing
    connections use too, and the server binds only seconds later, once it has imported.
    """
    for port in random.sample(range(8000, 9000), 50):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("找不到可用的本机端口来启动临时 Prefect 服务")


def _start(port: int) -> subprocess.Popen:
    # The server reads Prefect's settings from the same environment, profile and files.
    env = {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        # Stopping the server cancels the recording of the last task runs, which it reports
        # as errors with tracebacks: nothing a clerk can act on.
        "PREFECT_SERVER_LOGGING_LEVEL": os.environ.get("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL"),
    }
    # Where prefect is installed, found without importing it (which takes a second).
    app_dir = str(Path(importlib.util.find_spec("prefect").origin).resolve().parent.parent)
    cmd = [sys.executable, "-m", "uvicorn", "--app-dir", app_dir, "--factory",
           "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "error", "--lifespan", "on"]  # fmt: skip
    return subprocess.Popen(cmd, env=env)
