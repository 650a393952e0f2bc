"""The analysis modules compiled with mypyc, and the guard that never runs them stale.

`pip install --no-deps --no-build-isolation -e .` (README) runs setup.py, which compiles
GROUP with mypyc (the locked mypy, a C compiler) into one shared library,
`tasks/core/native__mypyc*.so`, with a `.so` beside each module's `.py`; without mypy or a
C compiler it says so and the install is pure Python. Inside the library compiled modules call
each other directly, so a module edited after the build must not run beside the old compiled
others: the build writes STAMP, one hash of every source under tasks/core (compiled code also
builds on the types and constants of the modules it imports), and `guard` (run by
tasks/__init__.py before any analysis module is imported) loads the whole group as pure
Python, with a one-line warning, when the sources no longer hash to it.

Standard library only: setup.py loads this file before anything is installed.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout: tasks/ and setup.py
CORE = ROOT / "tasks" / "core"
STAMP = ROOT / "tasks" / "native.json"
GROUP_NAME = "tasks.core.native"  # the shared library: tasks/core/native__mypyc*.so
DIRS = ("tasks/core/naming", "tasks/core/extraction", "tasks/core/document")
SINGLES = (
    "tasks/core/reading/noise.py",
    "tasks/core/common/gates.py",
    "tasks/core/common/model.py",
    "tasks/core/common/text.py",
    "tasks/core/pipeline/analysis.py",
    "tasks/core/pipeline/provenance.py",
)
# manifest.py: mypyc refuses the surrogates in its string literals; cuts.py: a tuple subclass
LEFT_OUT = ("tasks/core/document/manifest.py", "tasks/core/naming/cuts.py")


def group_files() -> list[str]:
    """The compiled modules' sources, relative to ROOT."""
    found = [
        p.relative_to(ROOT).as_posix()
        for d in DIRS
        for p in sorted((ROOT / d).glob("*.py"))
        if p.name != "__init__.py"
    ]
    return [f for f in [*found, *SINGLES] if f not in LEFT_OUT]


def module_of(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def sources_hash() -> str:
    """One hash of every module under tasks/core and of the group's list."""
    digest = hashlib.sha256("\n".join(group_files()).encode())
    for path in sorted(CORE.rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_stamp() -> None:
    """After a successful build: the sources it compiled."""
    STAMP.write_text(json.dumps({"sources": sources_hash()}) + "\n", encoding="utf-8")


def built() -> bool:
    """Some compiled file is there for this Python: the library or a module's `.so`."""
    stems = [CORE / "native__mypyc"] + [ROOT / f.removesuffix(".py") for f in group_files()]
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    return any(Path(f"{stem}{suffix}").exists() for stem in stems for suffix in suffixes)


def state() -> str:
    """ "compiled", "pure" (nothing built) or "stale" (built from other sources)."""
    if not built():
        return "pure"
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stale"
    return "compiled" if stamp.get("sources") == sources_hash() else "stale"


class _AsWritten(importlib.abc.MetaPathFinder):
    """Finds the group's modules as their `.py`, before the compiled `.so` beside them."""

    def __init__(self, modules: set[str]) -> None:
        self.modules = modules

    def find_spec(self, name, path=None, target=None):
        if name not in self.modules:
            return None
        return importlib.util.spec_from_file_location(name, ROOT / (name.replace(".", "/") + ".py"))


FORM = "pure"  # what `guard` found: "compiled", "pure" or "stale" (then run as pure)


def guard() -> str:
    """Run the group compiled only when it was built from the sources as they are now."""
    global FORM
    FORM = state()
    if FORM == "stale" and not any(isinstance(f, _AsWritten) for f in sys.meta_path):
        sys.meta_path.insert(0, _AsWritten({module_of(f) for f in group_files()}))
        print(
            "scorecard: 编译的分析模块与源代码不一致（编译后有改动），本次以纯 Python 运行；"
            "重新编译：pip install --no-deps --no-build-isolation -e . / compiled analysis "
            "is stale, running pure Python",
            file=sys.stderr,
        )
    return FORM


def measured_form() -> str:
    """For benchmarks: which form the analysis runs in ("compiled" or "pure")."""
    from tasks.core.common.model import PURE

    return "pure" if PURE else "compiled"
