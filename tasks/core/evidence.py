"""The 原文依据 table: one row per extracted figure, joined with its report's metadata."""

from __future__ import annotations

import os

import pandas as pd

from tasks.core.catalogue import Catalogue
from tasks.core.units import is_money

QUALIFIER_WORDS = {
    "exact": "",
    "over": "以上（余/多/超）",
    "under": "不足（近/不到）",
    "about": "约数",
}
EVIDENCE_COLUMNS = [
    "单位",
    "年度",
    "期间",
    "报告",
    "指标",
    "原文数字",
    "数值",
    "计量单位",
    "限定",
    "原文",
    "位置",
]


def join_figures(reports: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Figures with their report's org/year/period/kind, in a stable order, numbered."""
    r = reports.rename(columns={"id": "report_id", "kind": "report_kind"})
    cols = ["report_id", "path", "doc", "org", "year", "period", "report_kind", "mtime"]
    out = figures.merge(r[cols], on="report_id", how="left")
    out = out.sort_values(["org", "year", "period", "doc", "start"], na_position="last")
    out = out.reset_index(drop=True)
    out["evidence_row"] = out.index + 2  # the row on the 原文依据 sheet (row 1 is the header)
    return out


def qualifier_words(row) -> str:
    words = [QUALIFIER_WORDS.get(row["qualifier"], "")]
    if row["placeholder"]:
        words.append("占位符（数字被隐去）")
    if row["kind"] == "plan":
        words.append("计划（不计入完成）")
    return "；".join(w for w in words if w)


def evidence_table(figs: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Rows of the 原文依据 sheet; `_mark` columns locate the figure inside 原文 for bolding."""
    names = {i.id: i.name for i in catalogue.indicators}
    where = _short_paths(figs["path"])
    rows = []
    for _, f in figs.iterrows():
        money = is_money(f["unit"]) and f["value"] == f["value"]
        value = None if pd.isna(f["value"]) else (f["value"] / 10000 if money else f["value"])
        rows.append(
            {
                "单位": f["org"],
                "年度": f["year"],
                "期间": f["period"],
                "报告": f["doc"],
                "指标": names.get(f["indicator"], "") or "",
                "原文数字": f["text"],
                "数值": value,
                "计量单位": "万元" if money else f["unit"],
                "限定": qualifier_words(f),
                "原文": f["sentence"],
                "位置": f"{where.get(f['path'], f['path'])} 第{f['line']}行 字符{f['start']}-{f['end']}",
                "_mark_start": f["start"] - f["sentence_start"],
                "_id": f["evidence_row"],
                "_mark_end": f["end"] - f["sentence_start"],
            }
        )
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS + ["_mark_start", "_mark_end", "_id"])


def _short_paths(paths: pd.Series) -> dict[str, str]:
    """Each report's path relative to the folder all reports share (full paths are on 说明).

    >>> _short_paths(pd.Series(["/srv/reports/a/x.txt", "/srv/reports/b/y.txt"]))
    {'/srv/reports/a/x.txt': 'a/x.txt', '/srv/reports/b/y.txt': 'b/y.txt'}
    """
    unique = [p for p in paths.dropna().unique() if isinstance(p, str)]
    if not unique:
        return {}
    root = os.path.dirname(unique[0]) if len(unique) == 1 else os.path.commonpath(unique)
    return {p: os.path.relpath(p, root) for p in unique}
