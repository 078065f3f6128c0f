"""Bound what a PDF's compressed streams inflate to, before pdfium decodes any of them.

pdfium inflates a content, font or object stream whole, in memory, when it loads a page: one Flate stream can
inflate about 1,000-fold, a chain of Flate filters (`/Filter [/FlateDecode /FlateDecode]`) multiplies that at
every stage, and either way a file of a few kilobytes asks for gigabytes. So every stream whose filters this
module can decode (Flate, with ASCII85 or ASCIIHex in front) is inflated here first, in chunks and without
keeping the output, and the PDF is refused as `too-large` as soon as the streams together pass
`Limits.max_uncompressed`. Image streams are skipped: reading text never decodes an image.

The scan reads the file's bytes as they are (the `stream` keywords and the dictionary before each), not the
cross-reference table, so a damaged table cannot hide a stream from it; a stream it cannot read (an unknown
filter, a broken zlib header) is left to pdfium, which stops at the same damage.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterator

from cvlint.errors import CvlintError
from cvlint.limits import Limits, mb, raise_hint

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FLATE = {b"FlateDecode", b"Fl"}
_ASCII85 = {b"ASCII85Decode", b"A85"}
_ASCII_HEX = {b"ASCIIHexDecode", b"AHx"}
_CHUNK = 1 << 16
_DICT_BACK = 4096   # how far before `stream` the stream's dictionary may start


def check_inflation(data: bytes, limits: Limits) -> None:
    """Raise CvlintError(too-large) if the PDF's decodable streams inflate past `limits.max_uncompressed`."""
    budget = limits.max_uncompressed
    total = 0
    for match in _STREAM.finditer(data):
        filters = _filters(data, match.start())
        if not filters or not any(f in _FLATE for f in filters):
            continue
        end = data.find(b"endstream", match.end())
        raw = data[match.end():end if end >= 0 else len(data)]
        total += _inflated_size(raw, filters, budget - total + 1)
        if total > budget:
            raise CvlintError("too-large", f"the PDF's compressed streams inflate past the {mb(budget)} limit "
                                           "(a decompression bomb, or far more than a CV holds)",
                              raise_hint("max_uncompressed"))


def _filters(data: bytes, stream_at: int) -> list[bytes]:
    """The filter names of the stream whose dictionary ends at `stream_at`; [] for images and no filter."""
    start = data.rfind(b"obj", max(0, stream_at - _DICT_BACK), stream_at)
    head = data[start if start >= 0 else max(0, stream_at - _DICT_BACK):stream_at]
    if _IMAGE.search(head):
        return []
    found = None
    for found in _FILTER.finditer(head):
        pass
    if found is None:
        return []
    return [_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), n) for n in _NAME.findall(found.group(1))]


def _inflated_size(raw: bytes, filters: list[bytes], budget: int) -> int:
    """The bytes the filter chain yields from `raw`, counted up to just past `budget`; 0 if the chain holds a
    filter this module does not decode (pdfium is then the only judge)."""
    chunks: Iterator[bytes] = iter((raw,))
    for name in filters:
        if name in _FLATE:
            chunks = _inflate(chunks)
        elif name in _ASCII85 or name in _ASCII_HEX:
            chunks = iter((_untext(name, b"".join(chunks)),))
        else:
            return 0
    size = 0
    for piece in chunks:
        size += len(piece)
        if size > budget:
            break
    return size


def _inflate(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Inflate a zlib stream piece by piece, never holding more than one output chunk; stops at damage."""
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            for start in range(0, len(chunk), _CHUNK):
                pending = chunk[start:start + _CHUNK]
                while pending:
                    out = inflater.decompress(pending, _CHUNK)
                    pending = inflater.unconsumed_tail
                    if out:
                        yield out
                    if inflater.eof:
                        return
    except zlib.error:
        return


def _untext(name: bytes, raw: bytes) -> bytes:
    """ASCII85 or ASCIIHex decoded (their output is smaller than their input); b"" when damaged."""
    try:
        if name in _ASCII85:
            return base64.a85decode(raw.strip().removesuffix(b"~>"), adobe=False, ignorechars=b" \t\n\r\x0b\x0c")
        return binascii.unhexlify(re.sub(rb"\s+", b"", raw.split(b">", 1)[0]).ljust(2, b"0"))
    except (ValueError, binascii.Error):
        return b""
