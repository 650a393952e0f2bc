"""Scheduled runs that really happen: a real `prefect server` (scheduler on, its loop
shortened) and `scorecard serve` on small sample data in temporary folders.

What a refresh of requirements.lock must pass (issue 14): with SQLAlchemy 2.1 the scheduler
never created a run; with fastapi 0.154 Prefect's own list commands answered 422.
"""

import json
import re
import shutil
import subprocess
import sys

import pytest

from tests.prefect_server import ROOT, artifacts, prefect_server, scorecard_serve, tail, wait

pytestmark = pytest.mark.e2e

SCHEDULED_RUN_TIMEOUT = 240  # the first minute boundary, then the run itself
RUN_TIMEOUT = 300
CLI_TIMEOUT = 120
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
EVERY_MINUTE = (
    '[schedules]\nbuild_scorecard_cron = "* * * * *"\ningest_reports_interval_minutes = 1\n'
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-home")
    with prefect_server(
        home,
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2",
        PREFECT_RUNNER_POLL_FREQUENCY="2",  # read by `scorecard serve` from the same env
    ) as s:
        yield s


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Two sample reports of one unit and the sample targets, copied to a temporary folder."""
    work = tmp_path_factory.mktemp("office")
    unit = next((ROOT / "reports").glob("临江区*"))
    (work / "reports" / unit.name).mkdir(parents=True)
    for report in sorted(unit.glob("*202[34]年工作总结.txt")):
        shutil.copy(report, work / "reports" / unit.name / report.name)
    (work / "targets").mkdir()
    shutil.copy(ROOT / "targets" / "targets.xlsx", work / "targets" / "targets.xlsx")
    return work


def test_two_deployments_with_the_schedules_of_pyproject(server, folders, tmp_path):
    targets = folders / "targets" / "targets.xlsx"
    args = ["--reports", str(folders / "reports"), "--targets", str(targets)]
    args += ["--output", str(tmp_path / "output"), "--config", str(ROOT / "pyproject.toml")]
    with scorecard_serve(server, tmp_path, args) as (found, _, _):
        assert set(found) == {"build-scorecard/scorecard", "ingest-reports/scorecard"}
        [cron] = [s["schedule"] for s in found["build-scorecard/scorecard"]["schedules"]]
        assert (cron["cron"], cron["timezone"]) == ("0 8 15 1,7 *", "Asia/Shanghai")
        [every] = [s["schedule"] for s in found["ingest-reports/scorecard"]["schedules"]]
        assert (every["interval"], every["timezone"]) == (3600, "Asia/Shanghai")
    # the runs already scheduled carry this test's folders: the next `scorecard serve` on this
    # server (every_minute) must not pick them up and fail them outside its allowed folders
    for name in found:
        deleted = _prefect(server, "deployment", "delete", name)
        assert deleted.returncode == 0, deleted.stdout + deleted.stderr


@pytest.fixture(scope="module")
def every_minute(server, folders):
    """`scorecard serve` with both deployments due every minute."""
    (folders / "schedules.toml").write_text(EVERY_MINUTE, "utf-8")
    args = ["--reports", "reports", "--targets", "targets/targets.xlsx", "--output", "output"]
    with scorecard_serve(server, folders, args + ["--config", "schedules.toml"]) as served:
        yield served


@pytest.fixture(scope="module")
def client(server):
    """Prefect's own client (sync), as a script or the UI's backend would use it."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: server.api}), get_client(sync_client=True) as c:
        yield c


def _finished(client, deployment_id: str, log):
    """The first run of the deployment that the scheduler created, once it has finished."""
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.sorting import FlowRunSort

    # The scheduler keeps up to 100 future runs per deployment: ask for finished ones only.
    finished = FlowRunFilterState(type=FlowRunFilterStateType(any_=sorted(TERMINAL)))

    def check():
        runs = client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
            flow_run_filter=FlowRunFilter(state=finished),
            sort=FlowRunSort.EXPECTED_START_TIME_ASC,
            limit=10,
        )
        return next((r for r in runs if r.auto_scheduled), None)

    return wait("a run the scheduler created", check, SCHEDULED_RUN_TIMEOUT, log)


def test_the_scheduler_creates_runs_that_complete_with_artifacts(server, every_minute, client):
    found, proc, log = every_minute
    build = _finished(client, found["build-scorecard/scorecard"]["id"], log)
    assert build.state.type.value == "COMPLETED", f"{build.state.message}\n{tail(log)}"
    arts = artifacts(server.api, str(build.id))
    assert arts["scorecard-overview"]["type"] == "table"
    assert arts["scorecard-summary"]["type"] == "markdown"
    units = {row["单位"] for row in json.loads(arts["scorecard-overview"]["data"])}
    assert "青川市临江区总工会" in units  # units with targets but no report are listed too
    ingest = _finished(client, found["ingest-reports/scorecard"]["id"], log)
    assert ingest.state.type.value == "COMPLETED", f"{ingest.state.message}\n{tail(log)}"
    assert proc.poll() is None


def _prefect(server, *args: str) -> subprocess.CompletedProcess:
    env = {**server.env, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "prefect", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
    )


def test_prefects_own_list_commands_answer(server, every_minute):
    deployments = _prefect(server, "deployment", "ls")
    assert deployments.returncode == 0, deployments.stdout + deployments.stderr
    assert "build-scorecard/scorecard" in deployments.stdout
    assert "ingest-reports/scorecard" in deployments.stdout
    runs = _prefect(server, "flow-run", "ls", "--limit", "5")
    assert runs.returncode == 0, runs.stdout + runs.stderr
    assert "build-scorecard" in runs.stdout or "ingest-reports" in runs.stdout


def test_client_filter_calls_answer(every_minute, client):
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.sorting import FlowRunSort

    named = FlowFilter(name=FlowFilterName(any_=["build-scorecard"]))
    [deployment] = client.read_deployments(flow_filter=named, limit=10)
    assert deployment.name == "scorecard" and deployment.schedules
    state = FlowRunFilterState(type=FlowRunFilterStateType(any_=["COMPLETED"]))
    runs = client.read_flow_runs(
        flow_filter=named,
        flow_run_filter=FlowRunFilter(state=state),
        sort=FlowRunSort.START_TIME_DESC,
        limit=3,
    )
    assert 1 <= len(runs) <= 3 and all(r.deployment_id == deployment.id for r in runs)


def test_a_custom_run_with_the_forms_values_completes(server, folders, every_minute, client):
    found, proc, log = every_minute
    build = found["build-scorecard/scorecard"]
    out = folders / "output" / "custom"  # inside the folders the server was started with
    # What the UI's Custom run form sends: every field of the form, as JSON values.
    form = {
        "reports_dir": str(folders / "reports"),
        "targets": str(folders / "targets" / "targets.xlsx"),
        "output_dir": str(out),
        "year": 2024,
        "period": "全年",
        "units": ["临江区"],
    }
    run = client.create_flow_run_from_deployment(build["id"], parameters={"params": form})

    def finished():
        state = client.read_flow_run(run.id).state
        return state if state and state.type.value in TERMINAL else None

    state = wait("the custom run", finished, RUN_TIMEOUT, log, proc)
    assert state.type.value == "COMPLETED", f"{state.message}\n{tail(log)}"
    [workbook] = out.glob("计分卡_2*.xlsx")
    arts = artifacts(server.api, str(run.id))
    assert str(workbook) in arts["scorecard-summary"]["data"]
    assert "scorecard-overview" in arts


def test_the_server_log_holds_no_traceback(server, every_minute):
    """Last in this module: the whole session's server log, scheduler included."""
    text = server.log.read_text("utf-8", errors="replace")
    assert "Traceback" not in text, tail(server.log, 80)
    errors = [line for line in text.splitlines() if re.search(r"\bERROR\b|Error\b", line)]
    assert not errors, "\n".join(errors[:20])
