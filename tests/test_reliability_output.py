"""Writing the workbook whatever the text, and failing cleanly when the output cannot take it
(issue 16: characters XML refuses, a folder named like 计分卡_最新.xlsx, a full or read-only
disk, temporary files of killed runs)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tasks.core.common.safetext import shown_name, xml_safe
from tasks.core.workbook import OutputError, build_workbook, remove_stale_temps, save_scorecard
from tasks.core.workbook.files import _HOST, TEMP_PREFIX, output_error_message

LATEST = "计分卡_最新.xlsx"
NOW = datetime(2026, 12, 3, 8, 0, 0)
# One of every class of code point a report, a manifest or a file name can bring.
EVERY_CLASS = "".join(
    [chr(c) for c in range(0x20)]  # C0 controls, tab, newline, carriage return
    + ["\x7f", "\x85", "\x9f"]  # DEL and C1 controls
    + ["\ud800", "\udbff", "\udc00", "\udcc1", "\udfff"]  # lone surrogates (a GBK file name)
    + ["\ufffe", "\uffff", "\ufffd", "\ue000", "\ufeff"]  # non-characters, private use, BOM
    + ["\U0001f600", "\U00020000", "\U0010ffff"]  # beyond the BMP
    + ["工会", "<&>\"'", "=SUM(A1)"]
)


def _sheets(text: str) -> dict[str, pd.DataFrame]:
    """Every place a text reaches: table cells, a header-like unit, both charts' labels."""
    return {
        "总览": pd.DataFrame(
            {
                "单位": [text, "甲" + text],
                "年度": [2024, 2024],
                "期间": ["全年"] * 2,
                "综合完成率": [0.5, 0.8],
            }
        ),
        "计分卡": pd.DataFrame(
            {"单位": [text], "指标": [text], "目标值": [1.0], "计量单位": [text]}
        ),
        "历年趋势": pd.DataFrame(
            {"单位": [text, "乙"], "指标": [text, text], "2023": [1.0, 2.0], "2024": [3.0, 4.0]}
        ),
    }


def test_xml_safe_keeps_offsets_and_only_allowed_characters():
    out = xml_safe(EVERY_CLASS)
    assert len(out) == len(EVERY_CLASS)  # figures' positions in a sentence still hold
    for ch in out:
        c = ord(ch)
        assert c in (9, 10, 13) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or c >= 0x10000


def test_every_code_point_class_gives_a_workbook_that_opens(tmp_path):
    wb = build_workbook(_sheets(EVERY_CLASS), [["问题"], ["", EVERY_CLASS]])
    path = save_scorecard(wb, tmp_path, NOW, LATEST)
    for book in (path, tmp_path / LATEST):
        opened = load_workbook(book)  # not read-only: the charts are parsed too
        assert "工会" in opened["总览"]["A2"].value
        opened.close()
    charts = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2  # 总览's bars and one trend line, titled with the text


def test_a_workbook_that_would_not_open_never_gets_a_name(tmp_path):
    class Broken:
        def save(self, path):
            with zipfile.ZipFile(path, "w") as z:
                z.writestr("[Content_Types].xml", "<Types/>")
                z.writestr("xl/workbook.xml", "<workbook>\uffff</workbook>".encode())

    (tmp_path / LATEST).write_bytes(b"earlier run")
    with pytest.raises(OutputError, match="不是有效的 XML"):
        save_scorecard(Broken(), tmp_path, NOW, LATEST)
    assert (tmp_path / LATEST).read_bytes() == b"earlier run"
    assert sorted(p.name for p in tmp_path.iterdir()) == [LATEST]  # no temp, no dated file


def test_latest_taken_by_a_folder_writes_nothing_and_says_so(tmp_path):
    (tmp_path / LATEST).mkdir()
    wb = build_workbook(_sheets("工会"), [])
    with pytest.raises(OutputError, match="文件夹.*改名或移走"):
        save_scorecard(wb, tmp_path, NOW, LATEST)
    assert [p.name for p in tmp_path.iterdir()] == [LATEST]


@pytest.mark.parametrize(
    "code, words",
    [
        (errno.ENOSPC, "磁盘已满"),
        (errno.EROFS, "只读"),
        (errno.EACCES, "没有写入权限"),
        (errno.EEXIST, "已存在"),
    ],
)
def test_output_errors_are_named_in_chinese(code, words):
    message = output_error_message("output/计分卡_最新.xlsx", OSError(code, os.strerror(code)))
    assert message.startswith("output/计分卡_最新.xlsx：无法写入，") and words in message


def test_full_disk_during_save_leaves_no_temp_file(tmp_path, monkeypatch):
    wb = build_workbook(_sheets("工会"), [])

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(type(wb), "save", full)
    with pytest.raises(OutputError, match="磁盘已满"):
        save_scorecard(wb, tmp_path, NOW, LATEST)
    assert list(tmp_path.iterdir()) == []


def test_temp_files_of_a_killed_run_go_at_the_next_start(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)  # fmt: skip
    killed = tmp_path / f"{TEMP_PREFIX}{_HOST}-{int(dead.stdout)}-abc.xlsx"
    mine = tmp_path / f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-def.xlsx"
    other_host = tmp_path / f"{TEMP_PREFIX}elsewhere-1-ghi.xlsx"
    for p in (killed, mine, other_host):
        p.write_bytes(b"half a workbook")
    assert remove_stale_temps(tmp_path) == [killed]  # no 6-hour wait for a dead process's file
    assert mine.exists() and other_host.exists()


def test_undecodable_file_name_is_shown_escaped():
    raw = "东湖区总工会.txt".encode("gbk")
    name = os.fsdecode(raw)  # as os.listdir gives it: undecodable bytes as surrogates
    shown = shown_name(name)
    assert shown.encode("utf-8") and shown.endswith(".txt") and "\\x" in shown
    assert shown == shown_name(os.fsdecode(raw))  # the same bytes, the same ledger key
    assert Path(xml_safe(shown)) == Path(shown)


@pytest.mark.parametrize(
    "exc, words",
    [
        (FileExistsError(errno.EEXIST, "File exists"), "输出文件夹的位置上是一个文件"),
        (OSError(errno.ENOSPC, "No space left on device", "out/ledger.sqlite"), "磁盘已满"),
        (OSError(errno.EROFS, "Read-only file system", "out/x.xlsx"), "只读"),
    ],
)
def test_scorecard_run_names_output_failures_in_chinese(tmp_path, exc, words):
    from flows.commands import _reason

    output = tmp_path / "out"
    if "文件" in words:
        output.write_text("a file where the output folder should be")
    assert words in _reason(exc, str(output))


def test_scorecard_run_names_sqlite_failures_in_chinese(tmp_path):
    import sqlite3

    from flows.commands import _reason

    message = _reason(sqlite3.OperationalError("attempt to write a readonly database"), "out")
    assert message.startswith("out/ledger.sqlite：") and "只读" in message
