"""Plain text and Markdown -> lines, in any common encoding."""

from __future__ import annotations

import re

from cvlint.errors import CvlintError
from cvlint.limits import Limits, raise_hint
from cvlint.model import Line
from cvlint.parse.glyphs import strip_glyph

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*$")
_MD_INLINE = re.compile(r"(\*\*|__|`)(.+?)\1")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_LATIN_CODE_PAGES = {"cp1250", "cp1252", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
                     "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
                     "mac_latin2", "mac_roman", "mac_iceland"}
_RULE = re.compile(r"^\s*([-=_*])\1{2,}\s*$")


def decode(data: bytes) -> str:
    """Text from bytes in any common encoding: BOMs, UTF-16 with or without BOM, UTF-8, cp1252, Latin-1."""
    from charset_normalizer import from_bytes

    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if codec := utf16_codec(data):
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise CvlintError("unsupported-format", "this is binary data, not text")
    # The Latin single-byte code pages are hard to tell apart from a CV's few accented letters; for the
    # CVs cvlint reads, Windows-1252 (a superset of Latin-1's letters) is the likeliest by far.
    if best.encoding in _LATIN_CODE_PAGES:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return data.decode(best.encoding, errors="replace")


def utf16_codec(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by its NULs: the spaces, digits and punctuation of any script (and
    every letter of a Latin one) have a zero high byte, which UTF-8 and the code pages never put at every other
    byte. Returns the codec, or None."""
    sample = data[:20_000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.1 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.1 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _plain(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    return _MD_INLINE.sub(r"\2", text)


def extract_lines(data: bytes, limits: Limits, *, markdown: bool = False) -> tuple[list[Line], None]:
    """One Line per logical line; indented continuation lines are joined to their bullet."""
    raw = decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(raw) > limits.max_paragraphs:
        raise CvlintError("too-large", f"the text has {len(raw):,} lines, over the {limits.max_paragraphs:,} limit",
                          raise_hint("max_paragraphs"))
    lines: list[Line] = []
    gap = False
    for number, source in enumerate(raw, start=1):
        if not source.strip() or _RULE.match(source):
            gap = True
            continue
        heading = False
        text = source
        if markdown or source.lstrip().startswith("#"):
            m = _MD_HEADING.match(source) or _MD_BOLD_LINE.match(source)
            if m:
                text, heading = m.group(2), True
            text = _plain(text)
        body, bullet = strip_glyph(text)
        indent = len(source) - len(source.lstrip())
        prev = lines[-1] if lines else None
        if prev and prev.bullet and not bullet and not heading and not gap and indent >= 2:
            lines[-1] = Line(text=f"{prev.text} {body}", bullet=True, locator=prev.locator, gap_before=prev.gap_before)
        else:
            lines.append(Line(text=body, bullet=bullet, heading=heading, locator=number, gap_before=gap))
        gap = False
    return lines, None
