"""One table of figure scores per gold set: seeds, dev, dev2 and the held-out sets of tests/data.

Each set is scored by ../shared/tools/score_figures.py over `python -m flows extract`, as the
gold tests do; the table (Markdown) goes to stdout, for QUALITY.md.

    python -m bench.figure_scores [--shared PATH/TO/shared]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
COLUMNS = ("strict F1", "placeholders P", "placeholders R", "indicator R", "indicator P")
_PATTERNS = (
    r"strict F1 ([\d.]+)",
    r"placeholders P ([\d.]+)",
    r"placeholders P [\d.]+\s+R ([\d.]+)",
    r"indicator\s+recall \d+/\d+ = ([\d.]+)",
    r"precision \d+/\d+ = ([\d.]+)",
)


def find_shared() -> Path:
    """../shared beside the checkout, or beside its parent folder (git worktrees)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "tools" / "score_figures.py").exists():
            return base / "shared"
    raise SystemExit("找不到 shared 文件夹，请用 --shared 指明")


def gold_sets(shared: Path) -> list[tuple[str, Path, Path]]:
    """(name, gold file, documents folder) of every set."""
    sets = [(n, shared / "gold" / f"{n}.jsonl", shared / n) for n in ("seeds", "dev", "dev2")]
    sets += [(p.name, p / "gold.jsonl", p) for p in sorted(DATA.glob("heldout*"))]
    return [s for s in sets if s[1].exists()]


def score(scorer: Path, gold: Path, docs: Path) -> list[str]:
    cmd = [sys.executable, str(scorer), "--gold", str(gold), "--docs", str(docs), "--"]
    cmd += [sys.executable, "-m", "flows", "extract", "--format", "jsonl"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    return [m.group(1) if (m := re.search(p, out)) else "—" for p in _PATTERNS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None)
    args = parser.parse_args()
    shared = args.shared or find_shared()
    scorer = shared / "tools" / "score_figures.py"
    print("| set | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for name, gold, docs in gold_sets(shared):
        print(f"| {name} | " + " | ".join(score(scorer, gold, docs)) + " |", flush=True)


if __name__ == "__main__":
    main()
