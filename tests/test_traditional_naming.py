"""Traditional-character reports: measure words stay as written but name their indicator.

(The held-out sets themselves are scored in test_gold_heldout_sets.py.)
"""

from __future__ import annotations

import pytest

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.extraction.figures import extract_figures
from tasks.core.naming.indicators import name_figures


@pytest.mark.parametrize(
    ("text", "figure", "indicator"),
    [
        ("舉辦“春風行動”招聘會3場，提供就業崗位900個。", "3場", "job_fairs"),
        ("走訪慰問困難職工1,136戶，發放慰問金56萬元。", "1,136戶", "relief_workers"),
        ("全縣在檔困難職工312戶。", "312戶", "hardship_workers"),
    ],
)
def test_traditional_measure_words_are_named(text: str, figure: str, indicator: str) -> None:
    """戶, 場 stay as written in the record but match the catalogue's 户, 场."""
    figs = extract_figures(text, "case")
    named = {f.text: f for f in name_figures(text, figs, load_default_catalogue())}
    assert named[figure].indicator == indicator
