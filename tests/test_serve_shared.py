"""A Prefect server shared on a network: basic auth on the API, and served runs kept inside the
folders `scorecard serve` was given.

A real `prefect server start` on loopback with PREFECT_SERVER_API_AUTH_STRING, and a real
`scorecard serve` whose client has PREFECT_API_AUTH_STRING. Every process is stopped by PID.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.prefect_server import prefect_server, stop, tail, wait

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
# ASCII only: Prefect compares the password with hmac.compare_digest, which fails (500) on
# non-ASCII text.
USER, PASSWORD = "office", "s3cret-Pass_2026"
AUTH = (USER, PASSWORD)
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """A password-protected server and `scorecard serve` on it; yields (api, work, serve, log)."""
    work = tmp_path_factory.mktemp("shared")
    (work / "prefect-home").mkdir()
    auth = f"{USER}:{PASSWORD}"
    with prefect_server(
        work / "prefect-home",
        PREFECT_SERVER_API_AUTH_STRING=auth,
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",
    ) as server:
        (work / "targets").mkdir()
        shutil.copy(ROOT / "targets" / "targets.xlsx", work / "targets" / "targets.xlsx")
        # A client: the password as PREFECT_API_AUTH_STRING, not the server's setting.
        env = {k: v for k, v in server.env.items() if k != "PREFECT_SERVER_API_AUTH_STRING"}
        env.pop("SCORECARD_ALLOWED_DIRS", None)
        env.update(PREFECT_API_AUTH_STRING=auth, PYTHONPATH=str(ROOT))
        log = work / "serve.log"
        with log.open("wb") as out:
            serve = subprocess.Popen(
                [sys.executable, "-m", "flows.cli", "serve", "--reports", str(ROOT / "reports")]
                + ["--targets", str(work / "targets" / "targets.xlsx")]
                + ["--output", str(work / "output")],
                cwd=work,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait(
                "scorecard serve registers both deployments",
                lambda: len(_post(server.api, "/deployments/filter", {"limit": 10})) == 2,
                120,
                log,
                serve,
            )
            yield server.api, work, serve, log
        finally:
            stop(serve)


def _post(api: str, path: str, body: dict, auth=AUTH) -> list | dict:
    for attempt in range(10):  # the server answers 503 while its SQLite database is busy
        res = httpx.post(api + path, json=body, auth=auth, timeout=20)
        if res.status_code != 503:
            break
        time.sleep(0.5 * (attempt + 1))
    res.raise_for_status()
    return res.json()


def _deployment(api: str, flow_name: str) -> dict:
    flows = {f["id"]: f["name"] for f in _post(api, "/flows/filter", {"limit": 10})}
    [dep] = [
        d
        for d in _post(api, "/deployments/filter", {"limit": 10})
        if flows[d["flow_id"]] == flow_name
    ]
    return dep


def _run(
    api: str, flow_name: str, params: dict, serve, log: Path, expect: tuple[str, ...] = ()
) -> tuple[str, str, list]:
    """Start a run of the deployment as the UI would: its final state, log text and task runs.

    The run's logs reach the server from a background worker, sometimes after the run's final
    state; with `expect`, the logs are read again (up to 60 s) until they hold every phrase.
    """
    dep = _deployment(api, flow_name)
    run = _post(
        api, f"/deployments/{dep['id']}/create_flow_run", {"parameters": {"params": params}}
    )

    def finished():
        state = httpx.get(f"{api}/flow_runs/{run['id']}", auth=AUTH, timeout=20).json()["state"]
        return state["type"] if state and state["type"] in TERMINAL else None

    state = wait(f"the {flow_name} run", finished, 300, log, serve)
    body = {"logs": {"flow_run_id": {"any_": [run["id"]]}}, "limit": 200}
    deadline = time.monotonic() + 60
    while True:
        text = "\n".join(entry["message"] for entry in _post(api, "/logs/filter", body))
        if all(phrase in text for phrase in expect) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    tasks = _post(api, "/task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}})
    return state, text, tasks


def test_a_caller_without_the_password_is_refused(shared):
    api = shared[0]
    for auth in (None, (USER, "wrong")):
        res = httpx.post(f"{api}/flows/filter", json={"limit": 1}, auth=auth, timeout=20)
        assert res.status_code == 401, res.text
    assert httpx.post(f"{api}/flows/filter", json={"limit": 1}, auth=AUTH).status_code == 200


def test_a_served_run_with_the_password_builds_the_scorecard(shared):
    api, work, serve, log = shared
    defaults = _deployment(api, "build-scorecard")["parameters"]["params"]
    params = {**defaults, "year": 2024, "units": ["临江区"]}
    state, text, _ = _run(api, "build-scorecard", params, serve, log)
    assert state == "COMPLETED", f"{text}\n{tail(log)}"
    assert list((work / "output").glob("计分卡_2*.xlsx"))


def test_a_run_naming_etc_or_another_folder_touches_nothing_there(shared, tmp_path):
    api, work, serve, log = shared
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "reports").mkdir(parents=True)
    shutil.copy(next((ROOT / "reports").rglob("*.txt")), elsewhere / "reports")
    etc_before = set(os.listdir("/etc"))
    defaults = _deployment(api, "build-scorecard")["parameters"]["params"]
    attempts = [
        ("build-scorecard", {**defaults, "reports_dir": "/etc", "targets": "/etc/passwd"}),
        ("build-scorecard", {**defaults, "output_dir": "/etc"}),
        ("build-scorecard", {**defaults, "reports_dir": str(elsewhere / "reports")}),
        ("build-scorecard", {**defaults, "output_dir": str(elsewhere / "out")}),
        # `..` cannot step out of a served folder.
        ("build-scorecard", {**defaults, "output_dir": defaults["output_dir"] + "/../../x"}),
        (
            "ingest-reports",
            {"reports_dir": "/etc", "targets": "/etc/passwd", "ledger": "/etc/ledger.sqlite"},
        ),
    ]
    for flow_name, params in attempts:
        refusal = ("不在允许的文件夹内", "拒绝运行")
        state, text, tasks = _run(api, flow_name, params, serve, log, expect=refusal)
        assert state == "FAILED", params
        assert "不在允许的文件夹内" in text and "拒绝运行" in text, text
        assert tasks == [], f"{params}: tasks ran: {[t['name'] for t in tasks]}"
    assert set(os.listdir("/etc")) == etc_before
    report = next(elsewhere.glob("reports/*"))
    assert set(elsewhere.rglob("*")) == {elsewhere / "reports", report}
    assert not (work.parent / "x").exists()
