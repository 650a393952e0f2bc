"""Prefect tasks (`*_tasks.py`) over the pure domain logic in tasks/core."""

from tasks.native import guard

guard()  # before any analysis module is imported: compiled only when not stale (native.py)
