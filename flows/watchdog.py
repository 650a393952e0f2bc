"""Run a Python module that must not outlive the process that started it.

    python flows/watchdog.py PARENT_PID -m MODULE [ARGS...]

The temporary Prefect server is started through this launcher, which runs the module in
this very process (so killing the launcher kills the server, and nothing is left between
them) and watches the parent from a thread. Once the parent has gone, however it ended
(SIGKILL too), the server is asked to stop (SIGTERM) and, if it has not within a few
seconds (a server hung at shutdown), the process ends. On Linux a parent-death signal
(PR_SET_PDEATHSIG, see tempserver.py) asks at once; elsewhere (macOS, Windows) there is none.

Standard library only, and run as a file rather than imported from `flows`: starting the
server must not wait for the project's imports.
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import threading
import time

POLL_SECONDS = 0.5
GRACE_SECONDS = 5.0


def parent_watch(parent: int):
    """A function telling whether the process `parent` still runs."""
    if sys.platform == "win32":
        return _windows_watch(parent)

    def alive() -> bool:
        # Orphans are handed to init (or a subreaper): the parent pid changes. A pid
        # reused by another process cannot fool this check.
        return os.getppid() == parent

    return alive


def _windows_watch(parent: int):
    import ctypes

    synchronize, wait_timeout = 0x00100000, 0x102
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    # The handle keeps the parent's process object: its pid cannot be reused meanwhile.
    handle = kernel32.OpenProcess(synchronize, False, parent)
    if not handle:
        return lambda: False  # gone already (or not ours to watch)

    def alive() -> bool:
        return kernel32.WaitForSingleObject(handle, 0) == wait_timeout

    return alive


def watch(alive, poll: float = POLL_SECONDS, grace: float = GRACE_SECONDS) -> None:
    """Block until `alive()` is false, then stop this process: SIGTERM, later for good."""
    while alive():
        time.sleep(poll)
    os.kill(os.getpid(), signal.SIGTERM)  # the server shuts down as on `scorecard` exit
    time.sleep(grace)
    os._exit(1)


def main(argv: list[str]) -> None:
    if len(argv) < 3 or argv[1] != "-m":
        sys.exit("用法：watchdog.py 父进程号 -m 模块 [参数…]")
    parent, module = int(argv[0]), argv[2]
    alive = parent_watch(parent)
    if not alive():  # the parent ended before the watch began
        sys.exit(1)
    threading.Thread(target=watch, args=(alive,), name="parent-watchdog", daemon=True).start()
    sys.argv = [module, *argv[3:]]
    sys.path[0] = os.getcwd()  # as `python -m`: this file's folder must not shadow modules
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
