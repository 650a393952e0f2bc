"""The ledger's tables read a batch of rows at a time give the frame one read would give:
same values, same column types, equal texts as one string object."""

import sqlite3

import pandas as pd
import pytest

from tasks.core.ledger import store

ROWS = [
    (1, None, None, "临江", None),
    (2, None, None, "临江", None),
    (3, 1.5, 7, "云溪", None),  # the first batch has only NULLs in b and c
    (4, None, 8, "临江", "甲"),
    (5, 2.0, 9, None, None),
]


@pytest.fixture
def conn():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (a INTEGER, b REAL, c INTEGER, d TEXT, e TEXT)")
    db.executemany("INSERT INTO t VALUES (?,?,?,?,?)", ROWS)
    return db


@pytest.mark.parametrize("batch", [1, 2, 3, 100])
def test_batches_read_as_one_frame(conn, monkeypatch, batch):
    whole = store.read_frame(conn, "SELECT * FROM t ORDER BY a", [])
    monkeypatch.setattr(store, "_READ_ROWS", batch)
    got = store.read_frame(conn, "SELECT * FROM t ORDER BY a", [])
    pd.testing.assert_frame_equal(got, whole, check_exact=True)
    assert list(got.dtypes.astype(str)) == ["int64", "float64", "float64", "str", "str"]
    d = got["d"].tolist()
    assert d[0] is d[1] and d[0] is d[3]  # one string object for equal texts


def test_no_rows_keep_their_columns(conn, monkeypatch):
    monkeypatch.setattr(store, "_READ_ROWS", 2)
    got = store.read_frame(conn, "SELECT * FROM t WHERE a > 9", [])
    assert list(got.columns) == ["a", "b", "c", "d", "e"] and got.empty
