"""The re-run's shortcuts in comparing and writing (issue 20: a re-run ≤ 15 s) give what the
plain code gave: 位置's short paths, 同比增幅, 总览's report counts, 计分卡's conditional formats."""

from __future__ import annotations

import os
import random

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet._writer import WorksheetWriter

from tasks.core.common.frames import iter_rows, per_value
from tasks.core.comparison.compare import _per_report, _relative_change
from tasks.core.comparison.evidence import short_paths
from tasks.core.comparison.overview import overview
from tasks.core.comparison.units import RATE_UNIT, is_rate
from tasks.core.workbook import style


def _relpaths(paths: list[str]) -> dict[str, str]:
    """short_paths as it was: os.path.relpath of every path."""
    unique = list(dict.fromkeys(paths))
    root = os.path.dirname(unique[0]) if len(unique) == 1 else os.path.commonpath(unique)
    return {p: os.path.relpath(p, root or os.curdir) for p in unique}


def test_short_paths_cut_as_relpath_would():
    cases = [
        ["/srv/reports/a/x.txt", "/srv/reports/b/y.txt"],
        ["/srv/reports/a/x.txt"],
        ["/a/x.txt", "/b/y.txt"],  # the root is /
        ["reports/a/x.txt", "reports/b/y.txt"],
        ["a/x.txt", "b/y.txt"],  # no common folder
        ["/srv//reports/a/x.txt", "/srv/reports/b/y.txt"],
        ["/srv/reports/../r/a/x.txt", "/srv/r/b/y.txt"],
        ["./reports/a/x.txt", "./reports/b/y.txt"],
        ["/srv/reports/a/./x.txt", "/srv/reports/a/y.txt"],
        ["/srv/rep/a.txt", "/srv/reports/b.txt"],  # a common prefix that is no folder
        ["/srv/reports/a/x.txt", "/srv/reports/a/x.txt/"],
        ["../up/a.txt", "../up/b/c.txt"],
    ]
    rng = random.Random(7)
    parts = ["srv", "报告", "a", "b", "..", ".", "", "x.txt", "工会 2024"]
    for _ in range(300):
        head = rng.choice(["/", "", "./"])
        cases.append([head + "/".join(rng.choices(parts, k=rng.randint(1, 5))) for _ in range(3)])
    for paths in cases:
        if any(not p for p in paths):
            continue
        try:
            expected = _relpaths(paths)
        except ValueError:  # absolute and relative mixed: short_paths keeps them whole
            continue
        assert short_paths(pd.Series(paths)) == expected, paths


def _change_loop(out: pd.DataFrame) -> list:
    return [
        d / p if pd.notna(d) and pd.notna(p) and p and not is_rate(u) else None
        for d, p, u in zip(out["同比增减"], out["上年同期"], out["计量单位"], strict=True)
    ]


def test_relative_change_column_as_the_row_loop():
    rng = np.random.default_rng(3)
    n = 2000
    for none in (False, True):
        last = rng.choice([np.nan, 0.0, -0.0, 3.0, 250.5, -7.25, np.inf], size=n)
        change = rng.choice([np.nan, 0.0, 1.5, -12.0, np.inf], size=n)
        units = rng.choice(["家", "人", RATE_UNIT, "万元"], size=n).astype(object)
        units[::17] = None
        if none:
            last[:] = np.nan
        out = pd.DataFrame({"同比增减": change, "上年同期": last, "计量单位": units})
        got = pd.DataFrame({"x": _relative_change(out)})["x"]
        want = pd.DataFrame({"x": _change_loop(out)})["x"]
        pd.testing.assert_series_equal(got, want)
    mixed = pd.DataFrame({"同比增减": [1, None], "上年同期": [4, 2], "计量单位": ["人", "人"]})
    assert _relative_change(mixed.astype(object)) == _change_loop(mixed.astype(object))


def test_overview_counts_every_report_of_a_period():
    reports = pd.DataFrame(
        {
            "org": ["甲", "甲", "乙", "乙", "丙"],
            "year": [2024, 2024, 2024, 2025, 2025],
            "period": ["全年", "全年", "上半年", "全年", "全年"],
        }
    )
    card = pd.DataFrame(
        {
            "单位": ["甲", "丁"],
            "年度": [2024, 2025],
            "期间": ["全年", "全年"],
            "目标值": [10.0, 5.0],
            "状态": ["完成", "缺失"],
            "完成率": [1.2, None],
            "_pace": [1.0, 1.0],
        }
    )
    table = overview(card, reports)
    keys = zip(table["单位"], table["年度"], table["期间"], strict=True)
    counts = dict(zip(keys, table["报告数"], strict=True))
    assert counts == {
        ("甲", 2024, "全年"): 2,
        ("乙", 2024, "上半年"): 1,
        ("乙", 2025, "全年"): 1,
        ("丙", 2025, "全年"): 1,
        ("丁", 2025, "全年"): 0,
    }


def _formatting_xml(last_row: int, falls: list[int], plain: bool) -> bytes:
    ws = Workbook().active
    if plain:  # the ranges as text, parsed by openpyxl (as before)
        original = style.Spans
        style.Spans = str
        try:
            style._conditional_formats(ws, ["单位", "完成率", "同比增减"], last_row, falls)
        finally:
            style.Spans = original
    else:
        style._conditional_formats(ws, ["单位", "完成率", "同比增减"], last_row, falls)
    writer = WorksheetWriter(ws)
    writer.write_formatting()
    writer.xf.close()
    with open(writer.out, "rb") as f:
        return f.read()


def test_conditional_formats_as_openpyxl_parsed_them():
    rng = random.Random(11)
    for last_row, k in ((2, 0), (2, 1), (5, 3), (300, 0), (300, 299), (3000, 700)):
        falls = sorted(rng.sample(range(2, last_row + 1), min(k, last_row - 1)))
        new = _formatting_xml(last_row, falls, plain=False)
        assert new == _formatting_xml(last_row, falls, plain=True)
        assert b"conditionalFormatting" in new
    spans = style.Spans("C2:C4 C7")
    assert str(spans) == "C2:C4 C7" and spans == style.Spans("C2:C4 C7")
    assert {str(r) for r in spans.ranges} == {"C2:C4", "C7"}


def _per_report_by_columns(usable: pd.DataFrame) -> pd.DataFrame:
    """_per_report as it was: grouped by the five key columns at every step."""
    keys = ["org", "year", "period", "indicator", "report_id"]
    usable = usable.sort_values("start").drop_duplicates(keys + ["实际值", "subject"])
    first = usable.drop_duplicates(keys, keep="first").set_index(keys)
    grouped = usable.groupby(keys)
    first["实际值"] = grouped["实际值"].sum()
    several = usable[usable.duplicated(keys, keep=False)]
    if len(several):
        parts: dict[tuple, list[str]] = {}
        for *key, text in iter_rows(several, *keys, "text"):
            parts.setdefault(tuple(key), []).append(text)
        first["text"] = [
            "+".join(parts[k]) if k in parts else t
            for k, t in zip(first.index.tolist(), first["text"].tolist(), strict=True)
        ]
    count = grouped["text"].size()
    first["_parts"] = per_value(count, lambda n: f"（{n} 处合计）" if n > 1 else "")
    return first.reset_index()


def test_per_report_sums_as_grouping_by_the_key_columns():
    rng = random.Random(5)
    for n in (0, 1, 2, 40, 600):
        rows = [
            {
                "org": rng.choice(["甲区", "乙区", "丙镇"]),
                "year": rng.choice([2023, 2024]),
                "period": rng.choice(["全年", "上半年"]),
                "indicator": rng.choice(["a", "b", "c"]),
                "report_id": rng.choice([1, 2, 3]),
                "实际值": rng.choice([1.5, 2.0, 0.1, 0.2, 7.0]),
                "subject": rng.choice(["职工", "会员", None]),
                "text": f"{rng.randint(1, 99)}人",
                "start": rng.randint(0, 5000),
                "doc": "某报告",
            }
            for _ in range(n)
        ]
        usable = pd.DataFrame(  # typed as the figures are, also when empty
            rows,
            columns=[
                "org",
                "year",
                "period",
                "indicator",
                "report_id",
                "实际值",
                "subject",
                "text",
                "start",
                "doc",
            ],
        ).astype({"year": "int64", "report_id": "int64", "实际值": float, "start": "int64"})
        got, want = _per_report(usable), _per_report_by_columns(usable)
        pd.testing.assert_frame_equal(got, want)
