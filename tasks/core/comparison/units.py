"""Converting a quantity between units of the same measure (lexicon: unit_groups.yaml)."""

from __future__ import annotations

from functools import cache

import pandas as pd

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import measure_of


@cache
def _factors() -> dict[str, tuple[str, float]]:
    out = {}
    for group, units in load_yaml("unit_groups.yaml").items():
        for unit, factor in units.items():
            out[str(unit)] = (group, float(factor))
    return out


def convert(value: float, from_unit: str, to_unit: str) -> float | None:
    """`value` in `from_unit` expressed in `to_unit`; None when the units measure different things.

    >>> convert(150000, "元", "万元")
    15.0
    >>> convert(35, "个", "家")
    35.0
    >>> convert(12, "人次", "人") is None
    True
    >>> convert(440000, "人(次)", "人")
    440000.0
    """
    from_unit = measure_of(from_unit)  # 人(次): counted in 人
    if from_unit == to_unit:
        return float(value)
    a, b = _factors().get(from_unit), _factors().get(to_unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    return float(value) * a[1] / b[1]


RATE_UNIT = "%"


def is_rate(unit: object) -> bool:
    """An indicator measured in % (入会率): kept in percent while comparing, shown as a
    fraction with a percent format, its change given in 个百分点."""
    return unit == RATE_UNIT


def as_fraction(values: pd.Series, units: pd.Series) -> pd.Series:
    """`values` with those measured in % divided by 100 (90 → 0.9); others unchanged.

    >>> as_fraction(pd.Series([90.0, 42.0, None]), pd.Series(["%", "家", "%"])).tolist()
    [0.9, 42.0, None]
    """
    numbers = pd.to_numeric(values, errors="coerce")
    out = numbers.where(~units.eq(RATE_UNIT).astype(bool), numbers / 100)  # is_rate, by column
    return out.astype(object).where(out.notna(), None)


def is_money(unit: str) -> bool:
    return _factors().get(unit, ("",))[0] == "money"
