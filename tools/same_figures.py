"""Check that two checkouts read the same figures, byte for byte (speed work, issue 20).

    python tools/same_figures.py OLD NEW [--out DIR] [--n 1000]

For each checkout (run with its own `PYTHONPATH`, from its own folder): `scorecard extract
--format jsonl` over the documents of every gold set (seeds, dev, dev2 beside the clone, the
held-out sets in tests/data, and those of $SCORECARD_EXTRA or /work/extra), and every figure's
full record for `--n` reports taken evenly from the sorted corpus (/work/bench10k/reports).
The outputs go to DIR/old and DIR/new (an existing DIR/old is reused with `--reuse-old`) and
are compared file by file; the exit status is 1 when any differs.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
from pathlib import Path

CORPUS = Path("/work/bench10k/reports")
DOC_SUFFIXES = {".txt", ".docx", ".doc", ".wps", ".pdf", ".png", ".jpg", ".jpeg"}
DUMP = """\
import json, sys
from pathlib import Path
from tasks.core.pipeline import load_catalogue, read_report
paths = sorted(Path(sys.argv[1]).rglob("*.txt"))
n = int(sys.argv[2])
chosen = paths[:: max(1, len(paths) // n)][:n]
cat = load_catalogue()
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for p in chosen:
        r = read_report(p, cat)
        rec = {"path": str(p), "meta": repr(r.meta), "hidden": repr(r.hidden),
               "stated_date": r.stated_date, "figures": [f.to_record() for f in r.figures]}
        out.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\\n")
"""


def doc_sets(root: Path) -> dict[str, Path]:
    """Gold set name → its documents' folder."""
    sys.path.insert(0, str(root))
    from bench.quality import gold_sets  # noqa: PLC0415 (the checkout's own copy)

    extra = Path(os.environ.get("SCORECARD_EXTRA", "/work/extra"))
    return {name: docs for name, (_, docs) in gold_sets(extra if extra.is_dir() else None).items()}


def dump(root: Path, out: Path, sets: dict[str, Path], n: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(root)}
    for name, docs in sets.items():
        files = sorted(str(p) for p in docs.rglob("*") if p.suffix.lower() in DOC_SUFFIXES)
        cmd = [sys.executable, "-m", "flows.cli", "extract", "--format", "jsonl", *files]
        done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, check=False)
        (out / f"{name}.jsonl").write_bytes(done.stdout + b"\n--stderr--\n" + done.stderr)
    corpus = out / "corpus.jsonl"
    cmd = [sys.executable, "-c", DUMP, str(CORPUS), str(n), str(corpus)]
    subprocess.run(cmd, cwd=root, env=env, check=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--out", type=Path, default=Path("/tmp/same_figures"))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--reuse-old", action="store_true")
    args = ap.parse_args()
    sets = doc_sets(args.new.resolve())
    if not (args.reuse_old and (args.out / "old").is_dir()):
        dump(args.old.resolve(), args.out / "old", sets, args.n)
    dump(args.new.resolve(), args.out / "new", sets, args.n)
    names = sorted(p.name for p in (args.out / "old").iterdir())
    _, mismatch, errors = filecmp.cmpfiles(args.out / "old", args.out / "new", names, shallow=False)
    for name in names:
        lines = (args.out / "new" / name).read_bytes().count(b"\n")
        flag = "DIFFERS" if name in mismatch + errors else "same"
        print(f"{name:24s} {lines:7d} lines  {flag}")
    sys.exit(1 if mismatch or errors else 0)


if __name__ == "__main__":
    main()
