"""计分卡's rows and columns as `tables.card_sheet` makes them from the comparison's card."""

from __future__ import annotations

import pandas as pd

from tasks.core.common.memory import give_back
from tasks.core.comparison.tables import CARD_COLUMNS, card_sheet


def _card(rows: list[tuple]) -> pd.DataFrame:
    """A card as `compare.scorecard_rows` gives it, from (单位, 年度, 期间, 状态, _order, 实际值)."""
    n = len(rows)
    card = pd.DataFrame(rows, columns=["单位", "年度", "期间", "状态", "_order", "实际值"])
    return card.assign(
        指标=[f"指标{o}" for o in card["_order"]],
        计量单位=["%" if o == 2 else "家" for o in card["_order"]],
        目标值=[90.0] * n,
        完成率=[None] * n,
        上年同期=[None] * n,
        同比增减=[None] * n,
        同比增幅=[None] * n,
        来源=[f"报告{i}.txt 第{i}行" if i % 2 else None for i in range(n)],
        evidence_row=[float(i + 2) for i in range(n)],
        _pace=[1.0] * n,
        _direction=["越大越好"] * n,
        indicator=[f"i{o}" for o in card["_order"]],
    )


def test_rows_in_order_of_status_then_latest_year_then_unit_period_and_catalogue():
    card = _card(
        [
            ("乙区", 2024, "全年", "完成", 1, 10.0),
            ("甲区", 2024, "全年", "缺失", 2, None),
            ("甲区", 2025, "全年", "完成", 3, 12.0),
            ("甲区", 2024, "上半年", "未完成", 1, 3.0),
            ("乙区", 2025, "全年", "无目标", 1, 8.0),
            ("甲区", 2024, "全年", "完成", 1, 9.0),
            ("甲区", 2024, "全年", "完成", 1, 7.0),  # ties the row above: kept after it
            ("丙区", 2024, "全年", "进度滞后", 2, 40.0),
        ]
    )
    sheet = card_sheet(card)
    assert list(sheet.columns) == CARD_COLUMNS + ["_evidence_row", "_pace", "_direction"]
    got = list(zip(sheet["状态"], sheet["年度"], sheet["单位"], sheet["实际值"], strict=True))
    assert got == [
        ("未完成", 2024, "甲区", 3.0),
        ("进度滞后", 2024, "丙区", 0.4),  # a rate (%) as a fraction
        ("缺失", 2024, "甲区", None),
        ("完成", 2025, "甲区", 12.0),
        ("完成", 2024, "乙区", 10.0),
        ("完成", 2024, "甲区", 9.0),
        ("完成", 2024, "甲区", 7.0),
        ("无目标", 2025, "乙区", 8.0),
    ]
    # 依据 is the row's own 来源 (empty without one), its link the row's own evidence row
    sources = ["报告3.txt 第3行", "报告7.txt 第7行", "报告1.txt 第1行", "", "", "报告5.txt 第5行"]
    assert sheet["依据"].tolist() == sources + ["", ""]
    assert sheet["_evidence_row"].tolist() == [5.0, 9.0, 3.0, 4.0, 2.0, 7.0, 8.0, 6.0]
    assert card["状态"].tolist()[0] == "完成"  # the card itself is left as it was


def test_give_back_says_whether_malloc_returned_pages():
    import platform

    assert give_back() is (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc")
