"""`cvlint export CV --format json-resume`: the parsed CV as a schema-valid JSON Resume, for editing.

Mapping (docs/coach.md has the table): summary -> basics.summary; experience -> work; projects -> projects;
volunteering -> volunteer; education -> education; skills -> skills ("Label: a, b" -> name + keywords);
certifications -> certificates; publications -> publications; awards -> awards; languages -> languages;
interests -> interests; anything else -> meta.cvlint.other. Entry dates become startDate/endDate only when
every part is an exact date (2021, 2021-03, 03/2021, Mar 2021; "Present" leaves endDate out); the dates as
written are always kept in meta.cvlint.dates, keyed by the entry ("work/0"), so nothing is lost and the
highlights stay exactly the CV's bullets.
"""

from __future__ import annotations

import json
import re

from cvlint.model import Document, Entry
from cvlint.parse.contact import EMAIL, PHONE, URL

_MONTHS = {m: i for i, names in enumerate((("jan", "january"), ("feb", "february"), ("mar", "march"),
                                           ("apr", "april"), ("may",), ("jun", "june"), ("jul", "july"),
                                           ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
                                           ("nov", "november"), ("dec", "december")), 1) for m in names}
_ONGOING = {"present", "current", "now", "today", "ongoing", "date", "till date", "to date"}
_RANGE = re.compile(r"\s*(?:–|—|‒|-|\bto\b|\buntil\b|\btill\b)\s*", re.I)
_NETWORKS = {"linkedin": "LinkedIn", "github": "GitHub", "gitlab": "GitLab", "twitter": "Twitter", "x.com": "X",
             "kaggle": "Kaggle", "medium": "Medium", "scholar.google": "Google Scholar"}
_COURSES = re.compile(r"^(?:relevant\s+)?(?:courses|coursework|modules|subjects)\s*[:\-–]\s*", re.I)
_SCORE = re.compile(r"\b(?:gpa|cgpa|grade|first[- ]class|2:1|2\.1|distinction|merit|honou?rs|percentage|score)\b", re.I)


def iso_date(text: str) -> str | None | bool:
    """An exact ISO 8601 date for `text`, None when it means "ongoing", False when it is not exact."""
    t = text.strip().strip(".,()").strip()
    low = t.lower()
    if low in _ONGOING:
        return None
    if re.fullmatch(r"[12]\d{3}(?:-[01]\d(?:-[0-3]\d)?)?", t):
        return t
    m = re.fullmatch(r"(0?[1-9]|1[0-2])\s*[/.]\s*([12]\d{3})", t)
    if m:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"([A-Za-z]{3,9})\.?,?\s+'?([12]\d{3})", t)
    if m and m.group(1).lower() in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"
    return False


def date_range(dates: str | None) -> dict:
    """startDate/endDate for an entry's dates when every part is exact, else {}."""
    if not dates:
        return {}
    parts = [p for p in _RANGE.split(dates.strip()) if p.strip()]
    if not 1 <= len(parts) <= 2:
        return {}
    values = [iso_date(p) for p in parts]
    if any(v is False for v in values) or values[0] is None:
        return {}
    out = {"startDate": values[0]}
    if len(values) == 2 and values[1] is not None:
        if values[1] < values[0]:
            return {}
        out["endDate"] = values[1]
    return out


def _put(obj: dict, **fields) -> dict:
    obj.update({k: v for k, v in fields.items() if v not in (None, "", [], {})})
    return obj


def _skill(text: str) -> dict:
    label, sep, rest = text.partition(":")
    if sep and rest.strip() and len(label.split()) <= 5:
        return _put({}, name=label.strip(), keywords=_split_list(rest))
    items = _split_list(text)
    return _put({}, name="Skills", keywords=items) if len(items) > 1 else {"name": text}


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s*[,;|•·]\s*", text) if p.strip()]


def _language(text: str) -> list[dict]:
    out = []
    for item in _split_list(text):
        m = re.fullmatch(r"(.+?)\s*(?:\((.+)\)|[:\-–]\s*(.+))", item)
        if m:
            out.append(_put({}, language=m.group(1).strip(), fluency=(m.group(2) or m.group(3) or "").strip()))
        else:
            out.append({"language": item})
    return out


def json_resume(doc: Document, *, basics: dict | None = None) -> dict:
    """The Document as a JSON Resume object (schema-valid; see the module docstring for the mapping)."""
    out: dict = {}
    meta: dict = {"source": doc.path, "format": doc.format, "dates": {}, "other": [], "notes": []}
    b = dict(basics or {})
    summary = " ".join(x.text for s in doc.section("summary") for x in s.bullets)
    if summary and not b.get("summary"):
        b["summary"] = summary
    if b:
        out["basics"] = b

    def add(key: str, item: dict, entry: Entry | None = None) -> None:
        items = out.setdefault(key, [])
        if entry is not None and entry.dates:
            meta["dates"][f"{key}/{len(items)}"] = entry.dates
            item.update(date_range(entry.dates))
        items.append(item)

    for section in doc.sections:
        name = section.name
        for entry in section.entries:
            texts = [x.text for x in entry.bullets]
            if name == "experience":
                add("work", _put({}, name=entry.organization, position=entry.title, location=entry.location,
                                 highlights=texts), entry)
            elif name == "projects":
                add("projects", _put({}, name=entry.title or entry.organization, entity=entry.organization
                                     if entry.title else None, highlights=texts), entry)
            elif name == "volunteering":
                add("volunteer", _put({}, organization=entry.organization, position=entry.title, highlights=texts),
                    entry)
            elif name == "education":
                courses, score, rest = [], None, []
                for t in texts:
                    if _COURSES.match(t):
                        courses.extend(_split_list(_COURSES.sub("", t)))
                    elif score is None and _SCORE.search(t) and len(t) <= 80:
                        score = t
                    else:
                        rest.append(t)
                add("education", _put({}, institution=entry.organization, studyType=entry.title, score=score,
                                      courses=courses), entry)
                if rest:
                    meta["notes"].append({"at": f"education/{len(out['education']) - 1}", "lines": rest})
            elif name == "skills":
                for t in texts:
                    out.setdefault("skills", []).append(_skill(t))
            elif name == "languages":
                for t in texts:
                    out.setdefault("languages", []).extend(_language(t))
            elif name == "interests":
                for t in texts:
                    items = _split_list(t)
                    out.setdefault("interests", []).append(
                        _put({}, name=items[0], keywords=items[1:]) if len(items) > 1 else {"name": t})
            elif name in ("certifications", "publications", "awards"):
                key, title, org = {"certifications": ("certificates", "name", "issuer"),
                                   "publications": ("publications", "name", "publisher"),
                                   "awards": ("awards", "title", "awarder")}[name]
                if entry.title and texts and name != "certifications":
                    add(key, _put({}, **{title: entry.title, org: entry.organization, "summary": " ".join(texts)}),
                        entry)
                elif entry.title and not texts:
                    add(key, _put({}, **{title: entry.title, org: entry.organization}), entry)
                else:
                    for t in texts:
                        out.setdefault(key, []).append({title: t})
            elif name != "summary":
                meta["other"].append(_put({"heading": section.heading or name}, title=entry.title,
                                          organization=entry.organization, dates=entry.dates, lines=texts))
    out["meta"] = {"cvlint": {k: v for k, v in meta.items() if v}}
    return out


def basics_from_lines(lines) -> dict:
    """Name, e-mail, phone and profile links from the lines above the first section heading."""
    from cvlint.parse.structure import heading_name

    head = []
    for line in lines:
        if heading_name(line):
            break
        head.append(line.text)
        if len(head) >= 12:
            break
    out: dict = {}
    joined = "  ".join(head)
    for text in head:
        words = text.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() and w.replace("-", "").replace(".", "").replace("'", "")
                                        .isalpha() for w in words):
            out["name"] = text.strip()
            break
    email = EMAIL.search(joined)
    if email:
        out["email"] = email.group(0)
    phone = PHONE.search(EMAIL.sub(" ", joined))
    if phone and sum(c.isdigit() for c in phone.group(0)) >= 7:
        out["phone"] = phone.group(0).strip()
    profiles = []
    for url in URL.findall(EMAIL.sub(" ", joined)):
        network = next((n for key, n in _NETWORKS.items() if key in url.lower()), None)
        if network:
            profiles.append({"network": network, "url": url})
        elif "url" not in out and "." in url and not url[0].isdigit():
            out["url"] = url
    if profiles:
        out["profiles"] = profiles
    return out


def export_source(label: str, source, limits, pdf_engine: str = "pdfium") -> dict:
    """Parse one CV (PDFs read by `pdf_engine`) and return its JSON Resume object (validated against cvlint/schemas)."""
    from cvlint.parse import extract, parse, read_input
    from cvlint.parse.jsonresume import validate
    from cvlint.parse.sniff import sniff

    data = read_input(source, limits)
    doc = parse(data, name=label, limits=limits, pdf_engine=pdf_engine)
    fmt = sniff(data)
    if fmt == "json-resume":
        basics = (json.loads(data.decode("utf-8-sig")).get("basics") or {})
    else:
        lines, _ = extract(data, fmt, limits, pdf_engine)
        basics = basics_from_lines(lines)
    obj = json_resume(doc, basics=basics)
    validate(obj)
    return obj


def render(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
