"""The worker side of a batch: what runs inside a pool process (or a Dask worker) for a chunk of inputs.

`analyse_chunk` parses each input of a chunk under its own deadline, then lints and classifies the parsed
documents together (one ``nlp.pipe`` over all their bullets), and returns one DESIGN §3 object per input.
A problem with one input never costs the others their rows: a document whose analysis fails or overruns
is retried alone. `init_worker` runs once per pool process: it starts the watchdog (the worker exits when its
parent dies, or when an input is stuck past its deadline where the deadline cannot interrupt it), loads the
parsers, the spaCy pipeline, the rules and the tier model (a no-op after a fork from a warm parent), and caps
the process's address space.

Everything here is picklable module-level functions, so the same code runs under pebble, Dask, Ray or Spark.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time
from functools import lru_cache
from typing import Iterator, Sequence

from cvlint.errors import UsageError
from cvlint.model import Document, Failure, Report
from cvlint.pipeline import Options, Source, parse_one


class FileTimeout(BaseException):
    """An input overran its time limit. A BaseException so that no parser's `except Exception` swallows it."""


# ---------------------------------------------------------------------------------------------- deadlines

_lock = threading.Lock()


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in the calling thread when the block runs longer than `seconds`.

    In the main thread this is a SIGALRM timer (a caller's own timer is given back what it has left); elsewhere
    (a Dask worker thread) an asynchronous exception. Both interrupt Python code only: a C extension that loops
    without returning to the interpreter is ended by the worker's watchdog or the pool's hard timeout instead
    (the worker process exits and is replaced).
    """
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _async_exc(seconds):
            yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = True

    def fire(_signum, _frame):
        if armed:
            raise FileTimeout()

    previous = signal.signal(signal.SIGALRM, fire)
    started = time.monotonic()
    outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # a caller's own timer was running: give it back what it has left
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001), interval)


@contextlib.contextmanager
def _async_exc(seconds: float) -> Iterator[None]:
    tid = threading.get_ident()
    state = {"armed": True, "fired": False}

    def fire():
        with _lock:
            if state["armed"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(FileTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with _lock:
            state["armed"] = False
            timer.cancel()
            if state["fired"]:  # fired but not yet delivered: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)


# ------------------------------------------------------------------------------------------ worker set-up

DEFAULT_MEMORY_MB = 1024


def memory_budget(memory_mb: int | None = None) -> int:
    """Bytes each worker may add to its address space once warm: the argument, else $CVLINT_MEMORY_MB, else
    1024 MiB; 0 switches the cap off."""
    if memory_mb is None:
        env = os.environ.get("CVLINT_MEMORY_MB", "").strip()
        memory_mb = int(env) if env.isdigit() else DEFAULT_MEMORY_MB
    return max(0, int(memory_mb)) * 1024 * 1024


def init_worker(options: Options, memory_bytes: int, parent: int, analyse: bool = True) -> None:
    """Pool initializer: load what every task needs, then cap memory and follow the parent's death."""
    _watch(parent)
    with contextlib.suppress(Exception):  # a failing load is raised again by the first task
        warm(options, analyse)
    if memory_bytes:
        cap_memory(memory_bytes)


def cap_memory(extra_bytes: int) -> None:
    """Limit this process's address space to what it uses now plus `extra_bytes` (RLIMIT_AS).

    An input that needs more makes allocations fail: MemoryError in Python (-> `too-large`), or the worker
    dying in a C extension (-> `crashed`); either way the batch goes on with a fresh worker.
    """
    import resource

    current = _vm_size()
    if current is None:
        return
    limit = current + extra_bytes
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _vm_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import psutil

        return psutil.Process().memory_info().vms
    except Exception:  # noqa: BLE001 - no way to measure: no cap
        return None


# A worker's watchdog thread ends the process when its parent is gone (kill -9 of the batch), or when an input
# overran its deadline by OVERRUN_GRACE seconds without the deadline's exception taking effect (stuck in C code
# that released the GIL). The exit code tells the parent which input of the chunk it was, so that input gets
# its `timeout` row and only the others are run again.
OVERRUN_GRACE = 1.0
OVERRUN_EXIT = 150            # exit code OVERRUN_EXIT + k: input k of the chunk overran
JOINT_OVERRUN_EXIT = 250      # the joint analysis of the chunk's documents overran
MAX_CHUNK = JOINT_OVERRUN_EXIT - OVERRUN_EXIT


class _Watch:
    active = False
    deadlines: dict[int, tuple[float, int]] = {}   # thread id -> (monotonic deadline, exit code)


def _watch(parent: int | None) -> None:
    """Start this process's watchdog (once): pool workers and Dask workers only, never a caller's process."""
    if _Watch.active:
        return

    def loop():
        while True:
            time.sleep(0.2)
            if parent is not None and os.getppid() != parent:
                os._exit(0)
            now = time.monotonic()
            for limit, code in list(_Watch.deadlines.values()):
                if now > limit:
                    os._exit(code)

    _Watch.active = True
    threading.Thread(target=loop, name="cvlint-watchdog", daemon=True).start()


@contextlib.contextmanager
def _watched(seconds: float, exit_code: int) -> Iterator[None]:
    """Arm the watchdog for a block that has `seconds` (a no-op where no watchdog runs)."""
    if not _Watch.active:
        yield
        return
    tid = threading.get_ident()
    _Watch.deadlines[tid] = (time.monotonic() + seconds + OVERRUN_GRACE, exit_code)
    try:
        yield
    finally:
        _Watch.deadlines.pop(tid, None)


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
            from cvlint.pipeline import analyse_documents

            analyse_documents([doc], options)


@lru_cache(maxsize=8)
def tool(options: Options) -> dict:
    """The report's `tool` block, computed once per process and options."""
    from cvlint.api import tool_info

    return tool_info(options)


# ------------------------------------------------------------------------------------------------- a chunk

def _failure(label: str, code: str, message: str, hint: str | None = None) -> Failure:
    return Failure(label, code, message, hint)


def _timeout(label: str, seconds: float) -> Failure:
    return _failure(label, "timeout", f"analysis took longer than {seconds:g} s")


def _too_large(label: str) -> Failure:
    return _failure(label, "too-large", "analysing it needs more memory than a worker may use",
                    "raise the CVLINT_MEMORY_MB environment variable if the file is trusted")


def _internal(label: str, exc: BaseException) -> Failure:
    return _failure(label, "internal", f"cvlint failed on this file with {type(exc).__name__}")


def _parse(label: str, source: Source, options: Options, seconds: float, index: int) -> Document | Failure:
    try:
        with _watched(seconds, OVERRUN_EXIT + index), deadline(seconds):
            parsed = parse_one(label, source, options)
    except FileTimeout:
        return _timeout(label, options.limits.timeout)
    except MemoryError:
        return _too_large(label)
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - an unexpected parser error costs this input only
        if options.debug:
            raise
        return _internal(label, exc)
    return parsed


def _analyse(docs: list[Document], options: Options, seconds: float) -> list[Report | Failure]:
    """Lint and classify documents together; if that fails or overruns, each alone, so one cannot sink the
    rest."""
    from cvlint.pipeline import analyse_documents

    try:
        with _watched(seconds, JOINT_OVERRUN_EXIT), deadline(seconds):
            return list(analyse_documents(docs, options))
    except FileTimeout:
        if len(docs) == 1:
            return [_timeout(docs[0].path, options.limits.timeout)]
    except MemoryError:
        if len(docs) == 1:
            return [_too_large(docs[0].path)]
    except UsageError:  # a bad --model, rules folder or tier model: not this input's fault
        raise
    except Exception as exc:  # noqa: BLE001 - a bug met on one input costs that input only
        if options.debug:
            raise
        if len(docs) == 1:
            return [_internal(docs[0].path, exc)]
    share = seconds / len(docs)
    return [_analyse([doc], options, share)[0] for doc in docs]


def analyse_chunk(items: Sequence[tuple[str, Source]], options: Options, analyse: bool = True) -> list[dict]:
    """One DESIGN §3 object per (label, path-or-bytes) input, in the chunk's order.

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
    _watch(None)
    return analyse_chunk(items, options, analyse)
