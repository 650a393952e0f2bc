"""The temporary Prefect server of `scorecard run` when no Prefect server is configured.

Prefect would start one itself on first use, but only after the client has imported the
whole server application as well (about 2 s here) and then waited for it to boot. Started
here, before the flows are imported, the server boots on the other core while this process
imports, and this process never imports the server. The command, settings and database are
those Prefect 3 uses for its own temporary server (prefect is pinned in pyproject.toml).
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# The temporary server speaks plain HTTP on 127.0.0.1, so no certificate is ever checked; yet
# every Prefect API client (two per task in each analysis worker, more in the run) builds a
# verifying SSL context from the CA file, certifi's 140 certificates by default: 16 ms of CPU
# each, about 1 CPU-s in a cold run of 10,000 reports. This file holds one self-signed
# certificate whose key was discarded when it was made, so it can vouch for no server:
# 0.3 ms. Used only for a temporary server; a configured server keeps the user's settings.
LOOPBACK_CA = Path(__file__).with_name("loopback-ca.pem")

# The launcher that ends the server once this process is gone, where Linux's parent-death
# signal is not there (macOS, Windows); chosen on Linux too when this variable is 1.
WATCHDOG = Path(__file__).with_name("watchdog.py")
WATCHDOG_ENV = "SCORECARD_SERVER_WATCHDOG"
# Prefect's setting (and its older name) for registering block types when a server starts.
_REGISTER_BLOCKS = (
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START",
    "PREFECT_API_BLOCKS_REGISTER_ON_START",
)


class TemporaryServer:
    """A server process being started; `wait_ready` blocks until it answers."""

    def __init__(
        self, proc: subprocess.Popen | None, api_url: str, log: IO[bytes] | None = None
    ) -> None:
        self.proc, self.api_url, self.log = proc, api_url, log

    def wait_ready(self, timeout: float = 90) -> None:
        if self.proc is None:
            return
        import httpx  # imported once the server is starting (0.3 s)

        deadline = time.monotonic() + timeout
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                code = self.proc.poll()
                if code is not None:
                    taken = not _port_free(self.api_url)
                    raise RuntimeError(_start_failure(code, _log_tail(self.log), taken))
                try:
                    if client.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"临时 Prefect 服务 {timeout:.0f} 秒内没有响应")

    def stop(self, drain: bool = True, wait: bool = True) -> None:
        """Ask the server to shut down (SIGTERM), the run's logs and events sent first when
        `drain`; unless `wait`, return without waiting for it to be gone."""
        if self.proc is None:
            return
        try:
            self._stop(drain, wait)
        finally:
            if self.log is not None:
                self.log.close()

    def _stop(self, drain: bool, wait: bool) -> None:
        if self.proc.poll() is None:
            if drain:
                _drain_prefect_queues()
            self.proc.terminate()
            if not wait:
                return
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_temporary_server() -> TemporaryServer | None:
    """A temporary server starting now, unless PREFECT_API_URL names a server; hand it to
    `prefect_api`. Started before Prefect is even imported, it boots on the other core while
    this process checks its parameters and imports; `prefect_api` stops it unused if
    Prefect's settings (a profile, a .env file) name a server after all."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    return TemporaryServer(*_start(free_port()))


@contextmanager
def prefect_api(started: TemporaryServer | None = None) -> Iterator[TemporaryServer]:
    """The configured Prefect server, or a temporary one for the duration of the block
    (`started` by `start_temporary_server`, else started here).

    Import the flows inside the block, then call `wait_ready()` before running one.
    """
    server = started or start_temporary_server()
    # A terminated run (SIGTERM) must not leave the server behind: exit through `finally`.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        from prefect.settings import (
            PREFECT_API_SSL_CERT_FILE,
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
            PREFECT_API_SSL_CERT_FILE: str(LOOPBACK_CA),
        }
        # Worker processes (the process pool reading reports) start from the environment, and
        # threads without a settings context (the pool's log forwarding) from Prefect's global
        # settings: without the address there, Prefect starts a temporary server of its own.
        environment = {
            "PREFECT_API_URL": server.api_url,
            "PREFECT_API_SSL_CERT_FILE": str(LOOPBACK_CA),
        }
        with temporary_settings(updates=updates), _environment(environment):
            yield server
    finally:
        if server is not None:
            # The run is over: the server shuts down on its own (0.3-0.4 s) while this
            # process exits; should it hang, the watchdog repeats the SIGTERM once this process
            # is gone and ends it after a grace period.
            server.stop(wait=False)
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


def server_environment(environ: dict[str, str]) -> dict[str, str]:
    """The temporary server's environment: the run's (the server reads Prefect's settings
    from the same environment, profile and files) and the settings of a temporary server."""
    env = {
        **environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        # Stopping the server cancels the recording of the last task runs, which it reports
        # as errors with tracebacks: nothing a clerk can act on.
        "PREFECT_SERVER_LOGGING_LEVEL": environ.get("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL"),
        # No usage report to Prefect from a server that lives for one run: at its start it
        # wrote a session to its database while the run's first steps did ("database is
        # locked" in its log) and reached out to the internet, from an office's machine.
        "PREFECT_SERVER_ANALYTICS_ENABLED": environ.get(
            "PREFECT_SERVER_ANALYTICS_ENABLED", "false"
        ),
    }
    if not any(name in environ for name in _REGISTER_BLOCKS):
        # No block types registered at start: a run uses none, and before it can skip the
        # registration Prefect imports every installed collection's blocks (prefect-dask,
        # so dask): 0.6-0.7 s of the server's 5-6 s of start, while the run waits for it.
        env.update(
            {_REGISTER_BLOCKS[0]: "0", "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "0"}
        )
    return env


def _start(port: int) -> tuple[subprocess.Popen, str, IO[bytes]]:
    env = server_environment(dict(os.environ))
    # Where prefect is installed, found without importing it (which takes a second).
    app_dir = str(Path(importlib.util.find_spec("prefect").origin).resolve().parent.parent)
    cmd = [sys.executable, "-m", "uvicorn", "--app-dir", app_dir, "--factory",
           "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "error", "--lifespan", "on"]  # fmt: skip
    # The server's own output goes to a file that disappears with it: a clerk's terminal shows
    # none of its shutdown noise; a start that fails is explained from it (`_start_failure`).
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by TemporaryServer.stop
    # The launcher watches this process everywhere: once it is gone the server is asked to
    # stop and, should it hang, ended a few seconds later. On Linux the parent-death signal
    # asks at once (the watch notices within half a second).
    die_with = None if watchdog_only() else _die_with(os.getpid())
    cmd[1:1] = [str(WATCHDOG), str(os.getpid())]
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with)
    return proc, f"http://127.0.0.1:{port}/api", log


def watchdog_only() -> bool:
    """True when only `watchdog.py` ends the server with its parent, without Linux's
    parent-death signal: where there is none, or when WATCHDOG_ENV is 1 (to test that path)."""
    return os.environ.get(WATCHDOG_ENV) == "1" or not sys.platform.startswith("linux")


def _log_tail(log: IO[bytes] | None, size: int = 65536) -> str:
    """The end of what the server printed."""
    if log is None:
        return ""
    try:
        log.seek(0, os.SEEK_END)
        log.seek(max(0, log.tell() - size))
        return log.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""


def _port_free(api_url: str) -> bool:
    port = int(api_url.rsplit(":", 1)[1].split("/", 1)[0])
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _start_failure(code: int, log: str, port_taken: bool) -> str:
    """Why the temporary server stopped before it answered, in a clerk's words: its port
    taken by another program meanwhile, or the last line it printed.

    >>> _start_failure(3, "", port_taken=True)
    '临时 Prefect 服务的端口刚被其他程序占用，请重新运行'
    >>> _start_failure(3, "Can't locate revision\\n", port_taken=False)
    "临时 Prefect 服务未能启动（退出码 3）：Can't locate revision"
    """
    if port_taken:
        return "临时 Prefect 服务的端口刚被其他程序占用，请重新运行"
    last = next((line.strip() for line in reversed(log.splitlines()) if line.strip()), "")
    hint = f"：{last[-300:]}" if last else ""
    return f"临时 Prefect 服务未能启动（退出码 {code}）{hint}"


def _die_with(parent: int):
    """A preexec_fn making the server die with the process that starts it, however that one
    ends (SIGKILL too): Linux's parent-death signal. None elsewhere: there only
    `watchdog.py`, the launcher, ends it once this process is gone."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1

    def preexec() -> None:
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return preexec
