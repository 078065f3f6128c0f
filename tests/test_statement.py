"""Only statements of work are judged: what a parser hands over besides them gets no finding."""

from __future__ import annotations

import pytest

from test_rules import bullet_document

NOT_STATEMENTS = [
    ("Front Desk Agent Hilton Garden Inn – Austin , TX", "experience"),    # a job header
    ("CompanyName ï¼ City , State", "experience"),                       # a builder's placeholder header
    ("Sous Chef", "experience"),                                          # a bare title
    ("Customer Service Excellence", "experience"),                       # a heading
    ("Bachelor of Science : Nursing , University of Leeds 2016", "education"),  # a degree line
    ("Budget planning, Staff scheduling, Inventory control", "skills"),  # a keyword grid
    ("Team player", "summary"),                                           # a trait
    ("until promoted to shift supervisor in 2015", "experience"),        # a fragment of the line before
    ("Recommend suitable assignments for students based on", "projects"),  # cut mid-sentence
    ("Employee of the Month, June 2019", "awards"),
    ("Areas of expertise include:", "experience"),                       # a lead-in to a list
    ("Account management, Vendor management", "summary"),                # keywords
    ("Project oversight • Crisis communication", "summary"),
    ("Bendell Design is a boutique interior design firm serving hotels and offices.", "experience"),  # the employer
    ("Supervisor: Jane Roe, may be contacted on (252) 555-0143.", "experience"),  # a reference
    ("Portfolio: janeroe.dev and github.com/janeroe", "projects"),
    ("A simple inventory tracker used by the shop floor to count stock", "projects"),   # what a product is
    ("Users can book a table and pay online from one page.", "projects"),               # ... or does
    ("2015 - 2018. Senior Research Fellow in Complex Systems, School of Mathematics and Statistics.", "experience"),
    ("Sept 2014 - June 2016. Southwood Elementary School, Tulsa.", "experience"),        # dates, then a place
    ("2012 - 2016. Post-Doctoral Fellow, Department of History.", "experience"),
    ("Coordinator for the campus radio station (2016-2018).", "volunteering"),         # a title and a place
    ("MBA from Leeds University Business School.", "summary"),                          # a degree
    ("In line with company policy and state licensing rules.", "experience"),          # a fragment
    ("Hired as a Sr.", "experience"),                                                    # cut after "Sr."
    ("Attention to detail", "summary"),                                                 # a trait
    ("NorthwindTraders is a family-run grocery wholesaler.", "experience"),             # the employer
    ("Marketing agency serving independent restaurants across Ohio.", "experience"),
    ("This may cover travel across the whole region.", "experience"),                   # what the job may be
    ("Used in the school library to track book loans.", "projects"),                    # what a product is for
    ("Master ofScience : Nursing, Leeds Beckett University 2014", "education"),        # a degree, words glued
    ("Vehicles serviced include: Transit, Vivaro, Sprinter and Crafter vans.", "experience"),  # names
    ("Team player, • Quick learner", "summary"),                                        # traits
    ("Completed Basic Life Support Course.", "experience"),                             # a course, full stop
    ("ServSafe Food Protection Manager Certified.", "experience"),
    ("negotiate, budgeting, data entry, customer service, event planning", "skills"),   # a keyword grid
    ("Team size: 4", "projects"),                                                        # a form field
    ("Front End : php", "projects"),
    ("Tools: Jupyter, Git, Streamlit, Power BI", "skills"),                             # listing tools is the
    ("Microsoft Word, Excel, PowerPoint, QuickBooks", "skills"),                        # section's job
]

STATEMENTS = [
    ("Supervised a crew of six line cooks on the night shift.", "experience"),
    ("Wrote reports.", "experience"),                                    # short, but it opens with a verb
    ("Journal entries, accruals and month-end reconciliations.", "experience"),  # a duty as a sentence
    ("Desktop support for all users across three sites and two warehouses", "experience"),  # a long duty
    ("Responsible for the front office and its four receptionists", "experience"),
    ("Tech stack: Flask, React, PostgreSQL, AWS", "experience"),         # a tool list: judged as one
    ("Proficient in Moodle, Canvas and Microsoft Teams.", "skills"),     # a skill claim written as a sentence
    ("Built weekly sales dashboards in Excel, Tableau and SQL", "skills"),  # tools at work, in a skills list
    ("Result: cut refunds by 30% in a quarter", "projects"),            # a label, then a statement
    ("Developed disinfectors for two viruses: Virut, Sality.", "experience"),  # a statement, then names
    ("Refactored the billing scripts in Python, Bash and SQL", "skills"),  # a verb the tables do not know
    ("Dissertation on reinforcement learning for robot navigation.", "education"),
    ("Led the school's debate team to the regional final", "awards"),
    ("Planned, budgeted and ran the sixth form's charity fair", "awards"),
    ("Rolled out new scheduling tools across the clinic, including:", "experience"),  # a duty with its parts
    ("Built an open-source parser (github.com/janeroe/parser) for the finance team.", "projects"),
    ("Kitchen was a 120-cover bistro where I ran the pass on weekends.", "experience"),
    ("The team grew from 3 to 12 engineers under my leadership.", "experience"),
    ("A key member of the team that shipped the new checkout in 2022.", "experience"),
    ("Can lift 50 lb and operate a forklift safely.", "experience"),
    ("2019 - Promoted to head chef after a year on the grill station.", "experience"),  # a dated statement
    ("In 2019, promoted to head of the night shift.", "experience"),
    ("On-call for the hospital's lab systems every third weekend.", "experience"),
    ("Cut page load times by 400 ms.", "experience"),
    ("Used Excel to track weekly stock counts.", "experience"),
    ("Based in the Leeds office, I ran payroll for three stores.", "experience"),
    ("This role included training new cashiers and counting the safe.", "experience"),
    ("Analysed the main phishing kits: Evilginx, Modlishka and Muraena.", "experience"),
    ("Head the pastry section of a 90-cover restaurant.", "experience"),
    ("Supplier Reconciliations, Month-End Accruals, Fixed Asset Register.", "experience"),  # duties in title case
    ("Achieved 138% of Goal.", "experience"),                                                 # a result, title-cased
    ("Orchestrate aircraft maintenance across 12 work centers, supervising 200+ technicians.", "awards"),  # long
    ("Supervise a Marketing Associate", "experience"),                           # a verb and its object, title-cased
]


@pytest.mark.parametrize(("text", "section"), NOT_STATEMENTS)
def test_a_line_that_is_not_a_statement_of_work_is_not_judged(text, section, catalog, nlp):
    from cvlint.lint.engine import lint

    assert [f for f in lint([bullet_document(text, section)], catalog, nlp)[0] if f.bullet] == []


@pytest.mark.parametrize(("text", "section"), STATEMENTS)
def test_a_statement_of_work_is_judged(text, section, catalog, nlp):
    from cvlint.lint.engine import lint

    assert [f for f in lint([bullet_document(text, section)], catalog, nlp)[0] if f.bullet], f"{text!r}: no finding"


BARE_CLAIMS = [
    ("Strong communication skills", "summary"),
    ("Excellent Typing skills", "skills"),
    ("Familiar with Airflow, dbt and Snowflake", "skills"),
    ("People skills", "experience"),                          # the tagger reads "skills" as a verb
    ("Good oral and written communication skills", "experience"),
]


@pytest.mark.parametrize(("text", "section"), BARE_CLAIMS)
def test_a_bare_skill_claim_gets_the_claim_check_alone(text, section, catalog, nlp):
    """A trait or keyword line that claims a skill is not a statement of work: it is told it claims knowledge,
    never that it states a task without a number."""
    from cvlint.lint.engine import judge

    judged = judge([bullet_document(text, section)], catalog, nlp)[0]
    assert [f.rule_id for f in judged.findings if f.bullet] == ["knowledge-claim"]
    assert list(judged.unjudged.values()) == ["claim"]


def test_document_rules_count_statements_only(catalog, nlp):
    """A CV whose only metric-free lines are job headers is not told it has too few metrics."""
    from cvlint.lint.engine import lint
    from test_rules import cv_document

    cv = cv_document("Experience\nStore Manager\nTesco Extra – Leeds\n2019 - 2023\n"
                     "- Cut stock losses by 18% in a year.\n- Grew weekly sales from £310k to £365k.\n")
    assert "few-metrics" not in {f.rule_id for f in lint([cv], catalog, nlp)[0]}


def test_a_skills_list_is_not_judged_but_counts_as_listed(catalog, nlp):
    """A skills section's tool list gets no bullet finding, and skills-without-evidence still reads it."""
    from cvlint.lint.engine import lint
    from test_rules import cv_document

    cv = cv_document("Experience\nData Analyst\n- Built the weekly sales dashboards in Tableau.\n"
                     "Skills\nPython, Spark, Kafka, Kubernetes, Tableau, Airflow\n")
    found = lint([cv], catalog, nlp)[0]
    assert [f.rule_id for f in found if f.bullet and f.bullet.section == "skills"] == []
    assert "skills-without-evidence" in {f.rule_id for f in found}


def test_reports_say_which_lines_were_not_judged_and_why(runner, tmp_path):
    """`--verbose` and the JSON report name each unit left unjudged with its reason, as the schema lists them."""
    import json
    from importlib.resources import files

    from cvlint.cli import cli
    from cvlint.lint.statement import settings

    cv = tmp_path / "cv.md"
    cv.write_text("# Experience\n\n## Sous Chef\n\n- Head Chef Cover\n- Ran the pass on Friday nights for a team of six.\n",
                  encoding="utf-8")
    verbose = runner.invoke(cli, ["check", str(cv), "--verbose", "--exit-zero"])
    assert "not judged: " + settings().reasons["title"] in verbose.output
    obj = json.loads(runner.invoke(cli, ["check", str(cv), "--format", "json", "--exit-zero"]).output)[0]
    marks = {b["text"]: b["not_judged"] for b in obj["bullets"]}
    assert marks == {"Head Chef Cover": "title", "Ran the pass on Friday nights for a team of six.": None}
    assert obj["summary"]["unjudged"] == 1
    schema = json.loads(files("cvlint").joinpath("schemas/report.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["bullet"]["properties"]["not_judged"]["enum"]) == {None, *settings().reasons}
