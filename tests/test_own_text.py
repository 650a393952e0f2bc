"""No sentence of the real reports in ../shared goes into the project.

Lexicons, comments, case tables, docs and fixtures are written here; a stretch of a real report
(ten or more characters carrying a figure) copied into any of them fails this test. A bare year
in a heading (二、2022年工作安排) is common wording, not a copied sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.quality import find_shared

ROOT = Path(__file__).resolve().parents[1]
SHARED = find_shared() or ROOT.parent / "shared"
# tests/test_inspect_seeds.py checks what the seeds hold: it names their headings on purpose.
OWN = ("tasks", "flows", "bench", "tests", "targets", "reports")
SKIP = {"tests/test_inspect_seeds.py"}
_GAPS = re.compile(r"[\s，,。；;：:、]")
_SPAN = re.compile(r"[\u4e00-\u9fff0-9０-９%．.“”（）()]{10,}")
_FIGURE = re.compile(r"\d")
_YEAR_ONLY = re.compile(r"^\D*(?:19|20)\d\d年\D*$")


def _real_text() -> str:
    parts = []
    for name in ("seeds", "dev", "dev2"):
        for path in sorted((SHARED / name).glob("*.txt")):
            parts.append(_GAPS.sub("", path.read_text("utf-8", errors="replace")))
    return "\n".join(parts)


def _own_files() -> list[Path]:
    files = [p for p in ROOT.glob("*.md")]
    for top in OWN:
        for path in (ROOT / top).rglob("*"):
            if path.suffix in (".py", ".yaml", ".yml", ".md", ".txt", ".csv", ".json"):
                files.append(path)
    return [p for p in files if str(p.relative_to(ROOT)) not in SKIP]


def test_no_stretch_of_a_real_report_is_copied_into_the_project():
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared not found at {SHARED}")
    real = _real_text()
    assert len(real) > 10_000  # the seeds, dev and dev2 texts were read
    copied = []
    for path in _own_files():
        text = _GAPS.sub("", path.read_text("utf-8", errors="replace"))
        for found in _SPAN.finditer(text):
            span = found.group(0)
            if not _FIGURE.search(span) or _YEAR_ONLY.match(span):
                continue
            if span in real:
                copied.append(f"{path.relative_to(ROOT)}: {span}")
    assert copied == [], "\n".join(copied)
