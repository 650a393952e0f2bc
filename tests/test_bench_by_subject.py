"""bench.by_subject: the subject scorer's counts, on figures written here."""

from __future__ import annotations

from bench.by_subject import COLUMNS, candidates, table, tally


def _fig(doc: str, start: int, subject: str, unit: str, indicator: str = "", **extra) -> dict:
    return {
        "doc": doc,
        "start": start,
        "end": start + 2,
        "subject": subject,
        "unit": unit,
        "indicator": indicator,
        **extra,
    }


def test_tally_counts_each_reading_and_use() -> None:
    pairs = [
        # gold names it, the subject says it clearly, we named it right
        (
            _fig("a", 0, "新建职工书屋", "家", "worker_libraries"),
            _fig("a", 0, "新建职工书屋", "家", "worker_libraries"),
        ),
        # we named another: the subject contradicts a wrong naming (a)
        (
            _fig("a", 10, "新建职工书屋", "家", "worker_libraries"),
            _fig("a", 10, "新建职工书屋", "家", "rest_stations"),
        ),
        # gold names none; we left it unnamed, the subject names it: (b) wrong
        (_fig("a", 20, "评选最美驿站", "个"), _fig("a", 20, "评选最美驿站", "个")),
    ]
    c = tally(pairs, "ours")
    assert (c["named"], c["right"], c["best"], c["unnamed"], c["u_named"]) == (2, 2, 2, 1, 1)
    assert (c["a_right"], c["a_wrong"], c["b_right"], c["b_wrong"]) == (0, 1, 0, 1)
    gold_side = tally(
        [(_fig("a", 0, "职工书屋", "家", "worker_libraries"), _fig("a", 0, "", "家"))], "gold"
    )
    assert gold_side["right"] == 1 and tally(pairs[:1], "gold")["wrong"] == 0


def test_candidates_shown_per_report() -> None:
    gold = [_fig("a", 0, "帮扶金额", "元", "relief_funds"), _fig("a", 10, "会员", "人")]
    ours = [
        _fig("a", 0, "帮扶金额", "元", candidate="relief_funds"),
        _fig("a", 10, "会员", "人", candidate="members_total"),
        _fig("b", 0, "会员", "人", "members_total"),
        _fig("b", 5, "会员", "人", candidate="members_total"),
    ]
    pairs = list(zip(gold, ours[:2], strict=True))
    c = candidates(pairs, ours)
    assert (c["c_right"], c["c_none"], c["missing"], c["shown"], c["spurious"]) == (1, 2, 1, 1, 1)


def test_table_has_a_row_a_set_and_pooled_rows() -> None:
    text = table({"dev2": tally([], "ours"), "dev8b": tally([], "ours")}, COLUMNS)
    rows = text.splitlines()
    assert rows[0].startswith("| set | gold named")
    assert any(r.startswith("| **pooled, b halves** |") for r in rows)
