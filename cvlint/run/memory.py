"""A worker's memory budget: how many bytes it may add once warm, and the cap that enforces it."""

from __future__ import annotations

import contextlib
import os

DEFAULT_MEMORY_MB = 1024


def memory_budget(memory_mb: int | None = None) -> int:
    """Bytes each worker may add to its address space once warm: the argument, else $CVLINT_MEMORY_MB, else
    1024 MiB; 0 switches the cap off."""
    if memory_mb is None:
        env = os.environ.get("CVLINT_MEMORY_MB", "").strip()
        memory_mb = int(env) if env.isdigit() else DEFAULT_MEMORY_MB
    return max(0, int(memory_mb)) * 1024 * 1024


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
