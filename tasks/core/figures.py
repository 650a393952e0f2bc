"""Figure extraction (issue 3 replaces this minimal first version)."""

from __future__ import annotations

import re

from tasks.core.model import Figure

_SIMPLE = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?(人次|家|个|人|名|元|场|份|%)")
_MULT = {None: 1, "万": 10_000, "亿": 100_000_000}


def extract_figures(text: str, doc: str = "") -> list[Figure]:
    out = []
    for m in _SIMPLE.finditer(text):
        value = float(m.group(1)) * _MULT[m.group(2)]
        value = int(value) if value == int(value) else value
        out.append(Figure(doc, m.start(), m.end(), m.group(0), value, m.group(3)))
    return out
