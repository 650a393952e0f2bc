"""Every example in `scorecard … --help` and in the README runs as written on the sample data.

Each runs in a temporary copy of the project's sample folders (reports/, targets/) through a
`scorecard` on PATH that is this checkout's CLI. `scorecard serve` is left out: it blocks
until Ctrl+C and needs a Prefect server (tests/test_serve.py covers it). Lines that show a
command's syntax (`[--year Y]`, `PATH...`) are not examples.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import scorecard as _cli

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["", "run", "extract", "inspect", "targets-template", "serve"]
_SYNTAX = re.compile(r"\[|\.\.\.|\b(PATH|FILE|DIR|Y|P|U)\b")


def help_examples() -> list[str]:
    found = []
    for command in COMMANDS:
        text = _cli(*([command] if command else []), "--help").stdout
        examples = text.split("示例：", 1)[1] if "示例：" in text else ""
        found += re.findall(r"^\s+(scorecard\b.*?)\s*$", examples, flags=re.M)
    return found


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    spans = re.findall(r"`([^`\n]+)`", text)
    spans += [
        line
        for block in re.findall(r"```bash\n(.*?)```", text, re.S)
        for line in block.splitlines()
    ]
    found = []
    for span in spans:
        m = re.search(r"(?:^|&&\s*)(scorecard\s.*?)\s*(?:#.*)?$", span)
        if m and not _SYNTAX.search(m.group(1)):
            found.append(m.group(1))
    return found


def _examples() -> list[str]:
    every = dict.fromkeys(help_examples() + readme_examples())
    return [e for e in every if not e.startswith("scorecard serve")]


def test_the_examples_are_found():
    examples = _examples()
    for command in ("run", "extract", "inspect", "targets-template"):
        assert any(e.startswith(f"scorecard {command}") for e in help_examples()), command
        assert any(e.startswith(f"scorecard {command}") for e in readme_examples()), command
    assert len(examples) >= 8


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory):
    work = tmp_path_factory.mktemp("examples")
    shutil.copytree(ROOT / "reports", work / "reports")
    shutil.copytree(ROOT / "targets", work / "targets")
    bin_dir = work / "bin"
    bin_dir.mkdir()
    script = bin_dir / "scorecard"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m flows.cli "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return work


@pytest.mark.parametrize("example", _examples())
def test_example_runs_as_written(sample_copy, example):
    env = {
        **os.environ,
        "PATH": f"{sample_copy / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    if "targets-template" in example:  # written afresh each time: it never overwrites
        (sample_copy / "targets" / "新目标.xlsx").unlink(missing_ok=True)
    res = subprocess.run(
        ["bash", "-c", example],
        cwd=sample_copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, f"{example}\n{res.stderr[-2000:]}"
    assert res.stdout.strip(), example
    assert "Traceback" not in res.stderr, res.stderr[-2000:]
