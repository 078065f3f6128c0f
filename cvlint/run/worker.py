"""The worker: what runs inside a pool process (or a Dask worker) for a chunk of inputs.

`analyse_chunk` parses each input of a chunk under its own deadline, then lints and classifies the parsed
documents together (one ``nlp.pipe`` over all their bullets), and returns one report object per input.
A problem with one input never costs the others their rows: a document whose analysis fails or overruns
is retried alone. `init_worker` runs once per pool process: it starts the watchdog, loads the parsers, the spaCy
pipeline, the rules and the tier model (a no-op after a fork from a warm parent), and caps the process's memory.

Everything here is picklable module-level functions, so the same code runs under pebble, Dask, Ray or Spark.
"""

from __future__ import annotations

import contextlib
import threading
import time
from functools import lru_cache
from typing import Sequence

from cvlint.errors import UsageError
from cvlint.model import Document, Failure, Report
from cvlint.pipeline import Options, Source, analyse_documents, parse_one, tool_info
from cvlint.run.deadlines import JOINT_OVERRUN_EXIT, OVERRUN_EXIT, FileTimeout, deadline, watch, watched
from cvlint.run.failures import failure
from cvlint.run.memory import cap_memory


def init_worker(options: Options, memory_bytes: int, parent: int, analyse: bool = True) -> None:
    """Pool initializer: load what every task needs, then cap memory and follow the parent's death."""
    watch(parent)
    with contextlib.suppress(Exception):  # a failing load is raised again by the first task
        warm(options, analyse)
    if memory_bytes:
        cap_memory(memory_bytes)


WARM_UP_CV = (b"Experience\nData Analyst | Acme | 2020 - 2022\n"
              b"- Cut the monthly report time by 40% for 3 finance teams by automating the close.\n")


_warmed: set = set()
_warming = threading.Lock()


def warm(options: Options, analyse: bool = True) -> None:
    """Import the parsers and load the language model, the spaCy pipeline, the rules and the tier model now, once
    per process (each module caches what it loads), so that forked workers share them and no input's time limit
    pays for them."""
    if (options, analyse) in _warmed:
        return
    with _warming:
        if (options, analyse) not in _warmed:
            _warm(options, analyse)
            _warmed.add((options, analyse))


def _warm(options: Options, analyse: bool) -> None:
    import importlib

    for module in ("cvlint.parse.pdf", "cvlint.parse.docx", "cvlint.parse.jsonresume", "cvlint.output.json"):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    doc = parse_one("-", WARM_UP_CV, options)
    if analyse:
        tool(options)
        if isinstance(doc, Document):
            analyse_documents([doc], options)


@lru_cache(maxsize=8)
def tool(options: Options) -> dict:
    """The report's `tool` block, computed once per process and options."""
    return tool_info(options)


def _parse(label: str, source: Source, options: Options, seconds: float, index: int) -> Document | Failure:
    try:
        with watched(seconds, OVERRUN_EXIT + index), deadline(seconds):
            return parse_one(label, source, options)
    except UsageError:
        raise
    except (FileTimeout, Exception) as exc:  # noqa: BLE001 - an unexpected parser error costs this input only
        if options.debug and not isinstance(exc, (FileTimeout, MemoryError)):
            raise
        return failure(label, exc, timeout=options.limits.timeout)


def _analyse(docs: list[Document], options: Options, seconds: float) -> list[Report | Failure]:
    """Lint and classify documents together; if that fails or overruns, each alone, so one cannot sink the
    rest."""
    try:
        with watched(seconds, JOINT_OVERRUN_EXIT), deadline(seconds):
            return list(analyse_documents(docs, options))
    except UsageError:  # a bad --model, rules folder or tier model: not this input's fault
        raise
    except (FileTimeout, Exception) as exc:  # noqa: BLE001 - a bug met on one input costs that input only
        if options.debug and not isinstance(exc, (FileTimeout, MemoryError)):
            raise
        if len(docs) == 1:
            return [failure(docs[0].path, exc, timeout=options.limits.timeout)]
    share = seconds / len(docs)
    return [_analyse([doc], options, share)[0] for doc in docs]


def analyse_chunk(items: Sequence[tuple[str, Source]], options: Options, analyse: bool = True) -> list[dict]:
    """One report object per (label, path-or-bytes) input, in the chunk's order.

    Each input has `options.limits.timeout` seconds in all: parsing runs under that deadline, and the
    joint analysis of the parsed documents under the sum of what they have left.
    With `analyse=False` the documents are only parsed (benchmarks use it to isolate the parse stage).
    """
    from cvlint.output.json import report_dict

    warm(options, analyse)  # loads outside any input's deadline; a no-op once done in this process
    limit = options.limits.timeout
    results: list[Report | Failure | Document] = []
    left: list[float] = []
    for index, (label, source) in enumerate(items):
        start = time.perf_counter()
        results.append(_parse(label, source, options, limit, index))
        left.append(max(limit - (time.perf_counter() - start), 0.05 * limit))
    docs = [(i, r) for i, r in enumerate(results) if isinstance(r, Document)]
    if docs and analyse:
        reports = _analyse([d for _, d in docs], options, sum(left[i] for i, _ in docs))
        for (i, _), report in zip(docs, reports):
            results[i] = report
    elif docs:
        for i, doc in docs:
            results[i] = Report(doc.path, doc, ())
    info = tool(options) if analyse and any(isinstance(r, Report) for r in results) else None
    return [report_dict(r, info) for r in results]


def analyse_chunk_dask(items: Sequence[tuple[str, Source]], options: Options, analyse: bool = True) -> list[dict]:
    """`analyse_chunk` as a Dask task: with the watchdog that ends this worker process when an input is stuck past
    its deadline in C code (the nanny starts a fresh one; the client then retries the chunk input by input)."""
    watch(None)
    return analyse_chunk(items, options, analyse)
