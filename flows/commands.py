"""CLI commands that need Prefect (imported lazily so `extract`/`inspect` start fast)."""

from __future__ import annotations

import sys
from pathlib import Path

from tasks.core.common import PERIODS


def cmd_run(args) -> int:
    if not Path(args.reports).is_dir():
        print(f"找不到报告文件夹：{args.reports}", file=sys.stderr)
        return 2
    if args.period and args.period not in PERIODS:
        print(f"期间 {args.period} 无效，应为 {'、'.join(PERIODS)} 之一", file=sys.stderr)
        return 2
    from flows.params import ScorecardParams
    from flows.tempserver import prefect_api

    try:
        params = ScorecardParams(
            reports_dir=args.reports,
            targets=args.targets,
            output_dir=args.output,
            ledger=args.ledger,
            dask=args.dask,
            year=args.year,
            period=args.period or "",
            units=args.unit or [],
        )
        with prefect_api() as server:
            from flows.scorecard import build_scorecard  # imported while the server boots

            server.wait_ready()
            path = build_scorecard(params)
    except Exception as exc:  # the one-line reason a clerk can act on
        print(f"未能生成计分卡：{str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    print(path)
    return 0


def cmd_targets_template(args) -> int:
    path = Path(args.path)
    if path.exists():
        print(f"{path} 已存在，不会覆盖；请换一个文件名", file=sys.stderr)
        return 2
    from tasks.core.common import load_default_catalogue
    from tasks.core.workbook import save_atomically, write_targets_template

    catalogue = load_default_catalogue()
    save_atomically(lambda tmp: write_targets_template(tmp, catalogue), path)
    print(path)
    return 0


def cmd_serve(args) -> int:
    """Serve both deployments against the Prefect server named by PREFECT_API_URL (blocks)."""
    api = _api_url()
    if not api:
        print(
            "没有设置 Prefect 服务地址。请先另开终端运行 prefect server start，然后运行\n"
            "prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api",
            file=sys.stderr,
        )
        return 2
    if not _server_answers(api):
        print(f"无法连接 Prefect 服务 {api}；请确认 prefect server start 正在运行", file=sys.stderr)
        return 2
    from flows import serve

    try:
        schedules = serve.load_schedules(args.config)
        items = serve.deployments(schedules, args.reports, args.targets, args.output)
        allowed = serve.restrict_runs(args.allow, args.reports, args.targets, args.output)
    except (ValueError, PermissionError) as exc:  # ConfigError, a refused parameter or folder
        print(f"无法启动：{exc}", file=sys.stderr)
        return 2
    build_next, ingest_next = serve.next_runs(schedules)
    ui = api.rstrip("/").removesuffix("/api")
    print(
        f"scorecard serve 正在向 Prefect 部署（计划设置来自 {schedules.source}，时区 {schedules.timezone}）：\n"
        f"  build-scorecard/{serve.DEPLOYMENT}  生成计分卡，计划 {schedules.build_scorecard_cron}，"
        f"下次 {build_next:%Y-%m-%d %H:%M}\n"
        f"  ingest-reports/{serve.DEPLOYMENT}   读取报告，每 "
        f"{schedules.ingest_reports_interval_minutes} 分钟，下次 {ingest_next:%Y-%m-%d %H:%M}\n"
        f"在浏览器打开 {ui}/deployments ，选择部署后点 Run 即可运行（Custom run 可填写参数）。\n"
        f"运行只能读写这些文件夹：{'、'.join(str(a) for a in allowed)}\n"
        "按 Ctrl+C 停止；停止后计划不会被暂停。",
        flush=True,
    )
    serve.serve_deployments(items)
    return 0


def _api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or ""


def _server_answers(api: str) -> bool:
    import httpx

    try:
        return httpx.get(api.rstrip("/") + "/health", timeout=10).status_code == 200
    except httpx.HTTPError:
        return False
