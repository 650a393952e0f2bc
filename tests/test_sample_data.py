"""Self-check of the shipped sample data: reports/, sample_targets.yaml, sample_scorecard.yaml.

It checks the data against itself (no product code): the figures listed in the golden file
are in the reports as written, the encodings are what they claim, the indicator names are in
the catalogue, and every golden 计分卡 value follows from its own targets and figures.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
TARGETS = yaml.safe_load((ROOT / "tests/data/sample_targets.yaml").read_text(encoding="utf-8"))
GOLDEN = yaml.safe_load((ROOT / "tests/golden/sample_scorecard.yaml").read_text(encoding="utf-8"))
REPORT_FILES = [r["文件"] for r in GOLDEN["reports"]]
MONEY_UNIT = "万元"
PART_YEAR = {"上半年": Decimal("0.5")}
# The word a report would have to use to mention the indicator at all.
MENTION = {"小微企业经费返还": "返还", "金秋助学": "助学"}


def _catalogue() -> dict[str, dict]:
    lines = (ROOT / "tasks/lexicon/catalogue.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(line for line in lines if line.strip() and not line.startswith("#"))
    return {row["指标名称"]: row for row in rows}


CATALOGUE = _catalogue()
NAME_BY_ID = {row["指标ID"]: name for name, row in CATALOGUE.items()}


def _report_id(entry: dict) -> str:
    """ASCII test ids: pytest escapes Chinese ones into unreadable \\u sequences."""
    return f"report{REPORT_FILES.index(entry['文件'])}-{entry['年度']}"


def _row_id(row: dict) -> str:
    unit = sorted({r["单位"] for r in GOLDEN["scorecard"]}).index(row["单位"])
    half = "H1" if row["期间"] == "上半年" else "FY"
    return f"unit{unit}-{row['年度']}{half}-{CATALOGUE[row['指标']]['指标ID']}"


def _text(entry: dict) -> str:
    return (REPORTS / entry["文件"]).read_bytes().decode(entry["编码"])


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _in_catalogue_unit(figure: dict) -> Decimal:
    value = _dec(figure["value"])
    return value / 10000 if figure["unit"] == "元" else value


def _reported(unit: str, year: int, period: str, name: str) -> Decimal | None:
    """The value the scorecard should show: 历史数据 wins, then 总结/报告 over 述职."""
    for row in TARGETS["history"]:
        if (row["单位"], row["年度"], row["期间"], row["指标"]) == (unit, year, period, name):
            return _dec(row["实际值"])
    by_kind: dict[str, Decimal] = {}
    for entry in GOLDEN["reports"]:
        if (entry["单位"], entry["年度"], entry["期间"]) != (unit, year, period):
            continue
        for fig in entry["figures"]:
            if NAME_BY_ID.get(fig["indicator"]) == name and fig["value"] is not None:
                by_kind.setdefault(entry["类型"], _in_catalogue_unit(fig))
    return by_kind.get("总结", by_kind.get("报告", by_kind.get("述职")))


@pytest.mark.parametrize("entry", GOLDEN["reports"], ids=_report_id)
def test_report_text_holds_its_figures(entry):
    text = _text(entry)
    title = text.splitlines()[0]
    assert entry["单位"] in title and str(entry["年度"]) in title
    assert 1500 <= len(text) <= 3500
    for fig in entry["figures"] + entry.get("plan_figures", []):
        assert fig["text"] in fig["原文"], fig
        assert text.count(fig["原文"]) == 1, fig["原文"]
        assert fig["indicator"] in NAME_BY_ID, fig
        assert (fig["value"] is None) == bool(fig.get("placeholder")), fig
    indicators = [fig["indicator"] for fig in entry["figures"]]
    assert len(indicators) == len(set(indicators)), "one figure per indicator and report"


def test_report_files_are_all_listed_and_encoded_as_claimed():
    on_disk = {p.relative_to(REPORTS).as_posix() for p in REPORTS.rglob("*.txt")}
    assert on_disk == set(REPORT_FILES)
    gbk = [r for r in GOLDEN["reports"] if r["编码"] == "gbk"]
    assert gbk, "one report must be saved as GBK"
    for entry in gbk:
        data = (REPORTS / entry["文件"]).read_bytes()
        data.decode("gbk")
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


def test_indicator_names_and_units_come_from_the_catalogue():
    for row in TARGETS["targets"] + TARGETS["history"] + GOLDEN["scorecard"]:
        assert row["指标"] in CATALOGUE, row
    for row in GOLDEN["scorecard"]:
        assert row["计量单位"] == CATALOGUE[row["指标"]]["计量单位"], row


def test_every_target_has_its_scorecard_rows():
    targets = {
        (t["单位"], t["年度"], t["期间"], t["指标"]): _dec(t["目标值"]) for t in TARGETS["targets"]
    }
    rows = {(r["单位"], r["年度"], r["期间"], r["指标"]): r for r in GOLDEN["scorecard"]}
    assert len(rows) == len(GOLDEN["scorecard"])
    assert set(targets) <= set(rows)
    for (unit, year, _period, name), row in rows.items():
        assert _dec(row["目标值"]) == targets[(unit, year, "全年", name)], row


@pytest.mark.parametrize("row", GOLDEN["scorecard"], ids=_row_id)
def test_scorecard_row_follows_from_its_figures(row):
    unit, year, period, name = row["单位"], row["年度"], row["期间"], row["指标"]
    target, actual, prior = _dec(row["目标值"]), _dec(row["实际值"]), _dec(row["上年同期"])
    assert actual == _reported(unit, year, period, name)
    assert prior == _reported(unit, year - 1, period, name)
    rate = None if actual is None else actual / target
    assert _dec(row["完成率"]) == rate
    change = None if actual is None or prior is None else actual - prior
    assert _dec(row["同比增减"]) == change
    assert _dec(row["同比增幅"]) == (None if change is None else change / prior)
    if rate is None:
        assert row["状态"] == "缺失" and row["缺失类型"] in {"占位符", "未提及", "报告缺失"}
    elif period in PART_YEAR:
        assert row["状态"] == ("完成" if rate >= PART_YEAR[period] else "进度滞后")
    else:
        assert row["状态"] == ("完成" if rate >= 1 else "未完成")


def test_missing_rows_match_the_reports():
    for row in GOLDEN["scorecard"]:
        kind = row.get("缺失类型")
        if kind is None:
            continue
        key = (row["单位"], row["年度"], row["期间"])
        entries = [e for e in GOLDEN["reports"] if (e["单位"], e["年度"], e["期间"]) == key]
        figures = [
            f for e in entries for f in e["figures"] if NAME_BY_ID[f["indicator"]] == row["指标"]
        ]
        if kind == "报告缺失":
            assert not entries, row
        elif kind == "占位符":
            assert figures and all(f.get("placeholder") for f in figures), row
        else:
            assert entries and not figures, row
            word = MENTION.get(row["指标"], row["指标"])
            assert all(word not in _text(e) for e in entries), row


def test_scenario_shows_every_status_and_both_signs_of_change():
    rows = GOLDEN["scorecard"]
    assert {r["状态"] for r in rows} == {"完成", "未完成", "进度滞后", "缺失"}
    assert {r.get("缺失类型") for r in rows} >= {"占位符", "未提及"}
    changes = [r["同比增减"] for r in rows if r["同比增减"] is not None]
    assert min(changes) < 0 < max(changes)
    assert MONEY_UNIT in {r["计量单位"] for r in rows}


@pytest.mark.parametrize("row", GOLDEN["rates"], ids=lambda r: f"{r['单位'][-4:]}-{r['年度']}")
def test_rate_row_follows_from_its_figures(row):
    """Rates are fractions; their change is in 个百分点 (percent now − percent before)."""
    unit, year, period, name = row["单位"], row["年度"], row["期间"], row["指标"]
    now, before = _reported(unit, year, period, name), _reported(unit, year - 1, period, name)
    assert row["计量单位"] == CATALOGUE[name]["计量单位"] == "%"
    assert _dec(row["实际值"]) == now / 100 and _dec(row["上年同期"]) == before / 100
    assert _dec(row["同比增减"]) == now - before and row["同比增幅"] is None
