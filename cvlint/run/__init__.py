"""The batch runtime: many inputs in, one report object per input out (`schedule.run`).

`failures` maps an exception to an input's error row; `deadlines` holds the per-file deadline and the watchdog;
`worker` is what a worker process runs for a chunk; `schedule` is the one scheduling loop, over two engines
(`local`: worker processes, `dask_engine`: a Dask cluster); `memory`, `progress`, `resume` and `outcome` (the exit
code) are its small helpers. Nothing below this package imports it except the leaf `failures` (and `deadlines`,
which it needs), so that the in-process pipeline maps exceptions the same way.
"""
