"""Values against an outside measure: Microsoft Recognizers-Text's Chinese number spec.

The spec file (`Specs/Number/Chinese/NumberModel.json` of github.com/microsoft/Recognizers-Text)
is not part of this project; fetch it yourself and pass its path. Each plain number span of it
(no negatives, exponents, dozens 打, 兆, fractions, k/m suffixes, archaic 万万 or 半百, no
bare leading point, cases the spec marks NotSupported left out) is put into a report sentence,
`全年共慰问职工{span}人。`, and passes when extraction gives exactly one figure with the spec's
value. Prints the score and every miss.

    python -m bench.recognizers PATH/TO/NumberModel.json [--sentence '…{span}…']
"""

from __future__ import annotations

import argparse
import json
import re
from decimal import Decimal
from pathlib import Path

from tasks.core.extraction import extract_figures

SENTENCE = "全年共慰问职工{span}人。"
# Forms a report never uses for a count (issue 19): negatives, exponents, dozens, 兆,
# fractions, k/m suffixes, archaic 万万 and 半百, and a bare leading decimal point.
NOT_PLAIN = re.compile(r"[负負\-^eE打兆/又kKmM]|分\s*之|万万|萬萬|半百|^\.")
BAR = 0.97


def plain_spans(spec: list[dict]) -> list[tuple[str, Decimal]]:
    """(span, value) of every plain number span, each text once, in file order."""
    seen: set[str] = set()
    out = []
    for case in spec:
        if case.get("NotSupported"):
            continue
        for result in case.get("Results", []):
            text = result["Text"]
            if NOT_PLAIN.search(text) or text in seen:
                continue
            seen.add(text)
            out.append((text, Decimal(result["Resolution"]["value"])))
    return out


def check(span: str, want: Decimal, sentence: str = SENTENCE) -> tuple[bool, str]:
    """(passed, what extraction gave) for one span."""
    figures = extract_figures(sentence.format(span=span), "recognizers.txt")
    got = [(f.text, f.value) for f in figures]
    ok = len(figures) == 1 and figures[0].value is not None
    ok = ok and Decimal(str(figures[0].value)) == want
    return ok, repr(got)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="NumberModel.json of Recognizers-Text")
    parser.add_argument("--sentence", default=SENTENCE)
    args = parser.parse_args()
    spec = json.loads(args.spec.read_text(encoding="utf-8-sig"))
    spans = plain_spans(spec)
    misses = []
    for span, want in spans:
        ok, got = check(span, want, args.sentence)
        if not ok:
            misses.append(f"MISS {span!r}: want {want}, got {got}")
    passed = len(spans) - len(misses)
    print("\n".join(misses))
    rate = passed / len(spans) if spans else 0.0
    verdict = "达到" if rate >= BAR else "未达到"
    print(
        f"{passed}/{len(spans)} = {rate:.3f} exactly one figure with the spec's value "
        f"(bar {BAR}: {verdict})"
    )


if __name__ == "__main__":
    main()
