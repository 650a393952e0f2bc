"""Tables kept in a page's text as lines of "|"-separated cells (tasks/core/reading/texttables.py).

The texts are written for these tests, in the shape stored pages give a statistics table.
"""

from __future__ import annotations

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.pipeline.analysis import analyse_text
from tasks.core.reading.texttables import text_table_cells

TABLE = (
    "某区工会组织基本情况\n"
    "表3 工会组织统计 | ||\n"
    "指 标 | 2023年 | 2022年 |\n"
    "基层工会数(个) | 812 | 790 |\n"
    "其中:非公企业 | 530 | 515 |\n"
    "事业单位 | 120 | 118 |\n"
    "工会会员数(人) | 96500 | 93120 |\n"
    "专职工会干部 | 41 | 39 |\n"
    "注:数据由区总工会提供。 |\n"
)


def _figures(text: str) -> dict[str, tuple]:
    figs = analyse_text("t.txt", text, load_default_catalogue())
    return {f.text: (f.value, f.unit, f.table_row, f.table_column, f.indicator) for f in figs}


def test_cells_know_their_headers() -> None:
    cells = text_table_cells(TABLE)
    found = {TABLE[c.start : c.end]: (c.row_header, c.column_header) for c in cells}
    # the title row (one cell) is text; the header row's cells have no headers of their own
    assert "表3 工会组织统计" not in found
    assert found["2023年"] == ("", "")
    assert found["812"] == ("基层工会数(个)", "2023年")
    assert found["93120"] == ("工会会员数(人)", "2022年")


def test_bare_numbers_take_the_unit_of_their_row_or_of_the_total_they_break_down() -> None:
    figs = _figures(TABLE)
    assert figs["812"][:2] == (812, "个") and figs["790"][:2] == (790, "个")
    # a 其中 row and the row that goes on with its list count in the total's unit
    assert figs["530"][:2] == (530, "个") and figs["118"][:2] == (118, "个")
    assert figs["96500"][:4] == (96500, "人", "工会会员数(人)", "2023年")
    # a row that breaks nothing down and states no unit gives no figure
    assert "41" not in figs and "39" not in figs


def test_row_headers_name_the_indicator() -> None:
    figs = _figures(TABLE)
    assert figs["812"][4] == "union_orgs_total"
    assert figs["96500"][4] == "members_total"
    assert figs["530"][4] == ""


def test_bylines_and_link_bars_are_no_tables() -> None:
    text = (
        "2024-03-01 10:20 | 宣传部 | 点击量:312\n"
        "首页 | 工会要闻 | 基层动态 | 维权服务\n"
        "全年新建工会组织12家。\n"
    )
    assert text_table_cells(text) == []
    assert list(_figures(text)) == ["12家"]
    assert text_table_cells("全年新建工会组织12家。") == []


def test_a_table_with_units_in_its_cells_keeps_its_figures() -> None:
    text = (
        "项目 | 数量 | 备注\n帮扶困难职工 | 12人 | 发放补助金2.5万元\n文体活动 | 6场 | 含运动会\n"
    )
    figs = _figures(text)
    assert figs["12人"][:4] == (12, "人", "帮扶困难职工", "数量")
    assert figs["2.5万元"][:2] == (25000, "元")
    assert figs["6场"][2] == "文体活动"


def test_an_earlier_year_column_is_never_added_to_the_result() -> None:
    # 812 and 790 were both 工会组织总数 and the scorecard showed their sum, 1602
    figs = _figures(TABLE)
    assert figs["790"][4] == "" and figs["93120"][4] == ""
    assert figs["812"][4] == "union_orgs_total" and figs["96500"][4] == "members_total"


def test_a_plan_column_of_a_later_year_leaves_the_results_named() -> None:
    text = "指标 | 2023年完成 | 2024年计划 |\n基层工会数(个) | 812 | 850 |\n工会会员数(人) | 96500 | 98000 |\n"
    figs = _figures(text)
    assert figs["812"][4] == "union_orgs_total" and figs["96500"][4] == "members_total"


def test_a_column_of_the_same_period_last_year_names_nothing() -> None:
    text = (
        "指标 | 本年 | 上年同期 |\n基层工会数(个) | 812 | 790 |\n工会会员数(人) | 96500 | 93120 |\n"
    )
    figs = _figures(text)
    assert figs["812"][4] == "union_orgs_total" and figs["790"][4] == ""
