"""What a figure counts (`subject`): the tabled cases of tests/cases/subjects.yaml.

Figures are built with the small pattern of test_indicators, so the subject alone is checked.
"""

from __future__ import annotations

import pytest

from tests.case_tables import case_params
from tests.test_indicators import name_in


@pytest.mark.parametrize("row", case_params("subjects.yaml"))
def test_subject_table(row: dict) -> None:
    f = name_in(row["text"], row["figure"], row.get("at", 1))
    assert f.subject == row["subject"], f"{row['figure']} in {row['text']}: {f.subject}"
