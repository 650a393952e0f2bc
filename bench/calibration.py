"""Does a naming's confidence separate right from wrong? A threshold sweep per gold set.

    python -m bench.calibration [--sets SET ...] [--extra DIR]

For every figure `python -m flows extract --format jsonl` predicts and the scorer's own `match`
pairs with a gold figure, the naming at threshold t is the indicator (or, below NAME_AT, the
kept candidate) when its confidence is at least t, else none. Per set and t it prints indicator
recall (right / gold figures with an indicator, as the scorer counts it) and precision (right /
named), how the wrong namings spread over confidence bands, and the leave-one-set-out choice:
for each set, the t with the best F1 on the other sets pooled, and what it gives on the set.
Development sets only by default (the held-out halves' errors are never looked at).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench.quality import ROOT, gold_sets, scorer
from tasks.core.naming import NAME_AT

DEV_SETS = ("seeds", "dev", "dev2", "dev5a", "dev6a", "dev7a")
GRID = (0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
BANDS = ((0.0, 0.6), (0.6, 0.75), (0.75, 0.85), (0.85, 0.9), (0.9, 0.95), (0.95, 1.01))


def _match():
    spec = importlib.util.spec_from_file_location("score_figures", scorer())
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.match


def namings(gold: Path, docs: Path) -> tuple[list[tuple[float, str, str]], int]:
    """(confidence, predicted indicator or candidate, gold indicator) of each matched figure
    with a prediction, and the number of gold figures with an indicator."""
    match = _match()
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    names = sorted({g["doc"] for g in rows})
    cmd = [sys.executable, "-m", "flows", "extract", "--format", "jsonl"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        cmd + [str(docs / d) for d in names], capture_output=True, text=True, env=env, check=True
    ).stdout
    pred = [json.loads(line) for line in out.splitlines() if line.strip()]
    found = []
    for d in names:
        pairs, _, _ = match(
            [g for g in rows if g["doc"] == d], [p for p in pred if Path(p["doc"]).name == d]
        )
        for g, p in pairs:
            said = p.get("indicator") or p.get("candidate") or ""
            if said:
                conf = p.get("confidence")
                found.append((1.0 if conf is None else conf, said, g.get("indicator") or ""))
    return found, sum(1 for g in rows if g.get("indicator"))


def at(found: list, n_gold: int, t: float) -> tuple[int, int, int]:
    """(right, named, gold) at threshold t."""
    named = [(c, s, g) for c, s, g in found if c >= t]
    return sum(s == g for _, s, g in named), len(named), n_gold


def f1(right: int, named: int, n_gold: int) -> float:
    p, r = right / named if named else 0.0, right / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _pr(right: int, named: int, n_gold: int) -> str:
    return f"{right / n_gold if n_gold else 0:.3f} / {right / named if named else 0:.3f}"


def report(data: dict[str, tuple[list, int]]) -> str:
    lines = ["| set | " + " | ".join(f"t={t}" for t in GRID) + " |"]
    lines.append("|---" * (len(GRID) + 1) + "|")
    for name, (found, n) in data.items():
        lines.append(f"| {name} | " + " | ".join(_pr(*at(found, n, t)) for t in GRID) + " |")
    lines += ["", "Wrong / right namings by confidence band (all sets):", ""]
    bands = Counter()
    for found, _ in data.values():
        for c, s, g in found:
            band = next(b for b in BANDS if b[0] <= c < b[1])
            bands[band, s == g] += 1
    lines.append("| band | right | wrong |")
    lines.append("|---|---|---|")
    for b in BANDS:
        lines.append(f"| [{b[0]}, {min(b[1], 1.0)}) | {bands[b, True]} | {bands[b, False]} |")
    lines += ["", "Leave one set out (t chosen by F1 on the other sets pooled):", ""]
    lines.append(f"| set | chosen t | R / P at t | R / P at {NAME_AT} (today) |")
    lines.append("|---|---|---|---|")
    for name in data:
        rest = [v for k, v in data.items() if k != name]

        def pooled(t: float, rest=rest) -> tuple[int, int, int]:
            parts = [at(found, n, t) for found, n in rest]
            return tuple(sum(p[i] for p in parts) for i in range(3))

        best = max(GRID, key=lambda t: (f1(*pooled(t)), -abs(t - NAME_AT)))
        found, n = data[name]
        today = _pr(*at(found, n, NAME_AT))
        lines.append(f"| {name} | {best} | {_pr(*at(found, n, best))} | {today} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="命名置信度校准：各金标准集按阈值的召回率与精确率")
    ap.add_argument("--sets", nargs="*", default=list(DEV_SETS), help="评这些集（默认开发集）")
    ap.add_argument("--extra", type=Path, default=os.environ.get("SCORECARD_EXTRA") or None)
    a = ap.parse_args(argv)
    sets = gold_sets(Path(a.extra) if a.extra else None)
    data = {name: namings(*sets[name]) for name in a.sets if name in sets}
    print(report(data))


if __name__ == "__main__":
    main()
