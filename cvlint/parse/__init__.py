"""path or bytes -> Document: sniff the format, extract lines, infer structure, detect language."""

from __future__ import annotations

from pathlib import Path

from cvlint.errors import CvlintError
from cvlint.limits import Limits, mb, raise_hint
from cvlint.model import Document, Line
from cvlint.parse.sniff import sniff


def read_input(source: str | Path | bytes, limits: Limits) -> bytes:
    """The input's bytes, refusing what is missing, unreadable or over the size limit before reading it."""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limits.max_bytes:
                raise _too_large(size, limits)
            if not path.is_file():
                raise CvlintError("unsupported-format", "not a regular file")
            data = path.read_bytes()
        except FileNotFoundError:
            raise CvlintError("not-found", "no such file") from None
        except PermissionError:
            raise CvlintError("unreadable", "permission denied") from None
        except IsADirectoryError:
            raise CvlintError("unsupported-format", "a folder, not a file") from None
    if len(data) > limits.max_bytes:
        raise _too_large(len(data), limits)
    return data


def _too_large(size: int, limits: Limits) -> CvlintError:
    return CvlintError("too-large", f"the file is {mb(size)}, over the {mb(limits.max_bytes)} limit",
                       raise_hint("max_bytes"))


def extract(data: bytes, fmt: str, limits: Limits, pdf_engine: str = "pdfium") -> tuple[list[Line], int | None]:
    """The format's lines (glyphs stripped, wrapped bullets joined) and page count; `pdf_engine` reads PDFs."""
    if fmt == "pdf":
        from cvlint.parse import pdf
        return pdf.extract_lines(data, limits, pdf_engine)
    if fmt == "docx":
        from cvlint.parse import docx
        return docx.extract_lines(data, limits)
    from cvlint.parse import text
    return text.extract_lines(data, limits, markdown=fmt == "markdown")


def parse(source: str | Path | bytes, *, name: str | None = None, limits: Limits = Limits(),
          pdf_engine: str = "pdfium") -> Document:
    """Parse one CV into a Document, or raise CvlintError with one of its error codes (docs/robustness.md)."""
    from cvlint.parse import language, structure

    data = read_input(source, limits)
    fmt = sniff(data)
    label = name or ("-" if isinstance(source, bytes) else str(source))
    notes = _extension_note(label, fmt)
    if fmt == "json-resume":
        from cvlint.parse import jsonresume
        doc = jsonresume.parse(data, path=label, notes=notes)
    else:
        lines, pages = extract(data, fmt, limits, pdf_engine)
        if not any(line.text.strip() for line in lines):
            if fmt == "pdf":  # characters that read as nothing: for the person, a scan
                raise CvlintError("no-text-layer", "the PDF's pages carry no readable text")
            raise CvlintError("empty", "the file holds no readable text")
        doc = structure.build(lines, path=label, format=fmt, pages=pages, notes=notes)
    return language.with_language(doc)


_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "markdown", ".markdown": "markdown",
               ".json": "json-resume"}


def _extension_note(label: str, fmt: str) -> tuple[str, ...]:
    expected = _EXTENSIONS.get(Path(label).suffix.lower())
    if expected is None or expected == fmt or {expected, fmt} <= {"text", "markdown"}:
        return ()
    return (f"named {Path(label).suffix} but the content is {fmt}; parsed as {fmt}",)
