"""The OCR bar per report: `python -m bench.scans [--min-chars N] [TXT ...]`.

Each plain-text report (default: the seeds in ../shared/seeds) is typeset as a scan at 150 dpi
(11 pt Noto Sans CJK, A4, as `tests/documents.py` renders scans), read back by `read_report`
(OCR) and compared with the .txt's figures (value, unit as simplified; placeholders by their
text). Prints, per report: the values, the share found, the values read wrongly and whether each is marked
待核实, and the placeholders found. The bar (issue 18): at least 95 % of the values of every
report, and no wrong value without 待核实. `--min-chars` skips shorter texts (a short excerpt
says little about a share). Nothing is written into the project; a scan takes tens of seconds
a page, so run it alone on a shared machine. Needs the CJK font (fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from bench.quality import find_shared


def _values(figures) -> Counter:
    """(value, unit) of each figure, the unit in simplified characters: the recogniser reads
    a traditional 個 or 戶 as 个 or 户, the same unit."""
    from tasks.core.reading.traditional import to_simplified

    return Counter((f.value, to_simplified(f.unit or "")) for f in figures if f.value is not None)


def _placeholders(figures) -> Counter:
    return Counter(f.text for f in figures if f.value is None)


def measure(path: Path, catalogue, work: Path) -> dict:
    """The OCR bar's numbers for the report at `path` (a .txt)."""
    from tasks.core.pipeline.reports import read_report
    from tests.documents import scanned_pdf

    text = path.read_text(encoding="utf-8")
    (work / "原文.txt").write_text(text, encoding="utf-8")
    (work / "扫描件.pdf").write_bytes(scanned_pdf(text, dpi=150))
    original = read_report(work / "原文.txt", catalogue).figures
    scan = read_report(work / "扫描件.pdf", catalogue).figures
    want, got = _values(original), _values(scan)
    wrong = got - want
    misread = [f for f in scan if f.value is not None and wrong[(f.value, f.unit)] > 0]
    marks, places = _placeholders(original), _placeholders(scan)
    return {
        "values": sum(want.values()),
        "found": sum((want & got).values()),
        "marked": [f.text for f in misread if f.needs_review],
        "unmarked": [f.text for f in misread if not f.needs_review],
        "missed": sorted(want - got, key=str),
        "placeholders": sum(marks.values()),
        "placeholders_found": sum((marks & places).values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--min-chars", type=int, default=0)
    args = parser.parse_args()
    from tasks.core.common.catalogue import load_default_catalogue

    shared = find_shared()
    paths = args.paths or sorted((shared / "seeds").glob("*.txt") if shared else [])
    catalogue = load_default_catalogue()
    print("| 报告 | 数值 | 读出 | 读错（已标待核实） | 读错未标 | 占位符 |")
    print("|---|---|---|---|---|---|")
    total = Counter()
    for path in paths:
        if len(path.read_text(encoding="utf-8")) < args.min_chars:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            m = measure(path, catalogue, Path(tmp))
        total.update({"values": m["values"], "found": m["found"]})
        share = f"{m['found'] / m['values']:.3f}" if m["values"] else "—"
        print(
            f"| {path.stem} | {m['values']} | {m['found']} ({share}) | "
            f"{'、'.join(m['marked']) or '—'} | {'、'.join(m['unmarked']) or '—'} | "
            f"{m['placeholders_found']}/{m['placeholders']} |",
            flush=True,
        )
        if m["missed"]:
            print(f"|  | 未读出：{m['missed']} | | | | |", flush=True)
    if total["values"]:
        print(f"\n合计 {total['found']}/{total['values']} = {total['found'] / total['values']:.3f}")


if __name__ == "__main__":
    main()
