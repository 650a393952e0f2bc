"""The 原文依据 table: one row per extracted figure, joined with its report's metadata."""

from __future__ import annotations

import os

import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows, per_value
from tasks.core.comparison.units import as_fraction, convert, is_money

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


def join_figures(reports: pd.DataFrame, figures: pd.DataFrame, first_row: int = 2) -> pd.DataFrame:
    """Figures with their report's org/year/period/kind, in a stable order, numbered from
    `first_row` (row 1 of 原文依据 is the header; a later batch of units starts further on)."""
    r = reports.rename(columns={"id": "report_id", "kind": "report_kind"})
    cols = ["report_id", "path", "doc", "org", "year", "period", "report_kind", "first_seen"]
    cols += ["stated_date"] if "stated_date" in r else []
    out = figures.merge(r[cols], on="report_id", how="left")
    out = out.sort_values(["org", "year", "period", "doc", "start"], na_position="last")
    out = out.reset_index(drop=True)
    out["evidence_row"] = out.index + first_row  # the row on the 原文依据 sheet
    return out


def qualifier_words(row) -> str:
    return _qualifier_words(row["qualifier"], row["placeholder"], row["kind"])


def _qualifier_words(qualifier, placeholder, kind) -> str:
    words = [QUALIFIER_WORDS.get(qualifier, "")]
    if placeholder:
        words.append("占位符（数字被隐去）")
    if kind == "plan":
        words.append("计划（不计入完成）")
    if kind == "target":
        words.append("报告所列目标（不计入完成）")
    return "；".join(w for w in words if w)


def _provenance(figs: pd.DataFrame) -> list[str]:
    """How each figure was read, for 位置: by OCR (with its confidence), from a table cell
    (its headers), and why it awaits a check (待核实)."""
    n = len(figs)
    columns = ("source", "ocr_confidence", "table_row", "table_column", "needs_review")
    if not any(c in figs for c in columns):
        return [""] * n
    # As lists: iterating a pandas column yields item by item through pandas (seconds).
    get = {c: figs[c].tolist() if c in figs else [None] * n for c in columns}
    reasons = figs["review_reason"].tolist() if "review_reason" in figs else get["needs_review"]
    out = []
    for source, conf, row, col, review, reason in zip(
        *(get[c] for c in columns), reasons, strict=True
    ):
        if source != "ocr" and not (isinstance(row, str) and row) and review != 1:
            out.append("")  # most figures: read from text, outside a table, sure
            continue
        words = []
        if source == "ocr":
            words.append(f"OCR 识别，置信度 {conf:.2f}" if pd.notna(conf) else "OCR 识别")
        if isinstance(row, str) and row:
            words.append(f"表格：{row}" + (f" / {col}" if isinstance(col, str) and col else ""))
        if review == 1 or review is True:
            words.append(f"待核实：{reason}" if isinstance(reason, str) and reason else "待核实")
        out.append("；".join(words))
    return out


def evidence_table(
    figs: pd.DataFrame, catalogue: Catalogue, where: dict[str, str] | None = None
) -> pd.DataFrame:
    """Rows of the 原文依据 sheet; `_mark` columns locate the figure inside 原文 for bolding.
    `where`: the reports' paths as 位置 names them (`short_paths` of the paths of every
    report with figures), when `figs` are only some of the figures.

    Built column by column: a row loop over DataFrame.iterrows took seconds for 25 000
    figures, this takes a fraction of one.
    """
    names = {i.id: i.name for i in catalogue.indicators}
    where = short_paths(figs["path"]) if where is None else where
    money = per_value(figs["unit"], is_money).astype(bool) & figs["value"].notna()
    value = figs["value"].where(~money, figs["value"] / 10000)
    value = as_fraction(value, figs["unit"])  # 98.5 % is stored as 0.985
    place = [
        f"{where.get(p, p)} 第{line}行 字符{start}-{end}" + (f"；{how}" if how else "")
        for (p, line, start, end), how in zip(
            iter_rows(figs, "path", "line", "start", "end"), _provenance(figs), strict=True
        )
    ]
    words: dict[tuple, str] = {}  # a handful of distinct (qualifier, placeholder, kind)
    qualifiers = [
        words[q] if q in words else words.setdefault(q, _qualifier_words(*q))
        for q in iter_rows(figs, "qualifier", "placeholder", "kind")
    ]
    out = pd.DataFrame(
        {
            "单位": figs["org"],
            "年度": figs["year"],
            "期间": figs["period"],
            "报告": figs["doc"],
            "指标": per_value(figs["indicator"], lambda i: names.get(i, "") or ""),
            "原文数字": figs["text"],
            "数值": value,
            "计量单位": figs["unit"].where(~money, "万元"),
            "限定": qualifiers,
            "原文": figs["sentence"],
            "位置": place,
            "_mark_start": figs["start"] - figs["sentence_start"],
            "_mark_end": figs["end"] - figs["sentence_start"],
            "_id": figs["evidence_row"],
        },
        index=figs.index,
    )
    return out.reset_index(drop=True)[EVIDENCE_COLUMNS + ["_mark_start", "_mark_end", "_id"]]


def short_paths(paths: pd.Series) -> dict[str, str]:
    """Each report's path relative to the folder all reports share (full paths are on 说明).

    >>> short_paths(pd.Series(["/srv/reports/a/x.txt", "/srv/reports/b/y.txt"]))
    {'/srv/reports/a/x.txt': 'a/x.txt', '/srv/reports/b/y.txt': 'b/y.txt'}
    >>> short_paths(pd.Series(["a/x.txt", "b/y.txt"]))  # as the ledger names them
    {'a/x.txt': 'a/x.txt', 'b/y.txt': 'b/y.txt'}
    """
    unique = [p for p in paths.dropna().unique() if isinstance(p, str)]
    if not unique:
        return {}
    try:
        root = os.path.dirname(unique[0]) if len(unique) == 1 else os.path.commonpath(unique)
    except ValueError:  # relative (to the reports folder) and absolute paths mixed
        return {p: p for p in unique}
    base = root or os.curdir
    # relpath normalises both paths (0.1 ms each); a normal path under a normal root (or a
    # normal relative path with none) is its own tail, cut off directly
    # (tests/test_compare_fast_paths.py compares with relpath).
    cut = 0 if not root else len(root) if root.endswith(os.sep) else len(root) + 1
    plain = not root or (root == os.path.normpath(root) and not root.startswith(os.curdir))
    return {
        p: p[cut:] if plain and _under(p, root, cut) and _normal(p) else os.path.relpath(p, base)
        for p in unique
    }


def _under(path: str, root: str, cut: int) -> bool:
    if not root:  # relative paths with no common folder
        return not path.startswith(os.sep)
    return path.startswith(root) and path[cut - 1 : cut] == os.sep


def _normal(path: str) -> bool:
    """Whether `path` is as `os.path.normpath` writes it, without calling it: no empty, "."
    or ".." part, no trailing separator."""
    parts = path.split(os.sep)
    return "" not in parts[1:] and "." not in parts and ".." not in parts


def table_row(figure, indicator) -> list[str]:
    """A figure as a row of `scorecard extract`'s table (cli.TABLE_HEADER): the indicator's
    Chinese name, the value in the catalogue's unit (money in 万元 as in the workbook)."""
    value, unit = figure.value, figure.unit
    if value is not None and indicator is not None:
        converted = convert(value, unit, indicator.unit)
        if converted is not None:
            value, unit = converted, indicator.unit
    elif value is not None and is_money(unit):
        value, unit = value / 10000, "万元"
    shown = "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")
    words = _qualifier_words(figure.qualifier, figure.placeholder, figure.kind)
    name = indicator.name if indicator is not None else ""
    where = f"{figure.start}-{figure.end}"
    return [figure.doc, where, figure.text, shown, unit, words, name, figure.subject]
