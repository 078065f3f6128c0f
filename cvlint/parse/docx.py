"""DOCX -> the CV's logical lines in body order (docs/architecture.md, docs/parsing.md).

The WordprocessingML is read directly with lxml (see :mod:`cvlint.parse.ooxml` for the safety rules),
because python-docx's ``Document.paragraphs`` misses content controls and text boxes and repeats the
text of merged table cells. What a reader of the document sees, and only that:

- **body order**: paragraphs, tables (row by row, cell by cell, nested tables in place), content
  controls (``w:sdt``), custom-XML and tracked-insertion wrappers, and text boxes (``w:txbxContent``,
  placed right after the paragraph that anchors them). Of an ``mc:AlternateContent`` only the first
  ``mc:Choice`` is read (its ``mc:Fallback`` repeats the same text in VML); tracked deletions, field
  instructions and hidden (``w:vanish``) runs are skipped. Headers, footers, footnotes and comments
  are not body and are never read;
- **merged cells count once**: a ``w:gridSpan`` cell is one element; a ``w:vMerge`` continuation
  cell is skipped unless it holds text of its own;
- **bullets**: a paragraph with visible list numbering (``w:numPr`` on the paragraph or anywhere in
  its style's ``w:basedOn`` chain, checked against ``numbering.xml``), a "List Bullet"/"List
  Number" style, or text led by a bullet glyph (:func:`cvlint.parse.glyphs.strip_glyph`; Symbol,
  Wingdings and icon-font characters read as "•"). The glyph is never part of the text. Several
  hand-typed bullets in one paragraph ("✓ Shipped X   ✔ Cut Y", "College:<tab>➢ Club") become
  several Lines. Paragraphs in a heading style are never bullets, and neither are lines led by a
  pictograph that label something else: a short heading ("🎓 EDUCATION": heading hint instead) or
  contact details ("📧 ana@example.com  ☎ +44 …": icons become " | ");
- **heading hint** (not a decision): a Heading N / Title style or outline level, the whole line
  bold, the whole line in small or all caps, or a font clearly larger than the body's (the most
  common size by characters). A bullet line never carries the hint;
- **soft line breaks** (``w:br``, ``w:cr``) split a paragraph into several Lines when it is clearly
  several lines ("Data Scientist / Acme Ltd / 2020 - 2023"); they are spaces where a sentence
  merely continues, and inside a bullet unless the next part starts with its own glyph;
- **tabs** become one ``"\\t"`` per run of white space holding a tab (title <tab> dates), which the
  structure step may split on; so do four or more spaces typed to push text to the right margin;
  inside a bullet they are a space;
- ``gap_before`` marks empty paragraphs, table and text-box boundaries, a page break before, and
  paragraph spacing of 12 pt or more;
- ``locator`` is the paragraph's 0-based index in :func:`iter_body_paragraphs`, so an annotator can
  find the ``w:p`` again; every Line split from one paragraph shares its locator. ``page`` is None.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from cvlint.errors import CvlintError
from cvlint.limits import Limits
from cvlint.model import Line
from cvlint.parse import ooxml
from cvlint.parse.contact import CONTACT
from cvlint.parse.docx_styles import Numbering, RunProps, Styles, run_props, to_int, toggle
from cvlint.parse.glyphs import PRIVATE_USE_RUN, SYMBOL_RUN, is_glyph, is_pictograph, strip_glyph
from cvlint.parse.typography import clearly_larger, continues_by_words, ends_sentence, in_capitals

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MC_CHOICE, _MC_FALLBACK = f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"
_ALT = f"{{{MC_NS}}}AlternateContent"
_M_T = f"{{{M_NS}}}t"
_M_MATH = (f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara")

_STYLES_REL = "/styles"
_NUMBERING_REL = "/numbering"
_GAP_TWIPS = 240  # 12 pt of paragraph spacing reads as a blank line
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_SPACES = re.compile(r"[^\S\t]+")
_WIDE_GAP = re.compile(r"[^\S\t]{4,}(?![a-z])")  # spaces typed to push dates to the right margin
_TABBED = re.compile(r"\s*\t\s*")
# A glyph (not ASCII, not a letter or digit) after a tab, or in a glyph-led line after 2+ spaces.
_GLYPH_TAB = re.compile(r"[^\S\n]*\t[^\S\n]*(?=[^\x00-\x7f\w\s])")
_GLYPH_GAP = re.compile(r"(?:[^\S\n]*\t[^\S\n]*|[^\S\t\n]{2,})(?=[^\x00-\x7f\w\s])")


def _names(ns: str) -> dict[str, str]:
    tags = ("document body p r t tab ptab br cr sym noBreakHyphen softHyphen tbl tr tc tcPr vMerge trPr "
            "sdt sdtContent customXml smartTag hyperlink fldSimple ins del moveTo moveFrom dir bdo "
            "txbxContent pPr rPr pStyle rStyle numPr numId ilvl outlineLvl spacing pageBreakBefore "
            "b bCs rtl cs caps smallCaps vanish sz szCs style styles name basedOn docDefaults rPrDefault pPrDefault "
            "num abstractNum abstractNumId lvl numFmt lvlText lvlOverride numStyleLink styleLink")
    out = {t: f"{{{ns}}}{t}" for t in tags.split()}
    for attr in ("val", "type", "styleId", "default", "before", "after", "char", "numId", "abstractNumId", "ilvl"):
        out["@" + attr] = f"{{{ns}}}{attr}"
    return out


# ----------------------------------------------------------------------------------------------
# public API


def extract_lines(data: bytes, limits: Limits) -> tuple[list[Line], None]:
    """The CV's logical lines in body order, or CvlintError (``corrupt``, ``too-large``, ``encrypted``)."""
    pkg = ooxml.open_package(data)
    main = ooxml.main_document_name(pkg, limits)
    styles_name = ooxml.related_part(pkg, main, _STYLES_REL, "word/styles.xml", limits)
    numbering_name = ooxml.related_part(pkg, main, _NUMBERING_REL, "word/numbering.xml", limits)
    parts = [main] + [n for n in (styles_name, numbering_name) if n and n != main]
    ooxml.check_parts(pkg, parts, limits)  # from the ZIP directory, before inflating anything

    max_elements = max(limits.max_paragraphs, 1000) * ooxml.ELEMENTS_PER_PARAGRAPH
    root = ooxml.parse_xml(ooxml.read_part(pkg, main, limits), main,
                           count_tags=frozenset(f"{{{ns}}}p" for ns in (W_NS, W_STRICT_NS)),
                           max_count=limits.max_paragraphs, max_elements=max_elements)
    ns = _namespace(root.tag)
    if ns not in (W_NS, W_STRICT_NS) or root.tag != f"{{{ns}}}document":
        raise CvlintError("corrupt", "the Word main part is not a WordprocessingML document")
    names = _names(ns)
    if root.find(names["body"]) is None:
        raise CvlintError("corrupt", "the Word document has no body")

    def load(name: str | None) -> etree._Element | None:
        if not name:
            return None
        return ooxml.parse_xml(ooxml.read_part(pkg, name, limits), name, max_elements=max_elements)

    styles = Styles(load(styles_name if styles_name != main else None), names)
    numbering = Numbering(load(numbering_name if numbering_name != main else None), names, styles)
    return _Extractor(names, styles, numbering).lines(root), None


def iter_body_paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    """Every ``w:p`` of the body in reading order; the n-th one is ``Line.locator == n``.

    ``root`` is the parsed ``word/document.xml`` (``w:document``) or its ``w:body``. Use this same
    iteration to find a Line's paragraph again (e.g. to attach a Word comment to it).
    """
    for p, _break in _iter_body(root):
        yield p


# ----------------------------------------------------------------------------------------------
# body order


@dataclass
class _WalkState:
    brk: bool = False

    def take(self) -> bool:
        brk, self.brk = self.brk, False
        return brk


def _namespace(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _iter_body(root: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """(paragraph, starts a new block) in reading order."""
    ns = _namespace(root.tag)
    if ns not in (W_NS, W_STRICT_NS):
        return
    n = _names(ns)
    body = root if root.tag == n["body"] else root.find(n["body"])
    if body is None:
        return
    yield from _walk(body, n, _WalkState())


def _choose(alt: etree._Element) -> etree._Element | None:
    """One branch of an mc:AlternateContent: the first Choice, else the Fallback (never both)."""
    choice = alt.find(_MC_CHOICE)
    return choice if choice is not None else alt.find(_MC_FALLBACK)


def _walk(container: etree._Element, n: dict[str, str], st: _WalkState) -> Iterator[tuple[etree._Element, bool]]:
    for child in container:
        tag = child.tag
        if tag == n["p"]:
            yield child, st.take()
            for box in _textboxes(child, n):
                st.brk = True
                yield from _walk(box, n, st)
                st.brk = True
        elif tag == n["tbl"]:
            st.brk = True
            for row in _unwrap(child, n["tr"], n):
                trpr = row.find(n["trPr"])
                if trpr is not None and trpr.find(n["del"]) is not None:
                    continue  # a row deleted with change tracking on
                for cell in _unwrap(row, n["tc"], n):
                    if _is_continuation(cell, n) and not _has_text(cell, n):
                        continue
                    yield from _walk(cell, n, st)
            st.brk = True
        elif tag == n["sdt"]:
            content = child.find(n["sdtContent"])
            if content is not None:
                yield from _walk(content, n, st)
        elif tag in (n["customXml"], n["ins"], n["moveTo"], n["smartTag"]):
            yield from _walk(child, n, st)
        elif tag == _ALT:
            branch = _choose(child)
            if branch is not None:
                yield from _walk(branch, n, st)
        # w:del, w:moveFrom (tracked removals), w:sectPr, bookmarks, w:altChunk: not read


def _unwrap(parent: etree._Element, want: str, n: dict[str, str]) -> Iterator[etree._Element]:
    """Children tagged ``want``, looking through content controls and custom-XML wrappers."""
    for child in parent:
        tag = child.tag
        if tag == want:
            yield child
        elif tag == n["sdt"]:
            content = child.find(n["sdtContent"])
            if content is not None:
                yield from _unwrap(content, want, n)
        elif tag in (n["customXml"], n["ins"], n["moveTo"]):
            yield from _unwrap(child, want, n)
        elif tag == _ALT:
            branch = _choose(child)
            if branch is not None:
                yield from _unwrap(branch, want, n)


def _is_continuation(cell: etree._Element, n: dict[str, str]) -> bool:
    tcpr = cell.find(n["tcPr"])
    if tcpr is None:
        return False
    vmerge = tcpr.find(n["vMerge"])
    return vmerge is not None and vmerge.get(n["@val"], "continue") == "continue"


def _has_text(el: etree._Element, n: dict[str, str]) -> bool:
    return any((t.text or "").strip() for t in el.iter(n["t"]))


def _textboxes(p: etree._Element, n: dict[str, str]) -> list[etree._Element]:
    """The text boxes anchored in paragraph ``p`` (not nested ones: they belong to their own box)."""
    if next(p.iter(n["txbxContent"]), None) is None:
        return []
    out: list[etree._Element] = []

    def visit(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == n["txbxContent"]:
                out.append(child)
            elif tag == _ALT:
                branch = _choose(child)
                if branch is not None:
                    visit(branch)
            elif tag in (n["del"], n["moveFrom"], n["pPr"], n["rPr"]) or not isinstance(tag, str):
                continue
            else:
                visit(child)

    visit(p)
    return out


# ----------------------------------------------------------------------------------------------
# paragraphs -> lines


@dataclass
class _Segment:
    """The text of a paragraph between soft line breaks, with its runs' formatting."""

    parts: list[str] = field(default_factory=list)
    runs: list[tuple[int, RunProps]] = field(default_factory=list)  # (characters, props) of text runs

    @property
    def raw(self) -> str:
        return "".join(self.parts)


@dataclass
class _Para:
    index: int
    segments: list[_Segment]
    heading_style: bool
    list_marker: bool
    gap: bool


class _Extractor:
    def __init__(self, n: dict[str, str], styles: Styles, numbering: Numbering):
        self.n = n
        self.styles = styles
        self.numbering = numbering

    def lines(self, root: etree._Element) -> list[Line]:
        paras = []
        prev_after: int | None = None
        for index, (p, block_break) in enumerate(_iter_body(root)):
            para = self._paragraph(index, p, block_break, prev_after)
            prev_after = para[1]
            paras.append(para[0])
        body_size = self._body_size(paras)
        out: list[Line] = []
        gap = False
        for para in paras:
            gap = gap or para.gap
            produced = self._emit(para, body_size, gap and bool(out), out)
            gap = not produced  # an empty paragraph is a blank line before the next one
        return out

    # -- reading one paragraph

    def _paragraph(self, index: int, p: etree._Element, block_break: bool,
                   prev_after: int | None) -> tuple[_Para, int | None]:
        n = self.n
        ppr = p.find(n["pPr"])
        style_id = num_id = ilvl = None
        outline = False
        before = after = None
        page_break = False
        if ppr is not None:
            ps = ppr.find(n["pStyle"])
            style_id = ps.get(n["@val"]) if ps is not None else None
            numpr = ppr.find(n["numPr"])
            if numpr is not None:
                nid, lvl = numpr.find(n["numId"]), numpr.find(n["ilvl"])
                num_id = nid.get(n["@val"]) if nid is not None else None
                ilvl = lvl.get(n["@val"]) if lvl is not None else None
            ol = ppr.find(n["outlineLvl"])
            outline = ol is not None and (to_int(ol.get(n["@val"])) or 0) < 9
            spacing = ppr.find(n["spacing"])
            if spacing is not None:
                before, after = to_int(spacing.get(n["@before"])), to_int(spacing.get(n["@after"]))
            page_break = bool(toggle(ppr.find(n["pageBreakBefore"]), n))
        style = self.styles.para(style_id)
        heading_style = style.heading or outline
        if num_id is None:
            num_id = style.num_id
        list_marker = False
        if not heading_style:
            list_marker = self.numbering.visible(num_id, ilvl or style.ilvl) or (
                style.list_name and num_id is None)
        before = before if before is not None else style.before
        after = after if after is not None else style.after
        gap = (block_break or page_break or (before or 0) >= _GAP_TWIPS or (prev_after or 0) >= _GAP_TWIPS)
        segments = [_Segment()]
        self._collect(p, style.run, segments)
        return _Para(index, segments, heading_style, list_marker, gap), after

    def _collect(self, el: etree._Element, para_run: RunProps, segs: list[_Segment]) -> None:
        n = self.n
        for child in el:
            tag = child.tag
            if tag == n["r"]:
                self._run(child, para_run, segs)
            elif tag in (n["hyperlink"], n["smartTag"], n["customXml"], n["ins"], n["moveTo"],
                         n["fldSimple"], n["dir"], n["bdo"]):
                self._collect(child, para_run, segs)
            elif tag == n["sdt"]:
                content = child.find(n["sdtContent"])
                if content is not None:
                    self._collect(content, para_run, segs)
            elif tag == _ALT:
                branch = _choose(child)
                if branch is not None:
                    self._collect(branch, para_run, segs)
            elif tag in _M_MATH:
                text = "".join(t.text or "" for t in child.iter(_M_T))
                if text:
                    segs[-1].parts.append(text)
                    segs[-1].runs.append((len(text.strip()), para_run))
            # w:pPr, w:del, w:moveFrom, bookmarks, comments: nothing to read

    def _run(self, r: etree._Element, para_run: RunProps, segs: list[_Segment]) -> None:
        n = self.n
        rpr = r.find(n["rPr"])
        props = para_run
        if rpr is not None:
            rs = rpr.find(n["rStyle"])
            if rs is not None:
                props = self.styles.char(rs.get(n["@val"])).over(props)
            props = run_props(rpr, n).over(props)
        if props.vanish:
            return
        self._run_content(r, props, segs)

    def _run_content(self, r: etree._Element, props: RunProps, segs: list[_Segment]) -> None:
        n = self.n
        for child in r:
            tag = child.tag
            text = None
            if tag == n["t"]:
                text = child.text or ""
            elif tag in (n["tab"], n["ptab"]):
                text = "\t"
            elif tag in (n["br"], n["cr"]):
                segs.append(_Segment())
                continue
            elif tag == n["noBreakHyphen"]:
                text = "-"
            elif tag == n["sym"]:
                text = _sym(child.get(n["@char"]))
            elif tag == _ALT:
                branch = _choose(child)
                if branch is not None:
                    self._run_content(branch, props, segs)
                continue
            if text:
                seg = segs[-1]
                seg.parts.append(text)
                visible = len(text.strip())
                if visible:
                    seg.runs.append((visible, props))
            # w:instrText (field codes), w:delText, w:drawing, w:pict, w:fldChar: not text

    # -- formatting statistics

    def _body_size(self, paras: list[_Para]) -> int | None:
        sizes: Counter[int] = Counter()
        for para in paras:
            if para.heading_style:
                continue
            for seg in para.segments:
                for chars, props in seg.runs:
                    if props.points2:
                        sizes[props.points2] += chars
        return sizes.most_common(1)[0][0] if sizes else None

    # -- emitting lines

    def _emit(self, para: _Para, body_size: int | None, gap: bool, out: list[Line]) -> bool:
        produced = False
        for i, piece in enumerate(self._split(para)):
            text = piece.text
            numbered = para.list_marker and i == 0
            bullet = (numbered or piece.glyph) and not para.heading_style
            styled = para.heading_style or _styled_heading(piece.seg, body_size)
            if bullet and not numbered and piece.icon and _short_label(text, styled):
                bullet = False  # "🎓 EDUCATION": an icon before a heading, not a bullet
                styled = True
            if bullet:
                text = _TABBED.sub(" ", text)
            out.append(Line(text=text, bullet=bullet, heading=styled and not bullet, page=None,
                            locator=para.index, gap_before=gap and not produced))
            produced = True
        return produced

    def _split(self, para: _Para) -> list[_Piece]:
        """The paragraph's lines, soft breaks and hand-typed bullets resolved."""
        texts: list[tuple[_Segment, str, bool]] = []
        for seg in para.segments:
            raw = _visible(seg.raw)
            if _is_icon_contact(raw):
                # "📧 ana@example.com   ☎ +44 …": icons label contact details, they are not bullets
                texts.append((seg, _clean(SYMBOL_RUN.sub(" | ", raw)).strip(" |"), False))
                continue
            # "College:<tab>➢ Campus groups", "✓ Shipped 12 releases   ✔ Cut latency": a glyph after a
            # wide gap starts another, hand-typed, bullet
            lead = raw.lstrip()[:1]
            splitter = _GLYPH_GAP if lead and is_glyph(lead) and not lead.isascii() else _GLYPH_TAB
            for part in splitter.split(raw):
                text = _clean(part)
                if text:
                    texts.append((seg, text, True))
        merged: list[_Piece] = []
        for seg, text, may_bullet in texts:
            stripped, glyph = strip_glyph(text)
            glyph = glyph and may_bullet
            if merged and not glyph and not self._starts_line(merged[-1].text, stripped, para):
                prev = merged[-1]
                prev.seg = _Segment(prev.seg.parts + [" "] + seg.parts, prev.seg.runs + seg.runs)
                prev.text = f"{prev.text} {stripped}"
                continue
            if stripped:
                merged.append(_Piece(seg, stripped, glyph, glyph and is_pictograph(text.lstrip()[:1])))
        return merged

    @staticmethod
    def _starts_line(prev: str, nxt: str, para: _Para) -> bool:
        """Whether a soft break before ``nxt`` starts a new line rather than continuing a sentence."""
        if para.list_marker:
            return False  # a bullet wrapped by hand is still one bullet
        if para.heading_style:
            return True
        return not continues_by_words(prev, nxt)


@dataclass
class _Piece:
    seg: _Segment
    text: str
    glyph: bool  # led by a bullet glyph (stripped from text)
    icon: bool  # ... and that glyph is a pictograph (emoji, ☎, ★), not a classic bullet shape


def _is_icon_contact(raw: str) -> bool:
    lead = raw.lstrip()[:1]
    return is_pictograph(lead) and bool(CONTACT.search(raw))


def _short_label(text: str, styled: bool) -> bool:
    """A few words in capitals or heading style, without a sentence's end: a heading's words."""
    words = text.split()
    if not words or len(words) > 5 or ends_sentence(text) or text.endswith(";"):
        return False
    return styled or in_capitals(text)


def _styled_heading(seg: _Segment, body_size: int | None) -> bool:
    runs = seg.runs
    if not runs:
        return False
    if all(props.is_bold for _, props in runs):
        return True
    if all(props.caps for _, props in runs):
        return True
    return body_size is not None and all(
        props.points2 is not None and clearly_larger(props.points2 / 2, body_size / 2) for _, props in runs)


def _sym(char: str | None) -> str | None:
    """A w:sym character (often a Symbol/Wingdings bullet in the private-use area)."""
    if not char:
        return None
    try:
        code = int(char, 16)
    except ValueError:
        return None
    if 0x20 <= code < 0x110000 and not 0xD800 <= code <= 0xDFFF:
        return chr(code)
    return None


def _visible(text: str) -> str:
    """Invisible marks dropped, icon-font glyphs as "•", control characters as spaces."""
    text = PRIVATE_USE_RUN.sub("\u2022", text.translate(_INVISIBLE))
    if text.replace("\t", " ").isprintable():
        return text
    return "".join(ch if ch == "\t" or ch.isprintable() else "" if unicodedata.category(ch) == "Cf" else " "
                   for ch in text)


def _clean(text: str) -> str:
    """Visible text, spaces collapsed, tab runs (and wide space gaps) kept as one tab."""
    text = _visible(text)
    text = _WIDE_GAP.sub("\t", text.strip())
    text = _SPACES.sub(" ", text)
    text = _TABBED.sub("\t", text)
    return text.strip()
