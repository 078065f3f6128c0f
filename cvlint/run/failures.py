"""The one place an exception met on one input becomes that input's `Failure` (its error row).

A leaf: it imports only the error codes, the model and the deadline's exception, so the in-process pipeline
(`cvlint.pipeline.parse_one`), the worker and both schedulers map exceptions the same way. Pebble's and Dask's
exceptions are recognised by name, so neither library is imported here.
"""

from __future__ import annotations

import signal
from concurrent.futures import TimeoutError as FutureTimeout

from cvlint.errors import CvlintError
from cvlint.model import Failure
from cvlint.run.deadlines import JOINT_OVERRUN_EXIT, FileTimeout, overrun_index

_OUT_OF_MEMORY = {
    True: ("reading it needs more memory than this process has", "check the file: no CV needs this much"),
    False: ("analysing it needs more memory than a worker may use",
            "raise the CVLINT_MEMORY_MB environment variable if the file is trusted"),
}


def failure(label: str, exc: BaseException, *, timeout: float, reading: bool = False) -> Failure:
    """The Failure for `exc`, raised while reading (`reading`) or analysing input `label`, or by the process that
    ran it; `timeout` is the per-file limit a timeout row quotes."""
    if isinstance(exc, CvlintError):
        return Failure(label, exc.code, exc.message, exc.hint)
    if isinstance(exc, (FileTimeout, FutureTimeout)) or _overran(exc):
        return Failure(label, "timeout", f"analysis took longer than {timeout:g} s")
    if isinstance(exc, MemoryError):
        return Failure(label, "too-large", *_OUT_OF_MEMORY[reading])
    if type(exc).__name__ == "ProcessExpired":
        return Failure(label, "crashed", f"its worker process ended abruptly ({_how(exc.exitcode)}), "
                                         f"perhaps out of memory")
    if type(exc).__name__ == "KilledWorker":
        return Failure(label, "crashed", "the Dask worker analysing it ended: out of memory, or stuck past its "
                                         "time limit in code that cannot be interrupted")
    return Failure(label, "internal", f"cvlint failed on this file with {type(exc).__name__}")


def _overran(exc: BaseException) -> bool:
    """A pool worker that its watchdog ended because an input (or the chunk's joint analysis) overran."""
    if type(exc).__name__ != "ProcessExpired":
        return False
    return overrun_index(exc.exitcode) is not None or exc.exitcode == JOINT_OVERRUN_EXIT


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"
