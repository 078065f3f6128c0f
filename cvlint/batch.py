"""Run many inputs and yield one report object per input."""

from __future__ import annotations

from typing import Iterator, Sequence

from cvlint.model import Failure
from cvlint.pipeline import Options, Source, analyse

CHUNK = 16


def run(inputs: Sequence[tuple[str, Source]], options: Options, *, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None) -> Iterator[dict]:
    """One DESIGN §3 object per input, in input order, analysed in chunks in this process."""
    from cvlint.api import tool_info
    from cvlint.output.json import report_dict

    tool = None
    for start in range(0, len(inputs), CHUNK):
        results = analyse(inputs[start:start + CHUNK], options)
        if tool is None and not all(isinstance(r, Failure) for r in results):
            tool = tool_info(options)
        for result in results:
            yield report_dict(result, tool)
