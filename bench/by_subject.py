"""The subject scorer (tasks/core/naming/by_subject.py) against the gold, per gold set.

    python -m bench.by_subject [--extra DIR] [--sets SET ...]

Same sets as `python -m bench.quality` (../shared or $SCORECARD_SHARED, tests/data/heldout*,
`--extra DIR` or $SCORECARD_EXTRA). Our figures come from `python -m flows extract --format
jsonl` and are matched to the gold by span (bench/subjects.py). Two tables, one row a set and
pooled rows: the scorer reading the annotators' subject (`gold` field `subject`: what it can
do with a right subject) and reading ours (`subject` of our figures). Columns:

- gold named: figures the gold names; `right`/`wrong` the scorer names clearly ahead (the gold
  indicator or another), `best` its best indicator is the gold's, whether clear or not;
- gold unnamed: figures the gold leaves unnamed; `named` the scorer names one clearly;
- (a) our namings the scorer clearly contradicts (names another): right ones / wrong ones;
- (b) our unnamed figures the scorer names clearly: right / wrong (every unnamed figure,
  those left unnamed on purpose, a share or a target, included);
- candidates (ours only): our unnamed figures with a candidate whose indicator is the gold's /
  another's / the gold names none; and per report, indicators the gold names but we do not
  (`missing`), of them those a candidate of the right figure would show as 待核实 (`shown`) or
  of another figure, and indicators the gold does not name that a candidate would show
  (`spurious`), every indicator taken as one with a target.

Only counts are printed: the held-out halves (dev8b …) are scored, never listed.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from bench.quality import add_set_options, chosen_sets
from bench.subjects import groups, match, predict, read_jsonl
from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.naming.by_subject import opinion, subject_table
from tasks.core.naming.spelling import normalise

COLUMNS = (
    ("named", "gold named"),
    ("right", "right"),
    ("wrong", "wrong"),
    ("best", "best = gold"),
    ("unnamed", "gold unnamed"),
    ("u_named", "named"),
    ("a_right", "(a) vs right"),
    ("a_wrong", "(a) vs wrong"),
    ("b_right", "(b) right"),
    ("b_wrong", "(b) wrong"),
)
CANDIDATE_COLUMNS = (
    ("c_right", "candidate = gold"),
    ("c_other", "candidate ≠ gold"),
    ("c_none", "candidate, gold none"),
    ("missing", "missing per report"),
    ("shown", "shown 待核实, right"),
    ("shown_other", "shown, another figure"),
    ("spurious", "shown 待核实, spurious"),
)


def tally(pairs: list[tuple[dict, dict]], side: str) -> Counter:
    """The counts of COLUMNS for the scorer reading `side`'s subject ("gold" or "ours")."""
    table, c = subject_table(load_default_catalogue()), Counter()
    for g, p in pairs:
        subject = (g if side == "gold" else p).get("subject") or ""
        o = opinion(subject, normalise(p.get("unit") or ""), table)
        gold, ours = g.get("indicator") or "", p.get("indicator") or ""
        if gold:
            c["named"] += 1
            c["right"] += o.indicator == gold
            c["wrong"] += o.indicator not in ("", gold)
            c["best"] += o.best == gold
        else:
            c["unnamed"] += 1
            c["u_named"] += bool(o.indicator)
        if ours and o.indicator not in ("", ours):
            c["a_right" if ours == gold else "a_wrong"] += 1
        if not ours and o.indicator:
            c["b_right" if o.indicator == gold else "b_wrong"] += 1
    return c


def candidates(pairs: list[tuple[dict, dict]], preds: list[dict]) -> Counter:
    """The counts of CANDIDATE_COLUMNS for our figures as extracted."""
    c = Counter()
    gold_of = {id(p): g for g, p in pairs}
    per_doc: dict = defaultdict(lambda: (set(), set(), {}))
    for g, _ in pairs:
        if g.get("indicator"):
            per_doc[g["doc"]][0].add(g["indicator"])
    for p in sorted(preds, key=lambda p: (p["doc"], p["start"])):
        gold_named, ours, first = per_doc[p["doc"]]
        if p.get("indicator"):
            ours.add(p["indicator"])
            continue
        cand = p.get("candidate") or ""
        if not cand or p.get("kind") in ("plan", "target") or p.get("placeholder"):
            continue
        gold = (gold_of.get(id(p)) or {}).get("indicator") or ""
        c["c_right" if cand == gold else "c_other" if gold else "c_none"] += 1
        first.setdefault(cand, cand == gold)  # the earliest candidate is the one shown
    for gold_named, ours, first in per_doc.values():
        c["missing"] += len(gold_named - ours)
        for ind, right in first.items():
            if ind in ours:
                continue  # an actual: no candidate is shown
            c["spurious" if ind not in gold_named else "shown" if right else "shown_other"] += 1
    return c


def table(counts: dict[str, Counter], columns) -> str:
    """One row a set, then the pooled rows it counts in (bench/subjects.py)."""
    head = "| set | " + " | ".join(t for _, t in columns) + " |"
    lines = [head, "|---" * (len(columns) + 1) + "|"]
    pooled: dict[str, Counter] = {}
    for name, c in counts.items():
        lines.append(f"| {name} | " + " | ".join(str(c[k]) for k, _ in columns) + " |")
        for group in groups(name):
            pooled.setdefault(group, Counter()).update(c)
    lines += [
        f"| {g} | " + " | ".join(str(c[k]) for k, _ in columns) + " |" for g, c in pooled.items()
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="主语评分（计的是什么）与金标准指标的对比")
    add_set_options(ap)
    a = ap.parse_args(argv)
    found = {}
    for name, (gold_path, docs) in chosen_sets(a).items():
        gold = read_jsonl(gold_path.read_text("utf-8").splitlines())
        preds = predict(gold, docs)
        found[name] = (match(gold, preds), preds)
    for side in ("gold", "ours"):
        print(
            f"\n读{'金标准' if side == 'gold' else '我们'}的主语 / the scorer reading the {side} subject\n"
        )
        print(table({n: tally(ps, side) for n, (ps, _) in found.items()}, COLUMNS))
    print("\n我们的候选指标（待核实）/ our candidates\n")
    print(table({n: candidates(ps, preds) for n, (ps, preds) in found.items()}, CANDIDATE_COLUMNS))


if __name__ == "__main__":
    main()
