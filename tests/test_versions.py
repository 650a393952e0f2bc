"""Which copy of a report is current (tasks/core/comparison/versions.py): the stated date
decides between copies that both state one; otherwise the ledger's order (first_seen, id)."""

from __future__ import annotations

import pandas as pd

from tasks.core.comparison.versions import version_order

UNIT = {"org": "北岭区总工会", "year": 2024, "period": "全年", "kind": "总结"}


def _reports(*copies: tuple[int, str, str, str | None], **other) -> pd.DataFrame:
    """(id, doc, first_seen, stated_date) rows of one report, or of `other`'s unit."""
    return pd.DataFrame(
        [
            {"id": i, "doc": doc, "first_seen": seen, "stated_date": stated, **UNIT, **other}
            for i, doc, seen, stated in copies
        ]
    )


def _current(reports: pd.DataFrame) -> str:
    order = version_order(reports).order
    return reports.set_index("id").loc[min(order, key=order.get), "doc"]


def test_the_later_stated_date_wins_over_what_the_ledger_saw_last():
    reports = _reports(
        (1, "改正稿.txt", "2025-01-11T09:00:00", "2025-01-10"),
        (2, "旧副本.txt", "2025-02-01T09:00:00", "2024-12-28"),  # seen later, dated earlier
    )
    versions = version_order(reports)
    assert _current(reports) == "改正稿.txt"
    assert versions.why == {1: "落款日期最晚"}
    (note,) = versions.notes
    assert note.startswith("北岭区总工会 2024年全年总结 有 2 个版本：采用 改正稿.txt")
    assert (
        "落款日期 2025年1月10日" in note and "未采用 旧副本.txt（落款日期 2024年12月28日）" in note
    )


def test_without_a_stated_date_the_ledger_order_stays():
    reports = _reports(
        (1, "改正稿.txt", "2025-01-11T09:00:00", "2025-01-10"),
        (2, "无落款.txt", "2025-02-01T09:00:00", None),
    )
    versions = version_order(reports)
    assert _current(reports) == "无落款.txt"
    assert "没有可比的落款日期" in versions.why[2]


def test_on_a_tie_the_ledger_order_stays():
    reports = _reports(
        (1, "甲.txt", "2025-01-11T09:00:00", "2025-01-10"),
        (2, "乙.txt", "2025-02-01T09:00:00", "2025-01-10"),
    )
    assert _current(reports) == "乙.txt"
    assert version_order(reports).why[2].startswith("落款日期相同")


def test_dated_copies_take_the_places_of_dated_copies_only():
    """An undated copy between two dated ones keeps its place in the ledger's order."""
    reports = _reports(
        (1, "新.txt", "2025-01-01T00:00:00", "2025-01-10"),
        (2, "无落款.txt", "2025-01-02T00:00:00", None),
        (3, "旧.txt", "2025-01-03T00:00:00", "2024-12-28"),
    )
    assert version_order(reports).order == {1: 0, 2: 1, 3: 2}


def test_other_reports_are_not_reordered_and_get_no_note():
    reports = pd.concat(
        [
            _reports((1, "甲.txt", "2025-01-01T00:00:00", "2025-01-10")),
            _reports((2, "乙.txt", "2025-01-02T00:00:00", "2024-12-28"), org="南湖区总工会"),
            _reports((3, "述职.txt", "2025-01-03T00:00:00", "2024-01-01"), kind="述职"),
        ]
    )
    versions = version_order(reports)
    assert versions.order == {3: 0, 2: 1, 1: 2} and versions.notes == []


def test_a_ledger_without_stated_dates_keeps_its_order():
    reports = _reports(
        (1, "甲.txt", "2025-01-01T00:00:00", None), (2, "乙.txt", "2025-01-01T00:00:00", None)
    ).drop(columns="stated_date")
    assert version_order(reports).order == {2: 0, 1: 1}  # same first_seen: recorded last
