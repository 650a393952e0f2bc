"""Links from the rows of the other sheets (计分卡, 缺失数据) to the 原文依据 rows their
figures came from: which 原文依据 ids are linked to, the sheet row of each, and the links of a
table's rows as they are written (`layout` writes the tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tasks.core.workbook import cellvalues
from tasks.core.workbook.parts import SpilledRows
from tasks.core.workbook.pieces import EVIDENCE
from tasks.core.workbook.sheetxml import StreamedSheet


def evidence_rows(sheets: dict) -> EvidenceRows:
    """The sheet row of each 原文依据 id another sheet links to."""
    return _positions(sheets.get(EVIDENCE), _linked_rows(sheets))


def _linked_rows(sheets: dict) -> np.ndarray:
    """The 原文依据 ids the other sheets link to, each once."""
    got = []
    for name, df in sheets.items():
        if name != EVIDENCE and isinstance(df, SpilledRows):
            got.append(df.linked())
        elif name != EVIDENCE and isinstance(df, pd.DataFrame) and "_evidence_row" in df:
            values, present = cellvalues.whole_array(df["_evidence_row"])
            got.append(values[present])
    return np.unique(np.concatenate(got)) if got else np.zeros(0, dtype=np.int64)


class EvidenceRows:
    """The sheet row of each linked 原文依据 id, as two sorted arrays: at 100,000 reports a
    dict of them (and the lists it was made from) took a few hundred MB for a moment at the
    start of each volume, the run's peak."""

    def __init__(self, ids: np.ndarray, rows: np.ndarray) -> None:
        order = np.argsort(ids, kind="stable")
        ids, rows = ids[order], rows[order]
        last = np.ones(len(ids), dtype=bool)  # an id twice: its last row, as a dict keeps
        last[:-1] = ids[1:] != ids[:-1]
        self.ids, self.rows = ids[last], rows[last]

    def find(self, keys: np.ndarray, present: np.ndarray) -> np.ndarray:
        """The sheet row of each of `keys` (where `present`), -1 where it has none."""
        if not len(self.ids):
            return np.full(len(keys), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.ids, keys), len(self.ids) - 1)
        return np.where(present & (self.ids[at] == keys), self.rows[at], -1)


def _positions(evidence, linked: np.ndarray) -> EvidenceRows:
    """The sheet row of each 原文依据 id in `linked` (a whole table's would be millions)."""
    if evidence is None or "_id" not in evidence:
        return EvidenceRows(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    if isinstance(evidence, SpilledRows):
        ids = evidence.ids().astype(np.int64)
        present = np.ones(len(ids), dtype=bool)
    else:
        ids, present = cellvalues.whole_array(evidence["_id"])
    at = np.flatnonzero(present & np.isin(ids, linked))
    return EvidenceRows(ids[at], at + 2)


def link_column(title: str, visible: list, df: pd.DataFrame) -> int | None:
    """The column whose cells link to 原文依据, if the sheet has one."""
    # 缺失数据 links its 类型 cell: LibreOffice would not wrap a linked sentence.
    link_col = "依据" if "依据" in visible else "类型" if title == "缺失数据" else None
    return visible.index(link_col) if link_col and "_evidence_row" in df else None


def add_links(
    ws: StreamedSheet, col: int, df: pd.DataFrame, evidence_rows: EvidenceRows, first: int = 2
) -> list[bool]:
    """Links from column `col` to the evidence rows (the table's first row on sheet row
    `first`); whether each row has one."""
    found = evidence_rows.find(*cellvalues.whole_array(df["_evidence_row"]))
    flags = found >= 0
    rows = (np.flatnonzero(flags) + first).tolist()
    # An internal link needs `location`; a bare "#Sheet!A1" target is written as a URL.
    ws.add_links_to(col + 1, rows, EVIDENCE, found[flags].tolist())
    return flags.tolist()
