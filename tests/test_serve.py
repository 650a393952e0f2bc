"""`scorecard serve` as the office runs it: a real Prefect server on loopback, both deployments
with their schedules, and one run started through the API the way the UI's form starts it.

Every process started here is stopped by PID (terminate, then kill) in the fixtures' teardown;
every wait is bounded; all traffic goes to 127.0.0.1.
"""

import contextlib
import json
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from tests.prefect_server import ROOT, prefect_server, scorecard_serve
from tests.prefect_server import deployments as _deployments
from tests.prefect_server import stop as _stop
from tests.prefect_server import tail as _tail
from tests.prefect_server import wait as _wait

RUN_TIMEOUT = 300
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Prefect server on a free loopback port with its own PREFECT_HOME and database."""
    home = tmp_path_factory.mktemp("prefect-home")
    # No scheduled runs: an hourly ingest landing mid-test would race the run under test.
    with prefect_server(home, PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false") as s:
        yield s


@pytest.fixture(scope="module")
def served(server, tmp_path_factory):
    """`scorecard serve` against that server, run from a folder without a pyproject.toml."""
    work = tmp_path_factory.mktemp("serve")
    out = work / "output"
    args = ["--reports", str(ROOT / "reports"), "--targets", str(ROOT / "targets" / "targets.xlsx")]
    with scorecard_serve(server, work, args + ["--output", str(out)]) as (deployments, proc, log):
        yield deployments, proc, out, log


@pytest.mark.e2e
def test_serve_deploys_runs_and_publishes(server, served):
    api = server.api
    deployments, proc, out, log = served
    assert set(deployments) == {"build-scorecard/scorecard", "ingest-reports/scorecard"}
    printed = log.read_text("utf-8")
    assert "正在向 Prefect 部署" in printed and "下次" in printed, printed

    build = deployments["build-scorecard/scorecard"]
    [cron] = [s["schedule"] for s in build["schedules"]]
    assert cron["cron"] == "0 8 15 1,7 *" and cron["timezone"] == "Asia/Shanghai"
    [every] = [s["schedule"] for s in deployments["ingest-reports/scorecard"]["schedules"]]
    assert every["interval"] == 3600 and every["timezone"] == "Asia/Shanghai"

    # The UI's form: Chinese labels, a drop-down of periods, defaults made absolute by serve.
    form = build["parameter_openapi_schema"]["definitions"]["ScorecardParams"]["properties"]
    assert [form[k]["title"] for k in ("reports_dir", "targets", "output_dir", "year")] == [
        "报告文件夹",
        "目标工作簿",
        "输出文件夹",
        "年度",
    ]
    assert form["period"]["enum"][:3] == ["", "全年", "上半年"] and form["units"]["title"] == "单位"
    defaults = build["parameters"]["params"]
    assert defaults["output_dir"] == str(out) and Path(defaults["reports_dir"]).is_absolute()

    # Start a run the way the UI does: the form's values, some of them changed.
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    params = {**defaults, "year": 2024, "period": "全年", "units": ["临江区"]}
    with temporary_settings({PREFECT_API_URL: api}), get_client(sync_client=True) as client:
        run = client.create_flow_run_from_deployment(build["id"], parameters={"params": params})

        def finished():
            state = client.read_flow_run(run.id).state
            return state if state and state.type.value in TERMINAL else None

        state = _wait("the build-scorecard run", finished, RUN_TIMEOUT, log, proc)
    assert state.type.value == "COMPLETED", f"{state.type.value}: {state.message}\n{_tail(log)}"

    [workbook] = sorted(out.glob("计分卡_2*.xlsx"))
    wb = load_workbook(workbook)
    assert wb.sheetnames[:6] == ["总览", "计分卡", "缺失数据", "原文依据", "历年趋势", "说明"]
    card = list(wb["计分卡"].iter_rows(min_row=2, values_only=True))
    assert card and {(r[0], r[1], r[2]) for r in card} == {("青川市临江区总工会", 2024, "全年")}

    body = {
        "artifacts": {"flow_run_id": {"any_": [str(run.id)]}},
        "limit": 10,
        "offset": 0,
        "sort": "CREATED_DESC",
    }
    arts = {a["key"]: a for a in httpx.post(f"{api}/artifacts/filter", json=body).json()}
    overview = json.loads(arts["scorecard-overview"]["data"])
    assert [(r["单位"], r["年度"], r["期间"]) for r in overview] == [
        ("青川市临江区总工会", 2024, "全年")
    ]
    summary = arts["scorecard-summary"]["data"]
    assert str(workbook) in summary and "## 无法读取的报告" in summary

    # Stopping serve must leave the schedules active (pause_on_shutdown=False).
    _stop(proc)
    again = _deployments(api)["build-scorecard/scorecard"]
    assert all(s["active"] for s in again["schedules"]) and not again["paused"]


def _temporary_servers(mark: str) -> set[int]:
    """Pids of running temporary Prefect servers (the uvicorn app of scorecard run) started
    by a process whose environment carried `mark`: servers of other runs on the machine
    (other tests, other users) are not counted."""
    found = set()
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if (
                entry.name.isdigit()
                and b"server.api.server:create_app" in (entry / "cmdline").read_bytes()
                and mark.encode() in (entry / "environ").read_bytes()
            ):
                found.add(int(entry.name))
    return found


@pytest.mark.e2e
def test_run_uses_the_server_named_in_the_prefect_profile(server, tmp_path):
    """No PREFECT_API_URL in the environment, only in the active profile (prefect config
    set): scorecard run uses that server and stops the temporary one it began to start."""
    api, env = server.api, server.env
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(f'active = "office"\n[profiles.office]\nPREFECT_API_URL = "{api}"\n')
    run_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    run_env["PREFECT_PROFILES_PATH"] = str(profiles)
    mark = f"SCORECARD_TEST_RUN={uuid.uuid4().hex}"
    run_env["SCORECARD_TEST_RUN"] = mark.split("=", 1)[1]
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--output", str(out), "--year", "2024"]
        + ["--unit", "云溪区"],
        cwd=ROOT,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "临时 Prefect 服务" not in done.stderr
    assert not _temporary_servers(mark)
    body = {"flows": {"name": {"any_": ["build-scorecard"]}}, "limit": 50, "offset": 0}
    runs = httpx.post(f"{api}/flow_runs/filter", json=body, timeout=10).json()
    assert any(r["parameters"]["params"]["output_dir"] == str(out) for r in runs)


def test_schedules_fall_back_to_packaged_defaults(tmp_path, monkeypatch):
    from flows import serve

    monkeypatch.chdir(tmp_path)  # as when installed elsewhere: no pyproject.toml anywhere
    monkeypatch.setattr(serve, "SOURCE_ROOT", tmp_path)
    got = serve.load_schedules()
    assert got.source == "内置默认值"
    assert (got.timezone, got.build_scorecard_cron, got.ingest_reports_interval_minutes) == (
        "Asia/Shanghai",
        "0 8 15 1,7 *",
        60,
    )


def test_schedules_from_a_small_config_file(tmp_path):
    from flows import serve

    config = tmp_path / "计划.toml"
    config.write_text('[schedules]\nbuild_scorecard_cron = "0 9 20 1,7 *"\n', "utf-8")
    got = serve.load_schedules(str(config))
    assert got.build_scorecard_cron == "0 9 20 1,7 *" and got.timezone == "Asia/Shanghai"
    assert serve.cron_schedule(got).cron == "0 9 20 1,7 *"


@pytest.mark.parametrize(
    "text",
    [
        'build_scorecard_cron = "every day"',
        'timezone = "Mars/Base"',
        "ingest_reports_interval_minutes = 0",
        "cron = 1",
    ],
)
def test_bad_schedule_settings_are_refused_in_chinese(tmp_path, text):
    from flows import serve

    config = tmp_path / "schedules.toml"
    config.write_text(text + "\n", "utf-8")
    with pytest.raises(serve.ConfigError):
        got = serve.load_schedules(str(config))
        serve.cron_schedule(got), serve.interval_schedule(got)
