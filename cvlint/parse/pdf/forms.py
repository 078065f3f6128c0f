"""Form XObjects that draw each other in a loop, or nest so that drawing a page multiplies them: found with pdfminer
before any engine draws the pages (pdfium expands them exponentially, in time and memory) and refused as `corrupt`."""

from __future__ import annotations

import re
from collections import Counter

from cvlint.errors import CvlintError


_FORM = re.compile(rb"/Subtype\s*/F(?:o|#6[fF])(?:r|#72)(?:m|#6[dD])")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_FORM_BUDGET = 20_000      # form invocations one page may expand to
_STREAM_CAP = 4 * 1024 * 1024


def check_form_loops(data: bytes, npages: int) -> None:
    """Refuse a PDF whose form XObjects draw each other in a loop, or nest so that drawing the pages would
    parse form bodies more than _FORM_BUDGET times (pdfium expands both exponentially, in time and memory).

    Only runs when the file has form XObjects at all. The check walks the page tree and the forms' own
    resources with pdfminer, iteratively and with budgets, and decodes form streams with a size cap. If
    pdfminer cannot read the file the check passes: pdfium is then the only judge.
    """
    if not _FORM.search(data):
        return
    try:
        verdict = _form_expansion(data, npages)
    except CvlintError:
        raise
    except Exception:   # noqa: BLE001 - a file pdfminer cannot read is left to pdfium
        return
    if verdict:
        raise CvlintError("corrupt", f"the PDF's drawing instructions loop or nest too deep ({verdict})")


def _form_expansion(data: bytes, npages: int) -> str | None:
    import io
    import logging
    import zlib

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream
    from pdfminer.psparser import PSLiteral

    log = logging.getLogger("pdfminer")
    if log.level == logging.NOTSET:
        log.setLevel(logging.ERROR)
    doc = PDFDocument(PDFParser(io.BytesIO(data)))

    def resolve(x, hops=32):
        while isinstance(x, PDFObjRef) and hops:
            try:
                x = doc.getobj(x.objid)
            except Exception:   # noqa: BLE001
                return None
            hops -= 1
        return None if isinstance(x, PDFObjRef) else x

    def name(x):
        return x.name if isinstance(x, PSLiteral) else x

    def xobjects(resources) -> dict:
        res = resolve(resources)
        if not isinstance(res, dict):
            return {}
        xo = resolve(res.get("XObject"))
        return xo if isinstance(xo, dict) else {}

    def stream_text(stream: PDFStream) -> bytes:
        filters = stream.get_filters()
        raw = stream.get_rawdata() or b""
        if not filters:
            return raw[:_STREAM_CAP]
        if len(filters) == 1 and name(filters[0][0]) in ("FlateDecode", "Fl"):
            try:
                return zlib.decompressobj().decompress(raw, _STREAM_CAP)
            except zlib.error:
                return b""
        return b""

    def invocations(content: bytes) -> Counter:
        return Counter(m.group(1) for m in _DO.finditer(content))

    def contents_of(page: dict) -> bytes:
        streams = resolve(page.get("Contents"))
        if isinstance(streams, PDFStream):
            streams = [streams]
        out = b""
        for st in streams if isinstance(streams, list) else ():
            st = resolve(st)
            if isinstance(st, PDFStream):
                out += stream_text(st) + b"\n"
            if len(out) > _STREAM_CAP:
                break
        return out

    def form_children(xo: dict, invoked: Counter | None) -> list[tuple[int, int]]:
        """(form id, times drawn) for the forms of a resource dictionary that the content draws."""
        out = []
        for key, ref in xo.items():
            times = 1 if invoked is None else invoked.get(key.encode("latin-1", "replace"), 0)
            if not times or not isinstance(ref, PDFObjRef):
                continue
            obj = resolve(ref)
            if isinstance(obj, PDFStream) and name(obj.get("Subtype")) == "Form":
                out.append((ref.objid, times))
        return out

    # forms reachable from the pages: id -> [(form id, times drawn)]
    children: dict[int, list[tuple[int, int]]] = {}
    roots: list[list[tuple[int, int]]] = []
    pending: list[tuple[int, dict]] = []   # (form id, inherited XObject dict)
    # walk the page tree iteratively (cycles and depth bounded)
    catalog = resolve(doc.catalog) if hasattr(doc, "catalog") else None
    root = resolve(catalog.get("Pages")) if isinstance(catalog, dict) else None
    stack = [(root, None, 0)]
    visited: set[int] = set()
    pages_seen = 0
    while stack and pages_seen <= npages:
        node, inherited, depth = stack.pop()
        if not isinstance(node, dict) or depth > 64 or id(node) in visited:
            continue
        visited.add(id(node))
        res = node.get("Resources", inherited)
        kind = name(node.get("Type"))
        kids = resolve(node.get("Kids"))
        if kind == "Pages" or (kind != "Page" and isinstance(kids, list)):
            for kid in reversed(kids or []):
                stack.append((resolve(kid), res, depth + 1))
            continue
        pages_seen += 1
        xo = xobjects(res)
        ids = form_children(xo, None)
        if ids:
            ids = form_children(xo, invocations(contents_of(node)))
        roots.append(ids)
        pending.extend((fid, xo) for fid, _ in ids)

    while pending:
        fid, inherited_xo = pending.pop()
        if fid in children:
            continue
        obj = resolve(PDFObjRef(doc, fid))
        if not isinstance(obj, PDFStream):
            children[fid] = []
            continue
        invoked = invocations(stream_text(obj))
        xo = xobjects(obj.get("Resources")) or inherited_xo
        kids = form_children(xo, invoked) if invoked else []
        children[fid] = kids
        pending.extend((k, xo) for k, _ in kids)
        if len(children) > 5000:
            return "too many nested forms"

    # cycle check and expansion count (how many form bodies pdfium would parse), iteratively
    state: dict[int, int] = {}        # 1 = on stack, 2 = done
    total: dict[int, int] = {}
    for ids in roots:
        for start, _ in ids:
            if state.get(start) == 2:
                continue
            stack2 = [(start, 0)]
            state[start] = 1
            while stack2:
                node, k = stack2[-1]
                kids = children.get(node, [])
                if k < len(kids):
                    stack2[-1] = (node, k + 1)
                    kid = kids[k][0]
                    st = state.get(kid)
                    if st == 1:
                        return "a form XObject draws itself"
                    if st is None:
                        state[kid] = 1
                        stack2.append((kid, 0))
                    continue
                total[node] = min(10 ** 9, 1 + sum(times * total.get(c, 1) for c, times in kids))
                state[node] = 2
                stack2.pop()
        if sum(times * total.get(i, 1) for i, times in ids) > _FORM_BUDGET:
            return "form XObjects expand too far"
    return None
