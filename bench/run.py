"""All benchmarks of issue 9 in one command; writes the table to BENCHMARKS.md.

    python -m bench.run [--n 1000] [--keep DIR]

1. Extraction throughput (CPU time per MB, so per core) on the sample reports and on the
   generated corpus, beside a single-regex pass (bench/bench_extract.py's method).
2. `python -m bench.pipeline` on N generated reports: build-scorecard without Prefect.
3. `scorecard run` twice over: as a clerk runs it with no Prefect server configured (Prefect
   starts a temporary server for each run), and with PREFECT_API_URL pointing at a dedicated
   server (as for `scorecard serve`). Each time: cold on N reports (fresh output folder),
   on no report and on one (Prefect's fixed cost), and a re-run with one new report of N + 1.
   Both servers keep their database in the bench's work folder, never the user's.
4. Prefect's own cost per task (bench/task_cost.py: empty tasks), client and server apart.
Peak memory is the largest sum of PSS over the command's process tree (a temporary server
included; pages the processes share counted once), the sum of RSS beside it, sampled from
/proc (bench/measure.py); a dedicated server's RSS is reported apart.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from bench import corpus
from bench.bench_extract import SINGLE_RE, _best_of, build_corpus, report_texts
from bench.measure import ROOT, Timed, timed, wait_idle
from bench.prefect_server import dedicated_server
from tasks.core.extraction import extract_figures

GOALS = {"extract": 5.0, "cold": 30.0, "overhead": 1.3, "rerun": 1.5, "memory": 500.0}
Row = tuple[str, str, str, str]


def scorecard_run(reports: Path, targets: Path, output: Path, env: dict, **kw) -> Timed:
    """`scorecard run` as the console script runs it (`flows.cli.main`), from this checkout:
    the installed script may be another copy's (`pip install -e` of another worktree)."""
    cmd = [sys.executable, "-m", "flows", "run", "--reports", str(reports),
           "--targets", str(targets), "--output", str(output)]  # fmt: skip
    return timed(cmd, env, **kw)


def prefect_env(api: str = "", home: Path | None = None) -> dict:
    """The environment for a run against the server at `api`, or for a temporary server
    keeping its database in `home` (not the user's: a bench adds thousands of task runs)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    if api:
        env["PREFECT_API_URL"] = api
    if home:
        env["PREFECT_HOME"] = str(home)
    return env


def pipeline_run(reports: Path, targets: Path, output: Path) -> Timed:
    return timed([sys.executable, "-m", "bench.pipeline", str(reports), str(targets), str(output)])


def throughput(docs: list[str], repeat: int = 3) -> tuple[float, float, float]:
    """(MB, MB/s of extract_figures per core, MB/s of the single regex per core)."""
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    t_full = _best_of(repeat, extract_figures, docs)
    t_regex = _best_of(repeat, lambda d: list(SINGLE_RE.finditer(d)), docs)
    return mb, mb / t_full, mb / t_regex


def verdict(ok: bool) -> str:
    return "达到" if ok else "未达到"


def extraction_rows(paths: list[Path], n: int) -> list[Row]:
    rows = []
    for name, docs in (
        ("reports/ 示例报告", build_corpus(report_texts(), 4.0)),
        (f"生成的 {n} 份报告", [p.read_text("utf-8") for p in paths]),
    ):
        mb, full, regex = throughput(docs)
        rows.append((f"提取速度：{name}（{mb:.1f} MB）", f"{full:.1f} MB/s 每核",
                     f"≥ {GOALS['extract']:.0f} MB/s（{verdict(full >= GOALS['extract'])}）",
                     f"单一正则 {regex:.0f} MB/s"))  # fmt: skip
    return rows


def prefect_series(work: Path, source: Path, targets: Path, extra: Path, env: dict,
                   watch: tuple[int, ...] = ()) -> dict[str, Timed]:  # fmt: skip
    """Cold on the corpus, zero and one report, then a re-run with one new report.

    A run on no report comes first, unmeasured: Prefect's first run on a new database
    creates and migrates it (about 10 s), which an office pays once, not every period.
    """
    reports = work / "reports"
    shutil.copytree(source, reports)
    empty, one_dir = work / "empty", work / "one"
    empty.mkdir()
    first = next(p for p in sorted(source.rglob("*.txt")))
    (one_dir / first.parent.name).mkdir(parents=True)
    shutil.copy(first, one_dir / first.parent.name / first.name)
    runs = {"cold": (reports, "out"), "zero": (empty, "out-zero"), "one": (one_dir, "out-one"),
            "rerun": (reports, "out")}  # fmt: skip
    scorecard_run(empty, targets, work / "out-warm", env)
    out = {}
    for name, (folder, output) in runs.items():
        if name == "rerun":
            (reports / extra.parent.name).mkdir(exist_ok=True)
            shutil.copy(extra, reports / extra.parent.name / ("新增-" + extra.name))
        wait_idle(watch)
        out[name] = scorecard_run(folder, targets, work / output, env, watch=watch)
    return out


def series_rows(label: str, runs: dict[str, Timed], plain: Timed, n: int, mb: float) -> list[Row]:
    cold, zero, one, rerun = (runs[k] for k in ("cold", "zero", "one", "rerun"))
    ratio = cold.seconds / plain.seconds
    fixed = max(zero.seconds, one.seconds)
    bar = GOALS["rerun"] * fixed
    return [
        (f"{label}：冷启动，{n} 份报告（{mb:.1f} MB）", f"{cold.seconds:.1f} s",
         f"≤ {GOALS['cold']:.0f} s（{verdict(cold.seconds <= GOALS['cold'])}）",
         f"负载 {cold.load:.1f}"),
        (f"{label}：Prefect 开销（与不经 Prefect 之比）", f"{ratio:.2f}×",
         f"≤ {GOALS['overhead']}×（{verdict(ratio <= GOALS['overhead'])}）", ""),
        (f"{label}：固定开销（0 份 / 1 份报告）", f"{zero.seconds:.1f} s / {one.seconds:.1f} s",
         "—", ""),
        (f"{label}：重新运行，{n} 份中新增 1 份", f"{rerun.seconds:.1f} s",
         f"≤ {GOALS['rerun']} × {fixed:.1f} s = {bar:.1f} s（{verdict(rerun.seconds <= bar)}）",
         f"负载 {rerun.load:.1f}"),
    ]  # fmt: skip


def task_cost_row(env: dict, n: int = 1000) -> Row:
    base = timed([sys.executable, "-m", "bench.task_cost", "0"], env)
    full = timed([sys.executable, "-m", "bench.task_cost", str(n)], env)
    own = (full.cpu_own - base.cpu_own) / n * 1000
    server = (full.cpu_children - base.cpu_children) / n * 1000
    return ("Prefect 每个任务自身的 CPU 时间（照读取任务声明的空任务）", f"{own + server:.1f} ms",
            "—", f"本进程 {own:.1f} ms + 临时服务 {server:.1f} ms；{n} 个空任务用时 "
            f"{full.seconds - base.seconds:.1f} s")  # fmt: skip


def memory_row(plain: Timed, temp: dict[str, Timed], dedicated: dict[str, Timed]) -> Row:
    runs = (plain, *temp.values())
    pss, rss = max(t.pss_mb for t in runs), max(t.peak_mb for t in runs)
    server = max(t.watched_peak_mb for t in dedicated.values())
    own = max(t.peak_mb for t in dedicated.values())
    return ("峰值内存（进程树 PSS 之和，含临时 Prefect 服务；共享的页只算一次）", f"{pss:.0f} MB",
            f"≤ {GOALS['memory']:.0f} MB（{verdict(pss <= GOALS['memory'])}）",
            f"RSS 之和（共享的页每个进程各算一次）{rss:.0f} MB；不经 Prefect {plain.peak_mb:.0f} MB；"
            f"临时服务冷启动 {temp['cold'].pss_mb:.0f} MB（RSS {temp['cold'].peak_mb:.0f} MB）、"
            f"重新运行 {temp['rerun'].pss_mb:.0f} MB；常驻服务时运行本身 RSS {own:.0f} MB，"
            f"服务另占 {server:.0f} MB")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="reports in the generated corpus")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="scorecard-bench-"))

    print("generating corpus…", flush=True)
    paths = corpus.generate(work / "cold", a.n)
    reports, targets = work / "cold" / "reports", work / "cold" / "targets.xlsx"
    extra = corpus.generate(work / "extra", a.n + 1)[-1]  # same seed: report n+1 is new
    mb = sum(p.stat().st_size for p in paths) / 1e6

    print("extraction throughput…", flush=True)
    rows = extraction_rows(paths, a.n)
    print("without Prefect…", flush=True)
    plain = pipeline_run(reports, targets, work / "out-plain")
    rows.append(("同一流程不经 Prefect（`python -m bench.pipeline`）", f"{plain.seconds:.1f} s",
                 "—", f"负载 {plain.load:.1f}"))  # fmt: skip
    print("scorecard run, temporary Prefect server…", flush=True)
    temp_env = prefect_env(home=work / "temp-home")
    temp = prefect_series(work / "temp", reports, targets, extra, temp_env)
    rows += series_rows("临时服务", temp, plain, a.n, mb)
    print("scorecard run, dedicated Prefect server…", flush=True)
    with dedicated_server(work / "prefect-home") as (api, pid):
        env = prefect_env(api)
        dedicated = prefect_series(work / "dedicated", reports, targets, extra, env, (pid,))
    rows += series_rows("常驻服务", dedicated, plain, a.n, mb)
    print("Prefect's cost per task…", flush=True)
    rows += [task_cost_row(temp_env), memory_row(plain, temp, dedicated)]
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
