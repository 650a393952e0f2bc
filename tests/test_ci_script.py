"""CI runs the README's own set-up and test commands, so the README stays true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    assert block, "README has no command block at the top"
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_ci_runs_the_readmes_environment_and_test_commands():
    commands = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    venv = next(c for c in commands if "venv" in c)
    tests = next(c for c in commands if c.endswith("pytest"))
    assert venv in ci and tests in ci
    assert ci.index(venv) < ci.index(tests)


def test_every_install_in_the_readme_comes_from_the_lock():
    installs = [c for c in _readme_commands() if "pip install" in c]
    # the build (setup.py: mypyc, setuptools) uses the lock's tools too, not a build
    # environment the resolver fills on the day
    assert installs and all(
        "-r requirements.lock" in c and "--no-deps --no-build-isolation -e ." in c for c in installs
    )


def test_the_lock_holds_the_build_tools():
    lock = (ROOT / "requirements.lock").read_text("utf-8")
    for tool in ("mypy", "mypy-extensions", "setuptools"):
        assert re.search(rf"^{tool}==", lock, re.M | re.I), tool
