"""The parsed targets workbook kept in the output folder: a run from the cache gets exactly
what a fresh parse gets, bad rows' messages included; a damaged cache is parsed afresh."""

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.pipeline import load_inputs
from tasks.core.pipeline.inputs_cache import CACHE_NAME
from tasks.core.workbook.template import write_targets_template

ROWS = [
    ["临江区总工会", 2025, "全年", "新建工会组织", 40, ""],
    ["临江区总工会", "2025年", "上半年", "new_members", "3,000", ""],
    ["临江区总工会", 2025, "全年", "送温暖资金", 1500000, "元"],
    ["临江区总工会", 2025, "全年", "新建工会组织", "三十", ""],  # not a number
    ["云溪区总工会", 2025, "全年度汇总", "新建工会组织", 3, ""],  # no such period
    ["云溪区总工会", 2025, "全年", "新建党支部", 3, ""],  # no such indicator
]


def _workbook(tmp_path: Path) -> Path:
    path = tmp_path / "targets.xlsx"
    write_targets_template(path, load_default_catalogue(), ROWS)
    wb = load_workbook(path)
    wb["历史数据"].append(["临江区总工会", 2024, "全年", "新建工会组织", 35, "年报"])
    wb["历史数据"].append(["临江区总工会", "去年", "全年", "新建工会组织", 35, ""])
    wb["指标库"].append(["", "无编号的指标"])  # a catalogue problem
    wb.save(path)
    return path


def _same(a, b) -> None:
    assert (a.catalogue, a.catalogue_problems, a.sha256) == (
        b.catalogue,
        b.catalogue_problems,
        b.sha256,
    )
    for name in ("targets", "history", "corrections"):
        pd.testing.assert_frame_equal(getattr(a.targets, name), getattr(b.targets, name))
    assert (a.targets.problems, a.targets.pace) == (b.targets.problems, b.targets.pace)


def test_cached_targets_equal_a_fresh_parse(tmp_path, monkeypatch):
    path, out = _workbook(tmp_path), tmp_path / "out"
    out.mkdir()
    fresh = load_inputs(str(path))
    assert fresh.targets.problems and fresh.catalogue_problems and len(fresh.targets.history) == 1
    first = load_inputs(str(path), out)  # parses and writes the cache
    assert (out / CACHE_NAME).exists()
    import tasks.core.pipeline.inputs as inputs

    def no_parse(data):
        raise AssertionError("parsed again")

    monkeypatch.setattr(inputs, "_open_book", no_parse)
    second = load_inputs(str(path), out)  # from the cache
    _same(fresh, first)
    _same(fresh, second)


def test_changed_renamed_or_damaged_workbook_is_parsed_again(tmp_path):
    path, out = _workbook(tmp_path), tmp_path / "out"
    out.mkdir()
    load_inputs(str(path), out)
    wb = load_workbook(path)
    wb["目标"].append(["云溪区总工会", 2025, "全年", "新建工会组织", 12])
    wb.save(path)
    changed = load_inputs(str(path), out)
    assert len(changed.targets.targets) == len(load_inputs(str(path)).targets.targets)
    assert "云溪区总工会" in set(changed.targets.targets["单位"])
    renamed = tmp_path / "其他目标.xlsx"
    renamed.write_bytes(path.read_bytes())
    assert all("其他目标.xlsx" in p for p in load_inputs(str(renamed), out).targets.problems)
    for damage in ("{not json", '{"format": 1, "key": 3}', ""):
        (out / CACHE_NAME).write_text(damage, encoding="utf-8")
        _same(load_inputs(str(path)), load_inputs(str(path), out))
    _same(load_inputs(str(path)), load_inputs(str(path), out))  # rewritten: used again


def test_an_output_folder_that_does_not_exist_gets_no_cache(tmp_path):
    path = _workbook(tmp_path)
    _same(load_inputs(str(path)), load_inputs(str(path), tmp_path / "none"))
    assert not (tmp_path / "none").exists()


def test_a_first_run_keeps_the_parse_in_the_output_folder_it_makes(tmp_path, monkeypatch):
    from tasks.core.pipeline import RunRequest, build_run

    path, out, reports = _workbook(tmp_path), tmp_path / "new", tmp_path / "reports"
    reports.mkdir()
    build_run(RunRequest(str(reports), str(path), str(out)))
    assert (out / CACHE_NAME).exists()
    fresh = load_inputs(str(path))
    import tasks.core.pipeline.inputs as inputs

    def no_parse(data):
        raise AssertionError("parsed again")

    monkeypatch.setattr(inputs, "_open_book", no_parse)
    _same(fresh, load_inputs(str(path), out))


def test_the_catalogue_is_ready_before_the_targets_are_parsed(tmp_path):
    from tasks.core.pipeline import finish_inputs, open_inputs

    path = _workbook(tmp_path)
    opened = open_inputs(str(path))
    assert opened.targets is None and opened.pending == path.read_bytes()
    assert opened.catalogue == load_inputs(str(path)).catalogue
    targets = finish_inputs(opened)
    assert opened.targets is targets and opened.pending is None
    _same(opened, load_inputs(str(path)))


def test_dropped_targets_are_let_go_and_the_workbook_still_named(tmp_path):
    """After the comparison the run lets the parse go (drop_targets): nothing else holds it,
    while the 说明 sheet still gets the workbook's path and checksum."""
    import weakref

    from tasks.core.pipeline import drop_targets

    path = _workbook(tmp_path)
    inputs = load_inputs(str(path))
    parsed = weakref.ref(inputs.targets.targets)
    assert parsed() is not None
    drop_targets(inputs)
    assert inputs.targets is None and parsed() is None
    assert (inputs.path, inputs.sha256) == (str(path), load_inputs(str(path)).sha256)
