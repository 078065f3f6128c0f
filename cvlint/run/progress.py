"""The batch's progress bar: a rich bar on stderr (count, rate, ETA), only when asked and stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import Callable


class ProgressBar:
    """Used as `with ProgressBar(total, enabled) as advance:`; `advance()` counts one finished input."""

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

