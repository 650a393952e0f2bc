"""Running ../shared/tools/score_figures.py on a gold set, for the gold-file tests."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bench.quality import find_shared, parse_scores

# ../shared beside the clone, or beside the folder of worktrees (bench/quality.find_shared)
SCORER = (
    (find_shared() or Path(__file__).resolve().parents[1].parent / "shared")
    / "tools"
    / "score_figures.py"
)


def score_gold(gold: Path, docs: Path) -> dict[str, float]:
    """strict F1, placeholder R and indicator R/P of `scorecard extract` on a gold set."""
    if not SCORER.exists():
        pytest.skip(f"scorer not found at {SCORER}")
    cmd = [sys.executable, str(SCORER), "--gold", str(gold), "--docs", str(docs), "--"]
    cmd += [sys.executable, "-m", "flows", "extract", "--format", "jsonl"]
    res = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    return parse_scores(res.stdout)


def gold_rows(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "gold.jsonl").read_text("utf-8").splitlines()]


def assert_offsets_index_the_documents(folder: Path, n_docs: int) -> None:
    rows = gold_rows(folder)
    assert len({r["doc"] for r in rows}) == n_docs
    for r in rows:
        with open(folder / r["doc"], encoding="utf-8", newline="") as fh:
            assert fh.read()[r["start"] : r["end"]] == r["text"], r


def load_gold_builder(folder: Path) -> ModuleType:
    """A set's build_gold.py, loaded by path: every set has a module of that name."""
    spec = importlib.util.spec_from_file_location(
        f"{folder.name}_build_gold", folder / "build_gold.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
