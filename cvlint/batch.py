"""Run many inputs in worker processes and yield one report object per input.

Local engine: a pebble `ProcessPool` of `jobs` workers. Inputs go out in small chunks (`CHUNK` files per
task, fewer when the batch is small) so a worker runs one `nlp.pipe` over several CVs. Every chunk has a hard
timeout of `timeout` seconds per file it holds; inside the worker each file also has its own deadline, so a
slow file normally costs only itself. A chunk whose worker is killed (hard timeout), dies (crash, memory cap)
or raises is retried file by file, so the one bad input gets its error row (`timeout`, `too-large`,
`crashed`) and the others get theirs as usual. The pool replaces dead workers.

Rows are yielded as soon as they may be: with `ordered=True` (the default, `--sort`) in input order, holding
finished rows back until every earlier input is done; with `ordered=False` (`--no-sort`) the moment each
chunk finishes. Either way every input gets exactly one row. To bound what is held back, no chunk is started
more than `WINDOW` inputs ahead of the first unfinished one.

Dask engine: the same chunks, as tasks on a Dask cluster (a `LocalCluster` of `jobs` single-threaded worker
processes when no scheduler address is given). See docs/scale.md.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, TimeoutError as FutureTimeout, wait
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from cvlint.pipeline import Options, Source

CHUNK = 4          # files per task, at most (see docs/performance.md for the measurement behind it)
WINDOW = 512       # inputs a chunk may start ahead of the first unfinished input (ordered mode)
GRACE = 2.0        # seconds added to a chunk's hard timeout (pickling, scheduling)


@dataclass(slots=True)
class _Chunk:
    start: int                          # index of its first input
    items: list[tuple[str, Source]]
    retry: bool = False                 # a single input re-run after its chunk failed


def chunk_size(n: int, jobs: int, chunk: int | None = None) -> int:
    """Files per task: `chunk` (default CHUNK), but small enough that each worker gets about four tasks."""
    from cvlint.workers import MAX_CHUNK

    size = min(chunk or CHUNK, MAX_CHUNK)
    return max(1, min(size, math.ceil(n / (max(jobs, 1) * 4))))


def run(inputs: Sequence[tuple[str, Source]], options: Options, *, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None, ordered: bool = True, progress: bool = False, memory_mb: int | None = None,
        chunk: int | None = None, analyse: bool = True) -> Iterator[dict]:
    """One DESIGN §3 object per input: in input order (`ordered`), or as they finish.

    `progress` shows a rich progress bar on stderr when stderr is a terminal. `memory_mb` caps each local
    worker's extra address space (default $CVLINT_MEMORY_MB or 1024; 0 = no cap). `chunk` overrides the files
    per task. `analyse=False` only parses (for benchmarks).
    """
    inputs = list(inputs)
    if not inputs:
        return
    size = chunk_size(len(inputs), jobs, chunk)
    chunks = [_Chunk(i, inputs[i:i + size]) for i in range(0, len(inputs), size)]
    if engine == "dask":
        rows = _run_dask(chunks, options, jobs, scheduler, ordered, memory_mb, analyse)
    elif engine == "local":
        rows = _run_local(chunks, options, jobs, ordered, memory_mb, analyse)
    else:
        raise ValueError(f"unknown engine {engine!r}")
    try:
        with _progress(len(inputs), progress) as advance:
            for _index, row in rows:
                advance()
                yield row
    finally:
        rows.close()  # stops the workers at once when the consumer stops early


# ------------------------------------------------------------------------------------------ ordering

class _Releaser:
    """Hold finished rows until they can be released: in input order, or at once."""

    def __init__(self, total: int, ordered: bool):
        self.total, self.ordered = total, ordered
        self.next = 0          # first input not yet released (ordered mode)
        self.held: dict[int, dict] = {}
        self.released = 0

    def add(self, start: int, rows: list[dict]) -> Iterator[tuple[int, dict]]:
        if not self.ordered:
            for offset, row in enumerate(rows):
                self.released += 1
                yield start + offset, row
            return
        for offset, row in enumerate(rows):
            self.held[start + offset] = row
        while self.next in self.held:
            self.released += 1
            yield self.next, self.held.pop(self.next)
            self.next += 1

    def may_start(self, chunk: _Chunk) -> bool:
        return not self.ordered or chunk.start < self.next + WINDOW

    @property
    def done(self) -> bool:
        return self.released >= self.total


# ------------------------------------------------------------------------------------------ local engine

def _context():
    """fork where the platform has it: a replacement worker starts in milliseconds, sharing the parent's
    imports; elsewhere the platform's default (each worker then imports and loads for itself)."""
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return multiprocessing.get_context()


def _run_local(chunks: list[_Chunk], options: Options, jobs: int, ordered: bool, memory_mb: int | None,
               analyse: bool) -> Iterator[tuple[int, dict]]:
    from pebble import ProcessPool

    from cvlint import workers

    total = sum(len(c.items) for c in chunks)
    releaser = _Releaser(total, ordered)
    n_workers = max(1, min(jobs, len(chunks)))
    context = _context()
    if context.get_start_method() == "fork":
        # Load the pipeline, rules and tier model here, once: forked workers (and their replacements) share
        # it, and a bad --model or rules folder is one usage error instead of an error row per input.
        # The cyclic GC is paused while they load (they are long-lived; collecting during the load cost about
        # 0.1 s of a one-CV check) and then kept off them, so forked workers do not copy the pages it would
        # touch (measured: a worker's unique memory falls from about 180 to 130 MiB). Undone when the batch ends.
        # Paused by threshold, not gc.disable(): spaCy's msgpack loader switches the GC back on.
        thresholds = gc.get_threshold()
        gc.set_threshold(0)
        try:
            workers.warm(options, analyse)
        finally:
            gc.freeze()
            gc.set_threshold(*thresholds)
    pool = ProcessPool(max_workers=n_workers, initializer=workers.init_worker,
                       initargs=(options, workers.memory_budget(memory_mb), os.getpid(), analyse),
                       context=context)
    waiting: deque[_Chunk] = deque(chunks)
    running: dict = {}
    limit = options.limits.timeout
    in_flight = n_workers * 2
    finished = False
    try:
        while not releaser.done:
            while waiting and len(running) < in_flight and (waiting[0].retry or releaser.may_start(waiting[0])):
                c = waiting.popleft()
                future = pool.schedule(workers.analyse_chunk, args=(c.items, options, analyse),
                                       timeout=limit * len(c.items) + GRACE)
                running[future] = c
            if not running:  # cannot happen: the window always admits the first unfinished chunk
                raise RuntimeError("batch scheduler stalled")
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: running[f].start):
                c = running.pop(future)
                settled, again = _settle(future, c, options)
                waiting.extendleft(reversed(again))  # retried inputs go first: they hold up the output
                for index, row in settled:
                    yield from releaser.add(index, [row])
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # the consumer stopped early (closed pipe, Ctrl-C): stop the workers now
            pool.stop()
        pool.join()
        gc.unfreeze()


def _settle(future, chunk: _Chunk, options: Options) -> tuple[list[tuple[int, dict]], list[_Chunk]]:
    """The (index, row) pairs a finished task settles, and the inputs to run again, one per task."""
    from pebble import ProcessExpired

    from cvlint.errors import UsageError
    from cvlint.output.json import failure_dict
    from cvlint.workers import JOINT_OVERRUN_EXIT, OVERRUN_EXIT, _internal, _timeout, _too_large

    try:
        return list(enumerate(future.result(), chunk.start)), []
    except UsageError:  # the configuration, not this input: stop the batch with one usage error
        raise
    except BaseException as exc:  # noqa: BLE001 - whatever went wrong, every input still gets its row
        failed = exc
    items = chunk.items
    culprit = None
    if isinstance(failed, ProcessExpired) and OVERRUN_EXIT <= (failed.exitcode or 0) < JOINT_OVERRUN_EXIT:
        culprit = failed.exitcode - OVERRUN_EXIT  # the worker's watchdog named the input that overran
        if culprit >= len(items):
            culprit = None
    if culprit is None and len(items) > 1:
        return [], [_Chunk(chunk.start + k, [item], retry=True) for k, item in enumerate(items)]
    k = culprit or 0
    label = items[k][0]
    if culprit is not None or isinstance(failed, FutureTimeout) or (
            isinstance(failed, ProcessExpired) and failed.exitcode == JOINT_OVERRUN_EXIT):
        failure = _timeout(label, options.limits.timeout)
    elif isinstance(failed, MemoryError):
        failure = _too_large(label)
    elif isinstance(failed, ProcessExpired):
        failure = _died(label, failed.exitcode)
    else:
        if options.debug:
            _show_remote(failed)
            raise failed
        failure = _internal(label, failed)
    again = [_Chunk(chunk.start + j, [item], retry=True) for j, item in enumerate(items) if j != k]
    return [(chunk.start + k, failure_dict(failure))], again


def _died(label: str, exitcode: int | None):
    import signal

    from cvlint.model import Failure

    how = f"exit code {exitcode}"
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"signal {-exitcode}"
    return Failure(label, "crashed", f"its worker process ended abruptly ({how}), perhaps out of memory")


def _show_remote(exc: BaseException) -> None:
    trace = getattr(exc, "traceback", None) or getattr(getattr(exc, "__cause__", None), "traceback", None)
    if trace:
        sys.stderr.write(f"cvlint: worker traceback:\n{trace}\n")


# ------------------------------------------------------------------------------------------- dask engine

def _run_dask(chunks: list[_Chunk], options: Options, jobs: int, scheduler: str | None, ordered: bool,
              memory_mb: int | None, analyse: bool) -> Iterator[tuple[int, dict]]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        from cvlint.errors import UsageError

        raise UsageError("--engine dask needs Dask: pip install 'cvlint[dask]'") from None
    import dask

    from cvlint import workers
    from cvlint.errors import UsageError
    from cvlint.output.json import failure_dict

    total = sum(len(c.items) for c in chunks)
    releaser = _Releaser(total, ordered)
    cluster = None
    with dask.config.set({"distributed.scheduler.allowed-failures": 1, "logging.distributed": "error"}):
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            budget = workers.memory_budget(memory_mb)  # the nanny restarts a worker past this (+1 GiB for models)
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=50,
                                   memory_limit=budget + 2**30 if budget else "auto")
            client = Client(cluster)
    try:
        workers_n = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        in_flight = workers_n * 4
        waiting: deque[_Chunk] = deque(chunks)
        running = as_completed()
        meta: dict = {}

        def submit():
            while waiting and len(meta) < in_flight and (waiting[0].retry or releaser.may_start(waiting[0])):
                c = waiting.popleft()
                future = client.submit(workers.analyse_chunk_dask, c.items, options, analyse, pure=False, retries=0)
                meta[future.key] = c
                running.add(future)

        submit()
        while not releaser.done:
            future = next(running)
            c = meta.pop(future.key)
            try:
                rows = future.result()
            except UsageError:
                raise
            except Exception as exc:  # noqa: BLE001 - KilledWorker, an error in the task, a lost worker
                if options.debug:
                    raise
                rows = None
                failed = exc
            finally:
                future.release()
            if rows is None and len(c.items) > 1:  # run its inputs one at a time, first
                waiting.extendleft(reversed([_Chunk(c.start + k, [item], retry=True)
                                             for k, item in enumerate(c.items)]))
            else:
                if rows is None:
                    rows = [failure_dict(_dask_failure(c.items[0][0], failed))]
                yield from releaser.add(c.start, rows)
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_failure(label: str, exc: BaseException):
    from cvlint.model import Failure
    from cvlint.workers import _internal, _too_large

    if type(exc).__name__ == "KilledWorker":
        return Failure(label, "crashed", "the Dask worker analysing it ended: out of memory, or stuck past its "
                                         "time limit in code that cannot be interrupted")
    if isinstance(exc, MemoryError):
        return _too_large(label)
    return _internal(label, exc)


# ------------------------------------------------------------------------------------------------ progress

class _progress:
    """A rich progress bar on stderr (count, rate, ETA), only when asked and stderr is a terminal."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled and _stderr_is_tty()
        self.bar = None

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.bar = Progress(TextColumn("cvlint"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), console=Console(stderr=True), transient=True,
                            refresh_per_second=4, redirect_stdout=False)  # rows on stdout stay on stdout
        self.bar.start()
        task = self.bar.add_task("check", total=self.total, rate="")
        started = time.monotonic()
        state = {"n": 0}

        def advance() -> None:
            state["n"] += 1
            elapsed = time.monotonic() - started
            rate = f"{state['n'] / elapsed:.1f} CV/s" if elapsed > 0 else ""
            self.bar.update(task, advance=1, rate=rate)

        return advance

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False

