"""The Dask engine: chunks run as tasks on a Dask cluster (a `LocalCluster` of `jobs` single-threaded worker
processes when no scheduler address is given). See docs/scale.md."""

from __future__ import annotations

from typing import Sequence

from cvlint.errors import UsageError
from cvlint.pipeline import Options, Source
from cvlint.run import worker
from cvlint.run.memory import memory_budget


class DaskEngine:
    """A Dask client, four chunks in flight per Dask worker; a task is never retried by Dask itself."""

    def __init__(self, options: Options, jobs: int, scheduler: str | None, memory_mb: int | None, analyse: bool):
        try:
            import dask
            from dask.distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise UsageError("--engine dask needs Dask: pip install 'cvlint[dask]'") from None

        self.options, self.analyse = options, analyse
        self.cluster = None
        with dask.config.set({"distributed.scheduler.allowed-failures": 1, "logging.distributed": "error"}):
            if scheduler:
                self.client = Client(scheduler, timeout="30s")
            else:
                budget = memory_budget(memory_mb)  # the nanny restarts a worker past this (+1 GiB for models)
                self.cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None, silence_logs=50,
                                            memory_limit=budget + 2**30 if budget else "auto")
                self.client = Client(self.cluster)
        self.in_flight = max(1, len(self.client.scheduler_info().get("workers", {})) or jobs) * 4
        self.completed = as_completed()
        self.futures: dict[str, object] = {}

    def submit(self, items: Sequence[tuple[str, Source]]) -> str:
        future = self.client.submit(worker.analyse_chunk_dask, items, self.options, self.analyse, pure=False,
                                    retries=0)
        self.futures[future.key] = future
        self.completed.add(future)
        return future.key

    def finished(self, running: Sequence[str]) -> Sequence[str]:
        return [next(self.completed).key]

    def result(self, key: str) -> list[dict]:
        future = self.futures.pop(key)
        try:
            return future.result()
        finally:
            future.release()

    def close(self, finished: bool) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
