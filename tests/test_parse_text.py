"""Text, Markdown and JSON Resume CVs: encodings, sections, entries and bullets."""

import json

import pytest

from cvlint.errors import CvlintError
from cvlint.parse import parse

PLAIN = """\
Ana Costa
ML Engineer, London

PROFILE
Machine learning engineer with five years of experience building recommendation systems for retail.

PROFESSIONAL EXPERIENCE
Senior ML Engineer | Acme Retail | London, UK | Jan 2021 – Present
• Deployed a recommendation system serving 2M users, increasing conversion by 18%.
• Responsible for maintaining the CI pipeline
  and the feature store.
Data Scientist, Beta Bank
2018 – 2020
- Built dashboards to track KPIs.

Education:
MSc Artificial Intelligence – University of Manchester
2016 – 2017

Technical Skills
Python, TensorFlow, Kubernetes
"""


def _doc(text: str, name: str = "cv.txt", encoding: str = "utf-8"):
    return parse(text.encode(encoding), name=name)


def test_sections_get_canonical_names_and_keep_their_headings():
    doc = _doc(PLAIN)
    assert [(s.name, s.heading) for s in doc.sections] == [
        ("summary", "PROFILE"), ("experience", "PROFESSIONAL EXPERIENCE"), ("education", "Education:"),
        ("skills", "Technical Skills")]


def test_entries_have_title_organization_location_and_dates():
    (exp,) = _doc(PLAIN).section("experience")
    first, second = exp.entries
    assert (first.title, first.organization, first.location, first.dates) == (
        "Senior ML Engineer", "Acme Retail", "London, UK", "Jan 2021 – Present")
    assert (second.title, second.organization, second.dates) == ("Data Scientist", "Beta Bank", "2018 – 2020")


# A header line under or above a job's title fills the entry's fields, never a bullet: (CV, entries, bullets).
HEADER_LINES = {
    "a cook's employer under the title and dates": (
        "Work Experience\nOwner/Chef 08/2012 to 08/2015\nHilton Garden Inn Austin , TX\n\n"
        "• Planned a seasonal menu of 40 dishes and cut food waste by 15%.\n",
        [("Owner/Chef", "Hilton Garden Inn", "Austin, TX", "08/2012 to 08/2015")],
        ["Planned a seasonal menu of 40 dishes and cut food waste by 15%."]),
    "a nurse's hospital above an unknown title": (
        "Experience\nMercy General Hospital - Sacramento, CA\nTelemetry RN 03/2015 to Current\n"
        "Cared for 5 cardiac patients per shift on a 30-bed unit.\n",
        [("Telemetry RN", "Mercy General Hospital", "Sacramento, CA", "03/2015 to Current")],
        ["Cared for 5 cardiac patients per shift on a 30-bed unit."]),
    "an engineer's employer, and a cook's first duty that stays a bullet": (
        "Experience\nSenior Software Engineer Jan 2019 – Present\nStripe\n"
        "Built the payments retry service, cutting failed charges by 12%.\n\n"
        "Line Cook 2010 – 2012\nOpened and closed the kitchen\nManaged the grill station\n",
        [("Senior Software Engineer", "Stripe", None, "Jan 2019 – Present"), ("Line Cook", None, None, "2010 – 2012")],
        ["Built the payments retry service, cutting failed charges by 12%.", "Opened and closed the kitchen",
         "Managed the grill station"]),
    "a title run into its employer and place": (
        "Experience\nStaff Nurse Royal Infirmary Leeds , UK\n\n• Led handovers for a 28-bed ward.\n",
        [("Staff Nurse", "Royal Infirmary", "Leeds, UK", None)],
        ["Led handovers for a 28-bed ward."]),
}


@pytest.mark.parametrize(("text", "entries", "bullets"), HEADER_LINES.values(), ids=HEADER_LINES)
def test_a_header_line_fills_the_entry_not_a_bullet(text, entries, bullets):
    doc = _doc(text)
    (exp,) = doc.section("experience")
    assert [(e.title, e.organization, e.location, e.dates) for e in exp.entries] == entries
    assert [b.text for b in doc.bullets] == bullets


def test_bullets_lose_their_glyphs_and_wrapped_lines_are_joined():
    (exp,) = _doc(PLAIN).section("experience")
    assert [b.text for b in exp.bullets] == [
        "Deployed a recommendation system serving 2M users, increasing conversion by 18%.",
        "Responsible for maintaining the CI pipeline and the feature store.",
        "Built dashboards to track KPIs."]
    assert [b.id for b in exp.bullets] == ["b2", "b3", "b4"]


def test_a_line_after_a_bullet_joins_it_when_the_bullet_ends_with_a_connector_in_any_case():
    """"OF" dangles like "of"; a web address ending ".in" or ".at" leaves nothing open."""
    doc = _doc("Experience\n"
               "Site Engineer | Acme Build | 2019 - 2021\n"
               "• CALCULATED THE QUANTITY OF\n"
               "MATERIAL FROM THE DRAWINGS\n"
               "• Published the results at acme.co.in\n"
               "Python\n")
    assert [b.text for b in doc.bullets] == [
        "CALCULATED THE QUANTITY OF MATERIAL FROM THE DRAWINGS", "Published the results at acme.co.in", "Python"]


def test_a_bullet_that_only_dates_its_entry_is_an_entry_field_not_a_judged_bullet():
    doc = _doc("Experience\n"
               "- Teaching Assistant: ran 3 lab sections of 24 students, raising the pass rate from 70% to 85%.\n"
               "- 2010-2014 (University of Minnesota)\n"
               "- 2019: Led the migration of 40 services to Kubernetes.\n"
               "Projects\n"
               "Price tracker\n"
               "- Duration: Nov 2019 to till present.\n"
               "- Cut the weekly pricing report from 2 days to 1 hour.\n")
    bullets = [b.text for b in doc.bullets]
    assert bullets == ["Teaching Assistant: ran 3 lab sections of 24 students, raising the pass rate from 70% to 85%.",
                       "2019: Led the migration of 40 services to Kubernetes.",
                       "Cut the weekly pricing report from 2 days to 1 hour."]
    (exp,) = doc.section("experience")
    assert [(e.organization, e.dates) for e in exp.entries if e.dates] == [("University of Minnesota", "2010-2014")]
    (projects,) = doc.section("projects")
    assert projects.entries[0].dates == "Nov 2019 to till present"


def test_contact_details_under_a_heading_are_not_judged():
    doc = _doc("Experience\n"
               "- Cut ticket backlog by 40% in a quarter.\n"
               "- jane.doe@example.com\n"
               "- +44 7700 900123\n"
               "- linkedin.com/in/jane-doe\n"
               "- Built github.com/jane/etl, a loader used by 3 teams.\n"
               "References\n"
               "Tel: 02 8627 1613\n")
    assert [b.text for b in doc.bullets] == ["Cut ticket backlog by 40% in a quarter.",
                                             "Built github.com/jane/etl, a loader used by 3 teams."]


def test_summary_paragraph_is_a_judged_unit():
    (summary,) = _doc(PLAIN).section("summary")
    assert summary.bullets[0].text.startswith("Machine learning engineer with five years")


def test_markdown_headings_and_entries():
    md = ("# Ana Costa\n\n## Work History\n### Staff Nurse — Royal Infirmary, Leeds\nMar 2019 – Present\n"
          "- Led a ward of 28 beds, cutting falls by 30%.\n\n## Key Skills\n- Triage\n")
    doc = _doc(md, "cv.md")
    assert doc.format == "markdown"
    (exp,) = doc.section("experience")
    entry = exp.entries[0]
    assert (entry.title, entry.organization, entry.location, entry.dates) == (
        "Staff Nurse", "Royal Infirmary", "Leeds", "Mar 2019 – Present")
    assert doc.section("skills")[0].bullets[0].text == "Triage"


@pytest.mark.parametrize("heading", ["E X P E R I E N C E", "WORKEXPERIENCE", "Employment History:", "career history"])
def test_heading_variants(heading):
    doc = _doc(f"Ana\n{heading}\n- Led a team of 5 engineers.\n")
    assert doc.sections[0].name == "experience"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])
def test_common_encodings_decode(encoding):
    text = "José Müller-Søren\nEXPERIENCE\n- Réduit les coûts: cut costs by 12% for the café chain.\n"
    doc = _doc(text, encoding=encoding)
    assert doc.section("experience")[0].bullets[0].text.startswith("Réduit les coûts")


def test_no_headings_means_everything_is_judged_as_experience():
    doc = _doc("- Developed machine learning models using Python.\n")
    assert [b.text for b in doc.bullets] == ["Developed machine learning models using Python."]
    assert doc.bullets[0].section == "experience"


def test_a_german_cv_is_parsed_and_marked():
    doc = _doc("Berufserfahrung\n- Entwicklung eines Systems zur Betrugserkennung für die Kunden der Bank und "
               "Verbesserung der Prozesse mit dem Team.\n")
    assert doc.language == "de"
    assert doc.bullets


def test_json_resume_highlights_are_bullets():
    resume = {"basics": {"name": "Ana", "summary": "Engineer who ships."},
              "work": [{"name": "Acme", "position": "ML Engineer", "startDate": "2021-01",
                        "highlights": ["Deployed a recommender serving 2M users."]}],
              "projects": [{"name": "cvlint", "highlights": ["Wrote the parser."]}],
              "volunteer": [{"organization": "Food bank", "position": "Driver", "highlights": ["Drove routes."]}]}
    doc = parse(json.dumps(resume).encode(), name="cv.json")
    assert doc.format == "json-resume"
    assert [(b.section, b.text) for b in doc.bullets] == [
        ("summary", "Engineer who ships."), ("experience", "Deployed a recommender serving 2M users."),
        ("projects", "Wrote the parser."), ("volunteering", "Drove routes.")]
    assert doc.section("experience")[0].entries[0].dates == "2021-01 – Present"


def test_invalid_json_resume_names_the_field():
    with pytest.raises(CvlintError) as exc:
        parse(json.dumps({"work": [{"highlights": "not a list"}]}).encode(), name="cv.json")
    assert exc.value.code == "corrupt" and "work/0/highlights" in exc.value.message


def test_extension_mismatch_is_noted():
    doc = parse(b"EXPERIENCE\n- Led a team of 5.\n", name="cv.pdf")
    assert doc.format == "text" and "named .pdf" in doc.notes[0]
