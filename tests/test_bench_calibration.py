"""bench.calibration: namings counted per confidence threshold, and the left-out choice."""

from __future__ import annotations

from bench.calibration import at, f1, report

# (confidence, indicator said, gold indicator)
SURE_RIGHT = [(0.95, "a", "a"), (0.9, "b", "b")]
UNSURE_WRONG = [(0.6, "a", "b"), (0.6, "c", "")]


def test_a_threshold_keeps_the_namings_at_or_above_it():
    found = SURE_RIGHT + UNSURE_WRONG
    assert at(found, 3, 0.55) == (2, 4, 3)  # right, named, gold figures with an indicator
    assert at(found, 3, 0.9) == (2, 2, 3)
    assert at(found, 3, 0.95) == (1, 1, 3)
    assert f1(2, 2, 3) > f1(2, 4, 3)


def test_left_out_sets_take_the_threshold_the_others_choose():
    data = {"x": (SURE_RIGHT + UNSURE_WRONG, 2), "y": (SURE_RIGHT + UNSURE_WRONG, 2)}
    text = report(data)
    # on each set the wrong namings sit at 0.6: the other set chooses a threshold above them
    assert "| x | 0.65 | 1.000 / 1.000 | 1.000 / 0.500 |" in text
    assert "| [0.6, 0.75) | 0 | 4 |" in text
