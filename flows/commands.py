"""CLI commands that need Prefect (imported lazily so `extract`/`inspect` start fast)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_TARGETS = "targets/targets.xlsx"


def cmd_run(args) -> int:
    problem = _input_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from flows.tempserver import prefect_api, start_temporary_server

    # Started first: the server boots on the other core while the parameters are checked
    # and the flows imported (pydantic and Prefect, seconds).
    early = start_temporary_server()
    params = _scorecard_params(args)
    if params is None:
        if early is not None:
            early.stop(drain=False)
        return 2
    try:
        with prefect_api(early) as server:
            from flows.headstart import head_start
            from flows.scorecard import build_scorecard  # imported while the server boots

            if not args.debug:
                quiet_tracebacks()  # Prefect's logging is set up by now
            # A temporary server still starting: its first steps done meanwhile.
            with head_start(params, server.proc is not None):
                server.wait_ready()
                path = build_scorecard(params)
    except Exception as exc:  # the one-line reason a clerk can act on
        if args.debug:
            raise
        print(f"未能生成计分卡：{_reason(exc, args.output)}", file=sys.stderr)
        return 1
    print(path)
    return 0


def _scorecard_params(args):
    """The run's parameters, or None after explaining on stderr why they are refused."""
    from pydantic import ValidationError

    from flows.params import ScorecardParams, explain

    try:
        return ScorecardParams(
            reports_dir=args.reports,
            targets=args.targets or DEFAULT_TARGETS,
            output_dir=args.output,
            ledger=args.ledger,
            dask=args.dask,
            full=args.full,
            year=args.year,
            period=args.period or "",
            units=args.unit or [],
        )
    except ValidationError as exc:
        print(explain(exc), file=sys.stderr)
        return None


def _input_problem(args) -> str:
    """Why the run cannot start with these folders and files, in one line; "" when it can."""
    if not Path(args.reports).is_dir():
        return f"找不到报告文件夹：{args.reports}"
    if args.targets and not Path(args.targets).is_file():
        return f"找不到目标工作簿：{args.targets}（不写 --targets 则使用 {DEFAULT_TARGETS}）"
    out = Path(args.output)
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not out.is_dir():
            raise FileExistsError(17, "exists")
    except OSError as exc:
        return f"无法创建输出文件夹 {out}：{_os_reason(exc)}"
    if not os.access(out, os.W_OK | os.X_OK):
        return f"输出文件夹 {out} 不可写入：没有写入权限"
    return ""


def _os_reason(exc: OSError) -> str:
    """Why a folder could not be made, in the clerk's words (strerror is English)."""
    import errno

    reasons = {
        errno.ENOENT: "上级文件夹不存在，或该位置不能建文件夹",
        errno.EEXIST: "已有同名的文件",
        errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "该位置只读",
        errno.ENOSPC: "磁盘已满",
    }
    return reasons.get(exc.errno or 0, f"系统拒绝（错误号 {exc.errno}）")


def quiet_tracebacks() -> None:
    """Prefect's console logs keep their one-line messages but lose any traceback."""
    import logging

    names = [""] + [n for n in logging.Logger.manager.loggerDict if n.startswith("prefect")]
    for name in names:
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler) and handler.formatter is not None:
                handler.setFormatter(_OneLine(handler.formatter))


class _OneLine:
    """A formatter that formats as `inner` does, without exception or stack text."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def format(self, record) -> str:
        import copy

        record = copy.copy(record)
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return self._inner.format(record).split("\nTraceback (most recent call last)")[0]

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _reason(exc: Exception, output: str) -> str:
    """The first line of the error, in Chinese where Python or SQLite gave it in English."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        from tasks.core.ledger.health import ledger_error_message

        return ledger_error_message(Path(output) / "ledger.sqlite", exc)
    if isinstance(exc, OSError):
        from tasks.core.workbook.files import output_error_message

        if Path(output).exists() and not Path(output).is_dir():
            return f"{output}：输出文件夹的位置上是一个文件，请换一个输出文件夹（--output）"
        return output_error_message(exc.filename or output, exc)
    text = str(exc)
    if not text or text == "None":  # an exception raised without a message of its own
        text = f"{type(exc).__name__}（请查看上面的日志，或把它交给维护人员）"
    return text.splitlines()[0]


def cmd_targets_template(args) -> int:
    path = Path(args.path)
    if path.suffix.lower() != ".xlsx":
        print(
            f"{path}：目标工作簿须以 .xlsx 结尾（写出的是 Excel 工作簿），如 targets/新目标.xlsx",
            file=sys.stderr,
        )
        return 2
    if path.exists():
        print(f"{path} 已存在，不会覆盖；请换一个文件名", file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(f"找不到文件夹：{path.parent}", file=sys.stderr)
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
        targets = args.targets or DEFAULT_TARGETS
        items = serve.deployments(schedules, args.reports, targets, args.output)
        allowed = serve.restrict_runs(args.allow, args.reports, targets, args.output)
    except (ValueError, PermissionError) as exc:  # ConfigError, a refused parameter or folder
        from pydantic import ValidationError

        from flows.params import explain

        reason = explain(exc) if isinstance(exc, ValidationError) else str(exc)
        print(f"无法启动：{reason}", file=sys.stderr)
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
