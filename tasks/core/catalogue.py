"""The indicator catalogue (issue 4 deepens this)."""

from __future__ import annotations

from dataclasses import dataclass

from tasks.core.lexicon import load_csv


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    aliases: tuple[str, ...] = ()
    direction: str = "越大越好"


@dataclass(frozen=True)
class Catalogue:
    indicators: tuple[Indicator, ...]

    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def resolve(self, key: str) -> Indicator | None:
        """Find an indicator by its id or its name."""
        key = (key or "").strip()
        return next((i for i in self.indicators if key in (i.id, i.name)), None)


def load_default_catalogue() -> Catalogue:
    rows = load_csv("catalogue.csv")
    return Catalogue(
        tuple(
            Indicator(
                r["指标ID"],
                r["指标名称"],
                r["计量单位"],
                tuple(a for a in r["别名"].split("|") if a),
                r["方向"],
            )
            for r in rows
        )
    )


def load_catalogue(targets_path: str | None = None) -> Catalogue:
    """The default catalogue, extended by the 指标库 sheet of `targets_path` when given."""
    return load_default_catalogue()
