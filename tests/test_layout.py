"""The layout shows the architecture: stage folders in tasks/core, one pipeline, untimed tests."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "tasks" / "core"
STAGES = sorted(p.name for p in CORE.iterdir() if (p / "__init__.py").is_file())


def test_no_module_sits_directly_in_core():
    assert [p.name for p in CORE.glob("*.py")] == ["__init__.py"]


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_says_what_enters_and_leaves_and_has_a_public_api(stage):
    package = importlib.import_module(f"tasks.core.{stage}")
    assert package.__doc__ and package.__doc__.strip(), stage
    assert package.__all__ and all(hasattr(package, name) for name in package.__all__), stage


def _functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def test_no_bench_file_defines_a_pipeline_of_its_own():
    # The plain pipeline is tasks.core.pipeline.build_run; the bench only calls and times it.
    steps = {"ingest_and_compare", "run_pipeline", "build_run", "ingest_folder", "ingest"}
    for path in sorted((ROOT / "bench").glob("*.py")):
        assert not _functions(path) & steps, path.name


TIMING = {"perf_counter", "monotonic", "process_time", "elapsed", "seconds", "duration"}


def test_no_test_asserts_on_elapsed_time():
    # Elapsed time is measured in bench/, never asserted in a test.
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Assert):
                names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                names |= {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
                assert not names & TIMING, f"{path.name}:{node.lineno}"
