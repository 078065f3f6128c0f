"""Run many inputs through an engine and yield one report object per input: the one scheduling loop.

Inputs go out in small chunks (`CHUNK` files per task, fewer when the batch is small) so a worker runs one
`nlp.pipe` over several CVs. An engine (`run.local`: pebble worker processes; `run.dask_engine`: a Dask cluster)
only submits chunks and hands back finished ones; everything else is decided here, once for both. A chunk that
fails as a whole (its worker killed at the hard timeout, dead, or raising) is run again input by input, so the one
bad input gets its error row (`timeout`, `too-large`, `crashed`, `internal`) and the others get theirs as usual;
when the worker's watchdog named the input that overran, only the others run again.

Rows are yielded as soon as they may be: with `ordered=True` (the default, `--sort`) in input order, holding
finished rows back until every earlier input is done; with `ordered=False` (`--no-sort`) the moment each
chunk finishes. Either way every input gets exactly one row. To bound what is held back, no chunk is started
more than `WINDOW` inputs ahead of the first unfinished one.
"""

from __future__ import annotations

import math
import sys
from collections import deque
from dataclasses import dataclass
from typing import Hashable, Iterator, Protocol, Sequence

from cvlint.errors import UsageError
from cvlint.pipeline import Options, Source
from cvlint.run.deadlines import MAX_CHUNK, overrun_index
from cvlint.run.failures import failure
from cvlint.run.progress import ProgressBar

CHUNK = 4          # files per task, at most (see docs/performance.md for the measurement behind it)
WINDOW = 512       # inputs a chunk may start ahead of the first unfinished input (ordered mode)


@dataclass(slots=True)
class Chunk:
    start: int                          # index of its first input
    items: list[tuple[str, Source]]
    retry: bool = False                 # a single input re-run after its chunk failed


class Engine(Protocol):
    """Where chunks run. `in_flight`: how many may be submitted at once."""

    in_flight: int

    def submit(self, items: list[tuple[str, Source]]) -> Hashable:
        """Start a chunk's inputs; a handle for `finished` and `result`."""

    def finished(self, running: Sequence[Hashable]) -> Sequence[Hashable]:
        """Wait until at least one submitted chunk is done; return the handles of those done."""

    def result(self, handle: Hashable) -> list[dict]:
        """The finished chunk's rows, or the exception that ended it, raised."""

    def close(self, finished: bool) -> None:
        """Release the workers: at once when the batch did not finish (the consumer stopped early)."""


def chunk_size(n: int, jobs: int, chunk: int | None = None) -> int:
    """Files per task: `chunk` (default CHUNK), but small enough that each worker gets about four tasks."""
    size = min(chunk or CHUNK, MAX_CHUNK)
    return max(1, min(size, math.ceil(n / (max(jobs, 1) * 4))))


def run(inputs: Sequence[tuple[str, Source]], options: Options, *, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None, ordered: bool = True, progress: bool = False, memory_mb: int | None = None,
        chunk: int | None = None, analyse: bool = True) -> Iterator[dict]:
    """One report object per input: in input order (`ordered`), or as they finish.

    `engine` is "local" (worker processes) or "dask" (`scheduler`: a cluster's address; a local cluster if
    omitted). `progress` shows a progress bar on stderr when stderr is a terminal. `memory_mb` caps each worker's
    extra memory (default $CVLINT_MEMORY_MB or 1024; 0 = no cap). `chunk` overrides the files per task.
    `analyse=False` only parses (for benchmarks).
    """
    inputs = list(inputs)
    if not inputs:
        return
    size = chunk_size(len(inputs), jobs, chunk)
    chunks = [Chunk(i, inputs[i:i + size]) for i in range(0, len(inputs), size)]
    if engine == "dask":
        from cvlint.run.dask_engine import DaskEngine

        runner = DaskEngine(options, jobs, scheduler, memory_mb, analyse)
    elif engine == "local":
        from cvlint.run.local import LocalEngine

        runner = LocalEngine(options, max(1, min(jobs, len(chunks))), memory_mb, analyse)
    else:
        raise ValueError(f"unknown engine {engine!r}")
    rows = _schedule(runner, chunks, options, ordered)
    try:
        with ProgressBar(len(inputs), progress) as advance:
            for row in rows:
                advance()
                yield row
    finally:
        rows.close()  # stops the workers at once when the consumer stops early


class _Releaser:
    """Hold finished rows until they can be released: in input order, or at once."""

    def __init__(self, total: int, ordered: bool):
        self.total, self.ordered = total, ordered
        self.next = 0          # first input not yet released (ordered mode)
        self.held: dict[int, dict] = {}
        self.released = 0

    def add(self, index: int, row: dict) -> Iterator[dict]:
        if not self.ordered:
            self.released += 1
            yield row
            return
        self.held[index] = row
        while self.next in self.held:
            self.released += 1
            yield self.held.pop(self.next)
            self.next += 1

    def may_start(self, chunk: Chunk) -> bool:
        return chunk.retry or not self.ordered or chunk.start < self.next + WINDOW

    @property
    def done(self) -> bool:
        return self.released >= self.total


def _schedule(engine: Engine, chunks: list[Chunk], options: Options, ordered: bool) -> Iterator[dict]:
    releaser = _Releaser(sum(len(c.items) for c in chunks), ordered)
    waiting: deque[Chunk] = deque(chunks)
    running: dict[Hashable, Chunk] = {}
    finished = False
    try:
        while not releaser.done:
            while waiting and len(running) < engine.in_flight and releaser.may_start(waiting[0]):
                c = waiting.popleft()
                running[engine.submit(c.items)] = c
            if not running:  # cannot happen: the window always admits the first unfinished chunk
                raise RuntimeError("batch scheduler stalled")
            for handle in sorted(engine.finished(list(running)), key=lambda h: running[h].start):
                c = running.pop(handle)
                settled, again = _settle(engine, handle, c, options)
                waiting.extendleft(reversed(again))  # retried inputs go first: they hold up the output
                for index, row in settled:
                    yield from releaser.add(index, row)
        finished = True
    finally:
        engine.close(finished)


Settled = tuple[list[tuple[int, dict]], list[Chunk]]  # (input index, row) pairs, and the chunks to run again


def _settle(engine: Engine, handle: Hashable, chunk: Chunk, options: Options) -> Settled:
    """The (index, row) pairs a finished chunk settles, and the inputs to run again, one per chunk."""
    from cvlint.output.json import failure_dict

    try:
        return list(enumerate(engine.result(handle), chunk.start)), []
    except UsageError:  # the configuration, not this input: stop the batch with one usage error
        raise
    except BaseException as exc:  # noqa: BLE001 - whatever went wrong, every input still gets its row
        failed = exc
    items = chunk.items
    culprit = overrun_index(getattr(failed, "exitcode", None))  # the worker's watchdog named the input
    if culprit is not None and culprit >= len(items):
        culprit = None
    if culprit is None and len(items) > 1:
        return [], [Chunk(chunk.start + k, [item], retry=True) for k, item in enumerate(items)]
    k = culprit or 0
    lost = failure(items[k][0], failed, timeout=options.limits.timeout)
    if lost.code == "internal" and options.debug:
        _show_remote(failed)
        raise failed
    again = [Chunk(chunk.start + j, [item], retry=True) for j, item in enumerate(items) if j != k]
    return [(chunk.start + k, failure_dict(lost))], again


def _show_remote(exc: BaseException) -> None:
    trace = getattr(exc, "traceback", None) or getattr(getattr(exc, "__cause__", None), "traceback", None)
    if trace:
        sys.stderr.write(f"cvlint: worker traceback:\n{trace}\n")
