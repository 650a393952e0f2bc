"""Write targets/targets.xlsx from tests/data/sample_targets.yaml (run from the repo root).

python tests/data/make_sample_targets.py
"""

from pathlib import Path

import yaml

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.workbook.template import write_targets_template

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "sample_targets.yaml"


def sample_rows() -> tuple[list[list], list[list]]:
    data = yaml.safe_load(SAMPLE.read_text("utf-8"))
    targets = [[r["单位"], r["年度"], r["期间"], r["指标"], r["目标值"]] for r in data["targets"]]
    history = [
        [r["单位"], r["年度"], r["期间"], r["指标"], r["实际值"], r["来源"]]
        for r in data["history"]
    ]
    return targets, history


if __name__ == "__main__":
    targets, history = sample_rows()
    write_targets_template(
        ROOT / "targets" / "targets.xlsx", load_default_catalogue(), targets, history
    )
    print(ROOT / "targets" / "targets.xlsx")
