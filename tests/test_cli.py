"""The `scorecard` command line, called as a user would."""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.e2e  # every test runs the command in a subprocess
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = next((ROOT / "reports").rglob("*2024年工作总结.txt"))


def scorecard(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


@pytest.mark.parametrize("command", ["run", "extract", "inspect", "targets-template", "serve"])
def test_every_command_has_help_with_an_example(command):
    res = scorecard(command, "--help")
    assert res.returncode == 0 and "示例" in res.stdout and "scorecard " + command in res.stdout


def test_extract_jsonl_has_the_figure_fields():
    res = scorecard("extract", "--format", "jsonl", str(SAMPLE))
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert (
        rows
        and {
            "doc",
            "start",
            "end",
            "text",
            "value",
            "unit",
            "qualifier",
            "placeholder",
            "subject",
            "indicator",
            "section",
            "kind",
        }
        <= rows[0].keys()
    )
    text = SAMPLE.read_text("utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] and r["doc"] == SAMPLE.name for r in rows)


def test_extract_table_and_unreadable_file(tmp_path):
    bad = tmp_path / "旧格式.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    res = scorecard("extract", str(SAMPLE), str(bad))
    assert res.returncode == 0 and "\t" in res.stdout
    assert "旧格式.doc" in res.stderr


def test_inspect_prints_metadata():
    res = scorecard("inspect", str(SAMPLE))
    row = json.loads(res.stdout.splitlines()[0])
    assert row["year"] == 2024 and row["period"] == "全年" and row["kind"] == "总结"
    assert row["org"] and row["figures"] > 0 and row["truncated"] is False


def test_targets_template_never_overwrites(tmp_path):
    path = tmp_path / "目标.xlsx"
    res = scorecard("targets-template", str(path))
    assert res.returncode == 0 and res.stdout.strip().endswith("目标.xlsx")
    assert load_workbook(path).sheetnames[:3] == ["目标", "指标库", "历史数据"]
    again = scorecard("targets-template", str(path))
    assert again.returncode != 0 and "不会覆盖" in again.stderr


def test_run_with_missing_reports_folder_fails_with_one_line(tmp_path):
    res = scorecard("run", "--reports", str(tmp_path / "nope"), "--output", str(tmp_path))
    assert res.returncode != 0 and len(res.stderr.strip().splitlines()) == 1
    assert "找不到报告文件夹" in res.stderr


def test_run_prints_the_workbook_path_last(tmp_path):
    res = scorecard("run", "--output", str(tmp_path / "out"), "--year", "2024")
    assert res.returncode == 0, res.stderr[-2000:]
    # Its temporary Prefect server is gone, and took no queued log or event down with it.
    port = int(re.search(r"临时 Prefect 服务 http://127.0.0.1:(\d+)/api", res.stderr).group(1))
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    assert "Traceback" not in res.stderr and "Error logging to API" not in res.stderr
    path = Path(res.stdout.strip().splitlines()[-1])
    assert path.is_file() and path.parent == tmp_path / "out"
    years = {r[1] for r in load_workbook(path)["计分卡"].iter_rows(min_row=2, values_only=True)}
    assert years == {2024}


def test_run_for_one_unit_keeps_only_its_rows(tmp_path):
    res = scorecard("run", "--output", str(tmp_path), "--year", "2024", "--unit", "云溪区")
    assert res.returncode == 0, res.stderr[-2000:]
    path = Path(res.stdout.strip().splitlines()[-1])
    units = {r[0] for r in load_workbook(path)["计分卡"].iter_rows(min_row=2, values_only=True)}
    assert units == {"青川市云溪区总工会"}


def test_run_with_an_impossible_year_fails_with_one_line(tmp_path):
    res = scorecard("run", "--output", str(tmp_path), "--year", "1800")
    assert res.returncode != 0 and len(res.stderr.strip().splitlines()) == 1
    assert "未能生成计分卡" in res.stderr
