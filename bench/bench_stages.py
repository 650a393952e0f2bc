"""Speed of two stages on large inputs, measured (the tests check only what they produce).

1. Naming the figures of a long report: costs per figure, not per character, since only the
   clause around each figure is read (600 figures in 200 long paragraphs).
2. Writing a 原文依据 sheet of 30,000 rows: styles come from a cache and cells go out as XML
   text (about 3 s on a busy two-core machine; openpyxl's own cell writing took 40).

    python -m bench.bench_stages [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from tasks.core.common import load_default_catalogue
from tasks.core.extraction import extract_figures
from tasks.core.naming import name_figures
from tasks.core.workbook import build_workbook

PARAGRAPH = "全年新建工会组织35家，发展会员2711人，开展职工技能培训3000余人次。" + "工会工作" * 50
SENTENCE = "全年新建工会组织42家，新发展会员2800人，筹措送温暖资金180万元。"


def long_report(paragraphs: int = 200) -> str:
    return "\n".join([PARAGRAPH] * paragraphs)


def evidence_rows(n: int) -> pd.DataFrame:
    """A 原文依据 table of `n` identical rows, as the comparison stage hands it over."""
    return pd.DataFrame(
        {
            "单位": "青川市东港区总工会",
            "年度": 2025,
            "期间": "全年",
            "报告": "东港区2025年工作总结.txt",
            "指标": "新建工会组织",
            "原文数字": "42家",
            "数值": 42.0,
            "计量单位": "家",
            "限定": "",
            "原文": SENTENCE,
            "位置": "reports/东港区2025年工作总结.txt 第3行 字符8-11",
            "_mark_start": 8,
            "_mark_end": 11,
            "_id": range(2, n + 2),
        }
    )


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    catalogue, text = load_default_catalogue(), long_report()
    figures = extract_figures(text, "long.txt")
    naming = best_of(a.repeat, lambda: name_figures(text, figures, catalogue))
    print(f"naming {len(figures)} figures of a {len(text):,}-character report: {naming:.2f} s")
    evidence = evidence_rows(30_000)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "big.xlsx"
        save = best_of(a.repeat, lambda: build_workbook({"原文依据": evidence}, []).save(out))
    print(f"writing 30,000 原文依据 rows: {save:.2f} s")


if __name__ == "__main__":
    main()
