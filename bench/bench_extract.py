"""Extraction throughput in MB/s of report text per core, beside a single-regex pass.

Two corpora, both the project's own text (never ../shared): the sample reports under
reports/ (the realistic mix, about 5 000 figures per MB) and the sentences of the figure
case tables laid out as report paragraphs (a dense worst case, about 15 000 per MB).
Each is repeated to about --mb megabytes of UTF-8 text. Time is CPU time of this one
process, so the figure is per core even on a shared machine; the best of --repeat runs.

    python bench/bench_extract.py [--mb 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import yaml

from tasks.core.extraction import extract_figures
from tasks.core.reading import decode_report

ROOT = Path(__file__).resolve().parents[1]
# The naive baseline: one pass of a single regex (the first toy extractor).
SINGLE_RE = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?(人次|家|个|人|名|元|场|份|%)")


def report_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "reports").rglob("*.txt")):
        try:
            texts.append(decode_report(path.read_bytes(), path.name)[0])
        except Exception:  # a sample being rewritten by its author right now: skip it
            continue
    return texts


def case_texts() -> list[str]:
    """Case sentences laid out as reports are: a heading, then paragraphs of sentences."""
    sentences = []
    for table in sorted((ROOT / "tests" / "cases").glob("figures_*.yaml")):
        sentences += [row["text"] for row in yaml.safe_load(table.read_text(encoding="utf-8"))]
    texts = []
    for i in range(0, len(sentences), 48):
        part = sentences[i : i + 48]
        paras = ["".join(part[j : j + 6]) for j in range(0, len(part), 6)]
        texts.append(f"{i // 48 + 1}、工作情况\n" + "\n".join(paras))
    return texts


def build_corpus(sources: list[str], megabytes: float) -> list[str]:
    docs, size = [], 0
    while sources and size < megabytes * 1e6:
        doc = sources[len(docs) % len(sources)]
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def _best_of(repeat: int, fn, docs: list[str]) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for d in docs:
            fn(d)
        best = min(best, time.process_time() - t0)
    return best


def measure(name: str, docs: list[str], repeat: int) -> None:
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    figures = sum(len(extract_figures(d)) for d in docs)
    t_full = _best_of(repeat, extract_figures, docs)
    t_regex = _best_of(repeat, lambda d: list(SINGLE_RE.finditer(d)), docs)
    print(f"{name}: {mb:.1f} MB in {len(docs)} documents, {figures / mb:,.0f} figures per MB")
    print(f"  extract_figures  {mb / t_full:6.1f} MB/s per core")
    print(f"  one regex        {mb / t_regex:6.1f} MB/s per core")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="size of each corpus in MB (UTF-8)")
    ap.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    a = ap.parse_args()
    reports = report_texts()
    if reports:
        measure("sample reports (reports/)", build_corpus(reports, a.mb), a.repeat)
    measure("case sentences (dense)", build_corpus(case_texts(), a.mb), a.repeat)


if __name__ == "__main__":
    main()
