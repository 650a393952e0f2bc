"""The indicator catalogue: the shipped lexicon, and the 指标库 sheet managers edit in Excel."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from tasks.core.common.catalogue import (
    DIRECTIONS,
    load_default_catalogue,
    split_aliases,
)
from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure
from tasks.core.naming.indicators import name_figures
from tasks.core.naming.matcher import SCOPES
from tasks.core.pipeline import load_catalogue, load_catalogue_file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RULES = load_yaml("indicator_rules.yaml")
DEFAULT = load_default_catalogue()
HEADER = ["指标ID", "指标名称", "计量单位", "别名", "方向"]
REPORT = "全区新建阅读驿站3个，开展读书分享会12场，新建工会组织5家。\n"


def _known_units() -> set[str]:
    families = RULES["unit_families"]
    return set(families) | {u for family in families.values() for u in family}


# --- the shipped lexicon ----------------------------------------------------------------


def test_ids_are_unique_and_directions_valid() -> None:
    ids = [i.id for i in DEFAULT.indicators]
    assert len(ids) == len(set(ids)) == 34
    assert all(i.direction in DIRECTIONS for i in DEFAULT.indicators)


def test_no_alias_is_claimed_by_two_indicators() -> None:
    owner: dict[str, str] = {}
    for ind in DEFAULT.indicators:
        for word in {ind.name, *ind.aliases}:
            assert owner.setdefault(word, ind.id) == ind.id, f"{word}: {owner[word]} and {ind.id}"


def test_every_unit_is_known_and_money_is_kept_in_wan_yuan() -> None:
    known = _known_units()
    for ind in DEFAULT.indicators:
        assert ind.unit in known, ind.id
        assert set(ind.units) <= known, ind.id
        if "元" in ind.units:
            assert ind.unit == "万元", f"{ind.id}: targets are written in 万元"


def test_rules_name_only_catalogue_indicators_and_known_topics() -> None:
    ids = {i.id for i in DEFAULT.indicators}
    assert set(RULES["indicators"]) <= ids
    assert set(RULES["stock_indicators"]) <= ids
    for ind_id, spec in RULES["indicators"].items():
        for rule in spec.get("rules") or []:
            assert rule.get("near") or rule.get("verb"), ind_id
            topic = rule.get("topic")
            assert topic is None or isinstance(topic, list) or topic in RULES["topics"], ind_id
            assert set(rule.get("after", [])) <= ids, ind_id
            assert rule.get("topic_in", "context") in SCOPES, f"{ind_id}: {rule.get('topic_in')}"


@pytest.mark.skipif(not (SHARED / "spec").exists(), reason="../shared/spec not found")
def test_same_ids_and_names_as_the_spec() -> None:
    rows = csv.DictReader((SHARED / "spec" / "indicators.csv").open(encoding="utf-8"))
    spec = {r["id"]: r["name"] for r in rows}
    assert {i.id: i.name for i in DEFAULT.indicators} == spec


def test_aliases_split_on_what_clerks_type() -> None:
    assert split_aliases("甲|乙、丙，丁,戊;己；庚\n辛") == tuple("甲乙丙丁戊己庚辛")
    assert split_aliases(None) == ()


# --- the 指标库 sheet -------------------------------------------------------------------


def _workbook(path: Path, rows: list[list], sheet: str = "指标库") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _named(catalogue) -> dict[str, str]:
    found = re.finditer(r"(\d+)(个|场|家)", REPORT)
    figs = [Figure("t", m.start(), m.end(), m.group(0), int(m.group(1)), m.group(2)) for m in found]
    figs = name_figures(REPORT, figs, catalogue)
    return {f.text: f.indicator for f in figs}


def test_an_alias_added_in_excel_changes_the_mapping(tmp_path: Path) -> None:
    assert _named(DEFAULT)["3个"] == "rest_stations"
    path = _workbook(tmp_path / "targets.xlsx", [["worker_libraries", "", "", "阅读驿站", ""]])
    catalogue = load_catalogue(str(path))
    assert "阅读驿站" in catalogue.resolve("worker_libraries").aliases
    assert catalogue.resolve("worker_libraries").name == "职工书屋"  # blank cells keep the default
    assert _named(catalogue)["3个"] == "worker_libraries"


def test_a_new_indicator_added_in_excel_is_named(tmp_path: Path) -> None:
    row = ["reading_events", "职工读书活动", "场", "读书分享会、读书会", "越大越好"]
    catalogue = load_catalogue(str(_workbook(tmp_path / "t.xlsx", [row])))
    ind = catalogue.resolve("职工读书活动")
    assert ind.id == "reading_events" and ind.accepts("场次") and not ind.accepts("元")
    assert _named(catalogue)["12场"] == "reading_events"
    assert _named(DEFAULT)["12场"] == ""


def test_bad_rows_give_clerk_readable_problems(tmp_path: Path) -> None:
    rows = [
        ["new_members", "", "", "", "越多越好"],
        ["", "没有编号的指标", "个", "", "越大越好"],
        ["brand_new", "", "个", "", "越大越好"],
    ]
    catalogue, problems = load_catalogue_file(str(_workbook(tmp_path / "targets.xlsx", rows)))
    assert problems[0] == 'targets.xlsx 指标库!E2: 方向 "越多越好" 应为 越大越好 或 越小越好'
    assert problems[1].startswith("targets.xlsx 指标库!A3: 指标ID 为空")
    assert problems[2].startswith("targets.xlsx 指标库!B4: 新指标 brand_new 缺少指标名称")
    assert catalogue.resolve("new_members").direction == "越大越好"
    assert catalogue.resolve("brand_new") is None


def test_missing_workbook_or_sheet_means_the_default(tmp_path: Path) -> None:
    assert load_catalogue_file(str(tmp_path / "none.xlsx")) == (DEFAULT, [])
    other = _workbook(tmp_path / "t.xlsx", [["x", "y", "个", "", "越大越好"]], sheet="目标")
    assert load_catalogue_file(str(other)) == (DEFAULT, [])
    assert load_catalogue(None) == DEFAULT


def test_an_unreadable_workbook_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "targets.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    catalogue, problems = load_catalogue_file(str(bad))
    assert catalogue == DEFAULT and problems and problems[0].startswith("targets.xlsx: 无法打开")


def _extract(*args: str) -> dict[str, str]:
    cmd = [sys.executable, "-m", "flows", "extract", "--format", "jsonl", *args]
    res = subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False
    )
    assert res.returncode == 0, res.stderr[-2000:]
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    return {r["text"]: r["indicator"] for r in rows}


@pytest.mark.e2e
def test_the_cli_uses_the_workbooks_catalogue(tmp_path: Path) -> None:
    report = tmp_path / "区总工会2025年工作总结.txt"
    report.write_text(REPORT, encoding="utf-8")
    path = _workbook(tmp_path / "targets.xlsx", [["worker_libraries", "", "", "阅读驿站", ""]])
    assert _extract(str(report))["3个"] == "rest_stations"
    assert _extract("--targets", str(path), str(report))["3个"] == "worker_libraries"


def test_the_lexicon_yaml_files_repeat_no_key() -> None:
    """A key written twice in a mapping silently drops the first list (two `not_local:` under
    one indicator kept only the second)."""

    class _Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
        repeated = sorted({k for k in keys if keys.count(k) > 1}, key=str)
        assert not repeated, f"line {node.start_mark.line + 1}: {repeated}"
        return loader.construct_mapping(node, deep)

    _Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    for path in sorted((ROOT / "tasks" / "lexicon").glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=_Strict)
