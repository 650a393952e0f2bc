"""`scorecard inspect` and `scorecard extract` on the five seed reports in ../shared/seeds."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
EXPECTED = {  # prefix of the file name → (kind, year, period)
    "000": ("述职", 2021, "全年"),
    "001": ("总结", 2021, "全年"),
    "002": ("述职", 2023, "全年"),
    "003": ("总结", 2021, "上半年"),
    "004": ("报告", 2021, "全年"),
}

pytestmark = [
    pytest.mark.e2e,  # `scorecard inspect` in a subprocess
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS}"),
]


def _scorecard(*args: str) -> list[dict]:
    script = shutil.which("scorecard", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "flows"]
    done = subprocess.run(
        [*command, *args], capture_output=True, text=True, encoding="utf-8", check=True
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="module")
def inspected() -> dict[str, dict]:
    rows = _scorecard("inspect", *(str(_seed(p)) for p in EXPECTED))
    return {row["doc"][:3]: row for row in rows}


@pytest.mark.parametrize("prefix", EXPECTED)
def test_seed_kind_year_period(inspected: dict[str, dict], prefix: str) -> None:
    row = inspected[prefix]
    assert (row["kind"], row["year"], row["period"]) == EXPECTED[prefix]
    assert row["encoding"] == "utf-8"
    assert row["chars"] == len(_seed(prefix).read_text(encoding="utf-8"))


def test_seed_004_is_truncated_and_lists_the_hidden_part(inspected: dict[str, dict]) -> None:
    row = inspected["004"]
    text = _seed("004").read_text(encoding="utf-8")
    assert row["truncated"] is True
    assert row["hidden"], "the hidden part must be listed"
    block = (text.index("隐藏内容"), text.index("会员免费查看") + len("会员免费查看"))
    assert any(h["start"] < block[1] and h["end"] > block[0] for h in row["hidden"])
    for h in row["hidden"]:
        assert 0 <= h["start"] < h["end"] <= len(text) and h["marker"]


def test_complete_seeds_are_not_truncated(inspected: dict[str, dict]) -> None:
    assert inspected["000"]["truncated"] is False
    assert inspected["001"]["truncated"] is False


def test_seed_004_plans_2022_and_reports_2021() -> None:
    text = _seed("004").read_text(encoding="utf-8")
    plan_start = text.index("二、2022年工作安排")
    figures = _scorecard("extract", "--format", "jsonl", str(_seed("004")))
    assert figures, "004 states many figures"
    for f in figures:
        assert text[f["start"] : f["end"]] == f["text"]
        if f["start"] > plan_start:
            assert (f["kind"], f["section"][:12]) == ("plan", "二、2022年工作安排"), f
        else:
            assert f["kind"] == "achievement", f
    assert any(f["section"].startswith("一、2021年主要工作 > (一)") for f in figures)


def test_seed_004_plan_section_marks_any_figure_in_it() -> None:
    # Whatever the extractor finds in the cut 2022 section, it is a plan.
    from tasks.core.common.model import Figure
    from tasks.core.document.sections import assign_sections

    text = _seed("004").read_text(encoding="utf-8")
    at = text.index("二是突出抓好干部作风建设")
    (fig,) = assign_sections(text, [Figure("004", at, at + 2, text[at : at + 2], None, "")])
    assert fig.kind == "plan"
    assert fig.section.startswith("二、2022年工作安排 > (一)")
