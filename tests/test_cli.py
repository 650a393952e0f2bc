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
    assert "年度 1800" in res.stderr and "1990–2100" in res.stderr


ENGLISH_FRAME = re.compile(r"usage:|options:|show this help|positional arguments|error:|invalid")


@pytest.mark.parametrize("command", ["", "run", "extract", "inspect", "targets-template", "serve"])
def test_help_has_no_english_argparse_words(command):
    res = scorecard(*([command] if command else []), "--help")
    assert res.returncode == 0 and "用法：" in res.stdout and "显示本帮助并退出" in res.stdout
    assert not ENGLISH_FRAME.search(res.stdout), res.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "--year", "25"], ["年度 25", "1990–2100"]),
        (["run", "--year", "abc"], ["abc", "1990–2100"]),
        (["run", "--period", "秋季"], ["秋季", "上半年"]),
        (["run", "--bogus"], ["无法识别的参数", "--bogus"]),
        (["extract", "--format", "csv", "x.txt"], ["csv", "jsonl"]),
        ([], ["缺少必需的参数"]),
    ],
)
def test_bad_arguments_are_explained_in_chinese_on_one_line(args, words):
    res = scorecard(*args)
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert all(w in res.stderr for w in words), res.stderr
    assert not ENGLISH_FRAME.search(res.stderr), res.stderr


def test_missing_inputs_exit_non_zero(tmp_path):
    res = scorecard("extract", str(tmp_path / "没有这个报告.txt"))
    assert res.returncode != 0 and "找不到文件" in res.stderr and "没有这个报告.txt" in res.stderr
    res = scorecard("inspect", "reports/*.txt")  # the shell passes an unmatched glob as is
    assert res.returncode != 0 and "通配符没有匹配到任何文件" in res.stderr
    res = scorecard("run", "--targets", str(tmp_path / "无.xlsx"), "--output", str(tmp_path))
    assert res.returncode != 0 and "找不到目标工作簿" in res.stderr
    assert not list(tmp_path.glob("*.xlsx"))


def test_bad_output_folder_is_one_chinese_line_without_traceback():
    res = scorecard("run", "--output", "/proc/nope")
    assert res.returncode != 0 and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr and "/proc/nope" in res.stderr


def test_a_pipe_closed_early_ends_quietly():
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    many = " ".join(["reports/*/*.txt"] * 20)
    res = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m flows.cli extract {many} | head -2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert len(res.stdout.splitlines()) == 2 and res.stderr == "", res.stderr


def test_extract_table_has_a_header_chinese_names_and_catalogue_units():
    res = scorecard("extract", str(SAMPLE))
    lines = [line.split("\t") for line in res.stdout.splitlines()]
    assert lines[0] == ["报告", "字符位置", "原文数字", "数值", "计量单位", "限定", "指标", "对象"]
    names = {row[6] for row in lines[1:]}
    assert "新发展会员" in names and "new_members" not in res.stdout
    assert "exact" not in res.stdout
    money = [row for row in lines[1:] if row[6] == "送温暖资金"]
    assert money and all(row[4] == "万元" for row in money)
    assert float(money[0][3]) < 10000  # 315万元 shows as 315, not 3150000


def test_targets_template_refuses_other_names_and_prints_well(tmp_path):
    res = scorecard("targets-template", str(tmp_path / "目标.csv"))
    assert res.returncode != 0 and ".xlsx" in res.stderr and not (tmp_path / "目标.csv").exists()
    path = tmp_path / "目标.xlsx"
    assert scorecard("targets-template", str(path)).returncode == 0
    wb = load_workbook(path)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    notes = wb["填写说明"]
    assert notes.column_dimensions["A"].width <= 100
    assert all(c.alignment.wrap_text for c in notes["A"] if c.value)


def test_a_targets_file_that_is_not_a_workbook_is_explained_in_chinese(tmp_path):
    from tasks.core.pipeline import load_catalogue_file, read_targets_file

    bad = tmp_path / "目标.xlsx"
    bad.write_text("这不是工作簿", encoding="utf-8")
    catalogue, problems = load_catalogue_file(str(bad))
    problems += read_targets_file(bad, catalogue).problems
    assert problems and all("目标.xlsx" in p for p in problems)
    assert not [p for p in problems if re.search(r"[A-Za-z]{4,}", p.replace("xlsx", ""))]


def test_latest_only_from_full_runs_and_files_readable_by_others(tmp_path):
    out = tmp_path / "out"

    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        return subprocess.run(
            [sys.executable, "-m", "flows.cli", "run", "--output", str(out), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=lambda: os.umask(0o022),
        )

    full = run()
    assert full.returncode == 0, full.stderr[-2000:]
    latest = out / "计分卡_最新.xlsx"
    for path in (Path(full.stdout.strip().splitlines()[-1]), latest):
        assert path.stat().st_mode & 0o777 == 0o644, oct(path.stat().st_mode)
    before = latest.read_bytes()
    first = [r for r in load_workbook(latest)["计分卡"].iter_rows(min_row=2, values_only=True)]
    assert first[0][11] != "无目标"
    filtered = run("--year", "2024")
    assert filtered.returncode == 0, filtered.stderr[-2000:]
    assert latest.read_bytes() == before
    books = set(out.glob("*.xlsx"))
    nothing = run("--unit", "没有这个单位")
    assert nothing.returncode != 0 and "没有选中" in nothing.stderr
    assert "Traceback" not in nothing.stderr
    assert set(out.glob("*.xlsx")) == books
