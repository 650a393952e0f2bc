"""The second reading of a figure's indicator from its subject alone (by_subject.py)."""

from __future__ import annotations

import pytest

from tasks.core.common.catalogue import Catalogue, Indicator, load_default_catalogue
from tasks.core.naming.by_subject import head_of, opinion, pairs_of, subject_table
from tests.case_tables import case_params

CATALOGUE = load_default_catalogue()


@pytest.mark.parametrize("row", case_params("by_subject.yaml"))
def test_subject_table(row: dict) -> None:
    o = opinion(row["subject"], row["unit"], subject_table(CATALOGUE))
    assert (o.indicator, o.best) == (row["clear"], row["best"]), o


def test_pairs_and_head() -> None:
    assert pairs_of("职工书屋") == ["职工", "工书", "书屋"]
    assert pairs_of("屋") == ["屋"] and pairs_of("") == []
    assert head_of("新建职工书屋等") == "书屋"
    assert head_of("医疗互助参保人数") == "参保"


def test_a_workbook_catalogue_is_read_with_its_own_words() -> None:
    extra = Indicator("reading_corners", "职工阅读角", "个", ("读书角",), units=("个", "处"))
    own = Catalogue((*CATALOGUE.indicators, extra))
    assert opinion("新建读书角", "处", subject_table(own)).indicator == "reading_corners"
    assert opinion("新建读书角", "处", subject_table(CATALOGUE)).best == ""
    assert subject_table(own) is subject_table(own)
