"""Steps done while the temporary Prefect server starts (flows/headstart.py,
tasks/core/pipeline/ahead.py): each result is taken once by the task doing that step with
the same arguments, nothing is kept for a refused run or a failing step, and a re-run of
`scorecard run` that used them writes the cells of a run from scratch."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import tasks.core.pipeline.ahead as ahead
import tasks.core.pipeline.comparing as comparing
from flows.allowed import ALLOW_ENV
from flows.headstart import head_start
from flows.params import ScorecardParams
from tasks.analysis_runner import forkserver_available, stop_worker_server
from tasks.core.common import SETTINGS
from tasks.core.pipeline import (
    analyse_file,
    analysis_key,
    check_known,
    discover,
    open_inputs,
    prepare_ledger,
)
from tasks.core.pipeline.versions_cache import CACHE_NAME, DELTA_NAME, read_kept
from tests.reliability import ROOT
from tests.test_incremental import TARGETS, _cells, _reports, _run


@pytest.fixture(autouse=True)
def _nothing_kept():
    ahead.forget()
    yield
    ahead.forget()


def test_a_result_is_taken_once_and_only_with_the_same_arguments():
    calls = []

    def step(x, y):
        calls.append((x, y))
        return [x, y]

    kept = ahead.do_ahead(step, 1, "a")
    assert ahead.take(step, 1, "b") == [1, "b"]  # other arguments: done now
    assert ahead.take(step, 1, "a") is kept  # done ahead: not again
    assert ahead.take(step, 1, "a") == [1, "a"] and ahead.take(step, 1, "a") is not kept
    assert calls == [(1, "a"), (1, "b"), (1, "a"), (1, "a")]


def test_a_step_failing_ahead_keeps_nothing_and_fails_in_its_task():
    def fail():
        raise OSError("gone")

    assert ahead.do_ahead(fail) is None
    with pytest.raises(OSError, match="gone"):
        ahead.take(fail)


def _params(reports: Path, out: Path, **kw) -> ScorecardParams:
    return ScorecardParams(
        reports_dir=str(reports), targets=str(TARGETS), output_dir=str(out), **kw
    )


def test_a_rerun_lists_prepares_loads_and_checks_ahead_what_the_tasks_would(tmp_path):
    reports, out = _reports(tmp_path), tmp_path / "out"
    _run(reports, out)  # a finished run: the targets parse is kept in `out`
    ledger = str(out / "ledger.sqlite")
    with head_start(_params(reports, out), server_starting=True):
        found = ahead.take(discover, str(reports))
        assert ahead.take(discover, str(reports)) is not found  # taken once
        assert found == discover(str(reports))
        assert ahead.take(prepare_ledger, ledger) == []
        inputs = ahead.take(open_inputs, str(TARGETS), str(out))
        assert inputs.targets is not None  # from the kept parse
        assert ahead.take(open_inputs, str(TARGETS), str(out)) is not inputs  # taken once
        key = analysis_key(inputs.catalogue)
        known = ahead.take(check_known, ledger, found, key, False)
        assert known == check_known(ledger, found, key, False)
        assert all(k is not None for k in known)  # nothing new: every report known
    assert ahead._kept == []  # what no task took is dropped with the block


def test_a_rerun_analyses_its_new_reports_and_reads_the_kept_figures_ahead(tmp_path):
    reports, out = _reports(tmp_path), tmp_path / "out"
    _run(reports, out)  # its figures kept in `out` for the next run
    shutil.copytree(ROOT / "reports" / "重工集团工会", reports / "重工集团工会")
    new = sorted(str(p) for p in (reports / "重工集团工会").iterdir())
    with head_start(_params(reports, out), server_starting=True):
        steps = [(step, args) for step, args, _ in ahead._kept]
        analysed = [args for step, args in steps if step is analyse_file]
        assert sorted(args[0] for args in analysed) == new  # the new ones, not the known
        for args in analysed:
            assert ahead.take(analyse_file, *args) == analyse_file(*args)
        assert [a for s, a in steps if s is read_kept] == [(out / CACHE_NAME,), (out / DELTA_NAME,)]
        kept = ahead.take(read_kept, out / CACHE_NAME)
        fresh = read_kept(out / CACHE_NAME)
        assert kept is not fresh and kept.reports == fresh.reports
        for name, table in fresh.tables.items():
            pd.testing.assert_frame_equal(kept.tables[name], table)
    assert ahead._kept == []


@pytest.mark.parametrize("too_many", [False, True])
def test_the_figures_read_ahead_are_taken_by_the_comparison_or_dropped(
    tmp_path, monkeypatch, too_many
):
    """Taken when the comparison reads the kept figures; dropped when the figures are too
    many to be kept (the file would stay in memory through the comparison)."""
    reports, out = _reports(tmp_path), tmp_path / "out"
    _run(reports, out)
    ahead.do_ahead(read_kept, out / CACHE_NAME)
    ahead.do_ahead(str, "another step's")
    if too_many:
        monkeypatch.setattr(comparing, "KEEP_FIGURES", 0)
    again = _run(reports, out)
    assert [step for step, _, _ in ahead._kept] == [str]
    assert _cells(again) == _cells(_run(reports, tmp_path / "scratch"))


def test_nothing_is_done_ahead_for_a_refused_run_or_without_a_starting_server(
    tmp_path, monkeypatch
):
    reports, out = _reports(tmp_path), tmp_path / "out"
    _run(reports, out)
    with head_start(_params(reports, out), server_starting=False):
        assert ahead._kept == []
    monkeypatch.setenv(ALLOW_ENV, str(tmp_path / "elsewhere"))
    with head_start(_params(reports, out), server_starting=True):
        assert ahead._kept == []


def test_a_first_run_of_many_reports_starts_the_analysis_workers_ahead(tmp_path):
    """The worker server starts while the Prefect server does, judged before the ledger
    check creates the ledger; not for a Dask cluster's run, nor on a re-run."""
    from multiprocessing import forkserver

    from bench import corpus

    if not forkserver_available():
        pytest.skip("no forkserver on this system")
    corpus.generate(tmp_path / "c", SETTINGS.few_reports)
    reports, out = tmp_path / "c" / "reports", tmp_path / "out"
    out.mkdir()
    stop_worker_server()
    try:
        with head_start(_params(reports, out, dask="tcp://127.0.0.1:1"), server_starting=True):
            assert forkserver._forkserver._forkserver_pid is None  # the cluster's workers read
        (out / "ledger.sqlite").unlink()  # created by the check ahead: a first run again
        with head_start(_params(reports, out), server_starting=True):
            server = forkserver._forkserver._forkserver_pid
            assert server is not None
            os.kill(server, 0)  # running
        assert (out / "ledger.sqlite").exists()
        stop_worker_server()
        with head_start(_params(reports, out), server_starting=True):  # a re-run
            assert forkserver._forkserver._forkserver_pid is None
    finally:
        stop_worker_server()


def test_a_first_run_leaves_only_the_target_rows_to_the_flow(tmp_path):
    reports, out = _reports(tmp_path), tmp_path / "out"
    out.mkdir()
    with head_start(_params(reports, out), server_starting=True):
        kept = {step: result for step, _, result in ahead._kept}
        assert list(kept) == [discover, prepare_ledger, open_inputs, check_known]
        assert kept[open_inputs].targets is None  # no parse in the cache: parsed in the flow
        assert kept[open_inputs].pending is not None


@pytest.mark.e2e
def test_a_cli_rerun_with_a_head_start_writes_the_cells_of_a_full_run(tmp_path):
    reports, out = _reports(tmp_path), tmp_path / "out"

    def run(output: Path, *extra: str) -> Path:
        cmd = [sys.executable, "-m", "flows", "run", "--reports", str(reports),
               "--targets", str(TARGETS), "--output", str(output), *extra]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, res.stderr[-2000:]
        assert "Traceback" not in res.stderr
        return Path(res.stdout.strip().splitlines()[-1])

    run(out)
    shutil.copytree(ROOT / "reports" / "重工集团工会", reports / "重工集团工会")
    again = run(out)
    assert _cells(again) == _cells(run(tmp_path / "scratch", "--full"))
