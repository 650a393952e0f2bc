"""What a figure counts: our `subject` against the annotators' `subject`, per gold set.

    python -m bench.subjects [--extra DIR] [--sets SET ...] [--named] [--show SET]

Same sets as `python -m bench.quality` (../shared or $SCORECARD_SHARED, tests/data/heldout*,
`--extra DIR` or $SCORECARD_EXTRA). For each set `python -m flows extract --format jsonl` runs on
the gold documents; every gold figure matched by span to one of ours (overlap, one-to-one,
largest overlap first, document by document: the rule of ../shared/tools/score_figures.py) is a
pair of subjects, both read as simplified characters with white space and quotes trimmed.

Columns (one Markdown row per set, then pooled rows): matched pairs; empty on the gold side, on
ours, on both; of the pairs where both sides say something: exact, ours contains the gold
(longer), ours is contained in it (shorter), the mean character-overlap F1 (characters as a
multiset), the same last two characters, the same last noun (jieba's default dictionary and
part-of-speech tags; the last word when no noun is tagged). `--named` keeps only the figures the
gold names an indicator for.

`--show SET` lists that set's disagreements (gold, ours, indicators and the words around the
figure) for reading. It refuses held-out halves (a name ending in a digit and `b`, dev8b …):
of those only counts are ever printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from pathlib import Path

from bench.quality import ROOT, add_set_options, chosen_sets
from tasks.core.reading.traditional import to_simplified

HELD_OUT_HALF = re.compile(r".*\db")
SYNTHETIC = ("heldout", "heldout2", "heldout3")  # written for the project, not real reports
_TRIM = " \t\r\n\u3000“”\"'‘’「」"


def is_held_out_half(name: str) -> bool:
    """dev8b, dev11b …: scored, never shown."""
    return HELD_OUT_HALF.fullmatch(name) is not None


def read_jsonl(lines) -> list[dict]:
    rows = [json.loads(line) for line in lines if line.strip()]
    for row in rows:
        row["doc"] = os.path.basename(str(row["doc"]))
    return rows


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """(gold, ours) pairs: spans overlapping in the same document, one-to-one, largest
    overlap first (ties: later gold, later prediction first, as the scorer sorts)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for p in pred:
        by_doc[p["doc"]].append(p)
    out = []
    for doc in sorted({g["doc"] for g in gold}):
        gs, ps = [g for g in gold if g["doc"] == doc], by_doc[doc]
        pairs = sorted(
            (
                (min(g["end"], p["end"]) - max(g["start"], p["start"]), gi, pi)
                for gi, g in enumerate(gs)
                for pi, p in enumerate(ps)
            ),
            reverse=True,
        )
        used_g, used_p = set(), set()
        for ov, gi, pi in pairs:
            if ov > 0 and gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                out.append((gs[gi], ps[pi]))
    return out


def clean(subject: str | None) -> str:
    return to_simplified((subject or "").strip(_TRIM))


def char_f1(gold: str, ours: str) -> float:
    """F1 of the characters the two share (as multisets)."""
    common = sum((Counter(gold) & Counter(ours)).values())
    if not common:
        return 0.0
    p, r = common / len(ours), common / len(gold)
    return 2 * p * r / (p + r)


def last_noun(phrase: str) -> str:
    """The last word jieba tags as a noun (n…, vn), else the last word."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    words = [(w.word, w.flag) for w in jieba.posseg.cut(phrase) if w.word.strip()]
    nouns = [w for w, flag in words if flag.startswith("n") or flag == "vn"]
    return nouns[-1] if nouns else (words[-1][0] if words else "")


@dataclass
class Tally:
    matched: int = 0
    gold_empty: int = 0
    ours_empty: int = 0
    both_empty: int = 0
    both: int = 0  # both sides say something
    exact: int = 0
    ours_longer: int = 0  # ours contains the gold subject
    ours_shorter: int = 0  # ours is contained in it
    f1_sum: float = 0.0
    head2: int = 0
    noun: int = 0

    def add(self, gold: str, ours: str) -> None:
        self.matched += 1
        if not gold or not ours:
            self.gold_empty += not gold
            self.ours_empty += not ours
            self.both_empty += not gold and not ours
            return
        self.both += 1
        self.exact += gold == ours
        self.ours_longer += gold != ours and gold in ours
        self.ours_shorter += gold != ours and ours in gold
        self.f1_sum += char_f1(gold, ours)
        self.head2 += gold[-2:] == ours[-2:]
        self.noun += last_noun(gold) == last_noun(ours)

    def __iadd__(self, other: Tally) -> Tally:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def tally(pairs: list[tuple[dict, dict]], named: bool = False) -> Tally:
    t = Tally()
    for g, p in pairs:
        if not named or g.get("indicator"):
            t.add(clean(g.get("subject")), clean(p.get("subject")))
    return t


HEADER = (
    "| set | matched | gold empty | ours empty | both empty | both given | exact "
    "| ours ⊃ gold | ours ⊂ gold | char F1 | last 2 chars | last noun |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def row(name: str, t: Tally) -> str:
    def share(n: int) -> str:
        return f"{n} ({n / t.both:.2f})" if t.both else "0"

    f1 = f"{t.f1_sum / t.both:.3f}" if t.both else "–"
    return (
        f"| {name} | {t.matched} | {t.gold_empty} | {t.ours_empty} | {t.both_empty} | {t.both} "
        f"| {share(t.exact)} | {share(t.ours_longer)} | {share(t.ours_shorter)} | {f1} "
        f"| {share(t.head2)} | {share(t.noun)} |"
    )


def groups(name: str) -> list[str]:
    """The pooled rows a set counts in."""
    out = ["**pooled**"]
    if name not in SYNTHETIC:
        out.append("**pooled, real reports**")
        if name == "dev2" or re.fullmatch(r".*\da", name):
            out.append("**pooled, dev2 + a halves**")
        if is_held_out_half(name):
            out.append("**pooled, b halves**")
    return out


def table(tallies: dict[str, Tally]) -> str:
    """One row a set, then the pooled rows (all sets; the real reports, no heldout*; dev2 and
    the a halves, where we develop; the held-out b halves), each shown when it differs from
    the one before."""
    lines = [HEADER] + [row(name, t) for name, t in tallies.items()]
    pooled: dict[str, Tally] = {}
    for name, t in tallies.items():
        for group in groups(name):
            pooled.setdefault(group, Tally())
            pooled[group] += t
    shown = None
    for group, t in pooled.items():
        if t != shown:
            lines.append(row(group, t))
        shown = t
    return "\n".join(lines)


def predict(gold: list[dict], docs: Path) -> list[dict]:
    """Our figures for the gold set's documents (`python -m flows extract --format jsonl`)."""
    paths = [str(docs / d) for d in sorted({g["doc"] for g in gold})]
    cmd = [sys.executable, "-m", "flows", "extract", "--format", "jsonl", *paths]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    res = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT)
    if res.returncode != 0:
        raise RuntimeError(res.stderr[-2000:])
    return read_jsonl(res.stdout.splitlines())


def pairs_of(gold_path: Path, docs: Path) -> list[tuple[dict, dict]]:
    gold = read_jsonl(gold_path.read_text("utf-8").splitlines())
    return match(gold, predict(gold, docs))


def show(pairs: list[tuple[dict, dict]], docs: Path, named: bool) -> str:
    """Each pair whose subjects differ, in reading order: gold | ours | gold / our indicator |
    words around."""
    out = []
    for g, p in sorted(pairs, key=lambda gp: (gp[0]["doc"], gp[0]["start"])):
        gold, ours = clean(g.get("subject")), clean(p.get("subject"))
        if gold == ours or (named and not g.get("indicator")):
            continue
        text = (docs / g["doc"]).read_text("utf-8")
        s, e = g["start"], g["end"]
        around = (text[max(0, s - 40) : s] + "[" + text[s:e] + "]" + text[e : e + 16]).replace(
            "\n", "⏎"
        )
        ind = f"{g.get('indicator') or '-'} / {p.get('indicator') or '-'}"
        out.append(f"{g['doc'][:10]} {s}\tgold «{gold}»\tours «{ours}»\t{ind}\t{around}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="数字的主语（计什么）：我们的 subject 与金标准的对比")
    add_set_options(ap)
    ap.add_argument("--named", action="store_true", help="只看金标准有指标的数字")
    ap.add_argument("--show", metavar="SET", help="列出该集主语不同的数字（留出的 b 半集不列）")
    a = ap.parse_args(argv)
    if a.show and is_held_out_half(a.show):
        sys.exit(f"{a.show} 是留出的半集：只评分，不列主语")
    chosen = chosen_sets(a, [a.show] if a.show else None)
    pairs = {name: pairs_of(*paths) for name, paths in chosen.items()}
    print(table({name: tally(ps, a.named) for name, ps in pairs.items()}))
    if a.show:
        print(show(pairs[a.show], chosen[a.show][1], a.named))


if __name__ == "__main__":
    main()
