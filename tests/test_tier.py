"""The tier model: seed profiles, format and surface invariance, monotonicity, hard cases, reasons, the model file,
reproducible training, and salary bands."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from cvlint.errors import UsageError
from cvlint.model import TierVerdict
from cvlint.tier.classify import TREES_FILE, TRUSTED_TYPES, contributions, load_model, market_band, model_name
from cvlint.tier.features import FEATURES, SPECS, extract

TIERS = ("junior", "mid", "high-impact")

# Daniel Carter's CV exactly as the seed article prints it (no bullet glyphs, "Name:" lines).
DANIEL = """\
Name: Daniel Carter
Role: Senior Machine Learning Engineer
Location: London, UK
Professional Summary
Senior Machine Learning Engineer with 7+ years of experience designing, deploying, and scaling production-grade ML systems. Proven track record of delivering measurable business impact across fintech and e-commerce platforms.
Core Skills
Machine Learning Engineering
MLOps & Infrastructure
Python, TensorFlow, PyTorch
Kubernetes, Docker
AWS, GCP
Data Pipelines & Feature Engineering
Professional Experience
Senior Machine Learning Engineer – Fintech Scale-Up, London
2021 – Present
Led development of fraud detection system processing 50M+ transactions monthly, reducing fraud losses by 27%
Deployed real-time ML pipeline reducing latency by 40%
Implemented model monitoring system improving retraining efficiency by 60%
Machine Learning Engineer – E-commerce Company, Manchester
2018 – 2021
Built recommendation engine increasing average order value by 22%
Scaled ML infrastructure supporting 3M daily users
Optimized feature pipeline reducing compute costs by 30%
Education
MSc Artificial Intelligence – University of Manchester
"""

DANIEL_BULLETS = [
    ("Senior Machine Learning Engineer", "Fintech Scale-Up", "London", "2021", None, [
        "Led development of fraud detection system processing 50M+ transactions monthly, reducing fraud losses by 27%",
        "Deployed real-time ML pipeline reducing latency by 40%",
        "Implemented model monitoring system improving retraining efficiency by 60%"]),
    ("Machine Learning Engineer", "E-commerce Company", "Manchester", "2018", "2021", [
        "Built recommendation engine increasing average order value by 22%",
        "Scaled ML infrastructure supporting 3M daily users",
        "Optimized feature pipeline reducing compute costs by 30%"]),
]

DANIEL_MD = """\
# Daniel Carter
Senior Machine Learning Engineer · London, UK

## Professional Summary
Senior Machine Learning Engineer with 7+ years of experience designing, deploying, and scaling production-grade ML systems. Proven track record of delivering measurable business impact across fintech and e-commerce platforms.

## Core Skills
- Machine Learning Engineering
- MLOps & Infrastructure
- Python, TensorFlow, PyTorch
- Kubernetes, Docker
- AWS, GCP
- Data Pipelines & Feature Engineering

## Professional Experience

### Senior Machine Learning Engineer | Fintech Scale-Up | London | 2021 – Present
- Led development of fraud detection system processing 50M+ transactions monthly, reducing fraud losses by 27%
- Deployed real-time ML pipeline reducing latency by 40%
- Implemented model monitoring system improving retraining efficiency by 60%

### Machine Learning Engineer | E-commerce Company | Manchester | 2018 – 2021
- Built recommendation engine increasing average order value by 22%
- Scaled ML infrastructure supporting 3M daily users
- Optimized feature pipeline reducing compute costs by 30%

## Education
MSc Artificial Intelligence | University of Manchester
"""


def daniel_json_resume() -> str:
    work = [{"position": t, "name": org, "location": loc, "startDate": start,
             **({"endDate": end} if end else {}), "highlights": bullets}
            for t, org, loc, start, end, bullets in DANIEL_BULLETS]
    return json.dumps({
        "basics": {"name": "Daniel Carter", "label": "Senior Machine Learning Engineer",
                   "location": {"city": "London", "countryCode": "GB"},
                   "summary": "Senior Machine Learning Engineer with 7+ years of experience designing, deploying, and "
                              "scaling production-grade ML systems. Proven track record of delivering measurable "
                              "business impact across fintech and e-commerce platforms."},
        "work": work,
        "education": [{"institution": "University of Manchester", "studyType": "MSc",
                       "area": "Artificial Intelligence"}],
        "skills": [{"name": "Machine Learning", "keywords": ["Python", "TensorFlow", "PyTorch"]},
                   {"name": "Infrastructure", "keywords": ["Kubernetes", "Docker", "AWS", "GCP"]}],
    })


# The seed's mid profile: good technical skills, limited production exposure, moderate impact.
MID = """\
Priya Shah
{title} · Bristol, UK · priya.shah@example.com

SUMMARY
{title} with {years} years of experience building models for insurance and retail teams.

EXPERIENCE

{title} | Harbourline Insurance | Bristol | {d1}
- Built a claims triage model with XGBoost that cut manual review time by 20%.
- Developed feature pipelines in Python and Airflow for the pricing team.
- Contributed to the migration of batch scoring jobs to AWS.
- Wrote unit tests and documentation for the model training code.
- Improved the churn model by adding product-usage features.

Data Scientist | Kestrel Retail | Bath | {d2}
- Created a weekly demand forecast for the grocery category, reducing stock-outs by 8%.
- Analysed customer segments and presented findings to the marketing team.
- Maintained Tableau dashboards for the trading team.

EDUCATION
MSc Data Science | University of Bristol | 2018 – 2019

SKILLS
Python, SQL, scikit-learn, XGBoost, PyTorch, Airflow, AWS, Docker, Tableau
"""
MID_DEFAULT = {"title": "Machine Learning Engineer", "years": "four", "d1": "2022 – Present", "d2": "2020 – 2022"}

# The same mid CV with quantified outcomes, production and ownership added to its bullets.
MID_UPGRADED = {
    "- Developed feature pipelines in Python and Airflow for the pricing team.":
        "- Led the rebuild of the pricing feature pipelines in Airflow, deployed to production for 1.2M policies, "
        "cutting quote errors by 35%.",
    "- Contributed to the migration of batch scoring jobs to AWS.":
        "- Owned the migration of batch scoring to real-time serving on AWS, reducing scoring costs by £140k a year.",
    "- Wrote unit tests and documentation for the model training code.":
        "- Shipped automated retraining and monitoring, reducing model incidents from 9 a quarter to 1.",
    "- Improved the churn model by adding product-usage features.":
        "- Deployed a churn model to the retention team that lifted renewals by 6 points, worth £2.3M a year.",
    "- Analysed customer segments and presented findings to the marketing team.":
        "- Launched customer segments used in 40 campaigns, raising email conversion from 2.1% to 3.4%.",
    "- Maintained Tableau dashboards for the trading team.":
        "- Rolled out trading dashboards to 120 store managers, saving 6 hours of reporting per week each.",
}

# The seed's junior profile: academic focus, no deployment, low impact visibility.
JUNIOR = """\
# Tom Reed
Graduate Machine Learning Engineer · Edinburgh, UK · tom.reed@example.com

## Profile
Recent MSc graduate with knowledge of deep learning, NLP and computer vision. Familiar with PyTorch and TensorFlow.

## Education
### MSc Machine Learning — University of Edinburgh
2023 – 2024

## Projects
- Trained a CNN on CIFAR-10 reaching 92% test accuracy.
- Sentiment analysis project using PyTorch, Hugging Face Transformers and Streamlit.
- Wrote MSc thesis on graph neural networks for molecule property prediction.

## Experience
### Research Assistant — University of Edinburgh, Edinburgh
2023 – 2024
- Assisted with literature reviews and data cleaning for a computer vision study.
- Responsible for running experiments on the lab's GPU cluster.
- Investigated data augmentation methods for small medical image datasets.

## Skills
Python, PyTorch, TensorFlow, scikit-learn, Pandas, NumPy, OpenCV, Git
"""

SENIOR_TITLE_TASKS = """\
MARGARET OKONJO
Senior Ward Sister | Leeds | m.okonjo@example.co.uk

PROFILE
Senior ward sister with 18 years of experience in acute medicine.

EXPERIENCE

Senior Ward Sister | St Aidan's Hospital, Leeds | 2015 – Present
• Responsible for the day-to-day running of the ward
• Supervising staff nurses and healthcare assistants
• Attending bed meetings and handovers
• Completing rotas and incident reports

Staff Nurse | Leeds General Infirmary | 2006 – 2015
• Provided nursing care to patients on a busy medical ward
• Administering medications and IV fluids
• Involved in audits and teaching students

EDUCATION
BSc Adult Nursing | University of Leeds | 2003 – 2006
"""

YOUNG_HIGH_IMPACT = """\
# Sam Patel
Software Engineer · Manchester, UK · sam.patel@example.com

## Experience
### Software Engineer | Brightwater Payments | Manchester | 2023 – Present
- Shipped a card-retry service to production that recovers £1.1M of failed payments a year.
- Led the rewrite of the checkout API, cutting p95 latency from 900 ms to 180 ms for 2M monthly users.
- Owned the fraud-rules engine rollout to 14,000 merchants, reducing chargebacks by 31%.
- Deployed automated canary releases, reducing failed deploys from 12 a month to 1.

## Education
BSc Computer Science | University of Manchester | 2019 – 2023

## Skills
Go, Python, PostgreSQL, Kafka, Kubernetes
"""

PHD_NO_DEPLOYMENT = """\
Dr. Elena Vasquez
Senior Research Scientist | Zurich | elena.vasquez@example.eu

EXPERIENCE

Senior Research Scientist | Alpine Institute for Computing, Zurich | 2019 – Present
- Investigated uncertainty estimation methods for medical image segmentation.
- Published 6 papers on Bayesian deep learning at NeurIPS and ICML.
- Achieved 0.94 AUC on the ISIC skin lesion benchmark with a new ensemble method.
- Conducted a study of calibration under dataset shift.

Doctoral Researcher | ETH Zurich | 2014 – 2019
- Wrote PhD thesis on variational inference for graphical models.
- Supervised master's students' research projects.

EDUCATION
PhD Computer Science | ETH Zurich | 2014 – 2019

PUBLICATIONS
Vasquez E. et al. "Calibrated ensembles for segmentation." NeurIPS, 2022.
Vasquez E. et al. "Variational inference at scale." ICML, 2019.
"""

FIRST_PERSON_STRONG = """\
Aisha Khan
Head of Customer Support · Birmingham · aisha.khan@example.co.uk

Experience

Head of Customer Support | Northfield Broadband | Birmingham | 2019 – Present
- I built and led a 45-person support team that cut average wait time from 7 minutes to 90 seconds.
- I launched a self-service help centre that deflected 38% of tickets and saved £600k a year.
- I owned the churn-rescue programme, which kept 2,300 customers and £1.4M of annual revenue.
- I rolled out a new ticketing system to 3 sites, raising CSAT from 78% to 92%.

Support Team Lead | Larkspur Energy | Coventry | 2016 – 2019
- I led a team of 12 agents and reduced complaint escalations by 40%.

Education
BA Communications | Aston University | 2012 – 2015
"""

HUGE_SKILLS = """\
JORDAN BLAKE
Data Engineer | Austin, TX | jordan.blake@example.com

TECHNICAL SKILLS
Python, SQL, Scala, Java, Spark, PySpark, Hadoop, Hive, Kafka, Flink, Airflow, dbt, Snowflake, BigQuery, Redshift
Databricks, Delta Lake, Iceberg, Postgres, MySQL, MongoDB, Cassandra, Redis, Elasticsearch, Docker, Kubernetes
Terraform, AWS, GCP, Azure, Glue, Lambda, EMR, Kinesis, Tableau, Looker, Power BI, Git, Jenkins, GitHub Actions
Great Expectations, Fivetran, Airbyte, Dagster, Prefect, Pandas, NumPy, Polars, DuckDB, Trino, Presto

EXPERIENCE
Data Engineer | Crestline Retail | Austin, TX | 2022 – Present
- Worked on data pipelines using Spark, Airflow and Snowflake.
- Responsible for maintaining ETL jobs.
- Helped with data quality checks.

EDUCATION
BS Computer Science | University of Texas at Austin | 2018 – 2022
"""

NO_EXPERIENCE = """\
Lucy Tran
Student · Bristol, UK · lucy.tran@example.com

EDUCATION
BSc Economics | University of Bristol | 2022 – 2025
Relevant modules: statistics, econometrics, data visualisation

SKILLS
Excel, Python, Stata, PowerPoint

INTERESTS
Netball, reading
"""


@pytest.fixture(scope="module")
def judge():
    """text, file name -> (TierVerdict, Facts), through the real parser, rules and shipped model."""
    from cvlint.lint.catalog import load_catalog
    from cvlint.lint.engine import judge
    from cvlint.nlp import load
    from cvlint.parse import parse
    from cvlint.tier.classify import classify

    catalog, nlp = load_catalog(), load()

    def run(text: str, name: str = "cv.txt"):
        doc = parse(text.encode("utf-8"), name=name)
        (j,) = judge([doc], catalog, nlp)
        return classify(j.document, j.findings, j.unjudged), extract(j.document, j.findings, j.unjudged)

    return run


def mid(**kw) -> str:
    return MID.format(**{**MID_DEFAULT, **kw})


# -- the seed profiles -------------------------------------------------------------------------------------------

def test_daniel_carter_is_high_impact(judge):
    verdict, facts = judge(DANIEL)
    assert verdict.label == "high-impact"
    assert facts.n_bullets == 6
    assert verdict.score >= 75


def test_seed_mid_profile_is_mid(judge):
    verdict, _ = judge(mid())
    assert verdict.label == "mid"


def test_seed_junior_profile_is_junior(judge):
    verdict, _ = judge(JUNIOR, "tom.md")
    assert verdict.label == "junior"


def test_ana_costa_sample_is_mid(judge):
    from cvlint.resources import data_dir

    path = data_dir("rules").parent / "samples" / "ana-costa.md"
    if not path.is_file():
        pytest.skip("samples/ are not in this install")
    verdict, _ = judge(path.read_text(encoding="utf-8"), "ana-costa.md")
    assert verdict.label == "mid"


# -- invariance and monotonicity ------------------------------------------------------------------------------

def test_same_tier_across_text_markdown_and_json_resume(judge):
    verdicts = [judge(DANIEL, "daniel.txt")[0], judge(DANIEL_MD, "daniel.md")[0],
                judge(daniel_json_resume(), "daniel.json")[0]]
    assert {v.label for v in verdicts} == {"high-impact"}


@pytest.mark.parametrize("title, years, d1, d2", [
    ("Head of Machine Learning", "fifteen", "2015 – Present", "2009 – 2015"),
    ("Junior ML Engineer", "one", "2024 – Present", "2023 – 2024"),
])
def test_title_and_years_do_not_change_the_tier(judge, title, years, d1, d2):
    base, _ = judge(mid())
    changed, _ = judge(mid(title=title, years=years, d1=d1, d2=d2))
    assert changed.label == base.label
    for t in TIERS:
        assert changed.probabilities[t] == pytest.approx(base.probabilities[t], abs=0.05)


def test_daniel_with_a_junior_title_and_two_years_stays_high_impact(judge):
    text = (DANIEL.replace("Role: Senior Machine Learning Engineer", "Role: Junior Machine Learning Engineer")
            .replace("Senior Machine Learning Engineer with 7+ years", "Machine Learning Engineer with 2 years")
            .replace("Senior Machine Learning Engineer – Fintech", "Junior Machine Learning Engineer – Fintech")
            .replace("2021 – Present", "2024 – Present").replace("2018 – 2021", "2023 – 2024"))
    assert judge(text)[0].label == "high-impact"


def test_quantified_outcomes_move_a_mid_cv_up(judge):
    text = mid()
    for old, new in MID_UPGRADED.items():
        assert old in text
        text = text.replace(old, new)
    before, _ = judge(mid())
    after, _ = judge(text)
    assert after.score > before.score
    assert after.probabilities["high-impact"] > before.probabilities["high-impact"]
    assert TIERS.index(after.label) > TIERS.index(before.label)


# -- hard cases --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name, expected", [
    (SENIOR_TITLE_TASKS, "senior-tasks.txt", "junior"),
    (YOUNG_HIGH_IMPACT, "young.md", "high-impact"),
    (PHD_NO_DEPLOYMENT, "phd.txt", "junior"),
    (FIRST_PERSON_STRONG, "first-person.txt", "high-impact"),
    (HUGE_SKILLS, "skills.txt", "junior"),
], ids=["senior-title-task-bullets", "two-year-high-impact", "phd-no-deployment", "first-person-strong",
        "huge-skills-list"])
def test_hard_cases(judge, text, name, expected):
    assert judge(text, name)[0].label == expected


def test_no_experience_bullets_still_gets_an_honest_verdict(judge):
    verdict, facts = judge(NO_EXPERIENCE)
    assert facts.n_bullets == 0
    assert verdict.label == "junior"
    assert verdict.reasons[0].feature == "no_experience_bullets"
    assert verdict.reasons[0].toward == "junior"
    assert "no experience or project bullets" in verdict.reasons[0].text


# -- verdict shape and reasons ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [DANIEL, MID.format(**MID_DEFAULT), JUNIOR, HUGE_SKILLS, NO_EXPERIENCE])
def test_verdict_shape(judge, text):
    verdict, facts = judge(text)
    assert isinstance(verdict, TierVerdict)
    assert set(verdict.probabilities) == set(TIERS)
    assert sum(verdict.probabilities.values()) == pytest.approx(1.0)
    assert verdict.confidence == max(verdict.probabilities.values())
    assert verdict.label == max(verdict.probabilities, key=verdict.probabilities.get)
    p = verdict.probabilities
    assert verdict.score == round(100 * (0.5 * p["mid"] + p["high-impact"]))
    assert 2 <= len(verdict.reasons) <= 4
    assert len({r.feature for r in verdict.reasons}) == len(verdict.reasons)
    for r in verdict.reasons:
        assert r.feature in FEATURES
        assert r.toward in TIERS
        assert r.text.endswith(".") and (r.text[0].isupper() or r.text[0].isdigit())
        assert r.value == pytest.approx(facts.values[r.feature], abs=1e-3)


def test_reasons_come_from_the_model_contributions(judge):
    verdict, facts = judge(mid())
    model = load_model()
    rival = sorted(TIERS, key=lambda t: -verdict.probabilities[t])[1]
    terms = contributions(model, facts, verdict.label, rival)
    for r in verdict.reasons:
        if r.toward == verdict.label:
            assert terms[r.feature] > 0
        else:
            assert r.toward == rival and terms[r.feature] < 0
    supporting = [terms[r.feature] for r in verdict.reasons if r.toward == verdict.label]
    assert supporting, "at least one reason supports the verdict"
    assert supporting == sorted(supporting, reverse=True)


def _argues_for(label: str, feature: str, value: float) -> bool:
    """A reason toward `label` that reads the right way: for high-impact, a good signal present or a weak one in
    fewer than half the bullets; for junior, a weak signal present or no good one."""
    direction = SPECS[feature].direction
    if label == "high-impact":
        return (direction > 0 and value > 0) or (direction < 0 and value < 0.5)
    return (direction < 0 and value > 0) or (direction > 0 and value == 0)


@pytest.mark.parametrize("text, label", [(DANIEL, "high-impact"), (HUGE_SKILLS, "junior"), (JUNIOR, "junior")],
                         ids=["strong", "weak-tasks", "weak-graduate"])
def test_reasons_for_a_clear_cv_point_the_right_way(judge, text, label):
    verdict, _ = judge(text)
    assert verdict.label == label
    toward = [r for r in verdict.reasons if r.toward == label]
    assert len(toward) >= 2
    for r in toward:
        assert _argues_for(label, r.feature, r.value), (r.feature, r.value, r.text)


@pytest.mark.parametrize("text", [DANIEL, MID.format(**MID_DEFAULT), JUNIOR, NO_EXPERIENCE])
def test_contributions_sum_to_the_stated_probabilities(judge, text):
    """The reasons' terms are exact: bias plus every feature's contribution is the probability the report states."""
    import numpy as np

    verdict, facts = judge(text)
    forest = load_model().forest
    bias, parts = forest.decompose([facts.vector()])
    total = bias + parts[0].sum(axis=0)
    for t in TIERS:
        assert total[forest.classes.index(t)] == pytest.approx(verdict.probabilities[t], abs=1e-12)
    rival = sorted(TIERS, key=lambda t: -verdict.probabilities[t])[1]
    terms = contributions(load_model(), facts, verdict.label, rival)
    k, c = forest.classes.index(verdict.label), forest.classes.index(rival)
    assert sum(terms.values()) == pytest.approx(
        verdict.probabilities[verdict.label] - verdict.probabilities[rival] - (bias[k] - bias[c]), abs=1e-12)
    assert np.all(np.isfinite(parts))


def test_reasons_quote_the_cvs_own_figures(judge):
    verdict, facts = judge(DANIEL)
    texts = " ".join(r.text for r in verdict.reasons)
    assert re.search(r"\b(\d+ of 6|All 6|None of the 6)\b", texts)


# -- the model file ---------------------------------------------------------------------------------------------

def test_model_file_loads_with_skops_and_only_trusted_types():
    import skops.io as sio
    from sklearn.ensemble import RandomForestClassifier

    from cvlint.resources import data_dir

    path = data_dir("models") / "tier.skops"
    assert set(sio.get_untrusted_types(file=path)) <= set(TRUSTED_TYPES)
    forest = sio.load(path, trusted=list(TRUSTED_TYPES))
    assert isinstance(forest, RandomForestClassifier)
    assert list(forest.classes_) == sorted(TIERS)
    assert forest.n_features_in_ == len(FEATURES)


def test_exported_trees_are_the_skops_models():
    """Inference reads the trees exported to tier-trees.json; they must be exactly the skops forest's."""
    import numpy as np

    from cvlint.resources import data_dir
    from cvlint.tier.classify import load_skops
    from cvlint.tier.forest import digest, dumps, export

    forest = load_skops(data_dir("models") / "tier.skops")
    shipped = load_model()
    assert digest(dumps(export(forest))) == shipped.digest
    X = np.random.default_rng(0).uniform(0, 3, size=(50, len(FEATURES)))
    np.testing.assert_array_equal(shipped.forest.predict_proba(X), forest.predict_proba(X))


def test_edited_trees_are_refused(tmp_path):
    from cvlint.resources import data_dir

    folder = tmp_path / "models"
    shutil.copytree(data_dir("models"), folder)
    trees = json.loads((folder / TREES_FILE).read_text(encoding="utf-8"))
    trees["threshold"][0] += 1.0
    (folder / TREES_FILE).write_text(json.dumps(trees), encoding="utf-8")
    with pytest.raises(UsageError, match="does not match"):
        load_model(str(folder))


def test_model_card_describes_the_model():
    model = load_model()
    card = model.card
    assert card["features"] == list(FEATURES)
    assert model_name() == card["name"] == f"tier-forest@{card['parameters_sha256'][:8]}"
    for key in ("accuracy", "macro_f1", "brier", "log_loss", "confusion"):
        assert key in card["cross_validation"]["all"]
    assert {"scikit-learn", "skops", "numpy", "spacy"} <= set(card["versions"])
    assert card["training_data"]["size"] >= 150


def _training_folder(train) -> Path:
    """samples/training, skipping the test where the training data or the real CVs it names are not here."""
    try:
        folder = train.training_dir()
    except UsageError:
        pytest.skip("samples/training is not in this install")
    if not train.corpus_dir().is_dir():
        pytest.skip("the real training CVs are read from ../shared/corpus, which is not beside this checkout")
    return folder


def test_model_card_hash_matches_the_training_data():
    from cvlint.tier import train

    folder = _training_folder(train)
    rows = train.training_rows(folder)
    assert train.data_hash(folder, rows) == load_model().card["training_data"]["data_sha256"]


@pytest.fixture(scope="module")
def training():
    """The training CVs' features, as `cvlint train` computes them."""
    from cvlint.tier import train

    folder = _training_folder(train)
    return train.featurize(folder, train.training_rows(folder))


@pytest.mark.slow
def test_json_inference_equals_the_skops_forest_on_the_training_cvs(training):
    import numpy as np

    from cvlint.resources import data_dir
    from cvlint.tier import train
    from cvlint.tier.classify import load_skops

    X, _ = train.matrix(training)
    forest = load_skops(data_dir("models") / "tier.skops")
    shipped = load_model().forest
    np.testing.assert_array_equal(shipped.predict_proba(X), forest.predict_proba(X))
    bias, parts = shipped.decompose(X)
    np.testing.assert_allclose(bias + parts.sum(axis=1), forest.predict_proba(X), atol=1e-12)


@pytest.mark.slow
def test_training_reproduces_the_shipped_model(training):
    import numpy as np

    from cvlint.lint.catalog import load_catalog
    from cvlint.tier import train
    from cvlint.tier.forest import Forest, export

    shipped = load_model()
    if load_catalog().digest != shipped.card["training_data"]["rules_digest"]:
        pytest.fail("the rules changed since the tier model was trained: run `cvlint train` and commit models/")
    assert shipped.card["hyperparameters"] == train.FOREST
    X, y = train.matrix(training)
    rebuilt = Forest.from_data(export(train.fit(X, y, train.weights(training))))
    np.testing.assert_allclose(rebuilt.predict_proba(X), shipped.forest.predict_proba(X), atol=1e-9)


# -- salary bands -----------------------------------------------------------------------------------------------

def test_market_bands_quote_the_article():
    assert market_band(TierVerdict(label="mid"), "uk").band == "£65,000 – £95,000"
    assert market_band("junior", "uk").band == "£45,000 – £65,000"
    assert market_band("high-impact", "UK").band == "£95,000 – £140,000"
    band = market_band("high-impact", "ch")
    assert band.band == "CHF 120,000 – CHF 180,000"
    assert band.source == "ml-engineer-salary-guide"
    assert "machine learning engineers" in band.note
    assert market_band("mid", "us").band == "$130,000 – $250,000+"
    assert market_band("mid", "nl").band == "€65,000 – €130,000"
    assert market_band("mid", "de").band == "€70,000 – €140,000"
    assert market_band("mid", "remote").band == "$90,000 – $180,000"


def test_no_market_or_no_tier_gives_no_band():
    assert market_band(TierVerdict(label="mid"), None) is None
    assert market_band(TierVerdict(label=None, unavailable="unsupported-language"), "uk") is None


def test_unknown_market_is_a_usage_error_listing_the_known_ones():
    with pytest.raises(UsageError) as err:
        market_band("mid", "mars")
    for key in ("uk", "nl", "de", "ch", "us", "remote"):
        assert key in str(err.value)
