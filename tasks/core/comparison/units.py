"""Converting a quantity between units of the same measure (lexicon: unit_groups.yaml)."""

from __future__ import annotations

from functools import cache

from tasks.core.common.lexicon import load_yaml


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
    """
    if from_unit == to_unit:
        return float(value)
    a, b = _factors().get(from_unit), _factors().get(to_unit)
    if a is None or b is None or a[0] != b[0]:
        return None
    return float(value) * a[1] / b[1]


def is_money(unit: str) -> bool:
    return _factors().get(unit, ("",))[0] == "money"
