"""A dedicated Prefect server for the benchmarks, as an office runs one for `scorecard serve`.

Without PREFECT_API_URL, every `scorecard run` starts Prefect's temporary server and stops it
at the end; with a dedicated server (`prefect server start`) that cost is paid once. The
server gets its own PREFECT_HOME under the bench's work folder, so the user's Prefect
database and profile are never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows.tempserver import TemporaryServer, free_port


@contextmanager
def dedicated_server(home: Path, timeout: float = 120) -> Iterator[tuple[str, int]]:
    """Start `prefect server start` on a free loopback port; yield (API URL, server pid)."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    exe = shutil.which("prefect") or "prefect"
    cmd = [exe, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"]
    with open(home / "server.log", "wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{port}/api"
    try:
        TemporaryServer(proc, api).wait_ready(timeout)
        yield api, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
