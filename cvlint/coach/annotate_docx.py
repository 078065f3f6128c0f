"""An annotated copy of a DOCX: one Word review comment per weak bullet, anchored on the flagged words.

The paragraph of a bullet is found again with :func:`cvlint.parse.docx.iter_body_paragraphs` (the n-th
paragraph is ``Bullet.line == n``; body and table paragraphs only, never headers, footers or text boxes).
Runs are split at the span's boundaries so the comment covers exactly the flagged characters: each half
is a deep copy of the run, so its ``w:rPr`` (formatting) is kept and the text is unchanged. The comment
holds the finding, why it matters and the suggested rewrite; python-docx (>= 1.2) writes the comments part.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from lxml import etree

from cvlint.errors import CvlintError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_T, _R, _P, _RPR = f"{{{W}}}t", f"{{{W}}}r", f"{{{W}}}p", f"{{{W}}}rPr"
_TAB, _PTAB, _BR, _CR = f"{{{W}}}tab", f"{{{W}}}ptab", f"{{{W}}}br", f"{{{W}}}cr"
_NBH, _SYM = f"{{{W}}}noBreakHyphen", f"{{{W}}}sym"
_SKIP_ANCESTORS = {f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{MC}}}Fallback", f"{{{W}}}txbxContent",
                   f"{{{W}}}rPr", f"{{{W}}}pPr"}
_INVISIBLE = set("\u00ad\u200b\u2060\ufeff")
AUTHOR, INITIALS = "cvlint", "cv"


@dataclass
class _Char:
    char: str
    el: etree._Element | None  # the w:t (or w:tab/w:br/w:sym...) holding it; None for a paragraph joint
    offset: int                # offset in el.text for w:t, 0 for single-character elements
    run: etree._Element | None


@dataclass
class DocxResult:
    placed: list[dict] = field(default_factory=list)   # {"bullet", "comment_id", "text"}
    skipped: list[dict] = field(default_factory=list)  # {"bullet", "reason"}


def _hidden(r: etree._Element) -> bool:
    rpr = r.find(_RPR)
    if rpr is None:
        return False
    v = rpr.find(f"{{{W}}}vanish")
    return v is not None and v.get(f"{{{W}}}val", "true").lower() not in ("0", "false", "off")


def _runs(p: etree._Element) -> Iterator[etree._Element]:
    """The visible runs of a paragraph, in order (not tracked deletions, fallbacks, nested text boxes)."""
    for r in p.iter(_R):
        anc = r.getparent()
        skip = False
        while anc is not None and anc is not p:
            if anc.tag in _SKIP_ANCESTORS or anc.tag == _P:
                skip = True
                break
            anc = anc.getparent()
        if not skip and not _hidden(r):
            yield r


def char_map(p: etree._Element) -> list[_Char]:
    """Every visible character of a paragraph with the element and run that hold it."""
    out: list[_Char] = []
    for r in _runs(p):
        for child in r:
            tag = child.tag
            if tag == _T:
                for i, ch in enumerate(child.text or ""):
                    out.append(_Char(ch, child, i, r))
            elif tag in (_TAB, _PTAB):
                out.append(_Char("\t", child, 0, r))
            elif tag in (_BR, _CR):
                out.append(_Char("\n", child, 0, r))
            elif tag == _NBH:
                out.append(_Char("-", child, 0, r))
            elif tag == _SYM:
                code = child.get(f"{{{W}}}char")
                try:
                    out.append(_Char(chr(int(code, 16)), child, 0, r))
                except (TypeError, ValueError):
                    continue
    return out


def _normalise(chars: Sequence[_Char]) -> tuple[str, list[int]]:
    """Text as the parser sees it (spaces collapsed, invisible marks dropped) and, per char, its index in chars."""
    text: list[str] = []
    index: list[int] = []
    space = True
    for i, c in enumerate(chars):
        ch = c.char
        if ch in _INVISIBLE:
            continue
        if "\ue000" <= ch <= "\uf8ff":
            ch = "\u2022"
        if ch.isspace():
            if not space:
                text.append(" ")
                index.append(i)
            space = True
            continue
        text.append(ch)
        index.append(i)
        space = False
    while text and text[-1] == " ":
        text.pop()
        index.pop()
    return "".join(text), index


def locate(paragraphs: Sequence[etree._Element], line: int, bullet_text: str, span: tuple[int, int]
           ) -> tuple[_Char, _Char] | None:
    """The first and last character of `bullet_text[span]` in paragraph `line` (or the ones after it, when
    the bullet was joined from several paragraphs)."""
    chars: list[_Char] = []
    for k, p in enumerate(paragraphs[line:line + 16]):
        if k:
            chars.append(_Char(" ", None, 0, None))
        chars.extend(char_map(p))
        text, index = _normalise(chars)
        target = " ".join(bullet_text.split())
        pos = text.find(target)
        if pos < 0:
            pos = text.casefold().find(target.casefold())
        if pos >= 0:
            return _edges(chars, index, pos + span[0], pos + span[1])
        if len(text) > len(target) + 4:
            break
    # the bullet as a whole was not found (joined from paragraphs whose numbering the parser dropped):
    # anchor the part of the span that lies in the bullet's first paragraph
    chars = char_map(paragraphs[line]) if line < len(paragraphs) else []
    text, index = _normalise(chars)
    target = " ".join(bullet_text.split())
    head = text.find(target[:30]) if target else -1
    if head >= 0:
        common = 0
        for a, b in zip(text[head:], target):
            if a != b:
                break
            common += 1
        if span[0] < common:
            return _edges(chars, index, head + span[0], head + min(span[1], common))
    match = " ".join(bullet_text[span[0]:span[1]].split())
    pos = text.casefold().find(match.casefold()) if match else -1
    if pos >= 0:
        return _edges(chars, index, pos, pos + len(match))
    return None


def _edges(chars: list[_Char], index: list[int], start: int, end: int) -> tuple[_Char, _Char] | None:
    start, end = max(start, 0), min(end, len(index))
    while start < end and (chars[index[start]].el is None or chars[index[start]].char.isspace()):
        start += 1
    while end > start and (chars[index[end - 1]].el is None or chars[index[end - 1]].char.isspace()):
        end -= 1
    if start >= end:
        return None
    return chars[index[start]], chars[index[end - 1]]



def _set_or_drop(run, t, text: str) -> None:
    """Give a w:t element its part of a split text, or remove it from its run when that part is empty."""
    if text:
        t.text = text
        t.set(XML_SPACE, "preserve")
    else:
        run.remove(t)

def _split(r: etree._Element, el: etree._Element, k: int) -> tuple[etree._Element | None, etree._Element | None]:
    """Split run `r` before character `k` of its child `el`: (left run or None, right run or None).

    Both halves keep the run's properties (deep copy of the run, w:rPr included); their texts add up to
    the original text.
    """
    content = [c for c in r if c.tag != _RPR]
    pos = content.index(el)
    if el.tag == _T:
        text = el.text or ""
        left_items, right_items = content[:pos], content[pos + 1:]
        left_text, right_text = text[:k], text[k:]
    else:
        left_items, right_items = (content[:pos + 1], content[pos + 1:]) if k else (content[:pos], content[pos:])
        left_text = right_text = ""
    if not left_items and not left_text:
        return None, r
    if not right_items and not right_text:
        return r, None
    right = copy.deepcopy(r)
    r_content = [c for c in right if c.tag != _RPR]
    # left half: r keeps the items before, and the first part of el's text
    for c in right_items:
        r.remove(c)
    if el.tag == _T:
        _set_or_drop(r, el, left_text)
    # right half: the copy keeps the rest
    for c in r_content[:pos]:
        right.remove(c)
    twin = r_content[pos]
    if el.tag == _T:
        _set_or_drop(right, twin, right_text)
    elif k:
        right.remove(twin)
    r.addnext(right)
    return r, right


def _run_starting_at(c: _Char) -> etree._Element:
    left, right = _split(c.run, c.el, c.offset)
    return right


def _run_ending_at(c: _Char) -> etree._Element:
    left, right = _split(c.run, c.el, c.offset + 1)
    return left


def anchor_runs(first: _Char, last: _Char) -> tuple[etree._Element, etree._Element]:
    """Split runs so that a run starts at `first` and one ends at `last`; return those two runs."""
    same_run = first.run is last.run
    end_run = _run_ending_at(last)
    start_run = _run_starting_at(first)
    if same_run and start_run is not first.run:
        end_run = start_run if end_run is first.run else end_run
    return start_run, end_run


def in_text_box(p: etree._Element) -> bool:
    anc = p.getparent()
    while anc is not None:
        if anc.tag in (f"{{{W}}}txbxContent", f"{{{MC}}}Fallback"):
            return True
        anc = anc.getparent()
    return False


def annotate_docx(data: bytes, marks: Sequence[dict]) -> tuple[bytes, DocxResult]:
    """Add one comment per mark ({"bullet", "line", "text", "span", "comment"}) and return the new DOCX bytes."""
    import docx
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from cvlint.parse.docx import iter_body_paragraphs

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on packages it cannot open
        raise CvlintError("corrupt", f"python-docx cannot open this document for annotation ({type(exc).__name__})",
                          "open and save it again in Word, or use -o NAME.html") from None
    paragraphs = list(iter_body_paragraphs(document.element))
    result = DocxResult()
    for mark in marks:
        line = mark["line"]
        if line is None or not 0 <= line < len(paragraphs):
            result.skipped.append({"bullet": mark["bullet"], "reason": "paragraph not found"})
            continue
        if in_text_box(paragraphs[line]):
            result.skipped.append({"bullet": mark["bullet"], "reason": "in a text box"})
            continue
        span = tuple(mark["span"]) if mark.get("span") else (0, len(mark["text"]))
        edges = locate(paragraphs, line, mark["text"], span)
        if edges is None:
            result.skipped.append({"bullet": mark["bullet"], "reason": "text not found in its paragraph"})
            continue
        start_r, end_r = anchor_runs(*edges)
        parent = Paragraph(paragraphs[line], document._body)
        comment = document.add_comment([Run(start_r, parent), Run(end_r, parent)], text=mark["comment"],
                                       author=AUTHOR, initials=INITIALS)
        result.placed.append({"bullet": mark["bullet"], "comment_id": comment.comment_id,
                              "text": mark["text"][span[0]:span[1]]})
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue(), result


def comment_text(item: dict) -> str:
    """What the comment says: each finding, why it matters, the rewrite and the questions."""
    lines = []
    for f in item["findings"]:
        lines.append(f"{f['rule']} ({f['severity']}): {f['message']}")
    whys = [f["why"] for f in item["findings"] if f.get("why")]
    if whys:
        lines.append("Why: " + " ".join(dict.fromkeys(" ".join(w.split()) for w in whys)))
    lines.append("Try: " + (item["rewrite"] or "; ".join(item["changes"])))  # no rewrite: changes say why
    if item.get("questions"):
        lines.append("Ask: " + " ".join(item["questions"]))
    return _xml_safe("\n".join(lines))


def _xml_safe(text: str) -> str:
    """Text an XML part can hold: no C0 controls but tab and newline, no escape sequences."""
    from cvlint.sanitize import _ESCAPES

    text = _ESCAPES.sub("", text)
    return "".join(ch for ch in text if ch in "\t\n" or (ord(ch) >= 0x20 and not 0xD800 <= ord(ch) <= 0xDFFF
                                                         and ch not in "\ufffe\uffff"))


def flagged_span(item: dict) -> tuple[int, int] | None:
    """The union of the weak findings' spans on a bullet, or None (the whole bullet)."""
    spans = [tuple(f["span"]) for f in item["findings"] if f.get("span")]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)
