"""Compile the analysis modules with mypyc in a scratch copy, to measure (issue 20).

    python tools/mypyc_trial.py [DIR]        # default /tmp/scorecard-mypyc; needs `pip install mypy`
    PYTHONPATH=DIR:DIR/.runtime python /work/tools/prof7.py --time   # then measure from DIR

Nothing here is part of the product: the copy is HEAD of this checkout (`git archive`), and the
few changes mypyc needs that the sources do not carry are made to the copy only:
- classes that keep state in their instance `__dict__` (the `fills_at_once` dataclasses, the
  `Window` with its normalise-on-first-read descriptors) and `Cut(tuple)` are built as ordinary
  Python classes (`@mypyc_attr(native_class=False)`, which needs mypy_extensions at run time:
  copied into DIR/.runtime);
- a dataclass field annotated `object` fails at import (KeyError 'object'): annotated Any;
- the window's normalise-on-first-read descriptors (`before = _Before()`) are made instance
  fields by a compiled dataclass (every window's `before` reads as the descriptor): ClassVar.
Left out: manifest.py (surrogates in string literals are refused) and clauses.py: even as
ClassVar, a descriptor class compiled by mypyc is not called on reading (`w.before` is the
`_Before` itself); it would have to live in a module left pure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIRS = ("tasks/core/naming", "tasks/core/extraction", "tasks/core/document")
SINGLES = (
    "tasks/core/reading/noise.py",
    "tasks/core/common/gates.py",
    "tasks/core/common/text.py",
    "tasks/core/pipeline/analysis.py",
)
LEFT_OUT = ("tasks/core/document/manifest.py", "tasks/core/naming/clauses.py")
NON_NATIVE = {
    "tasks/core/naming/clauses.py": ("class _Normalised:", "class _Before(", "@dataclass  # not"),
    "tasks/core/naming/matcher.py": ("class Cut(tuple):",),
    "tasks/core/naming/scoring.py": (
        "@fills_at_once\n@dataclass(frozen=True)\nclass Hit",
        "@fills_at_once\n@dataclass(frozen=True)\nclass Naming",
    ),
    "tasks/core/document/sections.py": (
        "@fills_at_once\n@dataclass(frozen=True)\nclass Heading",
        "@fills_at_once\n@dataclass(frozen=True)\nclass _Line",
    ),
}
SETUP = """\
from setuptools import setup
from mypyc.build import mypycify
setup(name="scratch", packages=[], ext_modules=mypycify(
    ["--follow-imports=silent", "--ignore-missing-imports", *{mods!r}], opt_level="3"))
"""


def modules() -> list[str]:
    found = [
        str(p.relative_to(ROOT))
        for d in DIRS
        for p in sorted((ROOT / d).glob("*.py"))
        if p.name != "__init__.py"
    ]
    return [m for m in [*found, *SINGLES] if m not in LEFT_OUT]


def _patch(out: Path) -> None:
    for rel, anchors in NON_NATIVE.items():
        path = out / rel
        src = path.read_text(encoding="utf-8")
        for anchor in anchors:
            if src.count(anchor) != 1:
                raise SystemExit(f"{rel}: expected one {anchor!r}")
            src = src.replace(anchor, "@mypyc_attr(native_class=False)\n" + anchor)
        src = src.replace(
            "from __future__ import annotations\n",
            "from __future__ import annotations\n\nfrom mypy_extensions import mypyc_attr\n",
            1,
        )
        src = src.replace("    rule: object = None", "    rule: Any = None")
        for name in ("next", "sentence", "context", "back", "tail", "before"):
            kind = "_Before" if name == "before" else "_Normalised"
            src = src.replace(
                f"    {name} = {kind}()\n", f"    {name}: ClassVar[{kind}] = {kind}()\n"
            )
        if "ClassVar[" in src:
            src = src.replace(
                "from dataclasses import", "from typing import ClassVar\nfrom dataclasses import", 1
            )
        if "rule: Any" in src:
            src = src.replace(
                "from functools import", "from typing import Any\nfrom functools import", 1
            )
        path.write_text(src, encoding="utf-8")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "/tmp/scorecard-mypyc")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    _patch(out)
    (out / "setup_mypyc.py").write_text(SETUP.format(mods=modules()), encoding="utf-8")
    import mypy_extensions  # the one run-time need of the compiled copy

    (out / ".runtime").mkdir()
    shutil.copy(mypy_extensions.__file__, out / ".runtime")
    env = {**os.environ, "PYTHONPATH": ""}
    cmd = [sys.executable, "setup_mypyc.py", "build_ext", "--inplace"]
    return subprocess.run(cmd, cwd=out, env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
