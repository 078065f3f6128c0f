"""Write the project's own sample CV, "Ana Costa", as Markdown, DOCX and PDF.

Ana Costa is invented: a mid-tier machine learning engineer whose bullets mix weak ones (duties,
tool lists, a model score with no outcome, "Responsible for", "Helped") with strong ones (deployed,
measured, business effect). Companies, people and numbers are made up; contact details use the
reserved example.com domain and the UK's drama phone range.

Run by hand from the repository root, then commit the outputs (CI needs no LibreOffice):

    python samples/make_samples.py            # ana-costa.md, ana-costa.docx, ana-costa.pdf

The PDF is made with LibreOffice (``soffice --headless --convert-to pdf``); without it only the
Markdown and DOCX are written and the command to make the PDF is printed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
STEM = "ana-costa"

NAME = "Ana Costa"
HEADLINE = "Machine Learning Engineer"
CONTACT = ["London, UK", "ana.costa@example.com", "+44 20 7946 0381"]

SUMMARY = (
    "Machine learning engineer with five years of experience in retail and insurance analytics. "
    "Comfortable taking models from a notebook to a first deployment with Python, scikit-learn and "
    "PyTorch, and looking to own production ML systems end to end."
)

# (title, organization, location, dates, bullets)
EXPERIENCE = [
    ("Machine Learning Engineer", "Lumen Retail Analytics", "London, UK", "Mar 2022 – Present", [
        "Deployed a product-recommendation API to production with FastAPI and Docker, serving 40k requests "
        "a day and lifting average basket size by 3%.",
        "Built a demand-forecasting model for 1,200 store–product pairs with LightGBM, reducing forecast "
        "error (MAPE) from 18% to 13%.",
        "Responsible for maintaining the feature pipeline in Airflow and writing unit tests.",
        "Worked with the data engineering team on migrating training jobs to Kubernetes.",
        "Used Python, SQL, Spark, MLflow and Grafana for model monitoring.",
    ]),
    ("Data Scientist", "Brightpath Insurance", "Manchester, UK", "Jul 2019 – Feb 2022", [
        "Developed a claims-fraud classifier with XGBoost, achieving 0.91 AUC on the hold-out set.",
        "Automated the monthly underwriting report in Python, saving the analytics team about 6 hours a month.",
        "Helped the pricing team analyse customer churn.",
        "Created dashboards in Tableau to track KPIs.",
    ]),
    ("Junior Data Analyst", "Tideway Health", "Lisbon, Portugal", "Sep 2018 – Jun 2019", [
        "Cleaned and analysed outpatient appointment data using pandas and SQL.",
        "Analysed no-show patterns across 14 clinics; the SMS reminders the clinics added as a result cut "
        "missed appointments by 9%.",
        "Participated in weekly stand-ups and sprint planning.",
    ]),
]

EDUCATION = [
    ("MSc Data Science", "University of Lisbon", "2016 – 2018"),
    ("BSc Applied Mathematics", "University of Coimbra", "2013 – 2016"),
]

SKILLS = [
    ("Languages", "Python, SQL, Bash"),
    ("Machine learning", "scikit-learn, PyTorch, LightGBM, XGBoost"),
    ("Data and MLOps", "Spark, Airflow, MLflow, Docker, Kubernetes, FastAPI"),
    ("Cloud", "AWS (S3, SageMaker), Google BigQuery"),
    ("Other", "Knowledge of Bayesian statistics and causal inference"),
]

SPOKEN = "Portuguese (native), English (fluent), Spanish (conversational)"


def markdown() -> str:
    out = [f"# {NAME}", "", HEADLINE, " · ".join(CONTACT), "", "## Summary", "", SUMMARY, "", "## Experience", ""]
    for title, org, place, dates, bullets in EXPERIENCE:
        out += [f"### {title} | {org} | {place} | {dates}", ""]
        out += [f"- {b}" for b in bullets]
        out.append("")
    out += ["## Education", ""]
    for degree, school, dates in EDUCATION:
        out.append(f"{degree} | {school} | {dates}")
    out += ["", "## Skills", ""]
    out += [f"{label}: {items}" for label, items in SKILLS]
    out += ["", "## Languages", "", SPOKEN, ""]
    return "\n".join(out)


def build_docx(path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(1.8)
    right_edge = section.page_width - section.left_margin - section.right_margin

    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(2)
    for name in ("Title", "Heading 1", "Heading 2", "List Bullet"):
        doc.styles[name].font.name = "Arial"
    doc.styles["Title"].font.size = Pt(24)
    doc.styles["Heading 1"].font.size = Pt(13)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(12)
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)

    doc.add_paragraph(NAME, style="Title")
    headline = doc.add_paragraph()
    headline.add_run(HEADLINE).bold = True
    doc.add_paragraph("  ·  ".join(CONTACT))

    doc.add_paragraph("Summary", style="Heading 1")
    doc.add_paragraph(SUMMARY)

    doc.add_paragraph("Experience", style="Heading 1")
    for title, org, place, dates, bullets in EXPERIENCE:
        role = doc.add_paragraph()
        role.paragraph_format.space_before = Pt(6)
        role.paragraph_format.tab_stops.add_tab_stop(right_edge, WD_TAB_ALIGNMENT.RIGHT)
        role.add_run(title).bold = True
        role.add_run(f", {org}\t{dates}")
        doc.add_paragraph().add_run(place).italic = True
        for bullet in bullets:
            doc.add_paragraph(bullet, style="List Bullet")

    doc.add_paragraph("Education", style="Heading 1")
    for degree, school, dates in EDUCATION:
        line = doc.add_paragraph()
        line.paragraph_format.tab_stops.add_tab_stop(right_edge, WD_TAB_ALIGNMENT.RIGHT)
        line.add_run(degree).bold = True
        line.add_run(f", {school}\t{dates}")

    doc.add_paragraph("Skills", style="Heading 1")
    for label, items in SKILLS:
        line = doc.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(items)

    doc.add_paragraph("Languages", style="Heading 1")
    doc.add_paragraph(SPOKEN)

    props = doc.core_properties
    props.author = props.last_modified_by = "cvlint samples"
    props.title = f"{NAME} – CV (invented sample)"
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.revision = 1
    doc.save(path)


def build_pdf(docx_path: Path) -> bool:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"LibreOffice not found; make the PDF with: soffice --headless --convert-to pdf "
              f"--outdir {docx_path.parent} {docx_path}", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)],
                       check=True, stdout=subprocess.DEVNULL, timeout=180)
    return True


def main() -> None:
    (HERE / f"{STEM}.md").write_text(markdown(), encoding="utf-8")
    build_docx(HERE / f"{STEM}.docx")
    made = [f"{STEM}.md", f"{STEM}.docx"]
    if build_pdf(HERE / f"{STEM}.docx"):
        made.append(f"{STEM}.pdf")
    print("wrote " + ", ".join(f"samples/{m}" for m in made))


if __name__ == "__main__":
    main()
