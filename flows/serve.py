"""`scorecard serve`: both flows as deployments with their schedules, run by this process.

The schedules come from `[tool.scorecard.schedules]` of a TOML file (`--config`, else the
`pyproject.toml` in the working folder or beside the source), else from DEFAULTS, so an
installed copy without a pyproject.toml still serves the office's calendar.
"""

import asyncio
import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from prefect import serve
from prefect.client.schemas.schedules import CronSchedule, IntervalSchedule
from prefect.deployments.runner import RunnerDeployment

from flows import allowed as allow
from flows.params import IngestParams, ScorecardParams
from flows.scorecard import build_scorecard, ingest_reports, ledger_setting
from tasks.core.common import SETTINGS

DEPLOYMENT = "scorecard"
SOURCE_ROOT = Path(__file__).resolve().parents[1]
# After each reporting period: the annual reports are in by mid-January, the half-year ones by
# mid-July. Reports are read hourly so the scorecard run itself finds the ledger up to date.
DEFAULTS = {
    "timezone": "Asia/Shanghai",
    "build_scorecard_cron": "0 8 15 1,7 *",
    "ingest_reports_interval_minutes": 60,
}
# A fixed anchor keeps the hourly runs on the hour and unchanged across restarts.
_ANCHOR = dt.datetime(2026, 1, 1)


class ConfigError(ValueError):
    """A schedule setting the server would refuse; the message is for the user."""


@dataclass(frozen=True)
class Schedules:
    timezone: str
    build_scorecard_cron: str
    ingest_reports_interval_minutes: int
    source: str  # where the settings were read, shown when serving


def load_schedules(config: str | None = None) -> Schedules:
    """The schedule settings from `config`, the pyproject.toml found, or DEFAULTS."""
    candidates = (
        [Path(config)] if config else [Path("pyproject.toml"), SOURCE_ROOT / "pyproject.toml"]
    )
    for path in candidates:
        if not path.is_file():
            if config:
                raise ConfigError(f"找不到配置文件：{config}")
            continue
        data = tomllib.loads(path.read_text("utf-8"))
        section = data.get("tool", {}).get("scorecard", {}).get("schedules")
        if section is None and config:
            section = data.get("schedules", data)  # a small file of its own may skip the prefix
        if section is not None:
            unknown = set(section) - set(DEFAULTS)
            if unknown:
                raise ConfigError(f"{path}：不认识的计划设置 {'、'.join(sorted(unknown))}")
            return Schedules(**{**DEFAULTS, **section}, source=str(path))
    return Schedules(**DEFAULTS, source="内置默认值")


def cron_schedule(s: Schedules) -> CronSchedule:
    try:
        return CronSchedule(cron=s.build_scorecard_cron, timezone=s.timezone)
    except ValueError as exc:
        raise ConfigError(f"计划设置无效（{s.source}）：{exc}") from exc


def interval_schedule(s: Schedules) -> IntervalSchedule:
    minutes = s.ingest_reports_interval_minutes
    if not isinstance(minutes, int) or minutes < 1:
        raise ConfigError(f"ingest_reports_interval_minutes 应为正整数，现为 {minutes!r}")
    try:
        return IntervalSchedule(
            interval=dt.timedelta(minutes=minutes), anchor_date=_ANCHOR, timezone=s.timezone
        )
    except ValueError as exc:
        raise ConfigError(f"计划设置无效（{s.source}）：{exc}") from exc


def next_runs(s: Schedules) -> tuple[dt.datetime, dt.datetime]:
    """When each deployment runs next, so whoever starts serve can check the cron means what
    they think it means."""
    from prefect.server.schemas import schedules as server  # only the server computes dates

    async def first(schedule) -> dt.datetime:
        return (await schedule.get_dates(n=1))[0]

    cron, every = cron_schedule(s), interval_schedule(s)
    return (
        asyncio.run(first(server.CronSchedule(**cron.model_dump()))),
        asyncio.run(first(server.IntervalSchedule(**every.model_dump()))),
    )


def deployments(
    schedules: Schedules, reports: str, targets: str, output: str
) -> list[RunnerDeployment]:
    """Both deployments; folders are made absolute so runs do not depend on a working folder."""
    reports, targets, output = (str(Path(p).resolve()) for p in (reports, targets, output))
    build = ScorecardParams(reports_dir=reports, targets=targets, output_dir=output)
    ingest = IngestParams(
        reports_dir=reports,
        targets=targets,
        # With the SCORECARD_LEDGER setting the field stays empty and each run reads the
        # setting: a database password never shows in the deployment's parameters.
        ledger="" if ledger_setting("") else str(Path(output) / SETTINGS.ledger_name),
    )
    return [
        build_scorecard.to_deployment(
            DEPLOYMENT,
            schedules=[cron_schedule(schedules)],
            parameters={"params": build.model_dump()},
            description="读取报告，对照目标，生成计分卡工作簿，并发布总览表和摘要。"
            "点击 Run → Custom run 可以指定年度、期间和单位。",
            tags=["scorecard"],
        ),
        ingest_reports.to_deployment(
            DEPLOYMENT,
            schedules=[interval_schedule(schedules)],
            parameters={"params": ingest.model_dump()},
            description="读取新的或有改动的报告，记入台账（不生成工作簿）。",
            tags=["scorecard"],
        ),
    ]


def restrict_runs(dirs: list[str] | None, reports: str, targets: str, output: str) -> list[Path]:
    """Limit the runs this process executes to `dirs` (else the setting already in the
    environment, else the folders serve was started with) and return those folders.

    Served runs are child processes, so the setting reaches them through the environment.
    Raises PathNotAllowed when serve's own folders lie outside the ones allowed.
    """
    if dirs:
        os.environ[allow.ALLOW_ENV] = allow.allow_setting(dirs)
    elif not allow.allowed_dirs():
        os.environ[allow.ALLOW_ENV] = allow.allow_setting(
            allow.default_allowed(reports, targets, output)
        )
    allow.check_allowed({"--reports": reports, "--targets": targets, "--output": output})
    return allow.allowed_dirs() or []


def serve_deployments(items: list[RunnerDeployment]) -> None:
    """Block, running scheduled and UI-started runs, until interrupted.

    pause_on_shutdown=False: a restart must not leave the schedules paused, or the January
    run would silently never happen.
    """
    try:
        serve(*items, pause_on_shutdown=False, print_starting_message=False)
    finally:  # Prefect leaves by sys.exit on SIGTERM; say so either way
        print("scorecard serve 已停止；计划仍然有效，重新运行 scorecard serve 即可继续", flush=True)
