"""Metadata inference (table: cases/metadata.yaml), manifest reading and merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.core.common.model import ReportMeta
from tasks.core.document.manifest import lookup_manifest
from tasks.core.document.metadata import infer_metadata, merge_meta
from tasks.core.pipeline import read_manifest_file
from tests.case_tables import case_params


@pytest.mark.parametrize("case", case_params("metadata.yaml"))
def test_infer_metadata(case: dict) -> None:
    meta = infer_metadata(case["doc"], case["text"])
    got = {key: getattr(meta, key) for key in case["expect"]}
    assert got == case["expect"]


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "manifest.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_manifest_rows_become_metadata(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "文件,单位,年度,期间,类型\n"
        "2024/总结.docx,临江区总工会,2024,全年,总结\n"
        "述职.txt,临江区总工会,2024年,,述职报告\n",
        "utf-8-sig",  # what Excel writes for "CSV UTF-8"
    )
    entries, problems = read_manifest_file(path.parent)
    assert problems == []
    assert entries["2024/总结.docx"] == ReportMeta("临江区总工会", 2024, "全年", "总结", "manifest")
    assert entries["述职.txt"] == ReportMeta("临江区总工会", 2024, None, "述职", "manifest")


def test_manifest_saved_by_excel_as_gbk_with_windows_paths(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "文件,单位,年度,期间\r\n.\\2023\\上半年.txt,石桥镇工会,2023,一季度\r\n", "gbk"
    )
    entries, problems = read_manifest_file(path.parent)
    assert problems == []
    assert lookup_manifest(entries, Path("2023") / "上半年.txt").period == "第一季度"


def test_manifest_matches_by_file_name_too(tmp_path: Path) -> None:
    entries, _ = read_manifest_file(
        _write(tmp_path, "文件,单位,年度,期间\n总结.txt,某工会,2022,全年\n").parent
    )
    assert lookup_manifest(entries, "深/层/目录/总结.txt").org == "某工会"
    assert lookup_manifest(entries, "其他.txt") is None


def test_manifest_bad_rows_are_named(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "文件,单位,年度,期间,类型\n"
        "a.txt,某工会,二〇二一,全年,总结\n"
        "b.txt,某工会,2021,春季,\n"
        ",某工会,2021,全年,\n"
        "c.txt,某工会,2021,全年,通知\n"
        "c.txt,某工会,2022,全年,\n",
    )
    entries, problems = read_manifest_file(path.parent)
    assert problems == [
        "manifest.csv 第2行 年度：“二〇二一”不是年份，请填写四位数字，如 2024",
        "manifest.csv 第3行 期间：“春季”无法识别，应为 全年、上半年、下半年、第一季度、第二季度、第三季度、第四季度、前三季度 之一",
        "manifest.csv 第4行 文件：不能为空，请填写报告的文件名",
        "manifest.csv 第5行 类型：“通知”无法识别，应为 总结、述职、报告、计划 之一",
        "manifest.csv 第6行 文件：“c.txt”前面已经出现过，以本行为准",
    ]
    # The good cells of a bad row still count.
    assert entries["a.txt"] == ReportMeta("某工会", None, "全年", "总结", "manifest")
    assert entries["c.txt"].year == 2022


def test_manifest_missing_columns(tmp_path: Path) -> None:
    entries, problems = read_manifest_file(_write(tmp_path, "文件,单位\na.txt,某工会\n").parent)
    assert entries == {}
    assert problems == ["manifest.csv：第1行缺少列 年度、期间（应为 文件,单位,年度,期间）"]


def test_manifest_absent_is_fine(tmp_path: Path) -> None:
    assert read_manifest_file(tmp_path) == ({}, [])


def test_merge_meta_manifest_wins_where_filled() -> None:
    inferred = ReportMeta("区总工会", 2021, "全年", "总结")
    override = ReportMeta("临江区总工会", None, "上半年", None, "manifest")
    assert merge_meta(inferred, override) == ReportMeta(
        "临江区总工会", 2021, "上半年", "总结", "manifest"
    )
    assert merge_meta(inferred, None) == inferred
    assert merge_meta(inferred, ReportMeta(source="manifest")) == inferred


def test_metadata_lexicon_is_consistent() -> None:
    from tasks.core.common.lexicon import load_yaml
    from tasks.core.common.model import PERIODS, REPORT_KINDS

    lex = load_yaml("metadata.yaml")
    assert set(lex["periods"].values()) <= set(PERIODS)
    assert {kind for _, kind in lex["kind_title"]} <= set(REPORT_KINDS)
    assert set(lex["kind_aliases"].values()) <= set(REPORT_KINDS)
    # Longest suffix first, so 工会联合会 is not cut to 工会.
    simplified = [s for s in lex["org_suffixes"] if "會" not in s]
    assert simplified == sorted(simplified, key=len, reverse=True)
    for key in ("org_generic_prefixes", "org_not_name_after", "superior_before", "last_year"):
        assert len(set(lex[key])) == len(lex[key]), f"duplicate in {key}"


def test_read_report_merges_the_manifest_and_replans_sections(tmp_path: Path) -> None:
    from tasks.core.common.catalogue import load_default_catalogue
    from tasks.core.pipeline.reports import read_report

    path = tmp_path / "总结.txt"
    path.write_text(
        "一、主要工作\n走访困难职工120户。\n二、2025年重点任务\n走访困难职工150户。\n", "gbk"
    )
    catalogue = load_default_catalogue()
    plain = read_report(path, catalogue)
    assert (plain.meta.year, plain.meta.source) == (None, "inferred")
    override = ReportMeta("临江区总工会", 2024, "全年", None, "manifest")
    report = read_report(path, catalogue, override)
    assert report.encoding == "gb18030"
    assert report.meta == ReportMeta("临江区总工会", 2024, "全年", "总结", "manifest")
    kinds = {f.text: f.kind for f in report.figures}
    assert kinds == {"120户": "achievement", "150户": "plan"}


@pytest.mark.parametrize("case", case_params("stated_dates.yaml"))
def test_stated_date(case: dict) -> None:
    from tasks.core.document.dates import stated_date

    found = stated_date(case["text"])
    assert (found.isoformat() if found else None) == case["expect"]
