"""The build-scorecard flow on the shipped sample data, under a real (temporary) Prefect server."""

import json
import math
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

pytestmark = pytest.mark.e2e  # a real (temporary) Prefect server and whole runs
ROOT = Path(__file__).resolve().parents[1]
GOLDEN = yaml.safe_load((ROOT / "tests" / "golden" / "sample_scorecard.yaml").read_text("utf-8"))
CHECKED = ["计量单位", "目标值", "实际值", "完成率", "上年同期", "同比增减", "同比增幅", "状态"]


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def _params(out: Path, **only):
    from flows.params import ScorecardParams

    return ScorecardParams(
        reports_dir=str(ROOT / "reports"),
        targets=str(ROOT / "targets" / "targets.xlsx"),
        output_dir=str(out),
        **only,
    )


@pytest.fixture(scope="session")
def flow_run(prefect_harness, tmp_path_factory):
    from flows.scorecard import build_scorecard

    out = tmp_path_factory.mktemp("output")
    return Path(build_scorecard(_params(out))), out


def _rows(ws) -> list[dict]:
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def _same(a, b) -> bool:
    if b is None or a is None:
        return a is None and b is None
    if isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def test_workbook_written_with_all_sheets(flow_run):
    path, out = flow_run
    assert path.parent == out and path.name.startswith("计分卡_") and path.suffix == ".xlsx"
    assert (out / "计分卡_最新.xlsx").is_file() and (out / "ledger.sqlite").is_file()
    wb = load_workbook(path)
    assert wb.sheetnames[:6] == ["总览", "计分卡", "缺失数据", "原文依据", "历年趋势", "说明"]


@pytest.mark.parametrize(
    "want",
    GOLDEN["scorecard"],
    ids=[f"{g['单位'][-6:]}-{g['年度']}{g['期间']}-{g['指标']}" for g in GOLDEN["scorecard"]],
)
def test_scorecard_cells_match_the_hand_computed_values(flow_run, want):
    rows = _rows(load_workbook(flow_run[0])["计分卡"])
    key = ("单位", "年度", "期间", "指标")
    got = [r for r in rows if all(r[k] == want[k] for k in key)]
    assert len(got) == 1, f"{[want[k] for k in key]}: {len(got)} rows"
    for field in CHECKED:
        assert _same(got[0][field], want[field]), (
            f"{field}: got {got[0][field]!r}, want {want[field]!r}"
        )


@pytest.mark.parametrize("want", GOLDEN["rates"], ids=lambda g: f"{g['单位'][-6:]}-{g['年度']}")
def test_rates_are_fractions_with_their_change_in_points(flow_run, want):
    ws = load_workbook(flow_run[0])["计分卡"]
    head = [c.value for c in ws[1]]
    key = ("单位", "年度", "期间", "指标")
    n, got = next(
        (n, r) for n, r in enumerate(_rows(ws), start=2) if all(r[k] == want[k] for k in key)
    )
    for field in CHECKED:
        assert _same(got[field], want[field]), f"{field}: got {got[field]!r}, want {want[field]!r}"
    assert ws.cell(n, head.index("实际值") + 1).number_format.endswith("%")
    assert "个百分点" in ws.cell(n, head.index("同比增减") + 1).number_format


def test_missing_figures_are_listed_with_their_kind(flow_run):
    lost = _rows(load_workbook(flow_run[0])["缺失数据"])
    for want in (g for g in GOLDEN["scorecard"] if g.get("缺失类型")):
        assert any(
            r["单位"] == want["单位"]
            and r["年度"] == want["年度"]
            and r["期间"] == want["期间"]
            and r["类型"] == want["缺失类型"]
            and (want["缺失类型"] == "报告缺失" or r["指标"] == want["指标"])
            for r in lost
        ), want


def test_artifacts_published(flow_run):
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        body = {
            "artifacts": {"key": {"any_": ["scorecard-overview", "scorecard-summary"]}},
            "limit": 50,
            "offset": 0,
            "sort": "CREATED_DESC",
        }
        arts = client.request("POST", "/artifacts/filter", json=body).json()
    kinds = {a["key"]: a for a in arts}
    assert kinds["scorecard-overview"]["type"] == "table"
    overview = json.loads(kinds["scorecard-overview"]["data"])
    key = {"单位": "青川市临江区总工会", "年度": 2024, "期间": "全年", "报告数": 2, "有目标指标": 6}
    assert any(key.items() <= row.items() for row in overview), overview
    summary = kinds["scorecard-summary"]["data"]
    assert str(flow_run[0]) in summary
    for heading in ("未达目标的单位", "缺失的数字", "内容被隐藏的报告", "无法读取的报告"):
        assert f"## {heading}" in summary, heading


def test_units_filter_keeps_only_the_chosen_units(flow_run):
    from flows.scorecard import build_scorecard

    out = flow_run[1]
    path = build_scorecard(_params(out, units=["临江区"], year=2024, period="全年"))
    wb = load_workbook(path)
    for sheet in ("总览", "计分卡", "缺失数据", "原文依据"):
        units = {r["单位"] for r in _rows(wb[sheet])} - {None}
        assert units == {"青川市临江区总工会"}, (sheet, units)
    assert {(r["年度"], r["期间"]) for r in _rows(wb["计分卡"])} == {(2024, "全年")}


def test_second_run_writes_a_new_file_and_reuses_the_ledger(flow_run):
    from flows.scorecard import build_scorecard

    first, out = flow_run
    second = Path(build_scorecard(_params(out)))
    assert second != first and first.is_file() and second.is_file()
    assert _rows(load_workbook(first)["计分卡"]) == _rows(load_workbook(second)["计分卡"])


def test_ingest_reads_only_new_or_changed_reports(prefect_harness, tmp_path):
    import shutil

    from flows.params import IngestParams
    from flows.scorecard import ingest_reports

    reports = tmp_path / "reports"
    shutil.copytree(ROOT / "reports", reports)
    params = IngestParams(reports_dir=str(reports), ledger=str(tmp_path / "ledger.sqlite"))
    first = ingest_reports(params).results
    assert first and {r.status for r in first} == {"new"}
    changed = next(reports.rglob("*2024年工作总结.txt"))
    changed.write_text(changed.read_text("utf-8") + "\n全年新建职工书屋2家。\n", encoding="utf-8")
    second = {Path(r.path).name: r.status for r in ingest_reports(params).results}
    assert second.pop(changed.name) == "new"
    assert set(second.values()) == {"known"}


def test_the_reading_lets_go_of_each_batch_once_recorded(prefect_harness, tmp_path, monkeypatch):
    """Issue 20: a batch's analysed reports (the ledger rows of each) are dropped once
    recorded, not held by the batch's task future until the last batch is read; every
    report is still recorded and listed."""
    import gc
    import weakref

    import tasks.ingest_tasks as ingest_tasks
    from flows.params import IngestParams
    from flows.scorecard import ingest_reports

    recorded: list[weakref.ref] = []
    still_held: list[int] = []
    record_batch = ingest_tasks.record_batch

    def watched(conn, batch):
        gc.collect()
        still_held.append(sum(ref() is not None for ref in recorded))
        recorded.extend(weakref.ref(analysed) for analysed in batch)
        return record_batch(conn, batch)

    monkeypatch.setattr(ingest_tasks, "record_batch", watched)
    params = IngestParams(reports_dir=str(ROOT / "reports"), ledger=str(tmp_path / "l.sqlite"))
    results = ingest_reports(params).results
    assert {r.status for r in results} == {"new"}
    assert len(recorded) == len(results)
    assert len(still_held) > 1  # several batches, each recorded with no earlier one held
    assert still_held == [0] * len(still_held)


# 说明 rows that differ between two runs by nature: when, and which output folder.
RUN_SPECIFIC = {"生成时间", "输出文件夹", "台账"}


def _cells(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            if ws.title == "说明" and row[0].value in RUN_SPECIFIC:
                continue
            link = lambda c: c.hyperlink.location or c.hyperlink.target if c.hyperlink else None  # noqa: E731
            rows.append(tuple((c.value, c.number_format, link(c)) for c in row))
        out[ws.title] = rows
    return out


def test_flow_and_plain_pipeline_write_the_same_workbook(flow_run, tmp_path):
    """The flow's tasks and build_run are the same steps: every cell of every sheet agrees."""
    from tasks.core.pipeline import RunRequest, build_run

    plain = build_run(
        RunRequest(str(ROOT / "reports"), str(ROOT / "targets" / "targets.xlsx"), str(tmp_path))
    ).workbook
    flow_cells, plain_cells = _cells(flow_run[0]), _cells(plain)
    assert list(flow_cells) == list(plain_cells)
    for sheet, rows in flow_cells.items():
        assert rows == plain_cells[sheet], sheet


def test_a_flow_comparing_by_batch_writes_the_workbook_of_one_batch(
    flow_run, tmp_path, monkeypatch
):
    """Issue 20: with its figures compared a unit at a time (as at 100,000 reports), the
    flow hands 原文依据, 计分卡 and 缺失数据 kept in parts from task to task, and writes
    and publishes the same workbook, links and number formats included."""
    import tasks.compare_tasks as compare_tasks
    from flows.scorecard import build_scorecard
    from tasks.core.pipeline import comparing
    from tasks.core.workbook.parts import SpilledRows

    kinds = []

    def by_unit(*args, **kw):
        tables = comparing.compare_batches(*args, **kw, batch_figures=1)
        kinds.extend(type(tables.sheets[n]) for n in ("计分卡", "缺失数据", "原文依据"))
        return tables

    monkeypatch.setattr(comparing, "KEEP_FIGURES", 0)
    monkeypatch.setattr(compare_tasks, "compare", by_unit)
    batched = Path(build_scorecard(_params(tmp_path)))
    assert kinds == [SpilledRows] * 3
    one, many = _cells(flow_run[0]), _cells(batched)
    assert list(one) == list(many)
    for sheet, rows in one.items():
        assert rows == many[sheet], sheet


def test_a_cli_run_then_a_served_run_read_each_report_once(prefect_harness, tmp_path, monkeypatch):
    """`scorecard run` names the folders relative to the working folder, `scorecard serve`
    by their full paths: the served run finds every report in the ledger, reads none."""
    import shutil
    import sqlite3

    from flows.params import IngestParams
    from flows.scorecard import ingest_reports

    reports = tmp_path / "reports"
    shutil.copytree(ROOT / "reports", reports)
    targets = str(ROOT / "targets" / "targets.xlsx")
    monkeypatch.chdir(tmp_path)
    cli = IngestParams(reports_dir="reports", targets=targets, ledger="output/ledger.sqlite")
    first = ingest_reports(cli).results
    ledger = tmp_path / "output" / "ledger.sqlite"
    served = IngestParams(reports_dir=str(reports), targets=targets, ledger=str(ledger))
    second = ingest_reports(served).results
    assert first and {r.status for r in first} == {"new"}
    assert {r.status for r in second} == {"known"}
    conn = sqlite3.connect(ledger)
    paths = [p for (p,) in conn.execute("SELECT path FROM reports")]
    conn.close()
    assert len(paths) == len(first) and not any(p.startswith(("/", "reports")) for p in paths)
