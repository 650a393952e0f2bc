"""All benchmarks of issue 9 in one command; writes the table to BENCHMARKS.md.

    python -m bench.run [--n 1000] [--keep DIR]

1. Extraction throughput (CPU time per MB, so per core) on the sample reports and on the
   generated corpus, beside a single-regex pass (bench/bench_extract.py's method).
2. `scorecard run` cold on N generated reports (fresh output folder: nothing cached), and
   `python -m bench.pipeline`, the same work without Prefect. Their ratio is Prefect's cost.
3. A re-run with one new report among N + 1, against the same ledger.
4. Prefect's fixed cost: `scorecard run` on a folder with no report and with one report.
Peak memory is the largest sum of RSS over the process and all its descendants (the
temporary Prefect server included), sampled every 50 ms from /proc.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench import corpus
from bench.bench_extract import SINGLE_RE, _best_of, build_corpus, report_texts
from tasks.core.figures import extract_figures

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"extract": 5.0, "cold": 30.0, "overhead": 1.3, "rerun": 1.5, "memory": 500.0}


@dataclass
class Timed:
    seconds: float
    peak_mb: float
    load: float  # 1-minute load average when it started: other work on the machine


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
        todo += _children(p)
    return total


def timed(cmd: list[str]) -> Timed:
    """Wall time and peak tree RSS of a command; it must succeed."""
    load = os.getloadavg()[0]
    # Output to a file, not a pipe: Prefect logs a few lines per report and would block on a
    # full pipe that nobody reads until the end.
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - t0
        if proc.returncode:
            log.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{log.read().decode()[-2000:]}")
    return Timed(seconds, peak / 1e6, load)


def scorecard_run(reports: Path, targets: Path, output: Path) -> Timed:
    exe = shutil.which("scorecard") or "scorecard"
    return timed([exe, "run", "--reports", str(reports), "--targets", str(targets),
                  "--output", str(output)])  # fmt: skip


def pipeline_run(reports: Path, targets: Path, output: Path) -> Timed:
    return timed([sys.executable, "-m", "bench.pipeline", str(reports), str(targets), str(output)])


def throughput(docs: list[str], repeat: int = 3) -> tuple[float, float, float]:
    """(MB, MB/s of extract_figures per core, MB/s of the single regex per core)."""
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    t_full = _best_of(repeat, extract_figures, docs)
    t_regex = _best_of(repeat, lambda d: list(SINGLE_RE.finditer(d)), docs)
    return mb, mb / t_full, mb / t_regex


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="reports in the generated corpus")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="scorecard-bench-"))
    rows: list[tuple[str, str, str, str]] = []

    print("generating corpus…", flush=True)
    paths = corpus.generate(work / "cold", a.n)
    reports, targets = work / "cold" / "reports", work / "cold" / "targets.xlsx"
    size = sum(p.stat().st_size for p in paths) / 1e6

    print("extraction throughput…", flush=True)
    for name, docs in (
        ("reports/ 示例报告", build_corpus(report_texts(), 4.0)),
        (f"生成的 {a.n} 份报告", [p.read_text("utf-8") for p in paths]),
    ):
        mb, full, regex = throughput(docs)
        ok = "达到" if full >= GOALS["extract"] else "未达到"
        rows.append((f"提取速度：{name}（{mb:.1f} MB）", f"{full:.1f} MB/s 每核",
                     f"≥ {GOALS['extract']:.0f} MB/s（{ok}）", f"单一正则 {regex:.0f} MB/s"))  # fmt: skip

    print("cold runs…", flush=True)
    plain = pipeline_run(reports, targets, work / "out-plain")
    cold = scorecard_run(reports, targets, work / "out-cold")
    ratio = cold.seconds / plain.seconds

    print("fixed cost…", flush=True)
    empty = work / "empty"
    empty.mkdir(exist_ok=True)
    zero = scorecard_run(empty, targets, work / "out-zero")
    one_dir = work / "one"
    (one_dir / paths[0].parent.name).mkdir(parents=True, exist_ok=True)
    shutil.copy(paths[0], one_dir / paths[0].parent.name / paths[0].name)
    one = scorecard_run(one_dir, targets, work / "out-one")
    fixed = max(zero.seconds, one.seconds)

    print("re-run with one new report…", flush=True)
    extra = corpus.generate(work / "extra", a.n + 1)[-1]  # same seed: report n+1 is new
    (reports / extra.parent.name).mkdir(exist_ok=True)
    shutil.copy(extra, reports / extra.parent.name / ("新增-" + extra.name))
    rerun = scorecard_run(reports, targets, work / "out-cold")

    def verdict(ok: bool) -> str:
        return "达到" if ok else "未达到"

    peak = max(t.peak_mb for t in (plain, cold, rerun))
    rows += [
        (f"`scorecard run` 冷启动，{a.n} 份报告（{size:.1f} MB）", f"{cold.seconds:.1f} s",
         f"≤ {GOALS['cold']:.0f} s（{verdict(cold.seconds <= GOALS['cold'])}）",
         f"负载 {cold.load:.1f}"),
        ("同一流程不经 Prefect（`python -m bench.pipeline`）", f"{plain.seconds:.1f} s", "—",
         f"负载 {plain.load:.1f}"),
        ("Prefect 开销（两者之比）", f"{ratio:.2f}×",
         f"≤ {GOALS['overhead']}×（{verdict(ratio <= GOALS['overhead'])}）", ""),
        ("Prefect 固定开销：0 份报告 / 1 份报告", f"{zero.seconds:.1f} s / {one.seconds:.1f} s",
         "—", ""),
        (f"重新运行：{a.n} 份中新增 1 份", f"{rerun.seconds:.1f} s",
         f"≤ {GOALS['rerun']} × {fixed:.1f} s = {GOALS['rerun'] * fixed:.1f} s"
         f"（{verdict(rerun.seconds <= GOALS['rerun'] * fixed)}）", f"负载 {rerun.load:.1f}"),
        ("峰值内存（进程树 RSS 之和，含临时 Prefect 服务）", f"{peak:.0f} MB",
         f"≤ {GOALS['memory']:.0f} MB（{verdict(peak <= GOALS['memory'])}）",
         f"不经 Prefect {plain.peak_mb:.0f} MB；冷启动 {cold.peak_mb:.0f} MB；重新运行 {rerun.peak_mb:.0f} MB"),
    ]  # fmt: skip
    write_table(rows)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


def write_table(rows: list[tuple[str, str, str, str]]) -> None:
    """Replace the measured table in BENCHMARKS.md, keeping the notes written below it."""
    path = ROOT / "BENCHMARKS.md"
    notes = ""
    if path.is_file():
        text = path.read_text("utf-8")
        notes = text[text.index("## 说明") :] if "## 说明" in text else ""
    head = (
        "# 性能测量 / Benchmarks\n\n"
        f"由 `python -m bench.run` 生成：{datetime.now():%Y-%m-%d %H:%M}，"
        f"{os.cpu_count()} 核，Python {platform.python_version()}。\n\n"
        "| 项目 | 结果 | 目标 | 备注 |\n|---|---|---|---|\n"
    )
    table = "".join(f"| {' | '.join(r)} |\n" for r in rows)
    path.write_text(head + table + "\n" + notes, encoding="utf-8")
    print(head + table)


if __name__ == "__main__":
    main()
