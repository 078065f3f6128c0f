"""DOCX styles and numbering: run formatting through the style chain, paragraph styles (heading, list), and which
numbering definitions draw a visible bullet or number (`cvlint.parse.docx` reads them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

HEADING_NAME = re.compile(r"^(?:heading\s*\d|title)$", re.I)
HEADING_ID = re.compile(r"^(?:heading\d|title)$", re.I)
LIST_NAME = re.compile(r"^list (?:bullet|number)(?:\s*\d)?$", re.I)
FALSE = {"0", "false", "off", "none"}


@dataclass(frozen=True, slots=True)
class RunProps:
    """Run formatting; None means "not set here". Sizes are in half-points. Right-to-left and
    complex-script runs (``w:rtl``, ``w:cs``) take their bold and size from ``w:bCs``/``w:szCs``."""

    bold: bool | None = None
    caps: bool | None = None
    vanish: bool | None = None
    size: int | None = None
    bold_cs: bool | None = None
    size_cs: int | None = None
    complex: bool | None = None

    def over(self, base: RunProps) -> RunProps:
        """These properties where set, else ``base``'s."""
        return RunProps(*(mine if mine is not None else theirs
                           for mine, theirs in zip(self._values(), base._values())))

    def _values(self) -> tuple:
        return (self.bold, self.caps, self.vanish, self.size, self.bold_cs, self.size_cs, self.complex)

    @property
    def is_bold(self) -> bool:
        return bool(self.bold_cs if self.complex else self.bold)

    @property
    def points2(self) -> int | None:
        return (self.size_cs or self.size) if self.complex else self.size


@dataclass(frozen=True, slots=True)
class ParaStyle:
    heading: bool = False
    list_name: bool = False
    num_id: str | None = None
    ilvl: str | None = None
    before: int | None = None
    after: int | None = None
    run: RunProps = RunProps()


def toggle(el: etree._Element | None, n: dict[str, str]) -> bool | None:
    if el is None:
        return None
    return (el.get(n["@val"]) or "true").strip().lower() not in FALSE


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except (ValueError, OverflowError):
        return None


def run_props(rpr: etree._Element | None, n: dict[str, str]) -> RunProps:
    if rpr is None or not len(rpr):
        return RunProps()
    found: dict[str, etree._Element] = {}
    wanted = rpr_tags(n)
    for child in rpr:
        key = wanted.get(child.tag)
        if key is not None:
            found[key] = child
    if not found:
        return RunProps()
    caps = toggle(found.get("caps"), n)
    small = toggle(found.get("smallCaps"), n)
    rtl, cs = toggle(found.get("rtl"), n), toggle(found.get("cs"), n)
    return RunProps(
        bold=toggle(found.get("b"), n),
        caps=caps if caps or small is None else small,
        vanish=toggle(found.get("vanish"), n),
        size=half_points(found.get("sz"), n),
        bold_cs=toggle(found.get("bCs"), n),
        size_cs=half_points(found.get("szCs"), n),
        complex=None if rtl is None and cs is None else bool(rtl or cs),
    )


RPR_KEYS = ("b", "bCs", "caps", "smallCaps", "vanish", "sz", "szCs", "rtl", "cs")
_RPR_TAGS: dict[str, dict[str, str]] = {}


def rpr_tags(n: dict[str, str]) -> dict[str, str]:
    """{qualified tag: key} of the run properties read, per namespace."""
    tags = _RPR_TAGS.get(n["b"])
    if tags is None:
        tags = _RPR_TAGS[n["b"]] = {n[key]: key for key in RPR_KEYS}
    return tags


def half_points(el: etree._Element | None, n: dict[str, str]) -> int | None:
    return to_int(el.get(n["@val"])) if el is not None else None


class Styles:
    """Resolved paragraph and character styles (``w:basedOn`` chains, cycles and depth bounded)."""

    _MAX_DEPTH = 32

    def __init__(self, root: etree._Element | None, n: dict[str, str]):
        self.n = n
        self.raw: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.defaults = RunProps(size=20, size_cs=20)
        self.default_before: int | None = None
        self.default_after: int | None = None
        self._para: dict[str | None, ParaStyle] = {}
        self._char: dict[str | None, RunProps] = {}
        if root is None:
            return
        for style in root.iter(n["style"]):
            sid = style.get(n["@styleId"])
            if sid is None or sid in self.raw:
                continue
            self.raw[sid] = style
            if style.get(n["@type"]) == "paragraph" and (style.get(n["@default"]) or "").lower() in ("1", "true", "on"):
                self.default_para = self.default_para or sid
        dd = root.find(n["docDefaults"])
        if dd is not None:
            rpr = dd.find(f"{n['rPrDefault']}/{n['rPr']}")
            self.defaults = run_props(rpr, n).over(self.defaults)
            spacing = dd.find(f"{n['pPrDefault']}/{n['pPr']}/{n['spacing']}")
            if spacing is not None:
                self.default_before = to_int(spacing.get(n["@before"]))
                self.default_after = to_int(spacing.get(n["@after"]))

    def _chain(self, sid: str | None) -> list[etree._Element]:
        """The style and its ancestors, nearest first."""
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while sid and sid in self.raw and sid not in seen and len(chain) < self._MAX_DEPTH:
            seen.add(sid)
            style = self.raw[sid]
            chain.append(style)
            based = style.find(self.n["basedOn"])
            sid = based.get(self.n["@val"]) if based is not None else None
        return chain

    def para(self, sid: str | None) -> ParaStyle:
        if sid is None or sid not in self.raw:
            sid = self.default_para
        if sid in self._para:
            return self._para[sid]
        n = self.n
        heading = list_name = False
        num_id = ilvl = None
        before = after = None
        run = RunProps()
        for style in self._chain(sid):
            name_el = style.find(n["name"])
            name = (name_el.get(n["@val"]) if name_el is not None else "") or ""
            sid_here = style.get(n["@styleId"]) or ""
            heading = heading or bool(HEADING_NAME.match(name.strip()) or HEADING_ID.match(sid_here))
            list_name = list_name or bool(LIST_NAME.match(name.strip()))
            ppr = style.find(n["pPr"])
            if ppr is not None:
                numpr = ppr.find(n["numPr"])
                if numpr is not None:
                    nid, lvl = numpr.find(n["numId"]), numpr.find(n["ilvl"])
                    if num_id is None and nid is not None:
                        num_id = nid.get(n["@val"])
                    if ilvl is None and lvl is not None:
                        ilvl = lvl.get(n["@val"])
                outline = ppr.find(n["outlineLvl"])
                if outline is not None and (to_int(outline.get(n["@val"])) or 0) < 9:
                    heading = True
                spacing = ppr.find(n["spacing"])
                if spacing is not None:
                    before = before if before is not None else to_int(spacing.get(n["@before"]))
                    after = after if after is not None else to_int(spacing.get(n["@after"]))
            run = run.over(run_props(style.find(n["rPr"]), n))
        resolved = ParaStyle(heading, list_name, num_id, ilvl,
                              before if before is not None else self.default_before,
                              after if after is not None else self.default_after,
                              run.over(self.defaults))
        self._para[sid] = resolved
        return resolved

    def char(self, sid: str | None) -> RunProps:
        if sid in self._char:
            return self._char[sid]
        run = RunProps()
        for style in self._chain(sid):
            run = run.over(run_props(style.find(self.n["rPr"]), self.n))
        self._char[sid] = run
        return run

    def num_of_style(self, sid: str | None) -> str | None:
        return self.para(sid).num_id if sid in self.raw else None


class Numbering:
    """Which (numId, ilvl) pairs show a list marker."""

    def __init__(self, root: etree._Element | None, n: dict[str, str], styles: Styles):
        self.present = root is not None
        self.n = n
        self.styles = styles
        self.nums: dict[str, tuple[str | None, dict[str, etree._Element]]] = {}
        self.abstracts: dict[str, etree._Element] = {}
        if root is None:
            return
        for ab in root.iter(n["abstractNum"]):
            aid = ab.get(n["@abstractNumId"])
            if aid is not None:
                self.abstracts.setdefault(aid, ab)
        for num in root.iter(n["num"]):
            nid = num.get(n["@numId"])
            ref = num.find(n["abstractNumId"])
            overrides = {}
            for ov in num.findall(n["lvlOverride"]):
                lvl = ov.find(n["lvl"])
                if lvl is not None:
                    overrides[(ov.get(n["@ilvl"]) or "0").strip()] = lvl
            if nid is not None:
                self.nums.setdefault(nid, (ref.get(n["@val"]) if ref is not None else None, overrides))

    def visible(self, num_id: str | None, ilvl: str | None, depth: int = 0) -> bool:
        if num_id is None or num_id.strip() in ("", "0"):
            return False
        if not self.present:
            return True  # list numbering without a numbering part: trust the paragraph
        if num_id not in self.nums:
            return False  # Word shows no marker for a list that does not exist
        ilvl = (ilvl or "0").strip()
        abstract_id, overrides = self.nums[num_id]
        lvl = overrides.get(ilvl)
        if lvl is None:
            abstract = self.abstracts.get(abstract_id or "")
            if abstract is None:
                return False
            link = abstract.find(self.n["numStyleLink"])
            if link is not None and depth < 3:  # a list defined by a numbering style
                linked = self.styles.num_of_style(link.get(self.n["@val"]))
                if linked and linked != num_id:
                    return self.visible(linked, ilvl, depth + 1)
            lvl = next((x for x in abstract.findall(self.n["lvl"])
                        if (x.get(self.n["@ilvl"]) or "0").strip() == ilvl), None)
            if lvl is None:
                return True
        fmt = lvl.find(self.n["numFmt"])
        text = lvl.find(self.n["lvlText"])
        fmt_val = fmt.get(self.n["@val"]) if fmt is not None else None
        text_val = text.get(self.n["@val"]) if text is not None else None
        return not (fmt_val == "none" and not (text_val or "").strip())
