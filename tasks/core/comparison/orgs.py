"""Matching the organisation named in a report to the one named in the targets workbook.

Offices write their own name with or without the city (临江区总工会 / 青川市临江区总工会);
the scorecard must still put the report's figures against that unit's targets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACE = re.compile(r"\s+")
_MIN_SHARED = 5  # shorter names (区总工会, 市总工会) are too generic to match on


def normalise_org(name: str) -> str:
    """
    >>> normalise_org(" 青川市 临江区总工会 ")
    '青川市临江区总工会'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", name or ""))


def align_orgs(names: Iterable[str], canonical: Iterable[str]) -> dict[str, str]:
    """Map each name to the canonical name it plainly means; unmatched names map to themselves.

    >>> align_orgs(["临江区总工会", "区总工会"], ["青川市临江区总工会", "青川市云溪区总工会"])
    {'临江区总工会': '青川市临江区总工会', '区总工会': '区总工会'}
    """
    canon = {normalise_org(c): c for c in canonical if c}
    out = {}
    for name in names:
        if not isinstance(name, str) or not name:
            continue
        n = normalise_org(name)
        if n in canon:
            out[name] = canon[n]
            continue
        hits = [c for k, c in canon.items() if _same_unit(n, k)]
        out[name] = hits[0] if len(hits) == 1 else name
    return out


def _same_unit(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return len(short) >= _MIN_SHARED and long_.endswith(short)
