"""A scenario on real reports: the five seeds with a manifest and a template-made targets
workbook (money in 万元). Expected values come from the hand-annotated gold, not from the
product. Reads ../shared at test time; skipped when it is absent."""

import math
import shutil
from pathlib import Path

import pytest

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.workbook.template import write_targets_template
from tests.pipeline import run_pipeline

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not beside the clone"
)

MANIFEST = {  # file prefix → (单位, 年度, 期间)
    "000": ("甲区总工会", 2021, "全年"),
    "001": ("甲区总工会", 2021, "全年"),
    "002": ("乙区总工会", 2023, "全年"),
    "003": ("丙区总工会", 2021, "上半年"),
    "004": ("丁市总工会", 2021, "全年"),
}
TARGETS = [
    ["丁市总工会", 2021, "全年", "送清凉资金", 200],
    ["丁市总工会", 2021, "全年", "小微企业经费返还", 800],
    ["丁市总工会", 2021, "全年", "工会经费代收", 8000],
    ["丁市总工会", 2021, "全年", "入会率", 70],
    ["丁市总工会", 2021, "全年", "消费帮扶采购", 15000],
    ["丁市总工会", 2021, "全年", "劳模补助慰问资金", 250],
    ["丁市总工会", 2021, "全年", "职工书屋", 10],
    ["乙区总工会", 2023, "全年", "新建工会组织", 30],
    ["乙区总工会", 2023, "全年", "新发展会员", 3000],
    ["乙区总工会", 2023, "全年", "消费帮扶采购", 20],
    ["乙区总工会", 2023, "全年", "集体合同签订数", 400],
    ["甲区总工会", 2021, "全年", "新建工会组织", 30],
    ["丙区总工会", 2021, "全年", "新建工会组织", 20],
]
HISTORY = [
    ["丁市总工会", 2020, "全年", "送清凉资金", 190, "2020年报"],
    ["乙区总工会", 2022, "全年", "新建工会组织", 28, "2022年报"],
]
EXPECT = [  # 单位, 年度, 期间, 指标, 目标值, 实际值, 完成率, 上年同期, 同比增减, 同比增幅, 状态
    ("丁市总工会", 2021, "全年", "送清凉资金", 200, 228, 1.14, 190, 38, 0.2, "完成"),
    ("丁市总工会", 2021, "全年", "小微企业经费返还", 800, 715, 0.89375, None, None, None, "未完成"),
    ("丁市总工会", 2021, "全年", "工会经费代收", 8000, 8620, 1.0775, None, None, None, "完成"),
    # a rate is stored as a fraction shown in percent (70 % → 0.7)
    ("丁市总工会", 2021, "全年", "入会率", 0.7, 0.68, 68 / 70, None, None, None, "未完成"),
    ("丁市总工会", 2021, "全年", "消费帮扶采购", 15000, 18000, 1.2, None, None, None, "完成"),
    ("丁市总工会", 2021, "全年", "劳模补助慰问资金", 250, 278, 1.112, None, None, None, "完成"),
    ("丁市总工会", 2021, "全年", "职工书屋", 10, None, None, None, None, None, "缺失"),
    ("乙区总工会", 2023, "全年", "新建工会组织", 30, 35, 35 / 30, 28, 7, 0.25, "完成"),
    (
        "乙区总工会",
        2023,
        "全年",
        "新发展会员",
        3000,
        2711,
        0.9036666666666666,
        None,
        None,
        None,
        "未完成",
    ),
    ("乙区总工会", 2023, "全年", "消费帮扶采购", 20, 15, 0.75, None, None, None, "未完成"),
    ("乙区总工会", 2023, "全年", "集体合同签订数", 400, 403, 1.0075, None, None, None, "完成"),
    ("甲区总工会", 2021, "全年", "新建工会组织", 30, None, None, None, None, None, "缺失"),
    ("丙区总工会", 2021, "上半年", "新建工会组织", 20, None, None, None, None, None, "缺失"),
    ("丙区总工会", 2021, "全年", "新建工会组织", 20, None, None, None, None, None, "缺失"),
]
COLUMNS = ["目标值", "实际值", "完成率", "上年同期", "同比增减", "同比增幅", "状态"]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seeds")
    reports = tmp / "reports"
    reports.mkdir()
    lines = ["文件,单位,年度,期间"]
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(path, reports / path.name)
        org, year, period = MANIFEST[path.name[:3]]
        lines.append(f"{path.name},{org},{year},{period}")
    (reports / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    targets = tmp / "targets.xlsx"
    write_targets_template(targets, load_default_catalogue(), TARGETS, HISTORY)
    return run_pipeline(reports, targets, tmp / "ledger.sqlite").sheets


def _same(a, b) -> bool:
    if b is None or a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None and (a is None or (isinstance(a, float) and math.isnan(a)))
    if isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.mark.parametrize("want", EXPECT, ids=[f"{w[0]}-{w[2]}-{w[3]}" for w in EXPECT])
def test_scorecard_row(sheets, want):
    card = sheets["计分卡"]
    rows = card[
        (card["单位"] == want[0])
        & (card["年度"] == want[1])
        & (card["期间"] == want[2])
        & (card["指标"] == want[3])
    ]
    assert len(rows) == 1, f"{want[:4]}: {len(rows)} rows"
    row = rows.iloc[0]
    for col, value in zip(COLUMNS, want[4:], strict=True):
        assert _same(row[col], value), f"{col}: got {row[col]!r}, want {value!r}"


@pytest.mark.parametrize(
    "kind, org, indicator",
    [
        ("占位符", "甲区总工会", "新建工会组织"),
        ("占位符", "丙区总工会", "新建工会组织"),
        ("未提及", "丁市总工会", "职工书屋"),
        ("内容隐藏", "丁市总工会", ""),
        ("报告缺失", "丙区总工会", ""),
    ],
)
def test_missing_figures(sheets, kind, org, indicator):
    lost = sheets["缺失数据"]
    hits = lost[(lost["类型"] == kind) & (lost["单位"] == org) & (lost["指标"] == indicator)]
    assert len(hits) >= 1, lost[lost["单位"] == org][["类型", "指标"]].values.tolist()
