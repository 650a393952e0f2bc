"""Heading tree and plan sections (table: cases/sections.yaml)."""

from __future__ import annotations

import pytest

from tasks.core.common.model import Figure, ReportMeta
from tasks.core.document.sections import assign_sections, headings
from tests.case_tables import case_params


def _figure_at(text: str, at: str) -> Figure:
    start = text.index(at)
    return Figure("case.txt", start, start + len(at), at, None, "")


@pytest.mark.parametrize("case", case_params("sections.yaml"))
def test_assign_sections(case: dict) -> None:
    text = case["text"]
    meta = ReportMeta(**case["meta"]) if "meta" in case else None
    figures = [_figure_at(text, e["at"]) for e in case["expect"]]
    got = assign_sections(text, figures, meta)
    for fig, expect in zip(got, case["expect"], strict=True):
        want = {k: v for k, v in expect.items() if k != "at"}
        assert {k: getattr(fig, k) for k in want} == want, expect["at"]


def test_other_fields_are_kept() -> None:
    text = "一、组织建设\n新建工会12家。\n"
    fig = Figure("a.txt", 10, 13, "12家", 12, "家", subject="新建工会", indicator="x")
    (got,) = assign_sections(text, [fig])
    assert got.with_(section="", kind="achievement") == fig


def test_headings_are_listed_in_order() -> None:
    text = "标题\n一、甲\n（一）乙\n1.丙\n二、丁\n"
    assert [(h.style, h.label) for h in headings(text)] == [
        ("chinese", "一、甲"),
        ("paren_chinese", "（一）乙"),
        ("arabic", "1.丙"),
        ("chinese", "二、丁"),
    ]


def test_sections_lexicon_is_consistent() -> None:
    import re

    from tasks.core.common.lexicon import load_yaml

    lex = load_yaml("sections.yaml")
    for name, rx in lex["heading_styles"].items():
        assert re.compile(rx).match("x") is None, name
    for key in ("plan_words", "plan_openers", "future_year_words"):
        assert lex[key] and len(set(lex[key])) == len(lex[key]), key
    assert re.fullmatch(lex["item"], "三是")
