import atexit
import os
import shutil
import tempfile

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
