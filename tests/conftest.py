import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The machines running the tests have no internet: keep Prefect from phoning home.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

# Prefect's home (its settings profile and the database of temporary servers) is the tests'
# own, set before Prefect is imported: the user's ~/.prefect may hold a database written by
# another Prefect version, or a profile naming a server, and no test run may change it.
if "PREFECT_HOME" not in os.environ:
    _home = tempfile.mkdtemp(prefix="scorecard-tests-prefect-")
    os.environ["PREFECT_HOME"] = _home
    atexit.register(shutil.rmtree, _home, ignore_errors=True)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """The sample reports read into a new ledger: (ledger, run, targets) for a comparison."""
    from tasks.core.pipeline import ingest_folder, load_inputs

    root = Path(__file__).resolve().parents[1]
    folder = tmp_path_factory.mktemp("ingested")
    inputs = load_inputs(str(root / "targets" / "targets.xlsx"), None)
    ledger = str(folder / "ledger.sqlite")
    run = ingest_folder(str(root / "reports"), ledger, inputs.catalogue, [])
    return ledger, run, inputs.targets


@pytest.fixture
def joined(monkeypatch):
    """The sheets whose rows came from a second process (workbook/offload.py, offvolumes.py)."""
    from tasks.core.workbook import offload

    titles = []
    real = offload.join
    monkeypatch.setattr(offload, "join", lambda ws, *a: titles.append(ws.title) or real(ws, *a))
    return titles
