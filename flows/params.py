"""Parameter models of the two flows: the Prefect UI renders them as forms with Chinese labels.

No `from __future__ import annotations`: Prefect builds the parameter schema and validates
served runs from the real annotations, and string annotations would not resolve there.
"""

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tasks.core.common import PERIODS

# The UI shows a drop-down; "" means every period. Built from PERIODS so the two never drift.
Period = Literal[("",) + PERIODS]  # type: ignore[valid-type]


def _dask_field() -> Any:
    """The Dask scheduler both flows' analysis may run on (the same form field in each)."""
    return Field(
        "",
        title="Dask 集群",
        description="留空则用设置 SCORECARD_DASK，没有设置时在本机的两个进程中分析；"
        "填 Dask 调度器地址（如 tcp://10.0.0.5:8786）则在该集群上分析报告",
    )


def _full_field() -> Any:
    """Hash every report file again (the same form field in both flows)."""
    return Field(
        False,
        title="全部重新核对",
        description="每个报告文件都重新计算校验和（默认只核对大小、修改时间等未变的文件直接沿用台账）",
    )


class IngestParams(BaseModel):
    """What ingest-reports reads and where it records it."""

    model_config = ConfigDict(
        title="读取报告",
        extra="forbid",  # a misspelt field from the API fails instead of being ignored
        json_schema_extra={"description": "读取新的或有改动的报告，记入台账"},  # shown in the UI
    )

    reports_dir: str = Field(
        "reports", title="报告文件夹", description="工作报告所在的文件夹（可含子文件夹）"
    )
    targets: str = Field(
        "targets/targets.xlsx",
        title="目标工作簿",
        description="用其中的 指标库 判断每个数字属于哪个指标；文件不存在时用内置指标库",
    )
    ledger: str = Field(
        "",
        title="台账文件",
        description="留空则用设置 SCORECARD_LEDGER，没有设置时为 output/ledger.sqlite；"
        "也可填 PostgreSQL 地址 postgresql://…；应与“生成计分卡”使用同一个台账",
    )
    dask: str = _dask_field()
    full: bool = _full_field()


class ScorecardParams(BaseModel):
    """What build-scorecard reads, where it writes, and which part of the scorecard to keep."""

    model_config = ConfigDict(
        title="生成计分卡",
        extra="forbid",
        json_schema_extra={"description": "读取报告，对照目标，生成计分卡工作簿"},
    )

    reports_dir: str = Field(
        "reports", title="报告文件夹", description="工作报告所在的文件夹（可含子文件夹）"
    )
    targets: str = Field(
        "targets/targets.xlsx", title="目标工作簿", description="目标、指标库和历史数据"
    )
    output_dir: str = Field(
        "output", title="输出文件夹", description="计分卡工作簿和台账写在这里，旧文件不会被覆盖"
    )
    ledger: str = Field(
        "",
        title="台账",
        description="留空则用设置 SCORECARD_LEDGER，没有设置时为 输出文件夹/ledger.sqlite；"
        "几台机器共用历史时填 PostgreSQL 地址，如 postgresql://用户:密码@主机:5432/库名",
    )
    dask: str = _dask_field()
    full: bool = _full_field()
    year: int | None = Field(
        None,
        title="年度",
        ge=1990,
        le=2100,
        description="只生成该年度（1990–2100）；留空则生成全部年度",
    )
    period: Period = Field("", title="期间", description="只生成该期间；留空则生成全部期间")
    units: list[str] = Field(
        default_factory=list,
        title="单位",
        description="只看这些单位（填单位全称或其中一段，如 临江区）；留空则全部单位",
    )


def explain(error: ValidationError) -> str:
    """A model's validation errors in Chinese, each naming the field, the value given and
    what is allowed (pydantic's own text is English and names neither well).

    >>> try:
    ...     ScorecardParams(year=25)
    ... except ValidationError as exc:
    ...     print(explain(exc))
    参数不对：年度 25 超出范围，应为 1990–2100 之间的年份
    """
    model = _MODELS.get(error.title)
    parts = []
    for e in error.errors():
        name = str(e["loc"][0]) if e["loc"] else ""
        field = model.model_fields.get(name) if model else None
        title = (field.title if field else None) or name
        value, ctx, kind = e.get("input"), e.get("ctx") or {}, e["type"]
        if name == "year" and kind in ("greater_than_equal", "less_than_equal"):
            low, high = _bounds(field)
            parts.append(f"{title} {value} 超出范围，应为 {low}–{high} 之间的年份")
        elif kind in ("greater_than_equal", "less_than_equal"):
            low, high = _bounds(field)
            parts.append(f"{title} {value} 超出范围，应在 {low}–{high} 之间")
        elif kind == "literal_error":
            allowed = "、".join(str(a) for a in get_args(field.annotation) if a) if field else ""
            allowed = allowed or str(ctx.get("expected", ""))
            parts.append(f"{title} “{value}” 无效，应为 {allowed} 之一")
        elif kind in ("int_parsing", "int_from_float", "int_type"):
            parts.append(f"{title} “{value}” 不是整数")
        elif kind == "extra_forbidden":
            parts.append(f"没有名为 {name} 的参数")
        else:
            parts.append(f"{title} “{value}” 无效")
    return "参数不对：" + "；".join(parts)


def _bounds(field) -> tuple[object, object]:
    low = high = "…"
    for m in getattr(field, "metadata", []):
        low = getattr(m, "ge", None) if getattr(m, "ge", None) is not None else low
        high = getattr(m, "le", None) if getattr(m, "le", None) is not None else high
    return low, high


_MODELS = {"读取报告": IngestParams, "生成计分卡": ScorecardParams}
