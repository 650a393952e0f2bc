"""Extraction and naming quality per gold set, in one table.

    python -m bench.quality [--errors SET] [--sets SET ...] [--extra DIR]

Runs ../shared/tools/score_figures.py over `python -m flows extract --format jsonl` for the
seeds, dev and dev2 (../shared, found beside the clone or its worktree folder, or at
$SCORECARD_SHARED) and for the held-out sets written for this project (tests/data/heldout*),
and prints one Markdown row per set: strict F1, placeholders P/R, indicator recall/precision.
`--errors SET` prints the scorer's list of misses for that set after the table.

`--extra DIR` (or $SCORECARD_EXTRA) adds gold sets kept outside the repository (real text that
must not be committed): every DIR/gold/NAME.jsonl, its documents in DIR/NAME or else in the
folder of DIR whose name is the longest start of NAME (gold/dev3a.jsonl → DIR/dev3).
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
HELD_OUT = ("heldout", "heldout2", "heldout3")
SHARED_SETS = {"seeds": "seeds", "dev": "dev", "dev2": "dev2"}  # gold name → docs folder


def find_shared() -> Path | None:
    """../shared: $SCORECARD_SHARED, else the first `shared` folder beside the clone or
    beside one of its parents (a worktree lives one level further down)."""
    env = os.environ.get("SCORECARD_SHARED")
    if env:
        return Path(env)
    for parent in ROOT.parents:
        if (parent / "shared" / "tools" / "score_figures.py").exists():
            return parent / "shared"
    return None


def scorer() -> Path | None:
    shared = find_shared()
    return shared / "tools" / "score_figures.py" if shared else None


def natural(name: str) -> tuple:
    """dev8a before dev10a."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def extra_sets(folder: Path) -> dict[str, tuple[Path, Path]]:
    """Gold sets kept outside the repository: DIR/gold/NAME.jsonl → its documents' folder."""
    out = {}
    folders = [d for d in folder.iterdir() if d.is_dir() and d.name != "gold"]
    for gold in sorted((folder / "gold").glob("*.jsonl"), key=lambda g: natural(g.stem)):
        starts = [d for d in folders if gold.stem.startswith(d.name)]
        if starts:
            out[gold.stem] = (gold, max(starts, key=lambda d: len(d.name)))
    return out


def gold_sets(extra: Path | None = None) -> dict[str, tuple[Path, Path]]:
    """Set name → (gold file, folder of its documents): the shared sets, the held-out sets,
    then those of `extra`."""
    out = {}
    shared = find_shared()
    if shared:
        for name, docs in SHARED_SETS.items():
            out[name] = (shared / "gold" / f"{name}.jsonl", shared / docs)
    for name in HELD_OUT:
        out[name] = (DATA / name / "gold.jsonl", DATA / name)
    if extra is not None:
        out.update(extra_sets(extra))
    return out


def run_scorer(gold: Path, docs: Path, errors: bool = False) -> str:
    """The scorer's printout for `scorecard extract` on one gold set."""
    cmd = [sys.executable, str(scorer()), "--gold", str(gold), "--docs", str(docs)]
    cmd += ["--errors"] if errors else []
    cmd += ["--", sys.executable, "-m", "flows", "extract", "--format", "jsonl"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    return res.stdout


def parse_scores(out: str) -> dict[str, float]:
    """strict F1, placeholder P/R and indicator R/P read from the scorer's printout."""
    ph = re.search(r"placeholders P ([\d.]+)\s+R ([\d.]+)", out)
    ind = re.search(
        r"indicator\s+recall (\d+)/(\d+) = ([\d.]+)\s+precision (\d+)/(\d+) = ([\d.]+)", out
    )
    return {
        "strict_f1": float(re.search(r"strict F1 ([\d.]+)", out).group(1)),
        "ph_p": float(ph.group(1)),
        "ph_r": float(ph.group(2)),
        "ind_r": float(ind.group(3)),
        "ind_p": float(ind.group(6)),
        "ind_r_of": f"{ind.group(1)}/{ind.group(2)}",
        "ind_p_of": f"{ind.group(4)}/{ind.group(5)}",
    }


def score_set(gold: Path, docs: Path) -> dict[str, float]:
    return parse_scores(run_scorer(gold, docs))


def table(scores: dict[str, dict]) -> str:
    lines = [
        "| set | strict F1 | placeholders P | placeholders R | indicator R | indicator P |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in scores.items():
        lines.append(
            f"| {name} | {s['strict_f1']:.3f} | {s['ph_p']:.3f} | {s['ph_r']:.3f} "
            f"| {s['ind_r']:.3f} ({s['ind_r_of']}) | {s['ind_p']:.3f} ({s['ind_p_of']}) |"
        )
    return "\n".join(lines)


def add_set_options(ap: argparse.ArgumentParser) -> None:
    """--sets and --extra, as every bench over the gold sets takes them."""
    ap.add_argument("--sets", nargs="*", help="只评这些集（默认全部）")
    ap.add_argument(
        "--extra",
        type=Path,
        default=os.environ.get("SCORECARD_EXTRA") or None,
        help="仓库外的金标准目录（gold/NAME.jsonl 与文档目录），也可用环境变量 SCORECARD_EXTRA",
    )


def chosen_sets(
    a: argparse.Namespace, only: list[str] | None = None
) -> dict[str, tuple[Path, Path]]:
    """The gold sets `--sets` (or `only`) names, all when none; an --extra folder without a
    gold folder is said and ignored."""
    extra = Path(a.extra) if a.extra else None
    if extra is not None and not (extra / "gold").is_dir():
        print(f"额外金标准目录 {extra} 下没有 gold 文件夹，已忽略")
        extra = None
    names = only or a.sets
    return {k: v for k, v in gold_sets(extra).items() if not names or k in names}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="质量表：每个金标准集的提取与指标命名得分")
    ap.add_argument("--errors", metavar="SET", help="再列出该集的全部错误")
    add_set_options(ap)
    a = ap.parse_args(argv)
    if scorer() is None:
        print("没有找到 ../shared（评分脚本和金标准）；可用环境变量 SCORECARD_SHARED 指定")
    chosen = chosen_sets(a)
    print(table({name: score_set(*paths) for name, paths in chosen.items()}))
    if a.errors:
        print(run_scorer(*chosen_sets(a, [a.errors])[a.errors], errors=True))


if __name__ == "__main__":
    main()
