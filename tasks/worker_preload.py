"""Imported once by the worker server of the analysis (tasks/analysis_runner.py), before it
forks a worker: Prefect's installed collections loaded there, not by each worker, and what
the server imported set aside from the garbage collector.

Prefect loads every installed collection (prefect-dask, and with it dask.distributed) the
first time a process builds a block, which a worker process does on its first task: the
run's result storage in the task's context. That took 0.44-0.49 s of CPU in each worker
while the first batch waited; loaded by the worker server, each worker is forked with the
collections already loaded.

`gc.freeze()`: the modules imported here (Prefect, the analysis: about 170,000 objects) live
as long as the worker. Each full collection in a worker walked them all again while a batch's
results piled up; frozen, a worker's collections walk only what its tasks made. The last of
WORKER_MODULES, so everything the server imported is frozen.
"""

import gc

from prefect.plugins import load_prefect_collections

load_prefect_collections()
gc.freeze()
