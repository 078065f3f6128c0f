"""Safe reading of Office Open XML packages: ZIP parts checked before inflating, XML without DTDs.

CVs are hostile input. Everything here holds for any package, whatever its names or sizes claim:

- the ZIP central directory is checked *before* anything is inflated: the declared uncompressed size
  of the parts that will be read must fit ``Limits.max_uncompressed``, and a part may not claim an
  implausible compression ratio (a deflate bomb);
- a part is read in bounded chunks and never past its declared size (a lying directory entry is
  caught by the CRC check or by the bound, whichever comes first);
- XML is parsed with entity resolution, DTD loading and network access off, without lxml's
  ``huge_tree``; a part that declares a DTD at all is refused as ``corrupt`` (OPC forbids DTDs in
  packages, Word refuses such files, and it is how entity bombs and external entities get in);
- element and paragraph counts are bounded while parsing, so a document with 100,000 paragraphs is
  refused after the first ``max_paragraphs + 1`` of them, not after building them all.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from cvlint.errors import CvlintError
from cvlint.limits import Limits, mb, raise_hint

# A part this large may not be compressed more than this (deflate tops out near 1032:1; real XML
# parts stay well under 100:1, Word's styles.xml is about 30:1).
SUSPICIOUS_RATIO = 500
RATIO_CHECK_FROM = 1024 * 1024
# XML elements allowed per allowed paragraph, to bound the tree's memory (real CVs: 20-60 per paragraph,
# under 15,000 in all; the default limits allow 500,000).
ELEMENTS_PER_PARAGRAPH = 25
_CHUNK = 64 * 1024

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_HINT = raise_hint("max_uncompressed")


@dataclass(frozen=True, slots=True)
class Package:
    """An opened ZIP package whose directory has been read (nothing inflated yet)."""

    zip: zipfile.ZipFile
    names: frozenset[str]

    def has(self, name: str) -> bool:
        return name in self.names

    def info(self, name: str) -> zipfile.ZipInfo:
        return self.zip.getinfo(name)


def open_package(data: bytes) -> Package:
    """Open the ZIP directory of ``data`` or raise ``corrupt``; no part is inflated here."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = frozenset(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError,
            struct.error, UnicodeDecodeError) as exc:  # NotImplementedError: "zip file version 13.2"
        raise CvlintError("corrupt", f"a damaged ZIP archive ({_short(exc)})") from None
    return Package(zf, names)


def check_parts(pkg: Package, names: list[str], limits: Limits) -> None:
    """Refuse, from the ZIP directory alone, parts that would inflate past the limits."""
    total = 0
    for name in names:
        info = pkg.info(name)
        if info.flag_bits & 0x1:
            raise CvlintError("encrypted", f"the Word part {name} is encrypted inside the ZIP")
        size, packed = info.file_size, max(info.compress_size, 1)
        total += size
        if size > limits.max_uncompressed or total > limits.max_uncompressed:
            raise CvlintError(
                "too-large",
                f"the Word document inflates to {mb(max(size, total))}, over the "
                f"{mb(limits.max_uncompressed)} limit",
                _HINT)
        if size >= RATIO_CHECK_FROM and size / packed > SUSPICIOUS_RATIO:
            raise CvlintError(
                "too-large",
                f"the Word part {name} claims a {size / packed:.0f}:1 compression ratio "
                f"({mb(size)} from {packed / 1024:.0f} KB)",
                _HINT)


def read_part(pkg: Package, name: str, limits: Limits) -> bytes:
    """The bytes of one part, read in chunks and never more than its declared size or the limit."""
    info = pkg.info(name)
    bound = min(info.file_size, limits.max_uncompressed)
    out = bytearray()
    try:
        with pkg.zip.open(info) as fh:
            while True:
                chunk = fh.read(min(_CHUNK, bound + 1 - len(out)))
                if not chunk:
                    break
                out += chunk
                if len(out) > bound:
                    raise CvlintError("too-large", f"the Word part {name} inflates past its declared size",
                                      _HINT)
    except CvlintError:
        raise
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, ValueError,
            RuntimeError) as exc:
        # RuntimeError: a part needing a password; NotImplementedError: an unknown compression method;
        # BadZipFile: among others, a CRC mismatch when the directory lied about the size.
        raise CvlintError("corrupt", f"the Word part {name} cannot be read ({_short(exc)})") from None
    return bytes(out)


def parse_xml(data: bytes, name: str, *, count_tags: frozenset[str] = frozenset(),
              max_count: int | None = None, max_elements: int | None = None) -> etree._Element:
    """Parse one XML part safely and return its root element.

    Refuses a DTD (``corrupt``), malformed XML (``corrupt``) and, when asked, more than ``max_count``
    elements named in ``count_tags`` or more than ``max_elements`` elements in all (``too-large``),
    stopping as soon as a bound is passed.
    """
    context = etree.iterparse(
        io.BytesIO(data), events=("start",), resolve_entities=False, no_network=True,
        load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True)
    count = elements = 0
    root = None
    try:
        for _event, el in context:
            if root is None:
                root = el
                if el.getroottree().docinfo.doctype:
                    raise CvlintError("corrupt", f"the Word part {name} declares a DTD, which Word files "
                                                 "never do; refused for safety")
            elements += 1
            if max_elements is not None and elements > max_elements:
                raise CvlintError("too-large", f"the Word document has over {max_elements:,} XML elements",
                                  raise_hint("max_paragraphs"))
            if el.tag in count_tags:
                count += 1
                if max_count is not None and count > max_count:
                    raise CvlintError("too-large", f"the Word document has over {max_count:,} paragraphs",
                                      raise_hint("max_paragraphs"))
    except etree.XMLSyntaxError as exc:
        raise CvlintError("corrupt", f"the Word part {name} is not well-formed XML ({_short(exc)})") from None
    if root is None:
        raise CvlintError("corrupt", f"the Word part {name} is empty")
    return context.root


def main_document_name(pkg: Package, limits: Limits) -> str:
    """The main document part named by the package relationships, else ``word/document.xml``."""
    target = _relationship_target(pkg, "_rels/.rels", "", _OFFICE_DOCUMENT, limits)
    if target and pkg.has(target):
        return target
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    raise CvlintError("corrupt", "the Word file has no main document part")


def related_part(pkg: Package, source: str, rel_suffix: str, fallback: str, limits: Limits) -> str | None:
    """The part that ``source`` points at with a relationship type ending in ``rel_suffix``."""
    rels = posixpath.join(posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels")
    target = _relationship_target(pkg, rels, posixpath.dirname(source), rel_suffix, limits)
    if target and pkg.has(target):
        return target
    return fallback if pkg.has(fallback) else None


def _relationship_target(pkg: Package, rels: str, base: str, rel_suffix: str, limits: Limits) -> str | None:
    if not pkg.has(rels):
        return None
    try:
        check_parts(pkg, [rels], limits)
        root = parse_xml(read_part(pkg, rels, limits), rels, max_elements=10_000)
    except CvlintError as exc:
        if exc.code == "corrupt":  # a damaged relationships part: fall back to the usual names
            return None
        raise
    for rel in root.iter(f"{{{REL_NS}}}Relationship"):
        if (rel.get("Type") or "").endswith(rel_suffix) and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            return posixpath.normpath(path)
    return None


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]
