"""The figures read by a second process a batch ahead are the frames read here; a process
that fails or dies leaves the batches it did not give to be read here."""

import sqlite3

import pandas as pd
import pytest

from tasks.core.ledger import readahead
from tasks.core.ledger.store import load_versions


def _batches(ledger: str) -> list[list[int]]:
    conn = sqlite3.connect(ledger)
    ids = [i for (i,) in conn.execute("SELECT DISTINCT report_id FROM figures ORDER BY 1")]
    conn.close()
    assert len(ids) >= 3
    return [ids[:1], ids[1:2], ids[2:]]


def _read(ahead: readahead.ReadAhead, ledger: str) -> list[pd.DataFrame]:
    conn = sqlite3.connect(ledger)
    try:
        return list(ahead.frames(conn))
    finally:
        conn.close()


def _expected(ledger: str, batches) -> list[pd.DataFrame]:
    conn = sqlite3.connect(ledger)
    try:
        return [load_versions(conn, b, ("figures",))["figures"] for b in batches]
    finally:
        conn.close()


def _same(got, expected) -> None:
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        assert list(a.dtypes.astype(str)) == list(b.dtypes.astype(str))


def test_the_process_gives_the_frames_read_here(ingested):
    ledger = ingested[0]
    batches = _batches(ledger)
    with readahead.ReadAhead(ledger, batches) as ahead:
        assert ahead._proc is not None  # really a second process
        got = _read(ahead, ledger)
        assert ahead._proc is None  # ended once it handed over the last batch
    _same(got, _expected(ledger, batches))
    assert ahead._proc is None


@pytest.mark.parametrize("how", ["no ledger", "killed"])
def test_batches_the_process_did_not_give_are_read_here(ingested, tmp_path, how):
    ledger = ingested[0]
    batches = _batches(ledger)
    expected = _expected(ledger, batches)
    if how == "no ledger":  # it cannot read: it says so, and every batch is read here
        ahead = readahead.ReadAhead(str(tmp_path / "missing" / "ledger.sqlite"), batches)
        _same(_read(ahead, ledger), expected)
        return
    ahead = readahead.ReadAhead(ledger, batches)
    conn = sqlite3.connect(ledger)
    frames = ahead.frames(conn)
    got = [next(frames)]
    ahead._proc.kill()  # dies after the first batch
    got += list(frames)
    conn.close()
    _same(got, expected)
    assert ahead._proc is None


def test_one_batch_or_a_database_address_starts_no_process(ingested):
    ledger = ingested[0]
    assert readahead.ReadAhead(ledger, [[1]])._proc is None
    assert readahead.ReadAhead("postgresql://nowhere/db", [[1], [2]])._proc is None
