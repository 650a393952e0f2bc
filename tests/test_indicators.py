"""Naming the indicator of each figure: tabled cases and the rules behind them.

The case tables (tests/cases/indicators_*.yaml) give a sentence, a figure in it and the
indicator expected. Figures are built here with a small pattern, not with the extractor, so
these tests check the naming alone.
"""

from __future__ import annotations

import re

import pytest

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.common.model import Figure
from tasks.core.extraction.figures import extract_figures
from tasks.core.naming.indicators import name_figures
from tasks.core.naming.scoring import REVIEW_BELOW
from tests.case_tables import case_params, load_table, tables

CATALOGUE = load_default_catalogue()

# Enough of a figure for naming: a number (or a redaction mark), a multiplier, a measure word.
FIGURE = re.compile(
    r"(?:不超过|不超|近|逾|超过|超|约)?(?:[0-9０-９.]+|[xX×*]+|[一二三四五六七八九十两百千]+)"
    r"(?:余|多)?(?:[万萬亿億])?(?:余|多)?"
    r"((?:人次|户次|场次|元|家|个|人|名|位|户|戶|场|次|件|起|份|项|期|篇|所|支|条|册|%)"
    # another measure in brackets stays in the unit as written (名(次))
    r"(?:[(（][次户戶套人名个家][)）])?)?(?:以上|左右)?"
)
REDACTED = re.compile(r"[xX×*]")  # a placeholder (x个, XX万元)
# A number with no measure word is a figure only with a multiplier (a headline's 126万).
MULTIPLIED = re.compile(r"[万萬亿億]")


ARABIC = re.compile(r"([0-9.]+)(?:余|多)?([万亿])?")


def figures_of(text: str) -> list[Figure]:
    """Every figure of `text`, with its unit as the extractor reports it (money in 元) and
    the value of an Arabic number (parts of a total are found by their sum)."""
    out = []
    for m in FIGURE.finditer(text):
        unit = {"戶": "户"}.get(m.group(1) or "", m.group(1) or "")
        span = m.group(0)
        if not unit and not MULTIPLIED.search(span):
            continue
        qualifier = next((q for word, q in QUALIFIERS if word in span), "exact")
        redacted = bool(REDACTED.search(span))
        out.append(
            Figure("case", m.start(), m.end(), span, _value(span), unit, qualifier, redacted)
        )
    return out


# The qualifier of an approximate figure (figures.md): a headline's rounding is read by it.
QUALIFIERS = (("不超", "under"), ("近", "under"), ("逾", "over"), ("超", "over"), ("余", "over"), ("多", "over"),
              ("约", "about"), ("以上", "over"), ("左右", "about"))  # fmt: skip


def _value(span: str) -> float | None:
    m = ARABIC.search(span)
    if not m or m.group(1).strip(".") == "":
        return None
    return float(m.group(1)) * {"万": 10_000, "亿": 100_000_000}.get(m.group(2) or "", 1)


def name_in(text: str, figure: str, at: int = 1) -> Figure:
    named = name_figures(text, figures_of(text), CATALOGUE)
    hits = [f for f in named if f.text == figure]
    assert len(hits) >= at, f"{figure!r} is not a figure of {text!r}: {[f.text for f in named]}"
    return hits[at - 1]


def _check(row: dict) -> None:
    f = name_in(row["text"], row["figure"], row.get("at", 1))
    assert f.indicator == row["indicator"], f"{row['figure']} in {row['text']}: {f}"
    if row.get("subject"):
        assert row["subject"] in f.subject
    if "candidate" in row:
        assert f.candidate == row["candidate"], f"{row['figure']} in {row['text']}: {f}"
    if "review" in row:
        assert (f.confidence < REVIEW_BELOW) == row["review"], f"{row['figure']}: {f}"
    if "reason" in row:
        assert f.review_reason == row["reason"], f"{row['figure']}: {f}"


@pytest.mark.parametrize("row", case_params(*tables("indicators_*.yaml")))
def test_indicator_tables(row: dict) -> None:
    _check(row)


def test_the_tables_hold_at_least_100_rows() -> None:
    assert sum(len(load_table(t)) for t in tables("indicators_*.yaml")) >= 100


def test_a_money_figure_is_never_an_organisation_count() -> None:
    f = name_in("全年新建工会组织35万元。", "35万元")
    assert f.indicator == ""


def test_person_units_are_interchangeable_but_person_times_are_not() -> None:
    assert name_in("全年新发展会员120名。", "120名").indicator == "new_members"
    assert name_in("全年新发展会员120人次。", "120人次").indicator == ""
    assert name_in("医疗互助参保职工300人。", "300人").indicator == "medical_mutual_members"
    # a scheme's enrolments are counted per period, often in 人次 (s25: three sets' gold)
    assert name_in("医疗互助参保职工300人次。", "300人次").indicator == "medical_mutual_members"


def test_order_of_the_input_is_kept_and_other_fields_untouched() -> None:
    text = "新建工会组织5家，发展会员80人。"
    figs = figures_of(text)
    named = name_figures(text, list(reversed(figs)), CATALOGUE)
    assert [f.text for f in named] == ["80人", "5家"]
    assert [f.indicator for f in named] == ["new_members", "new_union_orgs"]
    assert named[0].start == figs[1].start and named[0].unit == "人"


def test_no_figures_no_work() -> None:
    assert name_figures("没有数字的一段话。", [], CATALOGUE) == []


def test_subject_is_in_the_reports_words() -> None:
    f = name_in("截至目前，全年新建工会组织35家。", "35家")
    assert f.subject == "新建工会组织"
    assert "困难职工" in name_in("春节期间慰问764户困难职工。", "764户").subject


def test_a_long_report_names_every_figure() -> None:
    # How long it takes is measured in bench/bench_stages.py, not asserted here.
    para = "全年新建工会组织35家，发展会员2711人，开展职工技能培训3000余人次。" + "工会工作" * 50
    named = name_figures("\n".join([para] * 200), figures_of("\n".join([para] * 200)), CATALOGUE)
    assert len(named) == 600 and named[-1].indicator == "skills_training"


def test_a_named_figure_says_how_sure_and_why() -> None:
    f = name_in("全年新建工会组织35家。", "35家")
    assert f.indicator == "new_union_orgs" and f.confidence >= 0.9 and f.evidence
    # a campaign in force alone names with less confidence (shown as 待核实)
    f = name_in("职工疗休养活动分6批开展，惠及职工336人。", "336人")
    assert f.indicator == "recuperation" and 0.55 <= f.confidence < 0.75
    assert f.evidence == "职工疗休养"


@pytest.mark.parametrize(
    ("text", "figure", "indicator", "unit"),
    [
        # s22 (dev26a, dev28a): 万 with no unit after money words is money, named as money
        ("春节前夕，区总工会发放慰问金18.6万，慰问困难职工120户。", "18.6万", "relief_funds", ""),
        ("镇工会组织爱心企业捐款30多万成立帮扶基金，帮扶困难职工家庭。", "30多万", "", ""),
        # without money words it stays a count
        ("帮扶困难职工30多万人次。", "30多万人次", "relief_workers", "人次"),
    ],
)
def test_an_amount_without_yuan_is_money(text: str, figure: str, indicator: str, unit: str) -> None:
    """The amount keeps its unit as written (none); only its naming reads it as money."""
    named = {f.text: f for f in name_figures(text, extract_figures(text, "case"), CATALOGUE)}
    assert named[figure].indicator == indicator and named[figure].unit == unit
