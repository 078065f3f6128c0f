"""Tell a file's format from its bytes, never from its name."""

from __future__ import annotations

import io
import json
import zipfile

from cvlint.errors import CvlintError
from cvlint.parse.text import utf16_codec

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC = (  # (prefix, what the file is)
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_ZIP_KINDS = (("ppt/", "a PowerPoint file"), ("xl/", "an Excel file"), ("content.xml", "an OpenDocument file"))


def sniff(data: bytes) -> str:
    """Return ``pdf``, ``docx``, ``json-resume``, ``markdown`` or ``text``; raise CvlintError otherwise."""
    if not data.strip():
        raise CvlintError("empty", "the file is empty" if not data else "the file holds only white space")
    head = data[:1024]
    if b"%PDF" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20]:
            raise CvlintError("encrypted", "a password-protected Word document",
                              "remove the password and save it again")
        raise CvlintError("legacy-doc", "this is an old binary Word .doc (OLE2) file, not .docx")
    for prefix, what in _MAGIC:
        if data.startswith(prefix):
            raise CvlintError("unsupported-format", f"this is {what}, not a CV format cvlint reads")
    text_head = _text_head(head)
    lowered = text_head.lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<html" in lowered[:512] or "<body" in lowered[:512]:
        raise CvlintError("unsupported-format", "this is an HTML page, not a PDF, DOCX or text CV",
                          "save the page as PDF, or paste its text into a .txt file")
    if lowered.startswith("<?xml"):
        raise CvlintError("unsupported-format", "this is an XML file, not a CV format cvlint reads")
    if lowered.startswith("{"):
        return _sniff_json(data)
    if b"\x00" in head and not _utf16(head):
        raise CvlintError("unsupported-format", "this is binary data, not a CV format cvlint reads")
    return "markdown" if _looks_markdown(text_head) else "text"


def _sniff_zip(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise CvlintError("corrupt", f"a damaged ZIP archive ({exc})") from None
    if "word/document.xml" in names:
        return "docx"
    for marker, what in _ZIP_KINDS:
        if any(n.startswith(marker) for n in names):
            raise CvlintError("unsupported-format", f"this is {what}, not a Word document")
    raise CvlintError("unsupported-format", "this is a ZIP archive with no Word document in it")


def _sniff_json(data: bytes) -> str:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return "text"
    if isinstance(obj, dict) and ({"basics", "work", "education"} & obj.keys()):
        return "json-resume"
    raise CvlintError("unsupported-format", "this is JSON but not a JSON Resume (no basics, work or education)")


def _utf16(head: bytes) -> str | None:
    """The UTF-16 codec of a text head, from its byte-order mark or its NULs; None for other text."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    return utf16_codec(head[:len(head) & ~1])


def _text_head(head: bytes) -> str:
    codec = _utf16(head)
    return head[:1022].decode(codec, errors="ignore") if codec else head.decode("utf-8-sig", errors="ignore")


def _looks_markdown(text: str) -> bool:
    lines = text.splitlines()
    return any(line.startswith(("# ", "## ", "### ")) for line in lines) or any("**" in line for line in lines)
