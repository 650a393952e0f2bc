"""The edge of a run for its inputs other than reports: each file opened here, once.

The stages receive bytes and parsed workbooks, never paths to read. The targets workbook is
read once per run: its bytes are hashed for 说明 and parsed once (`common.xlsx.open_book`)
for both the catalogue (指标库) and the targets (目标, 历史数据, 进度). Report files are
listed in ingest.py (`find_reports`); every input's bytes come from `filetype.read_regular`.
"""

from __future__ import annotations

import gc
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tasks.core.common.catalogue import Catalogue, catalogue_from_book, unopened_catalogue
from tasks.core.common.filetype import InputError, inside, listed_path, read_regular
from tasks.core.common.memory import give_back
from tasks.core.common.model import ReportMeta
from tasks.core.comparison.targets import TargetsData, targets_from_book, unopened_targets
from tasks.core.document.manifest import parse_manifest
from tasks.core.pipeline.inputs_cache import cache_key, read_cached, write_cached

if TYPE_CHECKING:
    from tasks.core.common.xlsx import Book

MANIFEST_NAME = "manifest.csv"


@dataclass
class RunInputs:
    """What the targets workbook gives a run: the catalogue, the targets, its checksum.

    `open_inputs` fills in the catalogue, which the analysis needs, and the targets when they
    come from the cache or the workbook cannot be opened; otherwise the targets are parsed by
    `finish_inputs` (while the reports are analysed) from the bytes kept in `pending`.
    """

    path: str
    catalogue: Catalogue
    catalogue_problems: list[str]
    targets: TargetsData | None
    sha256: str = ""  # empty when the file could not be read
    pending: bytes | None = field(default=None, repr=False)  # the workbook, targets unread
    key: str = ""  # the cache key of its parse, kept by `finish_inputs`


def read_input(path: str | Path) -> bytes | None:
    """The bytes of the input file at `path`; None when there is no file there.

    Anything but a regular file (a FIFO would block for ever) is refused by type before it
    is opened, and a file that cannot be read raises `InputError`, named.
    """
    from tasks.core.reading.decode import os_error_message

    name = Path(path).name
    try:
        if not os.path.exists(path):
            return None
        return read_regular(path, name)
    except OSError as exc:
        raise InputError(os_error_message(name, exc)) from exc


def load_inputs(targets: str, cache_dir: str | Path | None = None) -> RunInputs:
    """Catalogue, targets and checksum of the targets workbook at `targets`, read once
    (`open_inputs` then `finish_inputs`)."""
    inputs = open_inputs(targets, cache_dir)
    finish_inputs(inputs, cache_dir)
    return inputs


def open_inputs(targets: str, cache_dir: str | Path | None = None) -> RunInputs:
    """The targets workbook at `targets` read, hashed and opened, and its catalogue parsed;
    its targets are left to `finish_inputs` unless they are known already.

    A workbook that cannot be read or parsed leaves the default catalogue and no targets,
    each with a message naming the file: the run goes on. With `cache_dir` (the output
    folder), a workbook parsed before with the same bytes and code is taken from the cache
    there (inputs_cache.py), its problems included.
    """
    name, data = _name(targets), None
    try:
        data = read_input(targets) if targets else None
        sha = _sha(data)
        key = cache_key(sha, name) if cache_dir and data is not None else ""
        cached = read_cached(cache_dir, key) if key else None
        if cached is not None:
            return RunInputs(targets, *cached, sha)
        book = _open_book(data)
    except Exception as exc:  # corrupt, encrypted, locked, not an .xlsx at all
        catalogue, problems = unopened_catalogue(name, exc)
        return RunInputs(targets, catalogue, problems, unopened_targets(name, exc), _sha(data))
    catalogue, problems = catalogue_from_book(name, book)
    if book is None:  # no workbook: no targets, said at once
        return RunInputs(targets, catalogue, problems, targets_from_book(name, None, catalogue))
    return RunInputs(targets, catalogue, problems, None, sha, data, key)


def finish_inputs(inputs: RunInputs, cache_dir: str | Path | None = None) -> TargetsData:
    """The targets of `inputs`, parsed now if `open_inputs` left them; a new parse is kept in
    `cache_dir` (the output folder) when that folder exists."""
    if inputs.targets is None:
        name = _name(inputs.path)
        book = _open_book(inputs.pending)  # opened once already: it opens again
        inputs.targets = targets_from_book(name, book, inputs.catalogue)
        inputs.pending = None
        if inputs.key and cache_dir and os.path.isdir(cache_dir):
            t = inputs.targets
            write_cached(cache_dir, inputs.key, inputs.catalogue, inputs.catalogue_problems, t)
    return inputs.targets


def drop_targets(inputs: RunInputs) -> None:
    """Let the parsed targets go once the run has compared: writing the workbook does not need
    them (300,000 target rows: ~120 MB back after a bare parse, ~25-37 MB measured in a
    100,000-report run); `inputs` still names and checksums the workbook. `finish_inputs` is
    not to be called on it again."""
    inputs.targets = None
    gc.collect()  # frames in reference cycles among them
    give_back()  # their many small blocks back to the system, not kept by malloc


def load_catalogue_file(targets: str | None) -> tuple[Catalogue, list[str]]:
    """The catalogue of the targets workbook at `targets` (the default without one)."""
    try:
        book = _open_book(read_input(targets) if targets else None)
    except Exception as exc:  # as load_inputs
        return unopened_catalogue(_name(targets), exc)
    return catalogue_from_book(_name(targets), book)


def load_catalogue(targets: str | None = None) -> Catalogue:
    """The default catalogue, extended by the 指标库 sheet of `targets` when given."""
    return load_catalogue_file(targets)[0]


def read_targets_file(path: str | Path, catalogue: Catalogue) -> TargetsData:
    """The targets of the workbook at `path`, validated against `catalogue`."""
    try:
        book = _open_book(read_input(path))
    except Exception as exc:  # as load_inputs
        return unopened_targets(_name(path), exc)
    return targets_from_book(_name(path), book, catalogue)


def read_manifest_file(reports_dir: str | Path) -> tuple[dict[str, ReportMeta], list[str]]:
    """The entries and problems of the reports folder's manifest; it is optional."""
    path = Path(reports_dir) / MANIFEST_NAME
    if not path.exists():
        return {}, []
    if not inside(path, os.path.realpath(reports_dir)):
        return {}, [
            f"{path.name}：是指向报告文件夹以外的快捷方式，已忽略；请把清单放在报告文件夹中"
        ]
    try:
        data = read_input(listed_path(str(path)))
    except InputError as exc:
        return {}, [f"{exc}（清单已忽略）"]
    return parse_manifest(path.name, data or b"")


def _open_book(data: bytes | None) -> Book | None:
    if data is None:
        return None
    from tasks.core.common.xlsx import open_book  # openpyxl only for runs with a workbook

    return open_book(data)


def _name(path: str | Path | None) -> str:
    return Path(path).name if path else ""


def _sha(data: bytes | None) -> str:
    return "" if data is None else hashlib.sha256(data).hexdigest()
