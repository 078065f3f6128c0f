"""JSON Resume -> Document: `work[]`, `projects[]` and `volunteer[]` highlights are bullets."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from cvlint.errors import CvlintError
from cvlint.model import Bullet, Document, Entry, Section
from cvlint.parse.structure import clean_text

# (JSON Resume key, section, title key, organization key, bullet keys)
_ENTRY_LISTS = (
    ("work", "experience", "position", "name", ("summary", "description", "highlights")),
    ("projects", "projects", "name", "entity", ("description", "highlights")),
    ("volunteer", "volunteering", "position", "organization", ("summary", "highlights")),
    ("education", "education", "studyType", "institution", ()),
    ("awards", "awards", "title", "awarder", ("summary",)),
    ("certificates", "certifications", "name", "issuer", ()),
    ("publications", "publications", "name", "publisher", ("summary",)),
)
_HEADINGS = {"work": "Work", "projects": "Projects", "volunteer": "Volunteer", "education": "Education",
             "awards": "Awards", "certificates": "Certificates", "publications": "Publications",
             "skills": "Skills", "languages": "Languages", "interests": "Interests"}


@cache
def schema() -> dict:
    return json.loads((files("cvlint") / "schemas" / "json-resume.schema.json").read_text(encoding="utf-8"))


def validate(obj: object) -> None:
    """Raise CvlintError(corrupt) naming the first place where `obj` breaks the JSON Resume schema."""
    from jsonschema import Draft7Validator

    error = next(iter(sorted(Draft7Validator(schema()).iter_errors(obj), key=lambda e: list(e.path))), None)
    if error is not None:
        where = "/".join(str(p) for p in error.path) or "the top level"
        raise CvlintError("corrupt", f"not a valid JSON Resume at {where}: {error.message}",
                          "fix the field or export the resume again")


def _dates(item: dict) -> str | None:
    start, end = item.get("startDate") or item.get("date") or item.get("releaseDate"), item.get("endDate")
    if not start:
        return None
    return f"{start} – {end or 'Present'}" if "startDate" in item else start


def parse(data: bytes, *, path: str, notes: tuple[str, ...] = ()) -> Document:
    obj = json.loads(data.decode("utf-8-sig"))
    validate(obj)
    units: list[tuple[str, str, list[tuple[dict, list[str]]]]] = []
    summary = (obj.get("basics") or {}).get("summary")
    if summary:
        units.append(("summary", "Summary", [({}, [summary])]))
    for key, name, title, org, bullet_keys in _ENTRY_LISTS:
        items = obj.get(key) or []
        entries = []
        for item in items:
            texts: list[str] = []
            for k in bullet_keys:
                value = item.get(k)
                texts.extend(value if isinstance(value, list) else [value] if value else [])
            fields = {"title": item.get(title) or (item.get("area") if key == "education" else None),
                      "organization": item.get(org), "location": item.get("location"), "dates": _dates(item)}
            entries.append((fields, texts))
        if entries:
            units.append((name, _HEADINGS[key], entries))
    for key, name, label, words in (("skills", "skills", "name", "keywords"), ("languages", "languages", "language",
                                    "fluency"), ("interests", "interests", "name", "keywords")):
        lines = []
        for item in obj.get(key) or []:
            extra = item.get(words)
            extra = ", ".join(extra) if isinstance(extra, list) else extra
            lines.append(": ".join(x for x in (item.get(label), extra) if x))
        if lines:
            units.append((name, _HEADINGS[key], [({}, lines)]))
    count = 0
    sections = []
    for name, heading, entries in units:
        built = []
        for index, (fields, texts) in enumerate(entries):
            bullets = []
            for text in texts:
                count += 1
                bullets.append(Bullet(id=f"b{count}", text=clean_text(text), section=name, line=count,
                                      entry=index))
            built.append(Entry(**fields, bullets=tuple(bullets)) if fields else Entry(bullets=tuple(bullets)))
        sections.append(Section(name=name, heading=heading, entries=tuple(built)))
    return Document(path=path, format="json-resume", sections=tuple(sections), notes=notes)
