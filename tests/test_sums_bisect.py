"""Parts of a total (tasks/core/naming/sums.py) are found by comparing each run's sum only
with the totals near it: the same runs as comparing it with every total of the report."""

from __future__ import annotations

import random

from tasks.core.common.model import Figure
from tasks.core.naming import sums


def _parts_by_every_total(text: str, figures: list[Figure], of: list[int], same: bool) -> set:
    """The rule as written: every run against every named total (one in the run's sentence
    adjoining it or marking it as its breakdown)."""
    totals = [(p, figures[k]) for p, k in enumerate(of) if figures[k].indicator]
    parts: set[int] = set()
    for i, k in enumerate(of):
        run = [k]
        for j in of[i + 1 : i + sums.MAX_PARTS]:
            if sums._sentence_ends_between(text, figures[run[-1]].end, figures[j].start):
                break
            run.append(j)
            inside = {id(figures[r]) for r in run}
            named = {figures[r].indicator for r in run}
            if any(
                id(t) not in inside
                and (not same or t.indicator in named)
                and sums._sums_to(figures, run, t)
                and sums._adjoins(text, figures, of, p, i, i + len(run) - 1)
                for p, t in totals
            ):
                parts.update(run)
    return parts


def _report(rng: random.Random) -> tuple[str, list[Figure]]:
    """Figures three characters apart, clause or sentence marks between them; some totals
    the sum of two others, exactly or just inside or outside the tolerance."""
    n = rng.randint(2, 12)
    text = "".join(rng.choice("，，，，。") for _ in range(3 * n + 3))
    figs = []
    for i in range(n):
        value = rng.choice(
            [rng.randint(1, 60), rng.randint(1, 9) * 10, round(rng.uniform(0.1, 99), 2)]
        )
        figs.append(Figure("d", 3 * i, 3 * i + 1, "x", value, rng.choice(["元", "人", "户"]),
                           indicator=rng.choice(["", "a", "b"])))  # fmt: skip
    if n >= 3:
        k, a, b = rng.sample(range(n), 3)
        s = figs[a].value + figs[b].value
        off = rng.choice([0, 0, 0.004 * s, -0.0049 * s, 0.0051 * s])
        figs[k] = figs[k].with_(value=s + off, unit=figs[a].unit, indicator=rng.choice("ab"))
    return text, figs


def test_parts_are_those_of_comparing_every_total():
    rng = random.Random(15)
    found = 0
    for _ in range(3000):
        text, figs = _report(rng)
        for same, units in ((False, {"元"}), (True, {"人", "户"})):
            of = [k for k, f in enumerate(figs) if f.unit in units]
            want = _parts_by_every_total(text, figs, of, same)
            assert sums._parts(text, figs, of, same) == want, (text, figs)
            found += bool(want)
    assert found > 150  # runs that add up to a total are among them
