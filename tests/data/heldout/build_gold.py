"""Build the held-out-style documents and their gold from hand-annotated sources.

Each `src/NN_style.ann` is a document with every figure wrapped by hand as
`⟦text¦subject¦indicator⟧` (optional `¦v=…`, `¦u=…`, `¦q=…` override what this script
reads from the span). The script writes `NN_style.txt` (the markers removed) and
`gold.jsonl` (offsets into the written file), then checks `text == content[start:end]`.
It never calls the product: value, unit and qualifier come from the annotated span alone,
read by the spec's word lists (../shared/spec/figures.md).

A first line `#crlf` in a source writes the document with CRLF line breaks.

Run: python tests/data/heldout/build_gold.py
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"⟦([^⟧]*)⟧")
BEFORE = {
    "将近": "under", "將近": "under", "接近": "under", "近": "under", "不足": "under",
    "不到": "under", "逾": "over", "超过": "over", "超過": "over", "超": "over",
    "约": "about", "約": "about", "不少于": "over", "至少": "over",
}  # fmt: skip
AFTER = {"余": "over", "餘": "over", "多": "over", "左右": "about", "以上": "over", "上下": "about"}
MULT = {"万": 10_000, "萬": 10_000, "亿": 10**8, "億": 10**8}
WIDE = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
PH = set("xX×Ｘ*＊")
NUM = re.compile(r"^[0-9０-９][0-9０-９,，.．]*")
PH_RE = re.compile(r"^[xX×Ｘ*＊][xX×Ｘ*＊.．,，\s]*")


def _read_span(text: str) -> tuple[object, str, str]:
    """(value, unit, qualifier) of an Arabic or placeholder span; Chinese needs v=."""
    s = text.replace("\r", "").replace("\n", "")
    qual = "exact"
    for w in sorted(BEFORE, key=len, reverse=True):
        if s.startswith(w):
            qual, s = BEFORE[w], s[len(w) :]
            break
    ph = PH_RE.match(s)
    m = ph or NUM.match(s)
    if not m:
        return None, "", qual
    num, rest = m.group(0), s[m.end() :]
    mult = 1
    while rest and (rest[0] in MULT or rest[0] in "余多餘"):
        if rest[0] in MULT:
            mult *= MULT[rest[0]]
        else:
            qual = "over"
        rest = rest[1:]
    for w in sorted(AFTER, key=len, reverse=True):
        if rest.endswith(w):
            qual, rest = AFTER[w], rest[: -len(w)]
            break
    unit = rest.translate(WIDE)
    if unit.endswith("元"):  # 万元, 亿元: money is recorded in 元
        unit = "元"
    if ph:
        return None, unit, qual
    value = Decimal(num.translate(WIDE).replace(",", "")) * mult
    value = int(value) if value == value.to_integral_value() else float(value)
    return value, unit, qual


def build_one(src: Path) -> tuple[str, list[dict]]:
    raw = src.read_text(encoding="utf-8")
    crlf = raw.startswith("#crlf\n")
    if crlf:
        raw = raw[len("#crlf\n") :]
    if crlf:
        raw = raw.replace("\n", "\r\n")
    out, rows, pos = [], [], 0
    length = 0
    for m in MARK.finditer(raw):
        out.append(raw[pos : m.start()])
        length += m.start() - pos
        parts = m.group(1).split("¦")
        text, subject, indicator = parts[0], parts[1], parts[2]
        opts = dict(p.split("=", 1) for p in parts[3:])
        value, unit, qual = _read_span(text)
        if "v" in opts:
            value = None if opts["v"] == "null" else json.loads(opts["v"])
        unit = opts.get("u", unit)
        qual = opts.get("q", qual)
        placeholder = any(ch in PH for ch in text)
        rows.append(
            {
                "doc": src.stem + ".txt",
                "start": length,
                "end": length + len(text),
                "text": text,
                "value": None if placeholder else value,
                "unit": unit,
                "qualifier": qual,
                "placeholder": placeholder,
                "subject": subject,
                "indicator": indicator,
            }
        )
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(raw[pos:])
    return "".join(out), rows


def main() -> None:
    gold: list[dict] = []
    for src in sorted((HERE / "src").glob("*.ann")):
        content, rows = build_one(src)
        path = HERE / (src.stem + ".txt")
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        with open(path, encoding="utf-8", newline="") as fh:
            back = fh.read()
        for r in rows:
            assert back[r["start"] : r["end"]] == r["text"], r
            assert r["placeholder"] or r["value"] is not None, r
        gold += rows
        print(f"{path.name}: {len(back)} chars, {len(rows)} figures")
    with open(HERE / "gold.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for r in gold:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"gold: {len(gold)} figures, {sum(r['placeholder'] for r in gold)} placeholders")


if __name__ == "__main__":
    main()
