"""Imported once by the worker server of the analysis (tasks/analysis_runner.py), before it
forks a worker: Prefect's installed collections loaded there, not by each worker.

Prefect loads every installed collection (prefect-dask, and with it dask.distributed) the
first time a process builds a block, which a worker process does on its first task: the
run's result storage in the task's context. That took 0.44-0.49 s of CPU in each worker
while the first batch waited; loaded by the worker server, each worker is forked with the
collections already loaded.
"""

from prefect.plugins import load_prefect_collections

load_prefect_collections()
