"""Steps of a run done ahead of its flow, their results kept for the flow's tasks.

`scorecard run` starts a temporary Prefect server that needs seconds of the other core before
it answers, while the run's own process has finished importing and only waits. Meanwhile the
run lists the reports, takes the targets from their cache, checks the ledger and, on a
re-run, analyses the few new reports and reads back the last run's figures
(flows/headstart.py): `do_ahead` keeps each result, and the task that does the step takes it
(`take`) instead of doing it again, or `drop`s it when it will not use it. A result is taken
once, and only for the very same step and arguments; a step that fails ahead keeps nothing,
so its task does it again and reports the failure as it always does. `forget` drops
whatever no task took.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_kept: list[tuple[Callable[..., Any], tuple[Any, ...], Any]] = []
_lock = threading.Lock()  # the flow's reading tasks take from threads of their own


def do_ahead(step: Callable[..., T], *args: Any) -> T | None:
    """`step(*args)`, kept for `take`; None (nothing kept) when it raises."""
    try:
        result = step(*args)
    except Exception:  # noqa: BLE001 - the task does the step again and reports it
        return None
    with _lock:
        _kept.append((step, args, result))
    return result


def take(step: Callable[..., T], *args: Any) -> T:
    """The result of `step(*args)` done ahead, once; else `step(*args)` now."""
    with _lock:
        for i, (done, done_args, result) in enumerate(_kept):
            if done is step and _same(done_args, args):
                del _kept[i]
                return result
    return step(*args)


def drop(step: Callable[..., Any]) -> None:
    """Drop the results of `step` done ahead: the run will not take them."""
    with _lock:
        _kept[:] = [k for k in _kept if k[0] is not step]


def forget() -> None:
    """Drop the results no task took (the run is over, or went another way)."""
    with _lock:
        _kept.clear()


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))
