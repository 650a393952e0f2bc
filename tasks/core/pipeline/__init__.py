"""Pipeline: one report file becomes a `Report`; a run is a sequence of steps over a folder.

In: the reports folder, the targets workbook, the ledger and output paths (`RunRequest`).
This is the stage that opens a run's input files (inputs.py: the targets workbook, once per
run, and the manifest; ingest.py: the report files); the stages below receive bytes.
Out: `Report`s recorded in the ledger as `IngestResult`s (new, known or failed, with the
reason), the scorecard tables and the workbook written (`ScorecardRun`).

The steps (`load_inputs`, `discover`, `check_known`, `read_one`, `gather`, `compare`,
`run_info`, `write_scorecard`) are what the Prefect tasks wrap; `build_run` and
`ingest_and_compare` call them in sequence without Prefect.
"""

from tasks.core.pipeline.handover import pack_batch, unpack_batch
from tasks.core.pipeline.ingest import (
    Analysed,
    IngestResult,
    IngestRun,
    analyse_file,
    analysis_key,
    discover_reports,
    find_known,
    find_reports,
    ingest_report,
    record_analysed,
    record_batch,
)
from tasks.core.pipeline.inputs import (
    RunInputs,
    drop_targets,
    finish_inputs,
    load_catalogue,
    load_catalogue_file,
    load_inputs,
    open_inputs,
    read_manifest_file,
    read_targets_file,
)
from tasks.core.pipeline.reports import read_report
from tasks.core.pipeline.run import (
    Discovery,
    RunRequest,
    ScorecardRun,
    build_run,
    check_known,
    compare,
    discover,
    gather,
    ingest_and_compare,
    ingest_folder,
    make_output_folder,
    prepare_ledger,
    read_one,
    run_info,
    write_scorecard,
)

__all__ = [
    "Analysed",
    "Discovery",
    "IngestResult",
    "IngestRun",
    "RunInputs",
    "RunRequest",
    "ScorecardRun",
    "analyse_file",
    "analysis_key",
    "build_run",
    "check_known",
    "compare",
    "discover",
    "discover_reports",
    "drop_targets",
    "find_known",
    "find_reports",
    "gather",
    "finish_inputs",
    "ingest_folder",
    "ingest_and_compare",
    "make_output_folder",
    "ingest_report",
    "load_catalogue",
    "load_catalogue_file",
    "load_inputs",
    "open_inputs",
    "pack_batch",
    "read_manifest_file",
    "prepare_ledger",
    "read_one",
    "read_report",
    "read_targets_file",
    "record_analysed",
    "record_batch",
    "run_info",
    "unpack_batch",
    "write_scorecard",
]
