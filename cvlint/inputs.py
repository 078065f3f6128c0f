"""Turn command-line arguments into the list of inputs: files, folders (recursive) and '-' for stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from cvlint.errors import UsageError

EXTENSIONS = (".pdf", ".docx", ".txt", ".md", ".markdown", ".json")


def collect(arguments: tuple[str, ...], *, sort: bool = True) -> list[tuple[str, str | bytes]]:
    """(label, path or bytes) per input; a folder contributes its CV files, recursively, in sorted order."""
    inputs: list[tuple[str, str | bytes]] = []
    for arg in arguments:
        if arg == "-":
            inputs.append(("-", sys.stdin.buffer.read()))
            continue
        path = Path(arg)
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file()]
            inputs.extend((str(p), str(p)) for p in (sorted(found) if sort else found))
        elif path.exists():
            inputs.append((arg, arg))
        else:
            raise UsageError(f"{arg}: no such file or folder")
    return inputs
