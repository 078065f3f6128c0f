"""One-line user errors. cvlint never shows a traceback unless asked with --debug."""

from __future__ import annotations

# The closed list of error codes an input can get, each with the one thing the user can do about it (the hint
# shown after the message when the raise site gives no more specific one). docs/robustness.md lists them.
ERROR_CODES: dict[str, str] = {
    "not-found": "check the path",
    "unreadable": "check the file's permissions",
    "empty": "check that this is the right file",
    "unsupported-format": "save it as PDF, DOCX, text, Markdown or JSON Resume",
    "legacy-doc": "open it in Word and save it as .docx",
    "encrypted": "remove the password and save it again",
    "no-text-layer": "it is a scanned image: run OCR on it first, or export the CV from its source document",
    "garbled-text": "its fonts have no Unicode mapping: export it again with another font, or save it as DOCX",
    "too-large": "raise the limit named in the message if the file is trusted",
    "too-many-pages": "raise --max-pages if the file is trusted",
    "timeout": "raise --timeout if the file is trusted",
    "corrupt": "the file is damaged: open it in the program that made it and save it again",
    "crashed": "run it alone with --jobs 1 to see whether it repeats",
    "internal": "this is a bug in cvlint: rerun with --debug and report the traceback",
    "unsupported-language": "only English CVs are judged; the structure is still parsed",
}


class CvlintError(Exception):
    """A problem with one input, shown as `cvlint: <file>: <message> (<hint>)`."""

    def __init__(self, code: str, message: str, hint: str | None = None):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint or ERROR_CODES[code]

    def line(self) -> str:
        return f"{self.message} ({self.hint})"


class UsageError(Exception):
    """A usage or configuration problem: exit code 2."""
