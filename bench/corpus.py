"""A corpus of N realistic reports built from the project's own sample reports.

Each sample under reports/ is split into its title, headings and sentences. A generated report
keeps one sample's outline (title, headings, paragraph shape) and fills its paragraphs with
sentences drawn from every sample, with fresh figures (each number scaled by a random factor),
a fresh fictional unit and a fresh year. A fixed seed makes the corpus the same on every run,
so timings compare across commits.

    python -m bench.corpus OUT_DIR [--n 1000] [--seed 9]
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

from tasks.core.common import load_default_catalogue
from tasks.core.reading import decode_report
from tasks.core.workbook import write_targets_template

ROOT = Path(__file__).resolve().parents[1]
# The fictional names of the samples, replaced by generated ones (longest first).
_SAMPLE_NAMES = ("青川重工集团有限公司", "临江区", "云溪区", "临江", "云溪", "重工")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]?")
# A number that is a figure: not a year (4 digits + 年) or an ordinal (第/届/周年/次会议).
_FIGURE = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)(?![\d.]|\d*年|\d*周年|\d*届|\d*次会议)")
_YEAR = re.compile(r"20[12]\d(?=年)")
# Syllables of invented place names; the samples' own style (two characters + 区).
_SYLLABLES = "东西南北青石白金玉松柳桃梅兰竹江河湖山川原岭塘桥湾宁安和平丰泰新城"
YEARS = (2021, 2022, 2023, 2024, 2025)


@dataclass(frozen=True)
class Sample:
    name: str
    year: int
    district: bool  # a district federation (区总工会) rather than an enterprise union
    lines: list[str]  # the sample's lines, headings and blank lines kept


def load_samples(folder: Path = ROOT / "reports") -> list[Sample]:
    """The annual work summaries among the samples (the shape most reports have)."""
    out = []
    for path in sorted(folder.rglob("*.txt")):
        if "上半年" in path.name or "述职" in path.name:
            continue
        text = decode_report(path.read_bytes(), path.name)[0]
        year = int(_YEAR.search(path.name).group())
        out.append(Sample(path.name, year, "区总工会" in path.name, text.splitlines()))
    return out


def sentence_pool(samples: list[Sample]) -> list[str]:
    """Every body sentence of every sample: no title, opening paragraph, heading or the
    （一） sub-heading that opens a paragraph, which would read oddly mid-paragraph."""
    pool = []
    for s in samples:
        body = [x for x in s.lines[1:] if x.strip()][1:]
        for line in body:
            if not _HEADING.match(line):
                pool += [x for x in _SENTENCE.findall(line)[1:] if len(x) > 8]
    return pool


# Two-character names run out (36 × 35); past this many, names get three characters.
_TWO_CHARACTER_NAMES = 1000


def unit_names(n: int, rng: random.Random) -> list[str]:
    """n distinct place names: two characters (the samples' 临江, 云溪), then three."""
    names: list[str] = []
    seen = {"临江", "云溪"}
    while len(names) < n:
        size = 2 if len(names) < _TWO_CHARACTER_NAMES else 3
        name = "".join(rng.sample(_SYLLABLES, size))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _fresh_figures(sentence: str, rng: random.Random) -> str:
    def scale(m: re.Match) -> str:
        v = float(m.group(1)) * rng.uniform(0.6, 1.6)
        return f"{v:.1f}" if "." in m.group(1) else str(max(1, round(v)))

    return _FIGURE.sub(scale, sentence)


def _renamed(text: str, sample: Sample, place: str, year: int) -> str:
    for old in _SAMPLE_NAMES:
        new = (
            f"{place}区"
            if old.endswith("区")
            else f"{place}集团有限公司"
            if "公司" in old
            else place
        )
        text = text.replace(old, new)
    shift = year - sample.year
    return _YEAR.sub(lambda m: str(int(m.group()) + shift), text)


def make_report(sample: Sample, pool: list[str], place: str, year: int, rng: random.Random) -> str:
    lines = [sample.lines[0]]
    for line in sample.lines[1:]:
        if not line.strip() or _HEADING.match(line):
            lines.append(line)
            continue
        sentences = [x for x in _SENTENCE.findall(line) if x]
        # Keep the paragraph's opening (often a （一） sub-heading) and mix in other sentences.
        mixed = sentences[:1] + [
            rng.choice(pool) if rng.random() < 0.6 else s for s in sentences[1:]
        ]
        lines.append("".join(_fresh_figures(s, rng) for s in mixed))
    return _renamed("\n".join(lines) + "\n", sample, place, year)


def generate(out: Path, n: int, seed: int = 9) -> list[Path]:
    """Write n reports under out/reports (one folder per unit) and out/targets.xlsx."""
    rng = random.Random(seed)
    samples = load_samples()
    pool = sentence_pool(samples)
    places = unit_names(-(-n // len(YEARS)), rng)
    paths, targets, texts = [], [], set()
    for i in range(n):
        place, year = places[i // len(YEARS)], YEARS[i % len(YEARS)]
        sample = samples[(i // len(YEARS)) % len(samples)]
        text = make_report(sample, pool, place, year, rng)
        while hash(text) in texts:  # every report distinct, however many
            text = make_report(sample, pool, place, year, rng)
        texts.add(hash(text))
        title = _renamed(sample.name, sample, place, year)
        path = out / "reports" / place / title
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        org = title.split(str(year))[0]
        targets += [
            [org, year, "全年", "新建工会组织", rng.randint(10, 60)],
            [org, year, "全年", "新发展会员", rng.randint(1000, 5000)],
            [org, year, "全年", "送温暖资金", rng.randint(100, 400)],
        ]
    write_targets_template(out / "targets.xlsx", load_default_catalogue(), targets, [])
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder to write reports/ and targets.xlsx into")
    ap.add_argument("--n", type=int, default=1000, help="number of reports")
    ap.add_argument("--seed", type=int, default=9)
    a = ap.parse_args()
    paths = generate(a.out, a.n, a.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} reports, {size / 1e6:.1f} MB, in {a.out / 'reports'}")


if __name__ == "__main__":
    main()
