"""The ledger file before and while a run uses it: damaged, foreign, busy, full.

A damaged ledger (or someone else's database under its name) is moved aside, never
deleted, and the run rebuilds the ledger from the reports. A ledger another program holds
stops the run after a few seconds with a message naming the holder where Linux tells it;
SQLite's English errors become Chinese ones that say what to do.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from tasks.core.common.filetype import not_a_file

BUSY_SECONDS = 5  # how long a run waits for a ledger another run or program holds
# Columns every version of the ledger has; a database without them is not a ledger.
_OURS = {"reports": {"id", "sha256", "analysis_key"}, "figures": {"report_id"}}
# Once one report found the ledger held, the others fail at once (no storm of waits).
_busy_until: dict[str, float] = {}


class LedgerError(Exception):
    """The ledger cannot be used; the message is for the clerk (Chinese)."""


def check_ledger_file(path: str | Path) -> list[str]:
    """Move a damaged or foreign ledger aside; return the problem lines saying so.

    Raises `LedgerError` when the ledger is busy or the name is taken by a folder.
    """
    path = Path(path)
    if not path.exists():
        return []
    kind = not_a_file(path)
    if kind is not None:
        raise LedgerError(f"{path}：这是一个{kind}，占用了台账的文件名；请把它改名或移走后重新运行")
    with ledger_errors(path):
        reason = _damage(path)
    if reason is None:
        return []
    aside = _move_aside(path)
    return [
        f"{path.name}：{reason}；已改名为 {aside.name} 保留（没有删除），"
        "本次根据报告文件夹重新建立了台账"
    ]


def _damage(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=BUSY_SECONDS)
    except sqlite3.OperationalError:
        return None  # cannot even open it: open_ledger says why
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None  # an empty file: the schema is made on open
        for table, columns in _OURS.items():
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if not columns <= have:
                return "不是本程序的台账（缺少台账的数据表），可能是别的程序的数据库"
        verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        return None if verdict == "ok" else f"台账文件已损坏（{verdict}）"
    except sqlite3.DatabaseError as exc:
        if _is_busy(exc):
            raise
        return f"台账文件已损坏或不是数据库（{_english(exc)}）"
    finally:
        conn.close()


def _english(exc: Exception) -> str:
    return f"SQLite：{exc}"


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.损坏-{stamp}{path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.stem}.损坏-{stamp}_{n}{path.suffix}")
    for tail in ("", "-wal", "-shm", "-journal"):  # the journal belongs with its database
        try:
            os.rename(f"{path}{tail}", f"{aside}{tail}")
        except FileNotFoundError:
            continue
    return aside


def _is_busy(exc: Exception) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


@contextmanager
def ledger_errors(path: str | Path) -> Iterator[None]:
    """SQLite errors inside the block become a `LedgerError` with a Chinese message."""
    key = str(path)
    if _busy_until.get(key, 0) > time.monotonic():
        raise LedgerError(busy_message(path))
    try:
        yield
    except sqlite3.Error as exc:
        if _is_busy(exc):
            _busy_until[key] = time.monotonic() + 60
        raise LedgerError(ledger_error_message(path, exc)) from exc


def busy_message(path: str | Path) -> str:
    # one line: a holder's command line may hold newlines (python -c "…")
    holders = [" ".join(h.split())[:120] for h in ledger_holders(path)]
    who = f"（占用它的是：{'；'.join(holders)}）" if holders else ""
    return (
        f"{path}：台账正被另一个程序占用{who}，等了 {BUSY_SECONDS} 秒仍未释放；"
        "请等它结束或关闭它后重新运行"
    )


_MESSAGES = (
    (
        ("malformed", "not a database", "encrypted"),
        "台账文件已损坏；下次运行会把它改名保留并重新建立",
    ),
    (("readonly", "read-only"), "台账所在位置只读，无法写入；请换一个可写的输出文件夹（--output）"),
    (
        ("disk is full", "database or disk is full", "no transaction is active"),
        "磁盘已满，台账无法写入；请清理磁盘空间后重新运行",
    ),
    (("no such column", "no such table"), "台账不是本版本程序建立的；请把它改名移走后重新运行"),
    (("unable to open",), "无法打开台账文件；请检查输出文件夹是否存在、是否有写入权限"),
    (("disk i/o",), "读写台账时磁盘出错；请检查磁盘或网络共享后重新运行"),
)


def ledger_error_message(path: str | Path, exc: Exception) -> str:
    """A SQLite error in the clerk's words, naming the ledger.

    >>> ledger_error_message("output/ledger.sqlite", sqlite3.DatabaseError("database disk image is malformed"))
    'output/ledger.sqlite：台账文件已损坏；下次运行会把它改名保留并重新建立（SQLite：database disk image is malformed）'
    """
    if _is_busy(exc):
        return busy_message(path)
    text = str(exc).lower()
    for words, message in _MESSAGES:
        if any(w in text for w in words):
            return f"{path}：{message}（{_english(exc)}）"
    return f"{path}：台账出错，请把此消息交给维护人员（{_english(exc)}）"


def ledger_holders(path: str | Path) -> list[str]:
    """Processes of this machine that have the ledger open (Linux /proc), as `进程 123（cmd）`."""
    try:
        target = os.path.realpath(path)
        pids = [p for p in os.listdir("/proc") if p.isdigit() and int(p) != os.getpid()]
    except OSError:
        return []
    out = []
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            if not any(os.readlink(f"/proc/{pid}/fd/{fd}") == target for fd in fds):
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:  # gone meanwhile, or another user's
            continue
        out.append(f"进程 {pid}（{cmd[:80]}）")
    return out[:3]
