"""`scorecard serve` as the office runs it: a real Prefect server on loopback, both deployments
with their schedules, and one run started through the API the way the UI's form starts it.

Every process started here is stopped by PID (terminate, then kill) in the fixtures' teardown;
every wait is bounded; all traffic goes to 127.0.0.1.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
SERVER_START_TIMEOUT = 120
DEPLOY_TIMEOUT = 120
RUN_TIMEOUT = 300
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    """Child processes (any depth) of `pid`, read from /proc so each can be stopped by PID."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        kids = [c for c, p in parents.items() if p in frontier]
        found += kids
        frontier = kids
    return found


def _stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate the process and whatever it started, each by PID; kill what outlives `timeout`."""
    if proc.poll() is not None:  # already stopped and reaped: its PID may belong to another now
        return
    pids = [proc.pid] + (_descendants(proc.pid) if sys.platform == "linux" else [])
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)
    deadline = time.monotonic() + timeout
    for pid in pids[1:]:
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # a zombie is already gone for our purposes
    return not (stat.is_file() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def _tail(path: Path, n: int = 40) -> str:
    return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-n:])


def _wait(what: str, check, timeout: float, log: Path, proc: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: process exited with {proc.returncode}\n{_tail(log)}")
        result = check()
        if result:
            return result
        time.sleep(1)
    pytest.fail(f"{what}: not within {timeout}s\n{_tail(log)}")


def server_env(home: Path) -> dict[str, str]:
    """This environment without Prefect settings, plus a Prefect home of the test's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_PROFILES_PATH=str(home / "profiles.toml"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_UI_ENABLED="false",  # the test needs the API only; skips building the UI
        # No scheduled runs: an hourly ingest landing mid-test would race the run under test.
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",
    )
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Prefect server on a free loopback port with its own PREFECT_HOME and database."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**server_env(home), "PREFECT_API_URL": api}
    log = home / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start"]
            + ["--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:

        def healthy() -> bool:
            try:
                return httpx.get(f"{api}/health", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False

        _wait("prefect server start", healthy, SERVER_START_TIMEOUT, log, proc)
        yield api, env, home
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def served(server, tmp_path_factory):
    """`scorecard serve` against that server, run from a folder without a pyproject.toml."""
    api, env, _ = server
    work = tmp_path_factory.mktemp("serve")
    out = work / "output"
    log = work / "serve.log"
    with log.open("wb") as stdout:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve"]
            + [
                "--reports",
                str(ROOT / "reports"),
                "--targets",
                str(ROOT / "targets" / "targets.xlsx"),
            ]
            + ["--output", str(out)],
            cwd=work,
            env=env,
            stdout=stdout,
            stderr=subprocess.STDOUT,
        )
    try:
        deployments = _wait(
            "scorecard serve registers both deployments",
            lambda: _deployments(api) if len(_deployments(api)) == 2 else None,
            DEPLOY_TIMEOUT,
            log,
            proc,
        )
        yield deployments, proc, out, log
    finally:
        _stop(proc)


def _deployments(api: str) -> dict[str, dict]:
    res = httpx.post(f"{api}/deployments/filter", json={"limit": 50, "offset": 0}, timeout=10)
    res.raise_for_status()
    flows = httpx.post(f"{api}/flows/filter", json={"limit": 50, "offset": 0}, timeout=10).json()
    names = {f["id"]: f["name"] for f in flows}
    return {f"{names.get(d['flow_id'])}/{d['name']}": d for d in res.json()}


def test_serve_deploys_runs_and_publishes(server, served):
    api = server[0]
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


def _temporary_servers() -> set[int]:
    """Pids of running temporary Prefect servers (the uvicorn app of scorecard run)."""
    found = set()
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if (
                entry.name.isdigit()
                and b"server.api.server:create_app" in (entry / "cmdline").read_bytes()
            ):
                found.add(int(entry.name))
    return found


def test_run_uses_the_server_named_in_the_prefect_profile(server, tmp_path):
    """No PREFECT_API_URL in the environment, only in the active profile (prefect config
    set): scorecard run uses that server and stops the temporary one it began to start."""
    api, env, _ = server
    profiles = tmp_path / "profiles.toml"
    profiles.write_text(f'active = "office"\n[profiles.office]\nPREFECT_API_URL = "{api}"\n')
    run_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    run_env["PREFECT_PROFILES_PATH"] = str(profiles)
    out = tmp_path / "out"
    before = _temporary_servers()
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
    assert _temporary_servers() <= before
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
