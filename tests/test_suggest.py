"""`cvlint suggest`: rewrites keep the person's words, invent nothing, and render inert everywhere."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from cvlint.coach import suggest as sg
from cvlint.coach.coaching import coaching_for
from cvlint.coach.phrasebook import phrasebook
from cvlint.coach.rewrite import Rewrite, rewrite
from cvlint.coach.action import Voice
from cvlint.coach.duty import gerund_lemma
from cvlint.coach.tense import PAST, PRESENT, inflect, past_tense
from cvlint.model import Bullet, Document, Entry, Finding, Reason, Report, Section, Severity, Signal, TierVerdict
from cvlint.output import suggest as out

ROOT = Path(__file__).resolve().parents[1]
WEAK_RULES = ("weak-opening", "task-only-bullet", "missing-metric", "tool-list-without-context", "research-style",
              "knowledge-claim", "model-score-only")
SEVERITY = {"weak-opening": Severity.WARNING, "task-only-bullet": Severity.WARNING,
            "missing-metric": Severity.SUGGESTION, "tool-list-without-context": Severity.WARNING,
            "research-style": Severity.WARNING, "knowledge-claim": Severity.WARNING,
            "model-score-only": Severity.SUGGESTION}


@pytest.fixture(scope="session")
def nlp():
    from cvlint.nlp import load

    return load()


def marked(texts: list[str]) -> list[dict]:
    """For each text, what the built-in rules mark in it for the coach, as `rewrite`'s keywords: the span of its duty
    opening and of its claim of knowledge (None where no rule marks one)."""
    from cvlint.lint.catalog import load_catalog
    from cvlint.lint.engine import lint
    from cvlint.nlp import load

    bullets = tuple(Bullet(id=f"b{i}", text=t, section="experience", line=i, entry=0) for i, t in enumerate(texts))
    doc = Document(path="cv.docx", format="docx", language="en",
                   sections=(Section("experience", "Experience", (Entry("Clerk", "Acme", None, "2020", bullets),)),))
    (findings,) = lint([doc], load_catalog(), load())
    coaching = coaching_for()
    spans = [[(f.rule_id, f.span) for f in findings if f.bullet is not None and f.bullet.id == b.id] for b in bullets]
    return [dict(zip(("opening", "claim"), coaching.marks(found))) for found in spans]


def make_report(texts_rules: list[tuple[str, list[str]]], *, section: str = "experience", tier=None,
                doc_findings: tuple[Finding, ...] = (), location: str | None = None,
                dates: str = "2021 – Present") -> Report:
    bullets = tuple(Bullet(id=f"b{i + 1}", text=t, section=section, line=i, entry=0)
                    for i, (t, _) in enumerate(texts_rules))
    doc = Document(path="cv.docx", format="docx", language="en",
                   sections=(Section(section, "Experience", (Entry("ML Engineer", "Acme", location, dates, bullets),)),))
    findings = []
    coaching = coaching_for()
    for b, (_, rules), spans in zip(bullets, texts_rules, marked([t for t, _ in texts_rules])):
        for rule in rules:
            span = spans.get(coaching.coach_of(rule).rewrite)
            match = b.text[span[0]:span[1]] if span else None
            findings.append(Finding(rule, Signal.WEAK, SEVERITY[rule], f"{rule} fired.", b, span, match))
    return Report("cv.docx", doc, tuple(findings) + doc_findings, tier)


# ----------------------------------------------------------------------------------------------
# the rewrites themselves

CASES = [
    ("Responsible for maintaining the CI pipeline.", ["weak-opening", "task-only-bullet"],
     "Maintained the CI pipeline, [cutting build or release time from X to Y]."),
    ("Responsible for the development of the customer churn dashboard in Tableau.",
     ["weak-opening", "task-only-bullet"], "Developed the customer churn dashboard, ["),
    ("Assisted in planning and running weekly sales campaigns for 3 regions.",
     ["weak-opening", "task-only-bullet"], "Planned and ran weekly sales campaigns for 3 regions [your part"),
    ("Worked on the billing service using Python, Django and Redis.",
     ["weak-opening", "task-only-bullet", "tool-list-without-context"], "], using Python, Django and Redis."),
    ("Worked with stakeholders to define requirements for the data platform.", ["weak-opening", "task-only-bullet"],
     "Defined requirements for the data platform with stakeholders, ["),
    ("Worked with the HR team to control staffing and perform appraisals.", ["weak-opening", "task-only-bullet"],
     "Controlled staffing and performed appraisals with the HR team, ["),
    ("Helped cut churn by 12% for 40k customers.", ["weak-opening"], "Cut churn by 12% for 40k customers ["),
    ("Knowledge of SQL and Python.", ["knowledge-claim"], "[Used / built with] SQL and Python [to do what"),
    ("Experience: Sage, Excel and QuickBooks", ["knowledge-claim"],
     "[Used / built with] Sage, Excel and QuickBooks [to do what"),
    # a comma does not join a claim to its subject: the claim stays, asked where it was used
    ("Strong communication skills, both written and verbal.", ["knowledge-claim", "task-only-bullet"],
     "Strong communication skills, both written and verbal, ["),
    ("Achieved 94% accuracy on the fraud classifier.", ["model-score-only"],
     "Achieved 94% accuracy on the fraud classifier, [which meant"),
    ("Reduced churn by improving the onboarding flow.", ["missing-metric"], "Reduced churn [by X% / from X to Y] by"),
    ("Tasked with monitoring patients on a 30-bed ward", ["weak-opening", "task-only-bullet"],
     "Monitored patients on a 30-bed ward, [for N patients"),
    ("I was responsible for maintaining and improving the CI pipeline and writing documentation.",
     ["weak-opening", "task-only-bullet"], "Maintained and improved the CI pipeline and wrote documentation, ["),
]


@pytest.mark.parametrize("text,rules,expected", CASES, ids=[c[0][:30] for c in CASES])
def test_rewrite_keeps_the_persons_words(nlp, text, rules, expected):
    rw = rewrite(text, rules, nlp(text), currency="£", nlp=nlp, **marked([text])[0])
    assert expected in rw.text
    assert rw.questions, "every rewrite comes with questions"
    assert rw.text == "".join(t for t, _ in rw.parts)


def test_weak_opening_removed_and_tools_behind_outcome(nlp):
    text = "Worked on the billing service using Python, Django and Redis."
    rw = rewrite(text, ["weak-opening", "task-only-bullet", "tool-list-without-context"], nlp(text), **marked([text])[0])
    assert not rw.text.lower().startswith("worked on")
    assert rw.text.index("Python") > rw.text.index(rw.placeholders[-1])


def test_questions_follow_the_rules_that_fired(nlp):
    text = "Developed a churn model in Python."
    rw = rewrite(text, ["task-only-bullet"], nlp(text))
    assert "What changed because of this?" in rw.questions
    rw2 = rewrite(text, ["research-style"], nlp(text))
    assert any("production" in q for q in rw2.questions)
    assert len(rw.questions) <= phrasebook()["max_questions"]


def test_past_tense_table_and_rules():
    words = "plan ship run build lead test develop monitor commit deploy apply analyse fix teach write".split()
    assert [past_tense(w) for w in words] == [
        "planned", "shipped", "ran", "built", "led", "tested", "developed", "monitored", "committed", "deployed",
        "applied", "analysed", "fixed", "taught", "wrote"]


# ----------------------------------------------------------------------------------------------
# the person's own voice: the tense of the role, duty nouns as verbs, placeholders where they belong

VOICE = [
    ("Teaches classes in accordance with requirements of approved courses.", ["task-only-bullet"], PAST,
     "Taught classes in accordance with requirements of approved courses, ["),
    ("Teaches classes in accordance with requirements of approved courses.", ["task-only-bullet"], PRESENT,
     "Teach classes in accordance with requirements of approved courses, ["),
    ("Closely monitors student learning and provides timely feedback.", ["task-only-bullet"], PAST,
     "Closely monitored student learning and provided timely feedback, ["),
    ("Communicate conditions to the manager; create and maintain service logs.", ["task-only-bullet"], PAST,
     "Communicated conditions to the manager; created and maintained service logs, ["),
    ("Managed and trained the front desk staff.", ["task-only-bullet"], PRESENT,
     "Manage and train the front desk staff, ["),
    ("Maintenance of the booking system.", ["task-only-bullet"], PAST, "Maintained the booking system, ["),
    ("Maintenance and repair of hospital beds.", ["task-only-bullet"], PRESENT, "Maintain and repair hospital beds, ["),
    ("Responsible for maintaining the CI pipeline.", ["weak-opening", "task-only-bullet"], PRESENT,
     "Maintain the CI pipeline, ["),
    ("Assisted patients with daily living activities.", ["weak-opening", "task-only-bullet"], PAST,
     "Assisted patients with daily living activities [your part"),
    ("Increased educational expertise and knowledge of design.", ["missing-metric"], PAST,
     "Increased educational expertise and knowledge of design [by X% / from X to Y]."),
    ("Writing of press releases.", ["task-only-bullet"], PAST, "Wrote press releases, ["),
    ("Manage, plan and execute regional sales meetings.", ["task-only-bullet"], PAST,
     "Managed, planned and executed regional sales meetings, ["),
    ("I communicated clearly with co-workers.", ["task-only-bullet"], PAST, "Communicated clearly with co-workers, ["),
    ("Review work of staff and operations to assure that procedures were followed.", ["task-only-bullet"], PAST,
     "Reviewed work of staff and operations"),   # a bare verb the parser took for a noun's modifier
    ("Research information and implement solutions for sales partners.", ["task-only-bullet"], PAST,
     "Researched information and implemented solutions"),
    ("Assists in developing and testing automated tools.", ["weak-opening", "task-only-bullet"], PAST,
     "Developed and tested automated tools"),
    # taking part in a meeting or an event: what the person did there, in it (not "[built] weekly stand-ups")
    ("Participated in weekly stand-ups and sprint planning.", ["weak-opening", "task-only-bullet"], PAST,
     "[What you did there: presented / decided / delivered] in weekly stand-ups and sprint planning, ["),
    ("Was involved in the relaunch of the Leeds store.", ["weak-opening", "task-only-bullet"], PRESENT,
     "[What you do there: present / decide / deliver] in the relaunch of the Leeds store, ["),
    ("Took part in designing the new rota system.", ["weak-opening", "task-only-bullet"], PAST,
     "Designed the new rota system, ["),
]


@pytest.mark.parametrize("text,rules,tense,expected", VOICE, ids=[f"{c[2]}-{c[0][:30]}" for c in VOICE])
def test_rewrite_in_the_tense_of_the_role(nlp, text, rules, tense, expected):
    rw = rewrite(text, rules, nlp(text), voice=Voice(tense), nlp=nlp, **marked([text])[0])
    assert rw.text.startswith(expected), rw.text


@pytest.mark.parametrize("text", ["Key member of the audit team.", "Project Manager and Estimator",
                                  "Account reconciliation expert", "General ledger accounting"])
@pytest.mark.parametrize("tense", [PAST, PRESENT])
def test_a_role_bullet_that_names_no_action_gets_questions_and_no_rewrite(nlp, text, tense):
    rw = rewrite(text, ["task-only-bullet"], nlp(text), voice=Voice(tense), nlp=nlp)
    assert rw.text == "" and not rw.parts and rw.questions
    assert rw.changes == (phrasebook()["no_action"],)


def test_no_rewrite_is_shown_as_questions_in_every_view(nlp):
    report = make_report([("General ledger accounting.", ["task-only-bullet"]),
                          ("Teaches maths to year 9 classes.", ["task-only-bullet"])], dates="2015 – 2019")
    obj = sg.suggestions(report, nlp)
    bare, taught = obj["suggestions"]
    assert bare["rewrite"] is None and bare["parts"] == [] and bare["questions"]
    assert taught["rewrite"].startswith("Taught maths")
    buf = io.StringIO()
    out.render_text(obj, Console(file=buf, width=200, color_system=None))
    assert "→ " + phrasebook()["no_action"] in buf.getvalue() and "→ Taught maths" in buf.getvalue()
    markdown = out.render_markdown(obj)
    assert "**Try:** Taught maths" in markdown and "**Try:** start it with what you did" in markdown


def test_a_summary_that_names_no_action_keeps_its_rewrite(nlp):
    text = "Key member of the audit team."
    assert rewrite(text, ["task-only-bullet"], nlp(text), nlp=nlp).text.startswith("Key member of the audit team, [")


def test_a_cv_that_writes_its_duties_with_s_keeps_them(nlp):
    text = "Managed the front desk."
    assert rewrite(text, ["task-only-bullet"], nlp(text), voice=Voice(PRESENT, third_person=True)).text.startswith(
        "Manages the front desk")


@pytest.mark.parametrize("dates,expected", [
    ("2016 – 2019", "Taught"), ("Jan 2012 to Current", "Teach"), ("Since 2020", "Teach"), (None, "Taught"),
    ("March 2014", "Taught")])
def test_the_role_dates_choose_the_tense(nlp, dates, expected):
    report = make_report([("Teach maths to year 9 classes.", ["task-only-bullet"])], dates=dates)
    assert sg.suggestions(report, nlp)["suggestions"][0]["rewrite"].startswith(expected + " maths")


def test_a_summary_keeps_its_own_tense(nlp):
    report = make_report([("Teach maths with a focus on problem solving.", ["task-only-bullet"])], section="summary",
                         dates=None)
    assert sg.suggestions(report, nlp)["suggestions"][0]["rewrite"].startswith("Teach maths")


TEACHER = [("Teaches maths to year 9 classes.", ["task-only-bullet", "missing-metric"]),
           ("Plans lessons for students with special needs.", ["task-only-bullet", "missing-metric"]),
           ("Marks homework and tracks pupil progress.", ["task-only-bullet", "missing-metric"]),
           ("Runs the after-school chess club for students.", ["task-only-bullet", "missing-metric"]),
           ("Meets parents each term to discuss their child's progress.", ["task-only-bullet", "missing-metric"]),
           ("Supervises students on school trips.", ["task-only-bullet", "missing-metric"])]
NURSE = [("Monitored patients on a busy surgical ward.", ["task-only-bullet", "missing-metric"]),
         ("Gave medication to patients on time.", ["task-only-bullet", "missing-metric"]),
         ("Updated patient charts after each round.", ["task-only-bullet", "missing-metric"])]


@pytest.mark.parametrize("bullets,audience", [(TEACHER, "students"), (NURSE, "patients")])
def test_questions_use_the_professions_words_and_vary(nlp, bullets, audience):
    items = sg.suggestions(make_report(bullets, dates="2015 – 2019"), nlp)["suggestions"]
    asked = [q for item in items for q in item["questions"]]
    assert any(audience in q for q in asked)
    assert all(sum(q in item["questions"] for item in items) < len(items) for q in asked), \
        "no question is asked on every bullet"
    assert all(item["questions"] for item in items)


COUNTED = [
    ("Teaches students algebra and geometry.", "Taught [N] students algebra and geometry, [raising results"),
    ("Cared for patients on a surgical ward.", "Cared for [N] patients on a surgical ward, [improving what"),
    ("Trained new staff on the till.", "Trained [N] new staff on the till, [with what result: X% /"),
    ("Supported users of the booking system.", "Supported [N] users of the booking system, [with what gain"),
    ("Responsible for training new employees.", "Trained [N] new employees, [with what result]"),
]


@pytest.mark.parametrize("text,expected", COUNTED, ids=[c[0][:30] for c in COUNTED])
def test_the_count_of_people_goes_before_them(nlp, text, expected):
    rules = ["weak-opening", "task-only-bullet"] if text.startswith("Responsible") else ["task-only-bullet"]
    rw = rewrite(text, rules, nlp(text), voice=Voice(PAST), nlp=nlp, **marked([text])[0])
    assert rw.text.startswith(expected), rw.text
    assert rw.placeholders.count("[N]") == 1 and "N " not in rw.placeholders[-1], "the count is asked once"
    assert not any(q.startswith("How many") for q in rw.questions)


@pytest.mark.parametrize("text", ["Trained the new staff on safety.", "Taught 120 students a week.",
                                  "Taught maths to our students.", "Attended staff meetings every week.",
                                  "Met students' parents to discuss their progress."])
def test_people_already_counted_or_determined_get_no_count_placeholder(nlp, text):
    assert "[N]" not in rewrite(text, ["task-only-bullet"], nlp(text), voice=Voice(PAST), nlp=nlp).text


def test_a_bullet_with_a_number_is_not_asked_how_many(nlp):
    text = "Taught 120 students a week."
    rw = rewrite(text, ["task-only-bullet"], nlp(text))
    assert not any(q.startswith("How many") for q in rw.questions)


# ----------------------------------------------------------------------------------------------
# never invent a number, a name or a tool


def _outside_placeholders(rw: Rewrite) -> str:
    return " ".join(t for t, ph in rw.parts if not ph)


def _check_invents_nothing(nlp, text: str, rw: Rewrite) -> None:
    plain = _outside_placeholders(rw)
    original_digits = Counter_digits(text)
    for digit, n in Counter_digits(plain).items():
        assert n <= original_digits.get(digit, 0), f"digit {digit!r} invented in {rw.text!r} (from {text!r})"
    words = re.findall(WORD, plain)
    original_words = set(re.findall(WORD, text))
    original_lower = {w.lower() for w in original_words}
    lemmas = {t.lemma_.lower() for t in nlp(text)} | original_lower
    lemmas |= {gerund_lemma(w, nlp) for w in original_lower} - {None}
    first = True
    for w in words:
        if first:
            first = False
            lemma = nlp(w.lower())[0].lemma_.lower()
            assert w.lower() in original_lower or lemma in lemmas or _is_past_of(w, lemmas), \
                f"first word {w!r} not from the bullet: {rw.text!r} (from {text!r})"
            continue
        if w[:1].isupper() or any(c.isupper() for c in w[1:]):
            assert w in original_words, \
                f"capitalised word {w!r} invented in {rw.text!r} (from {text!r})"


WORD = r"[A-Za-z][\w+#-]*(?:\.[\w+#-]+)*"


def _is_past_of(word: str, lemmas: set[str]) -> bool:
    """The verb made from one of the bullet's words, in the past or the present: its own, or a duty noun's."""
    nominal = phrasebook()["nominalisations"]
    verbs = lemmas | {nominal[w] for w in lemmas if w in nominal}
    return any(word.lower() in (past_tense(v), inflect(v, PRESENT), inflect(v, PRESENT, True)) for v in verbs)


def Counter_digits(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for d in re.findall(r"\d", text):
        counts[d] = counts.get(d, 0) + 1
    return counts


def _labelled_bullets():
    rows = []
    for path in sorted((ROOT / "samples" / "bullets" / "raw").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rules = [r for r in WEAK_RULES if row.get("labels", {}).get(r)]
                if rules:
                    rows.append((row["text"], rules))
    return rows


def test_no_rewrite_invents_a_number_name_or_tool(nlp):
    rows = _labelled_bullets() + [(t, r) for t, r, _ in CASES]
    if len(rows) < 50:
        pytest.skip("samples/bullets/raw is not there")
    docs = nlp.pipe([t for t, _ in rows])
    checked = 0
    for (text, rules), doc, spans in zip(rows, docs, marked([t for t, _ in rows])):
        for voice in (Voice(), Voice(PAST), Voice(PRESENT), Voice(PRESENT, third_person=True)):
            rw = rewrite(text, rules, doc, currency="£", voice=voice, nlp=nlp, **spans)
            _check_invents_nothing(nlp, text, rw)
            for ph in rw.placeholders:
                assert ph.startswith("[") and ph.endswith("]")
        checked += 1
    assert checked >= 50


def test_templates_add_only_lower_case_digit_free_words():
    book = phrasebook()
    templates = [*book["knowledge_rewrite"].values(), book["outcome_default"], book["metric_placeholder"],
                 book["research_placeholder"], book["model_score_placeholder"]]
    templates += [e["outcome"] for e in book["outcomes"] + book["professions"]]
    for t in templates:
        outside = re.sub(r"\[[^\]]*\]", "", t).replace("{x}", "")
        assert not re.search(r"\d", outside), t
        assert outside == outside.lower(), t


# ----------------------------------------------------------------------------------------------
# a whole CV


def test_suggestions_for_a_report(nlp):
    report = make_report([
        ("Responsible for maintaining the CI pipeline.", ["weak-opening", "task-only-bullet", "missing-metric"]),
        ("Cut cloud spend by £40k a year by right-sizing clusters.", []),
        ("Worked on the billing service using Python, Django and Redis.",
         ["weak-opening", "task-only-bullet", "tool-list-without-context"]),
        ("Knowledge of SQL.", ["knowledge-claim"]),
        ("Developed dashboards in Tableau.", ["task-only-bullet", "missing-metric"]),
    ], doc_findings=(Finding("few-metrics", Signal.WEAK, Severity.WARNING, "1 of 5 bullets has a metric."),))
    obj = sg.suggestions(report, nlp)
    assert obj["schema"] == "cvlint/suggest@1"
    assert obj["currency"] == "£"
    assert [s["bullet"] for s in obj["suggestions"]] == ["b1", "b3", "b4", "b5"]
    assert obj["start_here"]["ranked_by"] == "severity-and-frequency"
    assert "severity" in obj["start_here"]["note"]
    assert len(obj["start_here"]["items"]) == 3
    assert obj["start_here"]["items"][0]["bullet"] in ("b1", "b3")
    assert obj["focus"]["rule"] == "task-only-bullet"
    assert obj["document"][0]["rule"] == "few-metrics" and obj["document"][0]["advice"]
    json.dumps(obj)  # plain data


def test_start_here_never_lists_the_same_bullet_twice(nlp):
    """Builder CVs often repeat a duty under two jobs: it is one change to make, listed once."""
    duty = ("Responsible for greeting guests and answering phones.", ["weak-opening", "task-only-bullet"])
    report = make_report([duty, ("Helped with month-end stock counts.", ["weak-opening", "task-only-bullet"]),
                          duty, ("Cleaned the kitchen.", ["task-only-bullet"])])
    items = sg.suggestions(report, nlp)["start_here"]["items"]
    texts = [i["text"] for i in items]
    assert len(texts) == len(set(texts)) == 3 and [i["rank"] for i in items] == [1, 2, 3]


def test_start_here_lists_a_duty_once_whatever_its_punctuation(nlp):
    report = make_report([("Responsible for greeting guests and answering phones.", ["weak-opening"]),
                          ("responsible for greeting guests, and answering phones", ["weak-opening"]),
                          ("Helped with month-end stock counts.", ["weak-opening"])])
    items = sg.suggestions(report, nlp)["start_here"]["items"]
    assert [i["bullet"] for i in items] == ["b1", "b3"]


def test_start_here_uses_the_tier_model_when_there_is_one(nlp, monkeypatch):
    import types

    tier = TierVerdict("mid", 0.7, {"junior": 0.2, "mid": 0.7, "high-impact": 0.1},
                       (Reason("metric_share", 0.2, "junior", "1 of 5"),))

    def classify(doc, findings, unjudged=()):
        strong = sum(1 for f in findings if f.signal == Signal.STRONG)
        weak_ids = {f.bullet.id for f in findings if f.bullet is not None and f.signal == Signal.WEAK}
        boost = 0.2 if "b3" not in weak_ids else 0.05  # fixing b3 matters most
        return TierVerdict("mid", 0.6, {"junior": 0.1, "mid": 0.6 - boost, "high-impact": 0.3 + boost + 0 * strong})

    fake = types.ModuleType("cvlint.tier.classify")
    fake.classify = classify
    monkeypatch.setitem(__import__("sys").modules, "cvlint.tier.classify", fake)
    report = make_report([
        ("Responsible for maintaining the CI pipeline.", ["weak-opening", "task-only-bullet"]),
        ("Developed dashboards in Tableau.", ["task-only-bullet"]),
        ("Helped with the data platform.", ["weak-opening", "task-only-bullet"]),
    ], tier=tier)
    obj = sg.suggestions(report, nlp)
    start = obj["start_here"]
    assert start["ranked_by"] == "tier-model"
    assert start["items"][0]["bullet"] == "b3"
    assert start["items"][0]["gain"] > start["items"][1]["gain"]


@pytest.mark.parametrize("text,location,market,expected", [
    ("Saved $2M in fraud losses.", None, None, "$"),
    ("Ran the ward.", "London", None, "£"),
    ("Ran the ward.", None, "uk", "£"),
    ("Grew revenue by 2 lakh a month.", None, None, "₹"),
    ("Ran the ward.", None, None, "amount"),
])
def test_currency_from_the_cv_or_region(text, location, market, expected):
    report = make_report([(text, [])], location=location)
    assert sg.currency_of(report, market) == expected


# ----------------------------------------------------------------------------------------------
# hostile text renders inert

HOSTILE = ("Responsible for <script>alert(1)</script> the <img src=x onerror=alert(1)> pipeline "
           "\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 [click](javascript:alert(1)) **bold**")


def test_hostile_text_is_inert_in_text_markdown_and_json(nlp):
    report = make_report([(HOSTILE, ["weak-opening", "task-only-bullet"])])
    obj = sg.suggestions(report, nlp)
    markdown = out.render_markdown(obj)
    for bad in ("<script", "<img", "\x1b", "](javascript", "onerror=alert(1)>"):
        assert bad not in markdown
    assert "&lt;script&gt;" in markdown
    buf = io.StringIO()
    out.render_text(obj, Console(file=buf, width=100, color_system=None, force_terminal=False))
    text = buf.getvalue()
    assert "\x1b" not in text and "\x07" not in text
    assert "<script>alert(1)</script>" in text  # shown, as text: a terminal does not run it
    assert json.loads(out.render_json([obj]))[0]["suggestions"][0]["text"] == HOSTILE


def test_markdown_shape(nlp):
    report = make_report([("Responsible for maintaining the CI pipeline.", ["weak-opening", "task-only-bullet"])])
    markdown = out.render_markdown(sg.suggestions(report, nlp))
    assert markdown.startswith("# CV suggestions: cv.docx")
    assert "## Start here" in markdown and "**Try:**" in markdown and "**Ask:**" in markdown
    assert "**\\[cutting build or release time from X to Y\\]**" in markdown


def test_check_shows_the_rewrite_on_each_flagged_line():
    from click.testing import CliRunner

    from cvlint.cli import cli

    sample = str(ROOT / "samples" / "ana-costa.pdf")
    lines = CliRunner().invoke(cli, ["check", sample, "--exit-zero", "--isolated"]).stdout.splitlines()
    assert len(lines) <= 45
    flagged = [line for line in lines if line.lstrip().startswith("✗")]
    experience = [line for line in flagged if "weak-opening" in line or "task-only-bullet" in line]
    assert experience and all("  try: " in line for line in experience)
    assert any("try: Maintain the feature pipeline" in line for line in flagged)  # the current role: present
    assert any("try: Cleaned and analysed outpatient" in line for line in flagged)  # a past role stays past
    assert not any("try:" in line for line in flagged if line.split(":")[1].strip().startswith("Languages"))


def test_error_objects_render(nlp):
    obj = {"schema": "cvlint/report@1", "file": "x.pdf", "status": "error",
           "error": {"code": "encrypted", "message": "password-protected"}}
    assert "encrypted" in out.render_markdown(obj)
    buf = io.StringIO()
    out.render_text(obj, Console(file=buf, width=80, color_system=None))
    assert "encrypted" in buf.getvalue()


# ----------------------------------------------------------------------------------------------
# the coach takes what it does from the rules' YAML (their `coach:` key), never from rule ids in code

def _buzzword_pack(folder: Path, coach: str = "") -> Path:
    """The house-style pack's buzzword rule (which names no rewrite), with `coach` appended to its YAML."""
    rule = (ROOT / "docs" / "rule-packs" / "house-style" / "buzzword.yaml").read_text(encoding="utf-8")
    (folder / "lexicons").mkdir(parents=True, exist_ok=True)
    (folder / "lexicons" / "buzzwords.txt").write_text("synergy\n", encoding="utf-8")
    (folder / "buzzword.yaml").write_text(rule + coach, encoding="utf-8")
    return folder


def test_a_rule_written_in_yaml_alone_gets_its_rewrite_and_questions(nlp, tmp_path, monkeypatch):
    from cvlint.lint.catalog import load_catalog

    monkeypatch.setitem(SEVERITY, "buzzword", Severity.WARNING)
    report = make_report([("Drove synergy between the sales and product teams.", ["buzzword"])], dates="2019 – 2021")

    def suggestion(coach: str) -> dict:
        rules = load_catalog([_buzzword_pack(tmp_path, coach)])
        return sg.suggestions(report, nlp, rules=rules)["suggestions"][0]

    plain = suggestion("")
    coached = suggestion("coach:\n  rewrite: outcome\n  lacks: [outcome]\n")
    assert "[" not in plain["rewrite"] and not plain["questions"]
    assert coached["rewrite"].endswith("]."), coached["rewrite"]   # closed with the outcome it asks for
    assert coached["questions"]
    assert coached["findings"][0]["why"].startswith("Words like")   # the pack rule's own why


PACK_CV = ("EXPERIENCE\nAnalyst, Acme, 2018 - 2020\n"
           "- Cut onboarding time from 10 to 4 days by building synergy between the sales and product teams.\n")


def _pack_cli_args(tmp_path: Path) -> list[str]:
    """A CV whose one bullet only a `--rules-dir` rule flags, and that rule's pack, whose `coach:` key asks for the
    outcome."""
    pack = _buzzword_pack(tmp_path / "pack", "coach:\n  rewrite: outcome\n  lacks: [outcome]\n")
    cv = tmp_path / "cv.txt"
    cv.write_text(PACK_CV, encoding="utf-8")
    return [str(cv), "--rules-dir", str(pack), "--isolated"]


def test_a_rule_packs_coach_key_reaches_suggest(tmp_path):
    from click.testing import CliRunner

    from cvlint.cli import cli

    result = CliRunner().invoke(cli, ["suggest", *_pack_cli_args(tmp_path), "--format", "json"])
    (item,) = json.loads(result.output)[0]["suggestions"]
    assert [f["rule"] for f in item["findings"]] == ["buzzword"]
    assert item["rewrite"].startswith("Cut onboarding time from 10 to 4 days") and item["rewrite"].endswith("].")
    assert "What changed because of this?" in item["questions"]


def test_a_rule_packs_coach_key_reaches_checks_try_line(tmp_path):
    from click.testing import CliRunner

    from cvlint.cli import cli

    checked = CliRunner().invoke(cli, ["check", *_pack_cli_args(tmp_path), "--exit-zero"]).output
    (line,) = [line for line in checked.splitlines() if "[buzzword]" in line]
    assert "try: Cut onboarding time" in line and line.endswith("]."), line


def test_a_rule_packs_coach_key_reaches_annotate(tmp_path):
    from click.testing import CliRunner

    from cvlint.cli import cli

    page = tmp_path / "cv.html"
    result = CliRunner().invoke(cli, ["annotate", *_pack_cli_args(tmp_path), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Cut onboarding time from 10 to 4 days by building synergy between the sales and product teams, " \
           '<span class="ph">[' in html      # closed with the outcome the pack's coach key asks for
    assert "What changed because of this?" in html


def test_every_lack_a_rule_names_has_questions():
    from cvlint.lint.catalog import load_catalog

    named = {lack for r in load_catalog().all_rules for lack in r.coach.lacks}
    assert named and named <= set(phrasebook()["asks"]), named - set(phrasebook()["asks"])


def test_a_rule_s_coach_key_is_checked(tmp_path):
    from cvlint.errors import UsageError
    from cvlint.lint.catalog import load_catalog

    with pytest.raises(UsageError, match="coach.rewrite must be one of opening, claim, use, outcome"):
        load_catalog([_buzzword_pack(tmp_path, "coach:\n  rewrite: rephrase\n")])

