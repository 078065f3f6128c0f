"""CV text is hostile: strip terminal escapes and control characters before judging or printing it."""

import re

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|[\x9b\x9d][^\x07]*")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str | None) -> str:
    """Text without escape sequences, control characters or bidi overrides; newlines become spaces."""
    if not text:
        return ""
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\n", " ")))


def defang_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (docs/contract.md)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_CSV_TRIGGERS) else text


def undefang_cell(cell: str) -> str:
    """The value `defang_cell` guarded: its quote taken off only where `defang_cell` put it."""
    return cell[1:] if cell.startswith("'") and defang_cell(cell[1:]) == cell else cell
