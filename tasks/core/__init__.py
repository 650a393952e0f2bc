"""Pure domain logic of the scorecard, one subpackage per stage a report goes through.

    reading/     bytes of a report file -> its text (encodings, .docx, .pdf, site clutter)
    extraction/  text -> figures (every quantity the report states, nothing else)
    naming/      figures -> the indicator each one measures
    document/    text -> whose report, which year and period, its sections and plans
    pipeline/    one report file -> a `Report`; a folder of reports -> the ledger
    ledger/      the SQLite history of every report version read
    comparison/  ledger + targets -> the scorecard tables (actuals, completion, trends)
    workbook/    scorecard tables -> the Excel workbook and the run's summary
    common/      types, lexicon loading and the indicator catalogue that every stage shares

Nothing here imports Prefect; `tasks/*_tasks.py` wrap these functions as Prefect tasks and
`flows/` wires them. The layer above imports from a subpackage (`tasks.core.ledger`), not from
its modules.
"""
