"""A read task's results as one block of bytes, for the hand-over from worker to run.

Prefect's process pool sends a task's final state back with cloudpickle, whose pickler calls
back into Python for every object, and the run unpickles that state twice (once when the
task's future completes, to check it can be read, and again for the result). Packed here
with the standard pickler, the state holds one bytes object: both are cheap, and the run
unpickles the reports once. The Dask runner hands the same bytes over.
"""

from __future__ import annotations

import pickle
from typing import Any


def pack_batch(results: list[Any]) -> bytes:
    """
    >>> unpack_batch(pack_batch([1, "二"]))
    [1, '二']
    """
    return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)


def unpack_batch(packed: bytes) -> list[Any]:
    return pickle.loads(packed)  # noqa: S301 - bytes this run's own task packed
