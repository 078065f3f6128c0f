"""The local engine: chunks run in a pebble `ProcessPool` of worker processes on this machine.

Every chunk has a hard timeout of `timeout` seconds per file it holds (plus `GRACE`); inside the worker each file
also has its own deadline, so a slow file normally costs only itself. The pool replaces a worker that is killed
or dies.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, wait
from typing import Sequence

from cvlint.pipeline import Options, Source
from cvlint.run import worker
from cvlint.run.memory import memory_budget

GRACE = 2.0        # seconds added to a chunk's hard timeout (pickling, scheduling)


def _context():
    """fork where the platform has it: a replacement worker starts in milliseconds, sharing the parent's
    imports; elsewhere the platform's default (each worker then imports and loads for itself)."""
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return multiprocessing.get_context()


class LocalEngine:
    """`workers` pool processes, two chunks in flight per worker."""

    def __init__(self, options: Options, workers: int, memory_mb: int | None, analyse: bool):
        from pebble import ProcessPool

        self.options, self.analyse = options, analyse
        self.in_flight = workers * 2
        context = _context()
        if context.get_start_method() == "fork":
            # Load the pipeline, rules and tier model here, once: forked workers (and their replacements) share
            # it, and a bad --model or rules folder is one usage error instead of an error row per input.
            # The cyclic GC is paused while they load (they are long-lived; collecting during the load cost about
            # 0.1 s of a one-CV check) and then kept off them, so forked workers do not copy the pages it would
            # touch (measured: a worker's unique memory falls from about 180 to 130 MiB). Undone at close().
            # Paused by threshold, not gc.disable(): spaCy's msgpack loader switches the GC back on.
            thresholds = gc.get_threshold()
            gc.set_threshold(0)
            try:
                worker.warm(options, analyse)
            finally:
                gc.freeze()
                gc.set_threshold(*thresholds)
        self.pool = ProcessPool(max_workers=workers, initializer=worker.init_worker,
                                initargs=(options, memory_budget(memory_mb), os.getpid(), analyse), context=context)

    def submit(self, items: Sequence[tuple[str, Source]]):
        return self.pool.schedule(worker.analyse_chunk, args=(items, self.options, self.analyse),
                                  timeout=self.options.limits.timeout * len(items) + GRACE)

    def finished(self, running: Sequence) -> Sequence:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        return list(done)

    def result(self, future) -> list[dict]:
        return future.result()

    def close(self, finished: bool) -> None:
        if finished:
            self.pool.close()
        else:  # the consumer stopped early (closed pipe, Ctrl-C): stop the workers now
            self.pool.stop()
        self.pool.join()
        gc.unfreeze()
