"""One-line user errors. cvlint never shows a traceback unless asked with --debug."""

from __future__ import annotations

# The closed list of error codes an input can get (DESIGN §3), with what the user can do.
ERROR_CODES: dict[str, str] = {
    "not-found": "check the path",
    "unreadable": "check the file's permissions",
    "empty": "the file has no content; export the CV again",
    "unsupported-format": "save it as PDF, DOCX, text, Markdown or JSON Resume",
    "legacy-doc": "save it as .docx or PDF",
    "encrypted": "remove the password and export it again",
    "no-text-layer": "scanned image; OCR it first",
    "garbled-text": "the PDF's fonts extract as glyph codes; export it again or save as DOCX",
    "too-large": "raise the limit with the matching option if the file is trusted",
    "too-many-pages": "raise --max-pages if the file is trusted",
    "timeout": "raise --timeout if the file is trusted",
    "corrupt": "the file is damaged; export it again",
    "crashed": "rerun with --jobs 1 --debug and report it",
    "no-text": "no readable text was found; export the CV again",
    "unsupported-language": "only English CVs are judged",
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
