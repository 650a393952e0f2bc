"""Figure extraction against the case tables in tests/cases/figures_*.yaml.

Each table row is a sentence and the figures it must give, as
[text, value, unit, qualifier, placeholder?]; one test runs every table
(tests/case_tables.py: a row with `xfail: reason` is a strict xfail).
"""

from __future__ import annotations

import pytest

from tasks.core.extraction.figures import extract_figures
from tasks.core.reading.noise import find_clutter, find_hidden
from tests.case_tables import case_params, tables


def _check(text: str, want: list) -> None:
    got = extract_figures(text, "case.txt")
    wanted = [(w[0], w[1], w[2], w[3], w[4] if len(w) > 4 else False) for w in want]
    seen = [(f.text, f.value, f.unit, f.qualifier, f.placeholder) for f in got]
    assert seen == wanted
    for f in got:  # offsets index the text as given, spans never overlap
        assert text[f.start : f.end] == f.text
        assert isinstance(f.value, (int, float, type(None)))
    assert all(a.end <= b.start for a, b in zip(got, got[1:], strict=False))


@pytest.mark.parametrize("row", case_params(*tables("figures_*.yaml")))
def test_figure_tables(row: dict) -> None:
    _check(row["text"], row["want"])


def test_integral_values_are_ints() -> None:
    (fig,) = extract_figures("带动消费11.67亿元。")
    assert fig.value == 1167000000 and type(fig.value) is int


def test_spaced_digits_read_by_guess_need_review_to_the_jsonl() -> None:
    from tasks.core.common.catalogue import load_default_catalogue
    from tasks.core.pipeline.analysis import analyse_text

    text = "全区新建工会组织1 204家，职工收入年均增长7 4%。"
    sure, guess = analyse_text("a.txt", text, load_default_catalogue())
    assert (sure.value, sure.needs_review, sure.review_reason) == (1204, False, "")
    assert (guess.value, guess.needs_review) == (7.4, True)
    assert "7 4" in guess.review_reason and "7.4" in guess.review_reason


def test_rate_with_a_full_stop_for_its_point_is_read_whole_and_needs_review() -> None:
    # 92。3%: read as 3% before, a silent wrong number; a sentence end before a count stays one
    (rate, people) = extract_figures("签订合同的企业覆盖率达88。6%，受益职工2100余人。")
    assert (rate.text, rate.value, rate.needs_review) == ("88。6%", 88.6, True)
    assert "88.6" in rate.review_reason and people.value == 2100
    (count,) = extract_figures("全年新建工会12家。3月份开展培训。")
    assert (count.text, count.needs_review) == ("12家", False)


def test_hidden_paywall_is_one_part() -> None:
    text = (
        "正文。\n隐藏内容\n\n此处内容需要权限查看\n  • 普通用户特权:8积分\n会员免费查看\n\n下文。"
    )
    (part,) = find_hidden(text)
    assert text[part.start : part.end].startswith("隐藏内容")
    assert text[part.start : part.end].endswith("会员免费查看")


@pytest.mark.parametrize(
    "text",
    ["……此处隐藏2480个字……", "查看隐藏内容(*)需先登录", "登录后查看全文"],
)
def test_hidden_markers(text: str) -> None:
    assert find_hidden("前文" + text + "后文")


def test_no_hidden_in_plain_report() -> None:
    assert find_hidden("区总工会新建工会组织35家，发展会员2711人。") == []


def test_clutter_spans_index_decoded_text() -> None:
    text = "正文。\n浏览次数：88次\n正文。"
    spans = find_clutter(text)
    assert any(text[s:e] == "浏览次数：88次" for s, e, _ in spans)
