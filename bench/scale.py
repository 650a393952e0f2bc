"""Province scale (issue 20): N generated reports, all measured in one run; results into
BENCHMARKS.md between the SCALE markers (one table per N, the other tables kept).

    python -m bench.scale [--n 10000] [--pairs K] [--base-seconds S] [--keep DIR] [--analysis-only]

1. Full analysis (text to named figures, `read_report`) in MB of report text per CPU-second,
   on a sample of the corpus, in this process.
2. The bare pipeline (`python -m bench.pipeline … 2`: the same steps without Prefect, the
   reports analysed by two processes, as the flow's two worker processes do), cold.
3. `scorecard run` cold on the N reports (temporary Prefect server, its database in the work
   folder, created by an unmeasured run on no report first), then the re-run with one new
   report among N + 1.
Steps 2 and 3 alternate K times (`--pairs`, 3 below 50,000 reports): the host's speed drifts
within a minute, so the ratio is that of the summed times, each pair's listed beside it.
Peak memory is that of the largest process and the PSS summed over each command's tree
(bench/measure.py). `--base-seconds` is the cold 10,000-report time, for the 100,000 goal.
`--analysis-only` measures step 1 alone (a minute instead of an hour) and writes it as its own
dated table (between `<!-- analysis N -->` markers), the full table kept.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus
from bench.measure import ROOT, Timed, timed, wait_idle
from bench.run import prefect_env, scorecard_run
from tasks.core.pipeline import load_catalogue, read_report

GOALS = {"cold_10k": 45.0, "ratio": 1.3, "mb_per_cpu_s": 2.0, "rerun": 15.0}
GOALS_100K = {"memory_mb": 1536.0, "times_10k": 12.0}
Row = tuple[str, str, str, str]


def analysis_speed(paths: list[Path], sample: int = 300) -> tuple[float, float]:
    """(MB analysed, MB per CPU-second) of `read_report` over up to `sample` reports."""
    chosen = paths[:: max(1, len(paths) // sample)][:sample]
    catalogue = load_catalogue(None)
    read_report(chosen[0], catalogue)  # lexicons loaded outside the measurement
    data = [(p, p.read_bytes()) for p in chosen]
    start = time.process_time()
    for p, b in data:
        read_report(p, catalogue, data=b)
    cpu = time.process_time() - start
    mb = sum(len(b) for _, b in data) / 1e6
    return mb, mb / cpu


def form_note() -> str:
    """Which form of the analysis was measured (tasks/native.py)."""
    from tasks.native import measured_form

    return "编译（mypyc）" if measured_form() == "compiled" else "纯 Python"


def _pooled(runs: list[Timed]) -> Timed:
    """The mean time and load of `runs`, their largest memory peaks."""
    return Timed(
        seconds=sum(r.seconds for r in runs) / len(runs),
        peak_mb=max(r.peak_mb for r in runs),
        load=sum(r.load for r in runs) / len(runs),
        pss_mb=max(r.pss_mb for r in runs),
    )


def _each(runs: list[Timed]) -> str:
    """What the table's note says of alternating runs: their mean and each one's time."""
    if len(runs) < 2:
        return ""
    return f"{len(runs)} 轮交替的平均（各轮 {' / '.join(f'{r.seconds:.1f}' for r in runs)} s）；"


def verdict(ok: bool) -> str:
    return "达到" if ok else "未达到"


def measure(n: int, work: Path, base_seconds: float | None, pairs: int = 3) -> list[Row]:
    print(f"generating {n} reports…", flush=True)
    t0 = time.monotonic()
    paths = corpus.generate(work / "cold", n)
    extra = corpus.generate(work / "extra", 1, seed=n + 1)[-1]
    reports, targets = work / "cold" / "reports", work / "cold" / "targets.xlsx"
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"  {mb:.1f} MB in {time.monotonic() - t0:.0f} s", flush=True)

    print("analysis speed…", flush=True)
    sample_mb, speed = analysis_speed(paths)
    env = prefect_env(home=work / "prefect-home")
    empty = work / "empty"
    empty.mkdir(exist_ok=True)
    scorecard_run(empty, targets, work / "warm", env)  # Prefect creates its database
    # Side by side, alternating: this host's speed drifts by a tenth or more within a minute,
    # so one bare run beside one cold run gives a ratio off by as much; the pairs pool it.
    bares, colds = [], []
    for i in range(1, pairs + 1):
        print(f"pair {i}/{pairs}: bare pipeline, two processes…", flush=True)
        wait_idle(())
        bares.append(timed(
            [sys.executable, "-m", "bench.pipeline", str(reports), str(targets),
             str(work / f"bare-{i}"), "2"]
        ))  # fmt: skip
        print(f"  {bares[-1].seconds:.1f} s; scorecard run…", flush=True)
        wait_idle(())
        colds.append(scorecard_run(reports, targets, work / f"out-{i}", env))
        print(f"  cold {colds[-1].seconds:.1f} s", flush=True)
    bare, cold = _pooled(bares), _pooled(colds)
    (reports / "新增").mkdir()
    shutil.copy(extra, reports / "新增" / extra.name)
    wait_idle(())
    rerun = scorecard_run(reports, targets, work / f"out-{pairs}", env)
    print(f"  re-run {rerun.seconds:.1f} s", flush=True)

    ratio = cold.seconds / bare.seconds  # pooled: the sum of the cold runs over the bare ones
    ratios = " / ".join(f"{c.seconds / b.seconds:.2f}" for b, c in zip(bares, colds, strict=True))
    label = f"{n:,} 份报告（{mb:.0f} MB）"
    rows: list[Row] = [
        (f"{label}：完整分析速度（文本→命名的数字，抽样 {sample_mb:.1f} MB）",
         f"{speed:.2f} MB/CPU·s", f"≥ {GOALS['mb_per_cpu_s']:.0f}（{verdict(speed >= GOALS['mb_per_cpu_s'])}）",
         f"单进程 CPU 时间；{form_note()}"),
        (f"{label}：不经 Prefect，两个进程分析（`bench.pipeline … 2`）", f"{bare.seconds:.1f} s",
         "—", _each(bares) + f"负载 {bare.load:.1f}；PSS 峰值 {bare.pss_mb:.0f} MB"),
        (f"{label}：`scorecard run` 冷启动（临时服务）", f"{cold.seconds:.1f} s",
         (f"≤ {GOALS['cold_10k']:.0f} s（{verdict(cold.seconds <= GOALS['cold_10k'])}）"
          if n == 10_000 else "—"), _each(colds) + f"负载 {cold.load:.1f}"),
        (f"{label}：与不经 Prefect 之比（同样两个进程）", f"{ratio:.2f}×",
         f"≤ {GOALS['ratio']}×（{verdict(ratio <= GOALS['ratio'])}）",
         f"合计之比；各轮 {ratios}" if pairs > 1 else ""),
        (f"{label}：重新运行，新增 1 份", f"{rerun.seconds:.1f} s",
         (f"≤ {GOALS['rerun']:.0f} s（{verdict(rerun.seconds <= GOALS['rerun'])}）"
          if n == 10_000 else "—"), f"负载 {rerun.load:.1f}"),
        (f"{label}：峰值内存（进程树 PSS 之和）", f"{cold.pss_mb:.0f} MB",
         (f"≤ {GOALS_100K['memory_mb']:.0f} MB（{verdict(cold.pss_mb <= GOALS_100K['memory_mb'])}）"
          if n >= 100_000 else "—"),
         f"RSS 之和 {cold.peak_mb:.0f} MB；重新运行 PSS {rerun.pss_mb:.0f} MB；不经 Prefect {bare.pss_mb:.0f} MB"),
    ]  # fmt: skip
    if base_seconds:
        times = cold.seconds / base_seconds
        rows.append((f"{label}：冷启动是 1 万份时的倍数", f"{times:.1f}×",
                     f"≤ {GOALS_100K['times_10k']:.0f}×（{verdict(times <= GOALS_100K['times_10k'])}）",
                     f"1 万份 {base_seconds:.1f} s"))  # fmt: skip
    return rows


def measure_analysis(n: int, work: Path) -> list[Row]:
    """Step 1 alone: the full analysis speed on a sample of N generated reports."""
    print(f"generating {n} reports…", flush=True)
    paths = corpus.generate(work / "cold", n)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print("analysis speed…", flush=True)
    sample_mb, speed = analysis_speed(paths)
    goal = GOALS["mb_per_cpu_s"]
    return [
        (f"{n:,} 份报告（{mb:.0f} MB）：完整分析速度（文本→命名的数字，抽样 {sample_mb:.1f} MB）",
         f"{speed:.2f} MB/CPU·s", f"≥ {goal:.0f}（{verdict(speed >= goal)}）",
         f"单进程 CPU 时间；{form_note()}；开始时负载 {os.getloadavg()[0]:.1f}"),
    ]  # fmt: skip


def write_section(n: int, rows: list[Row], kind: str = "scale") -> None:
    """Replace this N's table in BENCHMARKS.md (between its markers), keeping the rest.
    `kind` "analysis" is the table of `--analysis-only`."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text("utf-8") if path.is_file() else "# 性能测量 / Benchmarks\n"
    start, end = f"<!-- {kind} {n} -->", f"<!-- /{kind} {n} -->"
    what, flag = ("完整分析速度", " --analysis-only") if kind == "analysis" else ("省级规模", "")
    table = (
        f"{start}\n### {what}：{n:,} 份报告（`python -m bench.scale --n {n}{flag}`，"
        f"{time.strftime('%Y-%m-%d %H:%M')}，{os.cpu_count()} 核）\n\n"
        "| 项目 | 结果 | 目标 | 备注 |\n|---|---|---|---|\n"
        + "".join(f"| {' | '.join(r)} |\n" for r in rows)
        + f"{end}\n"
    )
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end) + r"\n", lambda _: table, text,
                      flags=re.S)  # fmt: skip
    elif "## 说明" in text:
        i = text.index("## 说明")
        text = text[:i] + table + "\n" + text[i:]
    else:
        text += "\n" + table
    path.write_text(text, encoding="utf-8")
    print(table)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--base-seconds", type=float, help="cold scorecard run on 10,000 reports")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    ap.add_argument("--analysis-only", action="store_true", help="only the full analysis speed")
    ap.add_argument(
        "--pairs", type=int, help="bare and cold runs, alternating (default 3; 1 from 50,000)"
    )
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix=f"scorecard-scale-{a.n}-"))
    try:
        if a.analysis_only:
            write_section(a.n, measure_analysis(a.n, work), "analysis")
        else:
            pairs = a.pairs or (3 if a.n < 50_000 else 1)
            write_section(a.n, measure(a.n, work, a.base_seconds, pairs))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
