"""Plain Python helper processes of a run (a second core for the largest steps): started
with the code of this checkout, ended with their pipes closed."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[3])  # the folder holding the `tasks` package


def spawn(module: str, pass_fds: tuple[int, ...] = ()) -> subprocess.Popen:
    """A process running `module.serve()`, talking through its stdin and stdout."""
    code = f"import sys; sys.path.insert(0, {_ROOT!r}); from {module} import serve; serve()"
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        pass_fds=pass_fds,
    )


def end(proc: subprocess.Popen) -> None:
    """End a helper process and close its pipes."""
    if proc.poll() is None:
        proc.kill()  # first: a write to it still under way then fails at once
    for stream in (proc.stdin, proc.stdout):
        with contextlib.suppress(OSError, ValueError):
            stream.close()
    proc.wait()
