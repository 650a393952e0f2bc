"""The compiled analysis (tasks/native.py): never stale, same results, picklable."""

from __future__ import annotations

import copy
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tasks.native as native
from tasks.core.common.model import Figure, HiddenPart, OcrLine, Report, ReportMeta, TableCell

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import tasks.native as n, tasks.core.naming.clauses as c, tasks.core.common.model as m; "
    "print(n.FORM, n.measured_form(), c.__file__.endswith('.py'), m.__file__.endswith('.py'))"
)


def _needs_compiled_build() -> None:
    """Skip where no current compiled build exists; under CI a build that fell back to pure
    Python (mypyc refused a module: `pip install -v -e .` says why) fails instead."""
    if native.state() == "compiled":
        return
    if os.environ.get("CI"):
        pytest.fail(
            "CI built the analysis modules as pure Python: mypyc refused a module (pip install -v -e .)"
        )
    pytest.skip("no current compiled build in this checkout (setup.py)")


def _copy_of_checkout(tmp_path: Path) -> Path:
    """tasks/ of this checkout, compiled files and stamp included."""
    out = tmp_path / "checkout"
    shutil.copytree(ROOT / "tasks", out / "tasks", ignore=shutil.ignore_patterns("__pycache__"))
    return out


def _probe(root: Path) -> tuple[list[str], str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split(), done.stderr


def test_the_group_is_the_analysis_modules_and_leaves_out_what_cannot_compile():
    files = native.group_files()
    assert "tasks/core/naming/clauses.py" in files and "tasks/core/common/model.py" in files
    assert not set(native.LEFT_OUT) & set(files)
    assert all((ROOT / f).is_file() for f in files)
    assert native.module_of("tasks/core/naming/clauses.py") == "tasks.core.naming.clauses"


def test_the_stamp_hashes_every_source_under_core(tmp_path, monkeypatch):
    root = _copy_of_checkout(tmp_path)
    monkeypatch.setattr(native, "ROOT", root)
    monkeypatch.setattr(native, "CORE", root / "tasks" / "core")
    before = native.sources_hash()
    # a module outside the group counts too: compiled code builds on its types and constants
    (root / "tasks/core/common/lexicon.py").write_text("# edited\n", encoding="utf-8")
    assert native.sources_hash() != before


def test_a_build_runs_compiled_only_while_its_sources_are_unchanged(tmp_path):
    _needs_compiled_build()
    root = _copy_of_checkout(tmp_path)
    assert _probe(root) == (["compiled", "compiled", "False", "False"], "")
    clauses = root / "tasks/core/naming/clauses.py"
    clauses.write_text(clauses.read_text("utf-8") + "\n# edited\n", encoding="utf-8")
    words, stderr = _probe(root)
    # the whole group as written, the edited module and every other one, and one line why
    assert words == ["stale", "pure", "True", "True"]
    assert len(stderr.strip().splitlines()) == 1 and "纯 Python" in stderr


def test_a_missing_or_broken_stamp_is_stale_and_no_build_is_pure(tmp_path, monkeypatch):
    root = _copy_of_checkout(tmp_path)
    monkeypatch.setattr(native, "ROOT", root)
    monkeypatch.setattr(native, "CORE", root / "tasks" / "core")
    monkeypatch.setattr(native, "STAMP", root / "tasks" / "native.json")
    for compiled in root.rglob("*.so"):
        compiled.unlink()
    assert native.state() == "pure"
    (root / "tasks/core/naming/scoring.so").write_bytes(b"")  # one module's, left from a build
    native.STAMP.unlink(missing_ok=True)
    assert native.state() == "stale"
    (root / "tasks/core/naming/scoring.so").unlink()
    (root / "tasks/core/native__mypyc.so").write_bytes(b"")  # the library
    assert native.state() == "stale"
    native.STAMP.write_text("{", encoding="utf-8")
    assert native.state() == "stale"
    native.write_stamp()
    assert json.loads(native.STAMP.read_text("utf-8")) == {"sources": native.sources_hash()}
    assert native.state() == "compiled"


def test_result_types_pickle_and_copy_as_they_were():
    """Worker processes and Dask send reports back pickled; compiled, these are native
    classes without an instance dict."""
    f = Figure("a.txt", 3, 6, "35家", 35, "家", kind="plan", confidence=0.9)
    values = [
        f,
        f.with_(indicator="x"),
        Report("a.txt", "a", "0" * 64, "utf-8", "新建35家", ReportMeta(org="某区"), [f]),
        ReportMeta(year=2024),
        TableCell(1, 2, 0, 1, 1, "行", "列"),
        OcrLine(0, 5, 0.93),
        HiddenPart(4, 9, "付费"),
    ]
    for value in values:
        for again in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
            assert again == value and type(again) is type(value)
    assert pickle.loads(pickle.dumps(f)).to_record() == f.to_record()


def test_without_mypy_or_a_compiler_the_install_is_pure_and_says_why(tmp_path):
    root = tmp_path / "checkout"
    root.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "tasks", root / "tasks", ignore=shutil.ignore_patterns("*.so", "*.json"))
    env = {**os.environ, "CC": str(tmp_path / "no-such-cc")}
    cmd = [sys.executable, "setup.py", "build_ext", "--inplace"]
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "纯 Python" in done.stderr and ("mypy" in done.stderr or "C 编译器" in done.stderr)
    assert not list(root.rglob("*.so")) and not (root / "tasks/native.json").exists()


def _docstrings_of(path: Path) -> dict[str, str]:
    """Qualified name → docstring of the module, its functions, classes and methods."""
    import ast

    tree = ast.parse(path.read_text("utf-8"))
    found = {"": ast.get_docstring(tree, clean=False) or ""}

    def walk(node, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = prefix + child.name
                found[name] = ast.get_docstring(child, clean=False) or ""
                if isinstance(child, ast.ClassDef):
                    walk(child, name + ".")

    walk(tree, "")
    return {k: v for k, v in found.items() if ">>>" in v}


def test_compiled_modules_pass_the_doctests_of_their_sources():
    """pytest's doctest collection finds no doctest in a compiled module (its functions are
    not Python functions): the examples of each source are run against the compiled module."""
    import doctest
    import importlib

    _needs_compiled_build()
    parser, runner, examples = doctest.DocTestParser(), doctest.DocTestRunner(), 0
    for path in native.group_files():
        module = importlib.import_module(native.module_of(path))
        assert not module.__file__.endswith(".py"), path
        for name, doc in _docstrings_of(ROOT / path).items():
            test = parser.get_doctest(doc, dict(vars(module)), f"{path}:{name}", path, 0)
            examples += len(test.examples)
            runner.run(test)
    assert runner.failures == 0 and examples > 10
