"""A throw-away PostgreSQL server for tests, started from the machine's own binaries.

initdb refuses to run as root, so as root the server runs as the `postgres` user (else
`nobody`) through runuser. Data, socket and log live in one temporary folder, the server
listens on a free loopback port only, and it is stopped (pg_ctl stop, by its data folder)
and removed afterwards. Without the binaries the tests skip, or fail when CI is set.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

DB_USER = "scorecard"


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> tuple[list[str], str | None]:
    """The command as the user the server may run as, and that user (None: ourselves)."""
    if os.geteuid() != 0:
        return cmd, None
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--", *cmd], user
    pytest.fail("running as root, and neither a postgres nor a nobody user to run PostgreSQL")


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a PostgreSQL server; yield its address (postgresql://scorecard@127.0.0.1:PORT/postgres)."""
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if not (initdb and pg_ctl):
        message = "PostgreSQL binaries (initdb, pg_ctl) not found; .ci/run installs them"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    root = Path(tempfile.mkdtemp(prefix="scorecard-pg-"))
    data, port = root / "data", _free_port()
    _, user = _as_server_user([])
    if user is not None:
        os.chmod(root, 0o755)
        shutil.chown(root, user)
    started = False
    try:
        cmd, _ = _as_server_user(
            [initdb, "-D", str(data), "-U", DB_USER, "-A", "trust", "-E", "UTF8", "--locale=C"]
        )
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        cmd, _ = _as_server_user(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "-t", "60"]
            + ["start"]
        )
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = (root / "log").read_text(errors="replace") if (root / "log").exists() else ""
            pytest.fail(f"pg_ctl start failed: {done.stderr}\n{log[-2000:]}")
        started = True
        yield f"postgresql://{DB_USER}@127.0.0.1:{port}/postgres"
    finally:
        if started:
            cmd, _ = _as_server_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"])
            subprocess.run(cmd, capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)
