"""A report swapped between listing the folder and opening it (issue 16): a symlink to a file
outside the folder, a FIFO or another file put in its place is refused as 无法读取 with a
Chinese reason; nothing outside the folder is read and a FIFO cannot hang the run."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tasks.core.common import filetype
from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.common.filetype import InputError, listed_path, read_regular
from tasks.core.pipeline.ingest import IngestResult, analyse_file, find_reports
from tasks.core.pipeline.inputs import read_manifest_file

REPORT = "青川市北岭区总工会2025年工作总结\n一、主要工作\n全年新建工会组织12家。\n"
SECRET = "外部文件：这一行不应被任何一次运行读到。\n"


@pytest.fixture
def listed(tmp_path) -> tuple[Path, str, Path]:
    """A reports folder with one report, listed; a file outside the folder."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "北岭区2025年工作总结.txt").write_text(REPORT)
    outside = tmp_path / "外部.txt"
    outside.write_text(SECRET)
    (path,), skipped = find_reports(folder)
    assert skipped == []
    return folder, path, outside


def _analyse(path: str, folder: Path):
    return analyse_file(path, load_default_catalogue(), "key", None, str(folder))


def test_listed_report_is_read_when_unchanged(listed):
    folder, path, _ = listed
    assert read_regular(path, "x") == REPORT.encode()
    assert not isinstance(_analyse(path, folder), IngestResult)


def test_report_swapped_for_a_symlink_out_of_the_folder_is_refused(listed):
    folder, path, outside = listed
    os.remove(path)
    os.symlink(outside, path)
    with pytest.raises(InputError, match="无法读取，在列出文件夹之后被换成了快捷方式（符号链接）"):
        read_regular(path, "北岭区2025年工作总结.txt")
    result = _analyse(path, folder)
    assert isinstance(result, IngestResult) and result.status == "failed"
    assert result.message.startswith("北岭区2025年工作总结.txt：无法读取")
    assert "外部文件" not in result.message


def test_report_swapped_for_another_file_is_refused(listed):
    folder, path, outside = listed
    os.replace(outside, path)  # a regular file again, but not the one listed
    result = _analyse(path, folder)
    assert isinstance(result, IngestResult) and result.status == "failed"
    assert "换成了另一个文件" in result.message


def _read_in_thread(path: str) -> list:
    outcome: list = []

    def read() -> None:
        try:
            outcome.append(read_regular(path, "北岭区2025年工作总结.txt"))
        except Exception as exc:  # what the test looks at
            outcome.append(exc)

    thread = threading.Thread(target=read, daemon=True)  # a hung open must not hang pytest
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), "reading a FIFO hung"
    return outcome


def test_report_swapped_for_a_fifo_is_refused_without_hanging(listed):
    _, path, _ = listed
    os.remove(path)
    os.mkfifo(path)
    (outcome,) = _read_in_thread(path)
    assert isinstance(outcome, InputError) and "管道" in str(outcome)


def test_fifo_swapped_in_after_the_type_check_is_refused_without_hanging(listed, monkeypatch):
    """The swap lands between the check by path and the open: the descriptor's type decides."""
    _, path, _ = listed
    os.remove(path)
    os.mkfifo(path)
    monkeypatch.setattr(filetype, "not_a_file", lambda p: None)
    (outcome,) = _read_in_thread(path)
    assert isinstance(outcome, InputError)
    assert "在列出文件夹之后被换成了特殊文件（管道）" in str(outcome)


def test_manifest_swapped_for_a_symlink_out_of_the_folder_is_refused(listed, monkeypatch):
    folder, _, outside = listed
    manifest = folder / "manifest.csv"
    manifest.write_text("文件,单位\n")
    real_listed = listed_path

    def swap_after_listing(p: str):  # the swap lands right after the manifest was looked at
        seen = real_listed(p)
        os.remove(manifest)
        os.symlink(outside, manifest)
        return seen

    monkeypatch.setattr("tasks.core.pipeline.inputs.listed_path", swap_after_listing)
    entries, problems = read_manifest_file(folder)
    assert entries == {}
    assert any("manifest.csv：无法读取" in p and "符号链接" in p for p in problems)


def test_symlink_inside_the_folder_is_still_read(listed):
    folder, path, _ = listed
    (folder / "链接.txt").symlink_to(path)
    paths, _ = find_reports(folder)
    assert [read_regular(p, "x") for p in paths] == [REPORT.encode()] * 2


def test_listed_path_survives_pickling_for_worker_processes(listed):
    import pickle

    _, path, _ = listed
    copy = pickle.loads(pickle.dumps(path))
    assert copy == path and copy.identity == path.identity and copy.real == path.real
