"""`cvlint export --format json-resume`: schema-valid, bullets kept verbatim, dates exact or kept aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from corpus import CORPUS, needs

from cvlint.coach import export as ex
from cvlint.limits import Limits
from cvlint.model import Bullet, Document, Entry, Section
from cvlint.parse import jsonresume

ROOT = Path(__file__).resolve().parents[1]


def _valid(obj: dict) -> None:
    errors = list(Draft7Validator(jsonresume.schema()).iter_errors(obj))
    assert not errors, [e.message for e in errors[:3]]


@pytest.mark.parametrize("text,expected", [
    ("2021", "2021"), ("2021-03", "2021-03"), ("03/2021", "2021-03"), ("Mar 2021", "2021-03"),
    ("September 2019", "2019-09"), ("Present", None), ("Summer 2019", False), ("13/2021", False),
])
def test_iso_date(text, expected):
    assert ex.iso_date(text) == expected


def test_date_range_only_when_exact():
    assert ex.date_range("Mar 2022 – Present") == {"startDate": "2022-03"}
    assert ex.date_range("2019 - 2021") == {"startDate": "2019", "endDate": "2021"}
    assert ex.date_range("Summer 2019 – 2020") == {}
    assert ex.date_range("2021 – 2019") == {}


def _doc() -> Document:
    b = lambda i, t, s: Bullet(id=f"b{i}", text=t, section=s, line=i)  # noqa: E731
    return Document("cv.md", "markdown", (
        Section("summary", "Profile", (Entry(bullets=(b(1, "Engineer who ships.", "summary"),)),)),
        Section("experience", "Work", (Entry("ML Engineer", "Acme <script>", "London", "Summer 2019 – 2021",
                                             (b(2, "Cut costs by 30%.", "experience"),)),)),
        Section("education", "Education", (Entry("MSc Data Science", "Uni", None, "2016 – 2018",
                                                 (b(3, "Modules: Statistics, ML", "education"),
                                                  b(4, "Grade: Distinction", "education"),
                                                  b(5, "Thesis on graph models", "education"))),)),
        Section("skills", "Skills", (Entry(bullets=(b(6, "Languages: Python, SQL", "skills"),)),)),
        Section("languages", "Languages", (Entry(bullets=(b(7, "English (native), Spanish: fluent", "languages"),)),)),
        Section("other", "Hobbies & More", (Entry(bullets=(b(8, "Chess", "other"),)),)),
    ), language="en")


def test_mapping_and_schema():
    obj = ex.json_resume(_doc(), basics={"name": "Ana"})
    _valid(obj)
    assert obj["basics"] == {"name": "Ana", "summary": "Engineer who ships."}
    work = obj["work"][0]
    assert work["highlights"] == ["Cut costs by 30%."] and work["name"] == "Acme <script>"
    assert "startDate" not in work  # "Summer 2019" is not exact ...
    assert obj["meta"]["cvlint"]["dates"]["work/0"] == "Summer 2019 – 2021"  # ... so it is kept aside
    edu = obj["education"][0]
    assert edu["courses"] == ["Statistics", "ML"] and edu["score"] == "Grade: Distinction"
    assert edu["startDate"] == "2016" and edu["endDate"] == "2018"
    assert obj["meta"]["cvlint"]["notes"] == [{"at": "education/0", "lines": ["Thesis on graph models"]}]
    assert obj["skills"] == [{"name": "Languages", "keywords": ["Python", "SQL"]}]
    assert obj["languages"] == [{"language": "English", "fluency": "native"}, {"language": "Spanish", "fluency": "fluent"}]
    assert obj["meta"]["cvlint"]["other"][0]["lines"] == ["Chess"]


def test_round_trip_keeps_the_bullets():
    obj = ex.json_resume(_doc())
    back = jsonresume.parse(json.dumps(obj).encode(), path="back.json")
    assert [b.text for b in back.bullets if b.section == "experience"] == ["Cut costs by 30%."]
    assert [b.text for b in back.bullets if b.section == "summary"] == ["Engineer who ships."]


@pytest.mark.parametrize("name", ["ana-costa.md", "ana-costa.docx", "ana-costa.pdf"])
def test_sample_exports_are_valid(name):
    path = ROOT / "samples" / name
    if not path.exists():
        pytest.skip("samples/ana-costa.* are not there")
    obj = ex.export_source(str(path), path, Limits())
    _valid(obj)
    from cvlint.parse import parse

    doc = parse(path.read_bytes(), name=name)
    exported = [h for w in obj.get("work", []) for h in w.get("highlights", [])]
    assert exported == [b.text for b in doc.bullets if b.section == "experience"]
    assert obj["basics"]["name"] == "Ana Costa" and obj["basics"]["email"].endswith("@example.com")


def _corpus():
    folder = CORPUS / "real"
    return sorted((folder / "docx").glob("*.docx"))[:10] + sorted((folder / "pdf").glob("*.pdf"))[:20] \
        if folder.is_dir() else []


@needs("real")
def test_real_cvs_export_schema_valid():
    from cvlint.errors import CvlintError

    done = 0
    for path in _corpus():
        try:
            obj = ex.export_source(str(path), path, Limits())
        except CvlintError as exc:
            assert exc.code in ("no-text-layer", "garbled-text", "encrypted", "corrupt"), exc
            continue
        _valid(obj)
        json.dumps(obj)
        done += 1
    assert done >= 20


def test_basics_take_links_and_phones_not_tech_names_or_year_ranges():
    from cvlint.model import Line

    lines = [Line(text="Jane Doe"), Line(text="ASP.NET developer, 2015 - 2019"),
             Line(text="jane.dev · +44 7700 900123"), Line(text="Experience", heading=True)]
    basics = ex.basics_from_lines(lines)
    assert basics["url"] == "jane.dev" and basics["phone"] == "+44 7700 900123"
