"""Lines -> Document: canonical sections, entries (title, organization, location, dates) and bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

import yaml

from cvlint.lexicon import lexicon
from cvlint.model import Bullet, Document, Entry, Line, Section
from cvlint.parse.contact import is_contact_only
from cvlint.parse.typography import (closes_unit, continues_by_words, ends_open, in_capitals, join_wrapped,
                                     word_pattern)
from cvlint.resources import data_dir
from cvlint.sanitize import clean

_MONTH = rf"(?:{word_pattern('months')})\.?"
_POINT = (rf"(?:(?:{_MONTH}|{word_pattern('seasons')})\s*'?)?(?:\d{{1,2}}\s*[/.-]\s*)?(?:(?:19|20)\d{{2}}|'\d{{2}})"
          rf"|(?:till|to)\s+(?:{word_pattern('until_now_after_till')})|{word_pattern('until_now_dating')}"
          rf"|{word_pattern('until_now_closing')}|{_MONTH}")
_RANGE = re.compile(
    rf"\(?(?:since\s+|from\s+)?(?:{_POINT})(?:\s*(?:-|–|—|to|until|till|→)\s*(?:{_POINT}))?\)?", re.IGNORECASE)
_YEAR = re.compile(rf"(?:19|20)\d{{2}}|'\d{{2}}\b|{word_pattern('until_now_dating')}", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s+[|·•—–-]\s+|\s*\|\s*|\t+|\s{3,}|\s+at\s+|\s+@\s+")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# A preamble line naming a contact detail is not summary prose. Narrower than contact.CONTACT on purpose: a bare
# domain does not count here, or a profile listing "ASP.NET" would lose its summary.
_CONTACT = re.compile(r"@\w|https?://|www\.|linkedin|github\.com|\+?\d[\d ()-]{8,}\d", re.IGNORECASE)
LINE_SECTIONS = {"skills", "languages", "interests"}


@cache
def _heading_table() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    table = yaml.safe_load((data_dir("rules") / "sections.yaml").read_text(encoding="utf-8"))
    phrases: dict[str, str] = {}
    for name, spec in table.items():
        for phrase in spec["phrases"]:
            phrases[phrase] = name
            phrases[phrase.replace(" ", "")] = name
    return phrases, {name: tuple(spec["keywords"]) for name, spec in table.items()}


def _normalise_heading(text: str) -> str:
    t = text.strip().lstrip("#").strip().rstrip(":").strip().lower().replace("&", " and ")
    words = re.split(r"\s{2,}", t)
    if all(re.fullmatch(r"(?:\S )+\S", w) for w in words if w):  # letter-spaced: "E X P E R I E N C E"
        t = " ".join(w.replace(" ", "") for w in words)
    t = re.sub(r"[^\w\s']", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def heading_name(line: Line) -> str | None:
    """The canonical section a line heads, or None if it is not a section heading."""
    text = line.text.strip()
    if line.bullet or not text or len(text) > 60:
        return None
    phrases, keywords = _heading_table()
    norm = _normalise_heading(text)
    if norm in phrases:
        return phrases[norm]
    if norm.replace(" ", "") in phrases:
        return phrases[norm.replace(" ", "")]
    looks_like_heading = line.heading or in_capitals(text) or text.endswith(":") or text.startswith("#")
    if looks_like_heading and len(norm.split()) <= 4 and not _has_date(text):
        for name, words in keywords.items():
            if any(re.search(rf"\b{re.escape(w)}\b", norm) for w in words):
                return name
    return None


def _has_date(text: str) -> re.Match | None:
    for m in _RANGE.finditer(text):
        if _YEAR.search(m.group()):
            return m
    return None


def opens_with_date(text: str) -> bool:
    """Whether a line opens with a date or a date range ("2015 - 2018.", "08/10 - Southwood Elementary")."""
    m = _RANGE.match(text.lstrip(" (•-–"))
    return bool(m and _YEAR.search(m.group()))


def _date_span(text: str) -> tuple[str | None, str]:
    """The dates of an entry header and the text without them."""
    spans = [m for m in _RANGE.finditer(text) if _YEAR.search(m.group())]
    if not spans:
        return None, text
    start, end = spans[0].start(), spans[-1].end()
    dates = text[start:end].strip(" ()")
    rest = (text[:start] + " | " + text[end:]).strip()
    return dates, rest


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'.+#&/-]+", text.lower())


def _is_title(part: str) -> bool:
    titles = lexicon("job-titles")
    return any(w in titles or p in titles for w in _words(part) for p in w.strip(".,").split("/"))


def _is_org(part: str) -> bool:
    org_words = lexicon("organization-words")
    return any(w in org_words for w in _words(part))


def _split_title_org(part: str) -> list[str]:
    """A title run into its organisation with no separator ("Staff Nurse Royal Infirmary"): cut after the last
    job title word when an organisation follows: two to four capitalised words, one an organisation word."""
    words = part.split()
    titles = lexicon("job-titles")
    cut = max((i + 1 for i, w in enumerate(words) if w.lower().strip(".,") in titles), default=0)
    org = words[cut:]
    if not cut or not 2 <= len(org) <= 4 or not all(w[:1].isupper() for w in org) or not _is_org(" ".join(org)):
        return [part]
    return [" ".join(words[:cut]), " ".join(org)]


def _is_location(part: str) -> bool:
    places = lexicon("locations")
    p = part.strip(" ,.()").lower()
    if p in places:
        return True
    pieces = [x.strip() for x in p.split(",")]
    if len(pieces) < 2 or len(pieces) > 3 or pieces[-1] not in places:
        return False
    return pieces[0] in places or (all(len(x.split()) <= 2 for x in pieces[:-1]) and not _is_org(pieces[0]))


def _with_town(head: str, region: str) -> tuple[str, str]:
    """An organisation of two words or more and the place its town runs into: the town (one word or two) moves
    to the location when it is a known place ("Hilton London", "UK") or the place is a US state code ("Hilton
    Garden Inn Austin", "TX")."""
    words = head.split()
    places = lexicon("locations")
    state_code = len(region) == 2 and region.isupper() and region.lower() in places
    for n in (2, 1):
        town = " ".join(words[-n:])
        if len(words) >= n + 2 and all(w[:1].isupper() for w in words[-n:]) and not _is_org(town) \
                and words[-n - 1].lower() not in _LABEL_CONNECTORS \
                and (town.lower() in places or (n == 1 and state_code and not _is_title(town))):
            return " ".join(words[:-n]), f"{town}, {region}"
    return head, region


def _is_town_of(org: str, part: str) -> bool:
    """Whether a part after an organisation is its town: one word in title case that is no job title nor
    organisation word ("Orchard International School, Indore"; not "HashiCorp", "AT&T")."""
    return _is_org(org) and part.isalpha() and part[:1].isupper() and part[1:].islower() and not _is_title(part) \
        and not _is_org(part)


def _place_then_title(part: str) -> tuple[str, str, str] | None:
    """An organisation, its town and region, then the job title, in one piece ("Hilton Garden Inn Austin , TX
    Line Cook"): (organisation, location, title), or None."""
    head, _, tail = part.rpartition(",")
    words = tail.split()
    if not head.strip() or len(words) < 2 or words[0].lower() not in lexicon("locations"):
        return None
    org, place = _with_town(head.strip(), words[0])
    if org == head.strip() and not _is_title(" ".join(words[1:])):
        return None   # "Acme Ltd, Texas Instruments": no town before the place, no title after it
    return org, place, " ".join(words[1:])


def _is_name_line(text: str) -> bool:
    """A short line of capitalised words that is no sentence: an organisation, a place ("Company Name City ,
    State", "Royal Infirmary, Leeds"), not a duty ("Managed the kitchen")."""
    t = text.strip()
    words = [w.strip("()[],;") for w in t.split()]
    words = [w for w in words if any(c.isalnum() for c in w)]
    if not words or len(words) > 10 or ":" in t or closes_unit(t) or ends_open(t):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _LABEL_CONNECTORS for w in words)


@dataclass
class _EntryDraft:
    title: str | None = None
    organization: str | None = None
    location: str | None = None
    dates: str | None = None
    lines: list[Line] = field(default_factory=list)

    def fields(self) -> dict[str, str | None]:
        return {"title": self.title, "organization": self.organization, "location": self.location,
                "dates": self.dates}

    def merge(self, other: dict[str, str | None]) -> bool:
        """Fill empty fields from a second header line; False if they clash."""
        mine = self.fields()
        if other["organization"] and mine["organization"] and not (other["title"] or mine["title"]):
            if _names_the_job(mine, other):   # "Owner/Chef 2012 to 2015" then "Hilton, Austin, TX"
                mine = {**mine, "title": mine["organization"], "organization": None}
            else:                               # "Acme Ltd, Leeds" then "Server"
                other = {**other, "title": other["organization"], "organization": None}
        if any(v and mine[k] for k, v in other.items()):
            return False
        for k, v in {**mine, **{k: v for k, v in other.items() if v}}.items():
            setattr(self, k, v)
        return True

    def is_named_by(self, other: dict[str, str | None]) -> bool:
        """Whether a name line under this header names one of its fields: a known job title, a place, or the
        organisation (not a subheading such as "Professional Affiliations" under an organisation)."""
        if other["title"] or other["location"]:
            return True
        return bool(other["organization"]) and (
            not self.organization or (not self.title and _names_the_job(self.fields(), other)))


def _names_the_job(mine: dict[str, str | None], other: dict[str, str | None]) -> bool:
    """Of two header lines that each read as an organisation, whether the first names the job (else the
    second does)."""
    return bool(_title_first(mine["organization"], other["organization"], bool(mine["location"]),
                             bool(other["location"])))


def _title_first(a: str, b: str, a_placed: bool = False, b_placed: bool = False) -> bool | None:
    """Whether the first of two header parts is the job title and the second the organisation: it holds a job
    title word and the second does not, or the second carries the place, or (neither holding a title word) an
    organisation word, and the first does not. None when nothing tells them apart."""
    signs = [(_is_title(a), _is_title(b)), (not a_placed, not b_placed)]
    if not (signs[0][0] or signs[0][1]):
        signs.append((not _is_org(a), not _is_org(b)))
    return next((sign_a for sign_a, sign_b in signs if sign_a != sign_b), None)


def entry_fields(text: str) -> dict[str, str | None]:
    """Title, organization, location and dates from an entry header line."""
    dates, rest = _date_span(text)
    at = re.search(r"\s+(?:at|@)\s+", rest)
    parts = [p.strip(" ,;|–—-") for p in _SEPARATORS.split(rest)]
    parts = [p[1:-1].strip() if p.startswith("(") and p.endswith(")") and "(" not in p[1:-1] else p
             for p in parts if p]
    out: dict[str, str | None] = {"title": None, "organization": None, "location": None, "dates": dates}
    if len(parts) == 1 and _is_location(parts[0]):
        out["location"] = parts.pop()
    if len(parts) > 1 and (_is_location(parts[-1]) or (len(parts) == 2 and _is_town_of(*parts))):
        out["location"] = parts.pop()
    placed = _place_then_title(parts[0]) if len(parts) == 1 and not out["location"] else None
    if placed:
        parts, out["location"] = [placed[2], placed[0]], placed[1]
    if parts and not out["location"] and "," in parts[-1]:
        pieces = [x.strip() for x in parts[-1].split(",")]
        for i in range(1, len(pieces)):
            if _is_location(", ".join(pieces[i:])):
                parts[-1], out["location"] = ", ".join(pieces[:i]), ", ".join(pieces[i:])
                if i == len(pieces) - 1:
                    parts[-1], out["location"] = _with_town(parts[-1], out["location"])
                break
    if len(parts) == 1 and "," in parts[0]:
        head, tail = (x.strip() for x in parts[0].split(",", 1))
        if not out["location"] and (_is_location(tail) or _is_town_of(head, tail)):
            parts, out["location"] = [head], tail
        elif not _is_location(tail):
            parts = [head, tail]
    if not parts:
        return out
    if len(parts) == 1 and _is_title(parts[0]) and ":" not in parts[0]:
        parts = _split_title_org(parts[0])
    if len(parts) == 1:
        out["title" if _is_title(parts[0]) else "organization"] = parts[0]
        return out
    first, second = parts[0], parts[1]
    if not at and _title_first(first, second) is False:
        first, second = second, first
    out["title"], out["organization"] = first, second
    if len(parts) > 2 and not out["location"]:
        out["location"] = parts[2]
    return out


def _is_date_line(text: str) -> bool:
    m = _has_date(text)
    if not m:
        return False
    rest = (text[:m.start()] + text[m.end():]).strip(" ,|·-–—()")
    return not rest or _is_location(rest)


_DATED_SECTIONS = ("experience", "education", "projects", "volunteering")
_FIELD_NAME = re.compile(r"^[^\d:]{2,20}:\s*(?=\S)")   # "Duration: ", "Period: "
_LABEL_CONNECTORS = {"of", "and", "the", "for", "at", "de", "&", "-", "–", "|", "·"}


def _is_dated_label(text: str) -> bool:
    """A bullet that only dates and names its entry ("• 2010-2014 (University of Minnesota)"): entry fields, not
    a bullet to judge. The rest besides the dates is at most five capitalised words (a name, a place)."""
    if len(text.split()) > 12 or not _YEAR.search(text):   # cheap first: most bullets fail these
        return False
    m = _has_date(text)
    if not m:
        return False
    rest = (text[:m.start()] + " " + text[m.end():]).strip(" ,;:|·-–—().")
    words = rest.replace("(", " ").replace(")", " ").replace(",", " ").split()
    return len(words) <= 5 and all(w[:1].isupper() or w.lower() in _LABEL_CONNECTORS for w in words)


def _is_entry_header(lines: list[Line], i: int, lookahead: int = 2) -> bool:
    """Whether lines[i] heads an entry: dates, separators or a heading style, or a short line that is
    followed by a dates line, by bullets, or by another header line ("Title" / "Org, Place" / "Dates")."""
    line = lines[i]
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    text = line.text.strip()
    n_words = len(text.split())
    if line.bullet or n_words > 18 or text.endswith("."):
        return False
    if _has_date(text) and n_words <= 16:
        return True
    if n_words > 12:
        return False
    if line.heading or _SEPARATORS.search(text) or (_is_name_line(text) and entry_fields(text)["location"]):
        return True
    if nxt is None or nxt.gap_before:
        return False
    if not nxt.bullet and _is_date_line(nxt.text):
        return True
    if nxt.bullet:
        return n_words <= 10
    return lookahead > 0 and n_words <= 8 and _is_entry_header(lines, i + 1, lookahead - 1)


def _continues(prev: str, line: Line) -> bool:
    """Whether a glyph-less line is the wrapped tail of the previous bullet or paragraph."""
    if line.gap_before or not line.text.strip():
        return False
    return continues_by_words(prev, line.text)


def _join(a: Line, b: Line) -> Line:
    return Line(text=join_wrapped(a.text.rstrip(), b.text.strip()), bullet=a.bullet, heading=a.heading, page=a.page,
                boxes=a.boxes + b.boxes, locator=a.locator, gap_before=a.gap_before)


def _paragraphs(lines: list[Line]) -> list[Line]:
    """Join glyph-less lines into paragraphs; each bullet stays its own unit."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev and not line.bullet and not line.gap_before and not closes_unit(prev.text) \
                and not (prev.bullet and not _continues(prev.text, line)):
            out[-1] = _join(prev, line)
        else:
            out.append(line)
    return out


def _entries(name: str, lines: list[Line]) -> list[_EntryDraft]:
    if name == "summary":
        return [_EntryDraft(lines=_paragraphs(lines))]
    if name in LINE_SECTIONS:
        return [_EntryDraft(lines=[line for line in lines if line.text.strip()])]
    drafts: list[_EntryDraft] = []
    for i, line in enumerate(lines):
        cur = drafts[-1] if drafts else None
        if line.bullet and name in _DATED_SECTIONS and _is_dated_label(line.text):
            fields = entry_fields(_FIELD_NAME.sub("", line.text).rstrip(". "))
            if not (cur and cur.merge(fields)):
                drafts.append(_EntryDraft(**fields))
            continue
        if line.bullet:
            if cur is None:
                cur = _EntryDraft()
                drafts.append(cur)
            cur.lines.append(line)
            continue
        if cur and cur.lines and _continues(cur.lines[-1].text, line):
            cur.lines[-1] = _join(cur.lines[-1], line)
            continue
        if _is_entry_header(lines, i) or (cur and not cur.lines and _is_date_line(line.text)):
            fields = entry_fields(line.text)
            if not (cur and not cur.lines and cur.merge(fields)):
                drafts.append(_EntryDraft(**fields))
            continue
        if cur and not cur.lines and not line.gap_before and any(cur.fields().values()) \
                and _is_name_line(line.text):
            fields = entry_fields(line.text)
            if cur.is_named_by(fields) and cur.merge(fields):
                continue   # "Line Cook 2012 to 2015" then "Hilton Garden Inn": the organisation, not a duty
        if cur is None:
            cur = _EntryDraft()
            drafts.append(cur)
        cur.lines.append(line)
    return drafts


def clean_text(text: str) -> str:
    """One line of text: white space collapsed, lone surrogates (broken PDF text) dropped."""
    return re.sub(r"\s+", " ", _SURROGATES.sub("", text)).strip()


def build(lines: list[Line], *, path: str, format: str, pages: int | None = None,
          notes: tuple[str, ...] = ()) -> Document:
    """Infer sections, entries and bullets from a format's lines."""
    groups: list[tuple[str, str, list[Line]]] = []
    preamble: list[Line] = []
    for line in (replace(line, text=clean(line.text)) for line in lines):
        name = heading_name(line)
        if name:
            groups.append((name, line.text.strip().lstrip("#").strip(), []))
        elif groups:
            groups[-1][2].append(line)
        else:
            preamble.append(line)
    body = [line for line in preamble if not line.heading and not _CONTACT.search(line.text)]
    prose = [p for p in _paragraphs(body) if len(p.text.split()) >= 12 and not p.bullet]
    if not groups:
        kept = [line for line in preamble if line.bullet or len(line.text.split()) >= 4]
        groups = [("experience", "", kept)]
        notes += ("no section headings found; all text judged as experience",)
    elif prose:
        groups.insert(0, ("summary", "", prose))
    sections: list[Section] = []
    count = 0
    for name, heading, body in groups:
        entries = []
        for index, draft in enumerate(_entries(name, body)):
            bullets = []
            for line in draft.lines:
                text = clean_text(line.text)
                if not text or is_contact_only(text):
                    continue
                count += 1
                bullets.append(Bullet(id=f"b{count}", text=text, section=name, line=line.locator, page=line.page,
                                      boxes=line.boxes, entry=index))
            entries.append(Entry(title=draft.title, organization=draft.organization, location=draft.location,
                                 dates=draft.dates, bullets=tuple(bullets)))
        sections.append(Section(name=name, heading=heading, entries=tuple(entries)))
    return Document(path=path, format=format, sections=tuple(sections), pages=pages, notes=notes)
