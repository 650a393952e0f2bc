"""Root of the test run (tests/ and the doctests of tasks/core)."""

import os

from tasks.native import state

if state() == "compiled":
    # A compiled analysis module (tasks/native.py) has a __file__ of mypyc's making, not its
    # .py: the doctest collection of tasks/core would take it for another module of that name.
    os.environ.setdefault("PY_IGNORE_IMPORTMISMATCH", "1")
