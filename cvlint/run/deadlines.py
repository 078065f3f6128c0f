"""Deadlines and the watchdog: how one input's time limit is enforced inside a worker.

`deadline(seconds)` raises `FileTimeout` in the calling thread when a block overruns: Python code is interrupted
where it runs. Code stuck in a C extension that ignores it is ended by the worker's watchdog thread, which exits
the process with a code naming the input (`overrun_index`), so the scheduler gives that input its `timeout` row.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time
from typing import Iterator


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


def watch(parent: int | None) -> None:
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
def watched(seconds: float, exit_code: int) -> Iterator[None]:
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


def overrun_index(exitcode: int | None) -> int | None:
    """The input of a chunk whose overrun ended the worker with `exitcode`, or None (another end)."""
    if exitcode is not None and OVERRUN_EXIT <= exitcode < JOINT_OVERRUN_EXIT:
        return exitcode - OVERRUN_EXIT
    return None
