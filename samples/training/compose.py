"""Compose whole training CVs from the team's labeled bullets and write samples/training/labels.csv.

Run from anywhere:  python samples/training/compose.py   (add --check to verify the files on disk instead)

Deterministic: every composed CV is drawn from its own `random.Random("<SEED>/<split>/<n>")`, the bullet
files are read in file order, and `labels.csv` rows are sorted by file name. Running it twice gives the
same bytes.

- Train CVs (`cvs/co-train-NNN.*`) use only bullets from `samples/bullets/dev.jsonl`, test CVs
  (`cvs/co-test-NNN.*`) only bullets from `samples/bullets/test.jsonl`, so no bullet crosses the split.
- The tier of a composed CV is decided from the **human labels of its bullets** by `tier_from_labels`
  (the written rules in samples/README.md, matching docs/contract.md's tiers) — never from cvlint's own rule output.
  The composer aims at a tier by choosing bullets, then the rules decide; a draw whose rules-label misses the
  aim is redrawn a few times and otherwise kept with the label the rules give.
- Everything that is not an experience or project bullet (names, employers, dates, headings, summaries
  written from templates, education, skills lists, publication titles) is filler made up here; it never
  decides a label.
- `labels.csv` lists every training CV: the hand-written ones from `ha-labels.csv` / `hb-labels.csv` (tier and
  split exactly as the team wrote them) and the composed ones.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CVS = HERE / "cvs"
SEED = "cvlint-compose-1"
N_COMPOSED = {"train": 170, "test": 90}
THIS_YEAR = 2025

TIERS = ("junior", "mid", "high-impact")
COLUMNS = ("file", "tier", "split", "origin", "role", "region", "seniority_surface", "years", "hard_case", "format",
           "exp_bullets", "impact_bullets", "evidence_bullets", "business_bullets", "rule", "bullets", "notes")

# ---------------------------------------------------------------------------------------------------------------
# The labeling rules (docs/contract.md, Tiers), over the human labels of a CV's experience and project bullets.
# ---------------------------------------------------------------------------------------------------------------


def is_impact(labels: dict) -> bool:
    """An outcome with a number: not task-only, has a metric, and the number is not only a model score or a
    research result."""
    return (not labels["task-only-bullet"] and labels["metric"] and not labels["model-score-only"]
            and not labels["research-style"] and not labels["knowledge-claim"])


def is_evidence(labels: dict) -> bool:
    """Production or ownership evidence."""
    return labels["ownership"] or labels["production"]


def is_business(labels: dict) -> bool:
    return is_impact(labels) and labels["business-impact"]


def is_weak(labels: dict) -> bool:
    """Task-only with no number, research-style, a knowledge claim, a bare tool list or a model score only."""
    return ((labels["task-only-bullet"] and not labels["metric"]) or labels["research-style"]
            or labels["knowledge-claim"] or labels["tool-list-without-context"] or labels["model-score-only"])


def tier_from_labels(labels: list[dict]) -> tuple[str, dict, str]:
    """The tier of a CV from the human labels of its experience + project bullets, the counts, and the rule.

    - high-impact: more than half of the bullets state an outcome with a number (`is_impact`), at least two
      show production or ownership, and at least two of the outcomes are business/user effects;
    - junior: no experience or project bullets, or under a quarter with an outcome + number, at most one
      business outcome and at most one bullet showing production or ownership;
    - mid: everything in between (a mix of outcome and task bullets, or outcomes without ownership or
      production evidence, or ownership claims without outcomes).
    """
    n = len(labels)
    impact = sum(map(is_impact, labels))
    evidence = sum(map(is_evidence, labels))
    business = sum(map(is_business, labels))
    weak = sum(map(is_weak, labels))
    facts = {"exp_bullets": n, "impact_bullets": impact, "evidence_bullets": evidence, "business_bullets": business,
             "weak_bullets": weak}
    if n == 0:
        return "junior", facts, "junior: no experience or project bullets"
    share = impact / n
    if share > 0.5 and evidence >= 2 and business >= 2:
        return "high-impact", facts, (f"high-impact: {impact}/{n} outcome+metric (>1/2), {evidence} production/"
                                      f"ownership (>=2), {business} business outcomes (>=2)")
    if share < 0.25 and business <= 1 and evidence <= 1:
        return "junior", facts, (f"junior: {impact}/{n} outcome+metric (<1/4), {business} business outcomes (<=1), "
                                 f"{evidence} production/ownership (<=1)")
    why = []
    if share <= 0.5:
        why.append(f"{impact}/{n} outcome+metric")
    if evidence < 2:
        why.append(f"{evidence} production/ownership")
    if business < 2:
        why.append(f"{business} business outcomes")
    if share >= 0.25 and not why:
        why.append(f"{impact}/{n} outcome+metric")
    return "mid", facts, "mid: between the rules (" + ", ".join(why) + ")"


# ---------------------------------------------------------------------------------------------------------------
# Filler: names, places, employers, titles, education, skills. Made up; never decides a label.
# ---------------------------------------------------------------------------------------------------------------

REGIONS = {
    "uk": {
        "first": ["Oliver", "Amelia", "Harry", "Isla", "George", "Freya", "Jack", "Poppy", "Noah", "Evie", "Callum",
                  "Niamh", "Rhys", "Imogen", "Samir", "Aisha", "Tomasz", "Zara", "Owen", "Hannah"],
        "last": ["Whitfield", "Okafor", "Hughes", "Patel", "Campbell", "Morgan", "Ashworth", "Khan", "Doyle",
                 "Fletcher", "Barnes", "Lowe", "Ahmed", "Pryce", "Kowalski", "Reid"],
        "cities": ["London", "Leeds", "Manchester", "Bristol", "Glasgow", "Birmingham", "Cardiff", "Sheffield",
                   "Nottingham", "Edinburgh", "Newcastle", "Brighton"],
        "country": "UK", "phone": "+44 7700 900{:03d}", "domain": "example.co.uk",
    },
    "us": {
        "first": ["Emily", "Jacob", "Madison", "Ethan", "Ava", "Mason", "Sofia", "Logan", "Chloe", "Caleb", "Maya",
                  "Tyler", "Jasmine", "Diego", "Grace", "Marcus", "Priya", "Kevin"],
        "last": ["Johnson", "Ramirez", "Nguyen", "Brooks", "Carter", "Sullivan", "Kim", "Washington", "Foster",
                 "Delgado", "Price", "Hayes", "Chen", "Bennett", "Coleman", "Ortiz"],
        "cities": ["Austin, TX", "Denver, CO", "Seattle, WA", "Chicago, IL", "Atlanta, GA", "Boston, MA",
                   "Phoenix, AZ", "Columbus, OH", "Raleigh, NC", "San Diego, CA", "Portland, OR", "Minneapolis, MN"],
        "country": "USA", "phone": "({:03d}) 555-01{:02d}", "domain": "example.com",
    },
    "eu": {
        "first": ["Lukas", "Sophie", "Matteo", "Lena", "Jan", "Clara", "Pieter", "Ines", "Mikkel", "Elena", "Luca",
                  "Anna", "Joao", "Marta", "Felix", "Julia"],
        "last": ["Müller", "de Vries", "Rossi", "Schneider", "Jansen", "García", "Novak", "Lindqvist", "Dubois",
                 "Fischer", "Kowalczyk", "Moreau", "Bakker", "Santos", "Weber", "Horvat"],
        "cities": ["Berlin", "Amsterdam", "Munich", "Rotterdam", "Zurich", "Dublin", "Lisbon", "Barcelona",
                   "Hamburg", "Utrecht", "Vienna", "Copenhagen"],
        "country": "", "phone": "+49 151 2300{:04d}", "domain": "example.eu",
    },
    "india": {
        "first": ["Aarav", "Ananya", "Rohan", "Priya", "Vikram", "Sneha", "Arjun", "Kavya", "Rahul", "Meera",
                  "Siddharth", "Divya", "Karthik", "Neha", "Aditya", "Pooja"],
        "last": ["Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Menon", "Kulkarni", "Banerjee", "Rao", "Singh",
                 "Deshpande", "Pillai", "Joshi", "Chatterjee", "Verma", "Bhat"],
        "cities": ["Bengaluru", "Pune", "Hyderabad", "Chennai", "Mumbai", "Gurugram", "Noida", "Kochi", "Kolkata",
                   "Ahmedabad", "Jaipur", "Indore"],
        "country": "India", "phone": "+91 98{:03d} 0{:04d}", "domain": "example.in",
    },
}

# Role families share bullets when a role's own pool runs short.
FAMILY = {
    "ml": ("ml", "data", "software"), "software": ("software", "ml", "data"), "data": ("data", "ml", "software"),
    "product": ("product", "design", "software"), "design": ("design", "product", "marketing"),
    "marketing": ("marketing", "sales", "product"), "sales": ("sales", "marketing", "customer-support"),
    "finance": ("finance", "operations", "hr"), "operations": ("operations", "finance", "customer-support"),
    "hr": ("hr", "operations", "finance"), "customer-support": ("customer-support", "operations", "sales"),
    "nursing": ("nursing", "operations", "customer-support"), "teaching": ("teaching", "hr", "customer-support"),
}

ROLES = {
    "ml": {
        "titles": {"junior": ["Junior Machine Learning Engineer", "Graduate ML Engineer", "Machine Learning Intern"],
                   "mid": ["Machine Learning Engineer", "ML Engineer", "Applied Scientist"],
                   "senior": ["Senior Machine Learning Engineer", "Senior ML Engineer"],
                   "lead": ["Lead Machine Learning Engineer", "Staff ML Engineer", "Head of Machine Learning"]},
        "field": "machine learning", "area": ["recommendation systems", "NLP", "fraud detection", "forecasting",
                                              "computer vision", "MLOps"],
        "orgs": ["Fintech Scale-Up", "E-commerce Company", "Insurtech", "Retail Bank", "Healthtech Start-up",
                 "Travel Marketplace", "Media Streaming Company", "Logistics Platform"],
        "degrees": ["MSc Artificial Intelligence", "BSc Computer Science", "MSc Machine Learning",
                    "MEng Computer Science", "MSc Data Science"],
        "tools": ["Python", "PyTorch", "TensorFlow", "scikit-learn", "XGBoost", "LightGBM", "Hugging Face",
                  "spaCy", "Pandas", "NumPy", "SQL", "Spark", "Airflow", "MLflow", "Kubeflow", "Docker",
                  "Kubernetes", "AWS SageMaker", "GCP Vertex AI", "BigQuery", "Feast", "Ray", "ONNX", "FastAPI",
                  "Terraform", "Git", "Weights & Biases", "Evidently", "Kafka", "Redis", "LangChain", "OpenCV",
                  "JAX", "Keras", "Dask", "Polars", "DVC", "Prometheus", "Grafana", "Triton"],
    },
    "software": {
        "titles": {"junior": ["Junior Software Engineer", "Graduate Developer", "Software Engineering Intern"],
                   "mid": ["Software Engineer", "Backend Developer", "Full-Stack Developer", "Software Engineer II"],
                   "senior": ["Senior Software Engineer", "Senior Backend Engineer"],
                   "lead": ["Lead Software Engineer", "Staff Engineer", "Engineering Manager"]},
        "field": "software engineering", "area": ["payments", "backend services", "web platforms",
                                                  "developer tooling", "mobile apps", "APIs"],
        "orgs": ["Payments Start-up", "SaaS Company", "Online Marketplace", "Telecom Provider", "Gaming Studio",
                 "Bank", "Ride-Hailing App", "Developer Tools Company"],
        "degrees": ["BSc Computer Science", "BEng Software Engineering", "B.Tech Computer Science",
                    "MSc Software Engineering"],
        "tools": ["Java", "Kotlin", "Go", "Python", "TypeScript", "JavaScript", "React", "Node.js", "Spring Boot",
                  "PostgreSQL", "MySQL", "MongoDB", "Redis", "Kafka", "RabbitMQ", "Docker", "Kubernetes",
                  "Terraform", "AWS", "GCP", "Azure", "GitHub Actions", "Jenkins", "GraphQL", "gRPC", "Rust",
                  "C++", "C#", ".NET", "Elasticsearch", "Nginx", "Linux", "Bash", "Jest", "JUnit", "Datadog",
                  "Prometheus", "Helm", "Vue.js", "Django"],
    },
    "data": {
        "titles": {"junior": ["Junior Data Analyst", "Graduate Data Analyst", "Data Intern"],
                   "mid": ["Data Analyst", "Data Scientist", "Analytics Engineer", "BI Developer"],
                   "senior": ["Senior Data Scientist", "Senior Data Analyst", "Senior Data Engineer"],
                   "lead": ["Lead Data Scientist", "Head of Analytics", "Principal Data Engineer"]},
        "field": "data and analytics", "area": ["customer analytics", "experimentation", "BI reporting",
                                                "data engineering", "pricing analytics"],
        "orgs": ["Retail Group", "Energy Supplier", "Subscription Box Company", "Insurance Company",
                 "Public Health Agency", "Airline", "Food Delivery App", "Market Research Firm"],
        "degrees": ["BSc Mathematics", "MSc Statistics", "BSc Economics", "MSc Data Science", "BSc Physics"],
        "tools": ["SQL", "Python", "R", "Pandas", "Tableau", "Power BI", "Looker", "Excel", "dbt", "Snowflake",
                  "BigQuery", "Redshift", "Airflow", "Spark", "Databricks", "Fivetran", "Stata", "SAS", "SPSS",
                  "Matplotlib", "Seaborn", "Plotly", "Jupyter", "Git", "Google Analytics", "Amplitude", "Mixpanel",
                  "Alteryx", "Qlik", "scikit-learn", "statsmodels", "Kafka", "PostgreSQL", "Azure Data Factory"],
    },
    "product": {
        "titles": {"junior": ["Associate Product Manager", "Junior Product Owner"],
                   "mid": ["Product Manager", "Product Owner"],
                   "senior": ["Senior Product Manager"],
                   "lead": ["Group Product Manager", "Head of Product", "Director of Product"]},
        "field": "product management", "area": ["B2B SaaS", "consumer apps", "marketplaces", "fintech products",
                                                "growth"],
        "orgs": ["Lending App", "B2B SaaS Company", "Marketplace", "Edtech Start-up", "Telehealth Provider",
                 "Neobank", "Travel App"],
        "degrees": ["BA Economics", "BSc Computer Science", "MBA", "BA Business Management", "BEng Mechanical"],
        "tools": ["Jira", "Confluence", "Amplitude", "Mixpanel", "Figma", "SQL", "Miro", "Productboard",
                  "Notion", "Looker", "Google Analytics", "Optimizely", "LaunchDarkly", "Pendo", "Hotjar",
                  "Trello", "Asana", "Excel", "Tableau", "Aha!", "Lucidchart", "Balsamiq", "FullStory", "Braze",
                  "Segment", "Intercom", "Airtable", "Slack", "Loom", "Dovetail"],
    },
    "design": {
        "titles": {"junior": ["Junior Product Designer", "Graphic Design Intern"],
                   "mid": ["Product Designer", "UX Designer", "UI Designer"],
                   "senior": ["Senior Product Designer", "Senior UX Designer"],
                   "lead": ["Lead Designer", "Head of Design", "Design Manager"]},
        "field": "design", "area": ["design systems", "mobile UX", "accessibility", "brand design",
                                    "service design"],
        "orgs": ["Banking App", "Design Agency", "Travel Platform", "Council Digital Team", "Fashion Retailer",
                 "Health App"],
        "degrees": ["BA Graphic Design", "BDes Interaction Design", "MA User Experience Design", "BA Fine Art"],
        "tools": ["Figma", "Sketch", "Adobe XD", "Photoshop", "Illustrator", "InDesign", "After Effects",
                  "Premiere Pro", "Webflow", "Framer", "Principle", "InVision", "Miro", "Maze", "UserTesting",
                  "Dovetail", "Zeplin", "Protopie", "Blender", "Procreate", "HTML", "CSS", "Lottie", "Canva",
                  "Optimal Workshop", "Hotjar", "Notion", "Jira", "Storybook", "Abstract"],
    },
    "marketing": {
        "titles": {"junior": ["Marketing Assistant", "Marketing Executive", "Social Media Intern"],
                   "mid": ["Digital Marketing Manager", "Content Marketing Manager", "Growth Marketer"],
                   "senior": ["Senior Marketing Manager", "Senior Growth Manager"],
                   "lead": ["Head of Marketing", "Marketing Director", "VP Marketing"]},
        "field": "marketing", "area": ["performance marketing", "content", "SEO", "brand", "lifecycle email"],
        "orgs": ["Fashion Brand", "FMCG Company", "SaaS Start-up", "Travel Company", "Charity",
                 "Consumer Electronics Retailer", "Fitness App"],
        "degrees": ["BA Marketing", "BA English", "BSc Business and Marketing", "MSc Digital Marketing",
                    "BA Media Studies"],
        "tools": ["Google Analytics 4", "Google Ads", "Meta Ads Manager", "HubSpot", "Mailchimp", "Klaviyo",
                  "Salesforce Marketing Cloud", "Semrush", "Ahrefs", "Moz", "WordPress", "Canva", "Hootsuite",
                  "Buffer", "Sprout Social", "Hotjar", "Google Tag Manager", "Looker Studio", "Unbounce", "Optimizely",
                  "Marketo", "Braze", "TikTok Ads", "LinkedIn Campaign Manager", "Screaming Frog", "Excel",
                  "Adobe Photoshop", "Figma", "Shopify", "Zapier"],
    },
    "sales": {
        "titles": {"junior": ["Sales Development Representative", "Sales Executive", "Inside Sales Associate"],
                   "mid": ["Account Executive", "Account Manager", "Territory Sales Manager"],
                   "senior": ["Senior Account Executive", "Key Account Manager"],
                   "lead": ["Regional Sales Manager", "Head of Sales", "Sales Director"]},
        "field": "sales", "area": ["SaaS sales", "FMCG distribution", "enterprise accounts", "channel sales",
                                   "medical devices"],
        "orgs": ["SaaS Company", "FMCG Distributor", "Medical Devices Firm", "Logistics Provider",
                 "Office Supplies Wholesaler", "Cybersecurity Vendor"],
        "degrees": ["BA Business Administration", "BCom", "BA Marketing", "BSc Management", "MBA"],
        "tools": ["Salesforce", "HubSpot", "LinkedIn Sales Navigator", "ZoomInfo", "Outreach", "Salesloft",
                  "Gong", "Apollo", "Pipedrive", "Zoho CRM", "DocuSign", "Excel", "PowerPoint", "Clari",
                  "Chorus", "Calendly", "Slack", "Microsoft Dynamics", "Tableau", "Seismic", "Highspot",
                  "Lusha", "Cognism", "Zoom", "Teams", "Google Workspace", "Freshsales", "Close", "Vidyard",
                  "PandaDoc"],
    },
    "finance": {
        "titles": {"junior": ["Junior Accountant", "Accounts Assistant", "Audit Associate"],
                   "mid": ["Financial Analyst", "Management Accountant", "FP&A Analyst"],
                   "senior": ["Senior Financial Analyst", "Senior Accountant", "Finance Manager"],
                   "lead": ["Head of Finance", "Financial Controller", "Finance Director"]},
        "field": "finance", "area": ["FP&A", "audit", "financial control", "treasury", "management accounting"],
        "orgs": ["Manufacturing Group", "Big Four Firm", "Retail Chain", "Housing Association", "Pharma Company",
                 "Hotel Group"],
        "degrees": ["BSc Accounting and Finance", "BCom", "BA Economics", "ACCA", "MSc Finance"],
        "tools": ["Excel", "SAP FICO", "Oracle Financials", "NetSuite", "Xero", "Sage", "QuickBooks",
                  "Tally ERP", "Power BI", "Tableau", "Anaplan", "Adaptive Insights", "Hyperion", "BlackLine",
                  "Workiva", "Alteryx", "SQL", "Power Query", "VBA", "Coupa", "Concur", "Kyriba", "Bloomberg",
                  "Capital IQ", "PowerPoint", "Dynamics 365", "Workday Financials", "Planful", "Vena", "Caseware"],
    },
    "operations": {
        "titles": {"junior": ["Operations Assistant", "Warehouse Supervisor", "Operations Coordinator"],
                   "mid": ["Operations Manager", "Supply Chain Analyst", "Logistics Manager"],
                   "senior": ["Senior Operations Manager", "Senior Supply Chain Manager"],
                   "lead": ["Head of Operations", "Operations Director", "VP Supply Chain"]},
        "field": "operations", "area": ["warehousing", "supply chain", "lean manufacturing", "procurement",
                                        "fleet operations"],
        "orgs": ["Third-Party Logistics Firm", "Food Manufacturer", "Online Grocer", "Automotive Supplier",
                 "Parcel Carrier", "Furniture Retailer"],
        "degrees": ["BSc Logistics and Supply Chain Management", "BEng Industrial Engineering", "BA Business",
                    "MSc Operations Management"],
        "tools": ["SAP S/4HANA", "Oracle NetSuite", "Manhattan WMS", "Blue Yonder", "Excel", "Power BI",
                  "Tableau", "Smartsheet", "Microsoft Project", "Minitab", "Six Sigma", "Lean", "Kaizen", "5S",
                  "Kanban", "Coupa", "Ariba", "JDA", "Descartes", "Samsara", "Infor", "Odoo", "Zoho Inventory",
                  "ShipStation", "Power Automate", "SQL", "Visio", "Asana", "Monday.com", "Google Sheets"],
    },
    "hr": {
        "titles": {"junior": ["HR Assistant", "Recruitment Coordinator", "HR Administrator"],
                   "mid": ["HR Business Partner", "Talent Acquisition Specialist", "HR Generalist"],
                   "senior": ["Senior HR Business Partner", "Senior Recruiter"],
                   "lead": ["Head of People", "HR Director", "Head of Talent"]},
        "field": "people and HR", "area": ["talent acquisition", "employee relations", "learning and development",
                                           "reward", "HR operations"],
        "orgs": ["Engineering Firm", "Hospital Trust", "Tech Start-up", "Retail Group", "IT Services Company",
                 "University"],
        "degrees": ["BA Human Resource Management", "CIPD Level 5", "BA Psychology", "MBA (HR)", "BA Sociology"],
        "tools": ["Workday", "SuccessFactors", "BambooHR", "Greenhouse", "Lever", "Darwinbox", "ADP",
                  "Paycom", "iCIMS", "LinkedIn Recruiter", "Culture Amp", "Lattice", "Personio", "HiBob",
                  "Excel", "Power BI", "Teams", "Slack", "DocuSign", "SmartRecruiters", "Taleo", "Cornerstone",
                  "Oracle HCM", "Zoho People", "Qualtrics", "Glint", "Peakon", "Sage HR", "Deel", "Remote.com"],
    },
    "customer-support": {
        "titles": {"junior": ["Customer Support Agent", "Customer Service Advisor", "Support Associate"],
                   "mid": ["Customer Support Team Lead", "Customer Success Manager", "Support Specialist"],
                   "senior": ["Senior Customer Success Manager", "Support Operations Manager"],
                   "lead": ["Head of Customer Support", "Director of Customer Experience"]},
        "field": "customer support", "area": ["B2B SaaS support", "contact centres", "customer success",
                                              "e-commerce support"],
        "orgs": ["HR SaaS Company", "Telecom Operator", "E-commerce Marketplace", "Broadband Provider",
                 "Airline", "Utility Company"],
        "degrees": ["BA Communications", "BBA", "BA English", "BCom", "Diploma in Business"],
        "tools": ["Zendesk", "Intercom", "Freshdesk", "Salesforce Service Cloud", "Jira", "Gorgias", "Kustomer",
                  "Help Scout", "Gladly", "Five9", "Genesys", "Talkdesk", "Aircall", "Confluence", "Guru",
                  "Slack", "Excel", "Looker", "Stella Connect", "MaestroQA", "Klaus", "Tableau", "HubSpot Service",
                  "LiveChat", "Drift", "Front", "Notion", "Loom", "Google Workspace", "Teams"],
    },
    "nursing": {
        "titles": {"junior": ["Staff Nurse (Band 5)", "Registered Nurse", "Newly Qualified Nurse"],
                   "mid": ["Staff Nurse", "Registered Nurse, ICU", "Charge Nurse"],
                   "senior": ["Senior Staff Nurse (Band 6)", "Senior Sister", "Clinical Nurse Specialist"],
                   "lead": ["Ward Manager", "Matron", "Nurse Manager", "Director of Nursing"]},
        "field": "nursing", "area": ["acute medicine", "critical care", "emergency care", "surgery",
                                     "community nursing"],
        "orgs": ["General Hospital", "University Hospitals Trust", "Community Health Service", "Children's Hospital",
                 "Private Hospital", "Care Home Group"],
        "degrees": ["BSc (Hons) Adult Nursing", "BSN Nursing", "B.Sc Nursing", "MSc Advanced Clinical Practice"],
        "tools": ["IV cannulation", "venepuncture", "wound care", "catheterisation", "ECG interpretation",
                  "NEWS2", "tracheostomy care", "NIV", "blood transfusion", "medication management",
                  "Epic", "Cerner", "SystmOne", "EMIS", "Nervecentre", "Lorenzo", "ALS", "BLS", "ACLS", "PALS",
                  "infection control", "triage", "discharge planning", "palliative care", "sepsis screening",
                  "phlebotomy", "care planning", "safeguarding", "manual handling", "mentorship"],
    },
    "teaching": {
        "titles": {"junior": ["Newly Qualified Teacher", "Teaching Assistant", "Trainee Teacher"],
                   "mid": ["Teacher of Mathematics", "Class Teacher", "English Teacher"],
                   "senior": ["Head of Department", "Senior Teacher", "Key Stage Coordinator"],
                   "lead": ["Deputy Headteacher", "Assistant Principal", "Head of Sixth Form"]},
        "field": "teaching", "area": ["secondary maths", "primary education", "SEN support", "A-level physics",
                                      "English as an additional language"],
        "orgs": ["Academy", "High School", "Primary School", "International School", "Sixth Form College",
                 "Public School"],
        "degrees": ["PGCE Secondary Mathematics", "BEd Primary Education", "BA English with QTS",
                    "B.Ed", "MA Education"],
        "tools": ["Google Classroom", "Microsoft Teams", "Seesaw", "Nearpod", "Kahoot!", "Canvas LMS",
                  "Moodle", "SIMS", "Arbor", "ClassDojo", "Sparx Maths", "Dr Frost", "Quizlet", "Padlet",
                  "Desmos", "GeoGebra", "Mentimeter", "Flipgrid", "Showbie", "Century Tech", "Times Tables Rock Stars",
                  "Accelerated Reader", "Tassomai", "Seneca", "Edmodo", "PowerSchool", "Schoology", "Satchel One",
                  "Excel", "Google Forms"],
    },
}

SUMMARY_TEMPLATES = [
    "{title} with {years_words} years of experience in {area}.",
    "{title} working in {area}, based in {city}.",
    "{field_cap} professional focused on {area} and {area2}.",
    "{title} who enjoys {area} and working closely with colleagues across the business.",
    "Motivated {field} professional with a background in {area}. Looking for a new challenge.",
    "I work in {area} and {area2}; currently a {title_lower} in {city}.",
    "Hard-working and detail-oriented {title_lower} with experience in {area}.",
    "{years_words_cap} years in {field}, most recently in {area}.",
]

STUDENT_SUMMARIES = [
    "Recent graduate looking for a first role in {field}.",
    "Final-year student with an interest in {area}, looking for a graduate position in {field}.",
    "Graduate keen to start a career in {field}, especially {area}.",
]

HEADINGS = {
    "summary": ["Summary", "Profile", "Professional Summary", "About Me", "Personal Statement", "Career Summary",
                "Overview"],
    "experience": ["Experience", "Work Experience", "Professional Experience", "Employment History",
                   "Work History", "Career History", "Employment"],
    "projects": ["Projects", "Selected Projects", "Personal Projects", "Academic Projects", "Key Projects"],
    "education": ["Education", "Education and Training", "Qualifications", "Academic Background"],
    "skills": ["Skills", "Technical Skills", "Key Skills", "Core Competencies", "Tools", "Skills and Tools"],
    "certifications": ["Certifications", "Certificates", "Licences and Certifications", "Courses"],
    "publications": ["Publications", "Selected Publications", "Papers"],
    "languages": ["Languages"],
    "interests": ["Interests", "Hobbies and Interests"],
    "volunteering": ["Volunteering", "Volunteer Experience"],
    "awards": ["Awards", "Achievements", "Honours"],
}

UNIVERSITIES = {
    "uk": ["University of Leeds", "University of Manchester", "University of Bristol", "King's College London",
           "University of Glasgow", "Cardiff University", "University of Nottingham", "Open University"],
    "us": ["University of Texas at Austin", "Ohio State University", "Georgia Tech", "University of Washington",
           "Arizona State University", "Boston University", "UC San Diego", "University of Minnesota"],
    "eu": ["TU Munich", "University of Amsterdam", "KU Leuven", "ETH Zurich", "Trinity College Dublin",
           "University of Lisbon", "TU Delft", "Humboldt University of Berlin"],
    "india": ["IIT Madras", "Anna University", "University of Pune", "BITS Pilani", "Jadavpur University",
              "Christ University", "NIT Trichy", "Manipal Institute of Technology"],
}

ORG_PREFIX = ["Northfield", "Bluebonnet", "Lariat", "Harbourside", "Crestline", "Meridian", "Juniper", "Silverbirch",
              "Redwood", "Kestrel", "Ashgrove", "Brightwater", "Copperline", "Halcyon", "Ironbridge", "Larkspur",
              "Maple & Finch", "Orchard", "Pinnacle", "Quayside", "Riverbend", "Stonegate", "Tidewater", "Vantage",
              "Westmoor", "Zephyr", "Saffron", "Banyan", "Lotus", "Everwell"]

PAPER_TOPICS = ["graph neural networks for molecular property prediction", "label noise in tabular classification",
                "contrastive pre-training for low-resource speech", "uncertainty estimates in medical imaging",
                "federated learning under client drift", "sparse attention for long documents",
                "causal discovery from observational health records", "domain shift in satellite imagery",
                "efficient fine-tuning of vision transformers", "fairness metrics for credit scoring",
                "Bayesian optimisation of chemical reactions", "calibration of deep ensembles"]
VENUES = ["NeurIPS workshop", "ICML", "ACL Findings", "EMNLP", "AAAI", "Pattern Recognition Letters",
          "IEEE Transactions on Medical Imaging", "Journal of Machine Learning Research", "ECCV", "KDD"]
CERTS = ["AWS Certified Solutions Architect – Associate", "PRINCE2 Foundation", "Google Analytics Certification",
         "Certified Scrum Product Owner", "CIPD Level 5", "ACCA Part-qualified", "Lean Six Sigma Green Belt",
         "NMC Registration", "Qualified Teacher Status (QTS)", "Salesforce Administrator", "ITIL 4 Foundation",
         "First Aid at Work"]
LANGS = ["English (native)", "Spanish (conversational)", "French (B2)", "German (C1)", "Hindi (native)",
         "Polish (native)", "Dutch (fluent)", "Portuguese (basic)", "Tamil (native)", "Mandarin (HSK 3)"]
INTERESTS = ["Running, chess and cooking", "Hiking, photography", "Five-a-side football, podcasts",
             "Choir, baking and fell walking", "Cycling and board games", "Reading, yoga, travel",
             "Cricket, volunteering at a food bank", "Climbing, jazz piano"]
VOLUNTEER = ["Volunteer tutor at a weekend homework club", "Trustee of a local youth sports charity",
             "Mentor on a careers programme for school leavers", "Volunteer at a community food bank",
             "Organiser of a local meetup group"]
COURSEWORK = ["Relevant modules: statistics, databases, algorithms, machine learning",
              "Dissertation on customer retention in subscription businesses (grade: 68)",
              "Coursework in research methods, econometrics and data visualisation",
              "Modules: professional practice, evidence-based care, pharmacology",
              "Final-year project on a timetabling tool for a student society",
              "Modules: marketing strategy, consumer behaviour, digital marketing"]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
FIRST_PERSON_VERBS = re.compile(r"^(Led|Built|Drove|Cut|Ran|Grew|Won|Took|Set|Made|Brought|Wrote|Sold|Put|Shipped|"
                                r"Owned|Headed|Spearheaded|Launched|Deployed|Designed|Introduced|Reduced|"
                                r"Increased|Raised|Rebuilt|Scaled|Delivered|Created|Managed|Developed|Negotiated|"
                                r"Closed|Opened|Hired|Mentored|Trained|Automated|Migrated|Redesigned|Rolled|"
                                r"Renegotiated|Consolidated|Implemented|Established|Turned|Doubled|Halved|Lifted|"
                                r"Saved|Recovered|Improved|Secured|Moved|Replaced|Rewrote|Found|Streamlined)\b")


# ---------------------------------------------------------------------------------------------------------------
# Reading bullets and hand-written labels
# ---------------------------------------------------------------------------------------------------------------


def extra_ids(folder: Path) -> set[str]:
    """Ids of the later bullet batches (`raw/*-extra.jsonl`), written to evaluate the rules: composed CVs use
    only the first batch, so adding an evaluation batch never changes the training data."""
    ids = set()
    for path in sorted((folder / "raw").glob("*-extra.jsonl")):
        with path.open(encoding="utf-8") as fh:
            ids.update(json.loads(line)["id"] for line in fh if line.strip())
    return ids


def load_bullets(folder: Path, split: str) -> list[dict]:
    path = folder / ("dev.jsonl" if split == "train" else "test.jsonl")
    skip = extra_ids(folder)
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                row = json.loads(line)
                missing = {"id", "text", "section", "role", "labels"} - set(row)
                if missing:
                    raise SystemExit(f"{path.name}:{n}: missing {sorted(missing)}")
                if row["id"] not in skip:
                    rows.append(row)
    return rows


def hand_rows() -> list[dict]:
    """The hand-written CVs' label rows, as the team wrote them (tier and split are never changed here)."""
    rows = []
    for name in ("ha-labels.csv", "hb-labels.csv"):
        with (HERE / name).open(encoding="utf-8", newline="") as fh:
            rows.extend(dict(r, _source=name) for r in csv.DictReader(fh))
    out = []
    for r in rows:
        if r["tier"] not in TIERS or r["split"] not in ("train", "test"):
            raise SystemExit(f"{r['_source']}: {r['file']}: bad tier or split {r['tier']!r} {r['split']!r}")
        if not (HERE / r["file"]).is_file():
            raise SystemExit(f"{r['_source']}: {r['file']} does not exist")
        notes = r.get("notes", "")
        out.append({"file": r["file"], "tier": r["tier"], "split": r["split"], "origin": "hand",
                    "role": r.get("role", ""), "region": r.get("region", ""),
                    "seniority_surface": r.get("seniority_surface", ""), "years": "", "hard_case": r.get("hard_case", ""),
                    "format": Path(r["file"]).suffix.lstrip("."), "exp_bullets": "", "impact_bullets": "",
                    "evidence_bullets": "", "business_bullets": "", "rule": "hand label", "bullets": "",
                    "notes": notes})
    return out


# ---------------------------------------------------------------------------------------------------------------
# Composing one CV
# ---------------------------------------------------------------------------------------------------------------


class Pools:
    """The bullets of one split, by role and kind."""

    def __init__(self, bullets: list[dict]):
        self.exp = [b for b in bullets if b["section"] == "experience"]
        self.projects = [b for b in bullets if b["section"] == "projects"]
        self.summary = [b for b in bullets if b["section"] == "summary"]
        self.skills = [b for b in bullets if b["section"] == "skills"]
        self.roles = sorted({b["role"] for b in bullets})

    def candidates(self, pool: list[dict], role: str, want, rng: random.Random, region: str,
                   family_only: bool = False) -> list[dict]:
        """Bullets passing `want`: the role's own first, then its family's, then any role's; within each,
        the CV's region first, in random order."""
        order = FAMILY.get(role, (role,))
        rank = {r: i for i, r in enumerate(order)}
        keyed = []
        for b in pool:
            if not want(b["labels"]) or (family_only and b["role"] not in rank):
                continue
            keyed.append((rank.get(b["role"], len(order)), b.get("region") != region, rng.random(), b["id"], b))
        keyed.sort(key=lambda t: t[:4])
        return [t[4] for t in keyed]


def _years_words(years: int) -> str:
    return NUMBER_WORDS[years - 1] if 1 <= years <= len(NUMBER_WORDS) and years < 12 else str(years)


def _pick(rng: random.Random, items):
    return items[rng.randrange(len(items))]


class Composer:
    def __init__(self, pools: Pools, split: str, index: int):
        self.pools = pools
        self.split = split
        self.rng = random.Random(f"{SEED}/{split}/{index}")
        self.used: set[str] = set()

    # -- bullet choice ----------------------------------------------------------------------------------------
    def take(self, pool, role, region, want, k, family_only=False) -> list[dict]:
        out = []
        for b in self.pools.candidates(pool, role, want, self.rng, region, family_only):
            if len(out) >= k:
                break
            if b["id"] not in self.used:
                out.append(b)
                self.used.add(b["id"])
        return out

    def experience_bullets(self, plan: dict, role: str, region: str, n: int) -> list[dict]:
        """n experience bullets following the plan's mix."""
        rng, pool = self.rng, self.pools.exp
        kind = plan["mix"]
        if n <= 0:
            return []
        chosen: list[dict] = []
        if kind == "high":
            k_imp = max(3, round(n * rng.uniform(0.65, 1.0)))
            k_imp = min(k_imp, n)
            chosen += self.take(pool, role, region, lambda L: is_impact(L) and is_evidence(L) and L["business-impact"],
                                max(2, k_imp // 2))
            chosen += self.take(pool, role, region, is_impact, k_imp - len(chosen))
            chosen += self.take(pool, role, region, lambda L: not is_impact(L), n - len(chosen))
        elif kind == "first-person":
            k_imp = max(3, min(n, round(n * rng.uniform(0.7, 1.0))))
            chosen += self.take(pool, role, region, lambda L: is_impact(L) and is_evidence(L) and L["business-impact"],
                                2)
            chosen += self.take(pool, role, region, is_impact, k_imp - len(chosen))
            chosen += self.take(pool, role, region, lambda L: not is_impact(L) and not L["research-style"],
                                n - len(chosen))
        elif kind == "mixed":
            k_imp = round(n * rng.uniform(0.25, 0.45))
            k_ev = rng.choice((0, 1, 1, 2, 2, 3))
            chosen += self.take(pool, role, region, lambda L: not is_impact(L) and is_evidence(L), min(k_ev, n))
            chosen += self.take(pool, role, region, is_impact, k_imp)
            chosen += self.take(pool, role, region, lambda L: not is_impact(L) and not L["research-style"],
                                n - len(chosen))
        elif kind == "outcomes-no-ownership":
            k_imp = max(2, round(n * rng.uniform(0.5, 0.75)))
            chosen += self.take(pool, role, region, lambda L: is_impact(L) and not is_evidence(L), k_imp)
            chosen += self.take(pool, role, region, lambda L: not is_impact(L) and not is_evidence(L),
                                n - len(chosen))
        elif kind == "weak":
            k_imp = rng.choice((0, 0, 0, 1))
            chosen += self.take(pool, role, region, lambda L: is_impact(L) and not is_evidence(L), k_imp)
            chosen += self.take(pool, role, region, lambda L: is_weak(L) and not is_evidence(L), n - len(chosen))
        elif kind == "research":
            chosen += self.take(pool, role, region, lambda L: L["research-style"] or L["model-score-only"],
                                max(2, n * 2 // 3))
            chosen += self.take(pool, role, region, lambda L: is_weak(L) and not is_evidence(L), n - len(chosen))
        else:
            raise ValueError(kind)
        rng.shuffle(chosen)
        if plan.get("strong_first"):
            chosen.sort(key=lambda b: not is_impact(b["labels"]))
        return chosen

    # -- filler ------------------------------------------------------------------------------------------------
    def dates(self, years_total: float, n_entries: int, fmt: int) -> list[str]:
        rng = self.rng
        months_total = max(6, int(round(years_total * 12)))
        cuts = sorted(rng.sample(range(1, months_total), n_entries - 1)) if n_entries > 1 and months_total > n_entries \
            else [months_total * i // n_entries for i in range(1, n_entries)]
        bounds = [0, *cuts, months_total]
        end = THIS_YEAR * 12 + rng.randrange(0, 9)
        out = []
        for i in range(n_entries):
            stop = end - bounds[i]
            start = end - bounds[i + 1]
            out.append(self.date_range(start, None if i == 0 else stop, fmt))
        return out

    @staticmethod
    def date_range(start: int, stop: int | None, fmt: int) -> str:
        def one(m: int) -> str:
            y, mo = divmod(m, 12)
            return [f"{MONTHS[mo]} {y}", f"{y}", f"{mo + 1:02d}/{y}", f"{MONTHS[mo]} {y}"][fmt]
        dash = [" – ", " - ", " – ", " — "][fmt]
        return f"{one(start)}{dash}{'Present' if stop is None else one(stop)}"

    def org(self, role: str) -> str:
        return f"{_pick(self.rng, ORG_PREFIX)} {_pick(self.rng, ROLES[role]['orgs'])}"

    def skills_line(self, role: str, k: int) -> list[str]:
        tools = list(ROLES[role]["tools"])
        extra = [t for fam in FAMILY[role][1:] for t in ROLES[fam]["tools"] if t not in tools]
        self.rng.shuffle(tools)
        self.rng.shuffle(extra)
        return (tools + extra)[:k]

    # -- the whole CV --------------------------------------------------------------------------------------
    def compose(self, plan: dict) -> tuple[str, dict]:
        rng = self.rng
        role, region, surface = plan["role"], plan["region"], plan["surface"]
        meta, reg = ROLES[role], REGIONS[region]
        years = plan["years"]
        name = f"{_pick(rng, reg['first'])} {_pick(rng, reg['last'])}"
        city = _pick(rng, reg["cities"])
        titles = meta["titles"]
        title = _pick(rng, plan.get("titles") or titles[surface])
        area, area2 = rng.sample(meta["area"], 2)
        fmt = plan["format"]
        layout = plan["layout"]

        # experience entries and their bullets
        n_entries = plan["entries"]
        per_entry = [rng.randint(*plan["per_entry"]) for _ in range(n_entries)]
        exp = self.experience_bullets(plan, role, region, sum(per_entry))
        if plan.get("first_person"):
            exp = [dict(b, text=_first_person(b["text"])) for b in exp]
        date_fmt = rng.randrange(4)
        dates = self.dates(years, n_entries, date_fmt)
        ladder = ["junior", "mid", "senior", "lead"]
        top = ladder.index(surface)
        entries, pos = [], 0
        for i in range(n_entries):
            level = ladder[max(0, top - (i + 1) // 2)] if plan["mix"] != "research" else surface
            t = title if i == 0 else _pick(rng, plan.get("titles") or titles[level])
            entries.append({"title": t, "org": self.org(role), "loc": _pick(rng, reg["cities"]), "dates": dates[i],
                            "bullets": exp[pos:pos + per_entry[i]]})
            pos += per_entry[i]
        entries = [e for e in entries if e["bullets"]] or entries[:1]

        projects = []
        if plan.get("projects"):
            projects = self.take(self.pools.projects, role, region, lambda L: True, plan["projects"],
                                 family_only=True)
        summary = None
        if plan.get("summary", True):
            own = [b for b in self.pools.summary if b["role"] == role]
            if plan.get("student"):
                summary = _pick(rng, STUDENT_SUMMARIES).format(field=meta["field"], area=area)
            elif own and rng.random() < 0.4:
                summary = _pick(rng, own)["text"]
            else:
                tpl = _pick(rng, SUMMARY_TEMPLATES)
                summary = tpl.format(title=title, title_lower=title.lower(), years_words=_years_words(max(1, round(years))),
                                     years_words_cap=_years_words(max(1, round(years))).capitalize(), area=area,
                                     area2=area2, city=city, field=meta["field"], field_cap=meta["field"].capitalize())
        n_skills = plan.get("skills", rng.randint(5, 14))
        skills = self.skills_line(role, n_skills)
        skills_style = rng.randrange(3)
        own_skill = [b for b in self.pools.skills if b["role"] == role]
        if own_skill and n_skills < 20 and rng.random() < 0.3:
            skills_lines = [_pick(rng, own_skill)["text"]]
        elif n_skills >= 20:
            chunk = rng.randint(8, 14)
            skills_lines = [", ".join(skills[i:i + chunk]) for i in range(0, len(skills), chunk)]
        else:
            skills_lines = [[", ", " · ", " | "][skills_style].join(skills)]

        uni = _pick(rng, UNIVERSITIES[region])
        grad = THIS_YEAR - int(years) - rng.randint(0, 1)
        education = []
        if plan.get("phd"):
            education.append((f"PhD {_pick(rng, ['Computer Science', 'Machine Learning', 'Statistics', 'Physics'])}",
                              uni, f"{grad - 4} – {grad}"))
        education.append((_pick(rng, meta["degrees"]), _pick(rng, UNIVERSITIES[region]), f"{grad - 7} – {grad - 4}"
                          if plan.get("phd") else f"{grad - 3} – {grad}"))
        coursework = _pick(rng, COURSEWORK) if plan.get("coursework") else None

        extras = []
        if plan.get("publications"):
            pubs = [f"{name.split()[-1]} et al. \"A study of {topic}.\" {_pick(rng, VENUES)}, "
                    f"{rng.randint(grad - 4, THIS_YEAR)}."
                    for topic in rng.sample(PAPER_TOPICS, min(plan["publications"], len(PAPER_TOPICS)))]
            extras.append(("publications", pubs))
        for section, items, p in (("certifications", CERTS, 0.35), ("languages", LANGS, 0.3),
                                  ("volunteering", VOLUNTEER, 0.2), ("interests", INTERESTS, 0.35)):
            if plan.get("long") or rng.random() < p:
                k = 1 if section == "interests" else rng.randint(1, 3)
                extras.append((section, rng.sample(items, k)))
        rng.shuffle(extras)

        contact = self.contact(name, reg, city)
        text = render(fmt, layout, rng, name=name, title=title, contact=contact, summary=summary, entries=entries,
                      projects=projects, education=education, coursework=coursework, skills_lines=skills_lines,
                      extras=extras, order=plan.get("order", "standard"))
        used = [b for e in entries for b in e["bullets"]] + projects
        return text, {"bullets": used, "title": title}

    def contact(self, name: str, reg: dict, city: str) -> str:
        rng = self.rng
        user = re.sub(r"[^a-z.]", "", name.lower().replace(" ", "."))
        phone = reg["phone"].format(rng.randrange(1000), rng.randrange(100)) if reg["phone"].count("{") == 2 \
            else reg["phone"].format(rng.randrange(1000 if "{:03d}" in reg["phone"] else 10000))
        loc = f"{city}, {reg['country']}" if reg["country"] and "," not in city else city
        return [" · ", " | ", " | "][rng.randrange(3)].join([loc, f"{user}@{reg['domain']}", phone])


def _first_person(text: str) -> str:
    """'Led the rollout…' -> 'I led the rollout…' for verb-first bullets; others unchanged."""
    if text.startswith(("I ", "We ", "My ")):
        return text
    m = FIRST_PERSON_VERBS.match(text)
    return f"I {m.group(0).lower()}{text[m.end():]}" if m else text


# ---------------------------------------------------------------------------------------------------------------
# Text layouts (the ones the hand-written CVs use)
# ---------------------------------------------------------------------------------------------------------------


def render(fmt: str, layout: int, rng: random.Random, *, name, title, contact, summary, entries, projects,
           education, coursework, skills_lines, extras, order) -> str:
    md = fmt == "md"
    glyph = "-" if md and layout != 1 else ["•", "-", "*", "–"][layout % 4] if not md else "*"
    upper = not md and layout in (0, 2)

    def heading(section: str) -> str:
        h = _pick(rng, HEADINGS[section])
        if md:
            return f"## {h}"
        return h.upper() if upper else h

    out = io.StringIO()
    w = out.write
    if md:
        w(f"# {name}\n{title} · {contact}\n")
    else:
        w(f"{name.upper() if upper else name}\n{title}\n{contact}\n")

    def summary_block():
        if summary:
            w(f"\n{heading('summary')}\n{summary}\n")

    def experience_block():
        if not entries or not any(e["bullets"] for e in entries):
            return
        w(f"\n{heading('experience')}\n")
        for e in entries:
            w("\n")
            w(entry_header(md, layout, e))
            for b in e["bullets"]:
                w(f"{glyph} {b['text']}\n")

    def projects_block():
        if projects:
            w(f"\n{heading('projects')}\n")
            for b in projects:
                w(f"{glyph} {b['text']}\n")

    def education_block():
        w(f"\n{heading('education')}\n")
        for degree, uni, when in education:
            if md and layout == 0:
                w(f"\n### {degree} — {uni}\n{when}\n")
            elif md or layout in (1, 3):
                w(f"{degree} — {uni}, {when}\n")
            else:
                w(f"{degree} | {uni} | {when}\n")
        if coursework:
            w(f"{coursework}\n")

    def skills_block():
        w(f"\n{heading('skills')}\n")
        for line in skills_lines:
            w(f"{line}\n")

    def extras_block():
        for section, items in extras:
            w(f"\n{heading(section)}\n")
            for item in items:
                w(f"{glyph} {item}\n" if section in ("publications", "volunteering", "certifications") and md
                  else f"{item}\n")

    blocks = {"standard": [summary_block, experience_block, projects_block, education_block, skills_block,
                           extras_block],
              "student": [summary_block, education_block, projects_block, experience_block, skills_block,
                          extras_block],
              "skills-first": [summary_block, skills_block, experience_block, projects_block, education_block,
                               extras_block]}[order]
    for block in blocks:
        block()
    return out.getvalue()


def entry_header(md: bool, layout: int, e: dict) -> str:
    t, o, loc, d = e["title"], e["org"], e["loc"], e["dates"]
    if md:
        return [f"### {t} — {o}, {loc}\n{d}\n",
                f"**{t}**, {o} — {loc} ({d})\n",
                f"### {t} | {o} | {d}\n"][layout % 3]
    return [f"{t} | {o}, {loc} | {d}\n",
            f"{t}\n{o}, {loc}\n{d}\n",
            f"{o} — {loc}\n{t}, {d}\n",
            f"{t}, {o}, {loc} ({d})\n"][layout % 4]


# ---------------------------------------------------------------------------------------------------------------
# The plan: which CVs to compose
# ---------------------------------------------------------------------------------------------------------------

SURFACE_YEARS = {"junior": (0.6, 2.0), "mid": (2.0, 5.0), "senior": (5.0, 10.0), "lead": (8.0, 20.0)}

# (hard_case, mix, aimed tier, share of the split)
KINDS = [
    ("", "high", "high-impact", 0.16),
    ("non-tech-high", "high", "high-impact", 0.05),
    ("", "mixed", "mid", 0.26),
    ("mid-mixed", "outcomes-no-ownership", "mid", 0.08),
    ("", "weak", "junior", 0.13),
    ("senior-title-task-bullets", "weak", "junior", 0.07),
    ("young-high-impact", "high", "high-impact", 0.06),
    ("phd-no-deployment", "research", "junior", 0.06),
    ("first-person-strong", "first-person", "high-impact", 0.05),
    ("huge-skills-list", "weak", "junior", 0.05),
    ("no-experience-bullets", "weak", "junior", 0.03),
]
NON_TECH = ("nursing", "teaching", "sales", "operations", "marketing", "finance", "hr", "customer-support")


def plans(split: str, n: int, roles: list[str]) -> list[dict]:
    """The deterministic list of CV plans for a split."""
    rng = random.Random(f"{SEED}/{split}/plan")
    kinds = []
    for hard, mix, aim, share in KINDS:
        kinds += [(hard, mix, aim)] * max(1, round(share * n))
    kinds = kinds[:n] + [KINDS[0][:3]] * max(0, n - len(kinds))
    rng.shuffle(kinds)
    out = []
    for i, (hard, mix, aim) in enumerate(kinds):
        role = rng.choice([r for r in roles if r in ROLES])
        region = rng.choice(sorted(REGIONS))
        surface = rng.choice(("junior", "mid", "senior", "lead"))
        length = rng.choices(("short", "medium", "long"), weights=(3, 5, 2))[0]
        entries = {"short": rng.randint(1, 2), "medium": rng.randint(2, 4), "long": rng.randint(4, 6)}[length]
        per_entry = {"short": (2, 5), "medium": (3, 6), "long": (4, 8)}[length]
        plan = {"hard_case": hard, "mix": mix, "aim": aim, "role": role, "region": region, "surface": surface,
                "entries": entries, "per_entry": per_entry, "length": length, "long": length == "long",
                "format": rng.choice(("md", "txt")), "layout": rng.randrange(4),
                "summary": rng.random() < 0.8, "strong_first": rng.random() < 0.4}
        if mix in ("weak",) and rng.random() < 0.5:
            plan.update(projects=rng.randint(1, 3), coursework=rng.random() < 0.5)
        elif rng.random() < 0.15:
            plan["projects"] = rng.randint(1, 2)
        if hard == "non-tech-high":
            plan["role"] = rng.choice(NON_TECH)
        elif hard == "senior-title-task-bullets":
            plan.update(surface=rng.choice(("senior", "lead")), entries=rng.randint(3, 4), per_entry=(3, 6))
        elif hard == "young-high-impact":
            plan.update(surface=rng.choice(("junior", "mid")), entries=rng.randint(1, 2), per_entry=(3, 6),
                        years_override=rng.uniform(1.5, 2.5))
        elif hard == "phd-no-deployment":
            plan.update(role=rng.choice(("ml", "data", "ml", "ml")), surface=rng.choice(("senior", "mid")),
                        titles=["Research Scientist", "Postdoctoral Researcher", "PhD Researcher",
                                "Research Associate", "Doctoral Researcher"],
                        phd=True, publications=rng.randint(3, 8), entries=rng.randint(1, 3), per_entry=(2, 5))
        elif hard == "first-person-strong":
            plan.update(first_person=True, summary=True)
        elif hard == "huge-skills-list":
            plan.update(skills=rng.randint(35, 60), entries=rng.randint(1, 2), per_entry=(2, 3),
                        order=rng.choice(("standard", "skills-first")))
        elif hard == "no-experience-bullets":
            plan.update(entries=0, per_entry=(0, 0), surface="junior", projects=0, student=True,
                        coursework=True, order="student", long=False)
        if mix == "weak" and hard != "senior-title-task-bullets" and plan.get("projects") and rng.random() < 0.5:
            plan["order"] = "student"
        lo, hi = SURFACE_YEARS[plan["surface"]]
        plan["years"] = round(plan.pop("years_override", rng.uniform(lo, hi)), 1)
        if plan["entries"] > 1 + int(plan["years"] / 1.5):  # no six jobs in two years
            plan["entries"] = 1 + int(plan["years"] / 1.5)
            plan["per_entry"] = (plan["per_entry"][0] + 1, plan["per_entry"][1] + 2)
        plan["index"] = i + 1
        out.append(plan)
    return out


def compose_split(split: str, bullets: list[dict]) -> list[tuple[str, str, dict]]:
    """(file name, text, label row) for every composed CV of the split."""
    pools = Pools(bullets)
    out = []
    for plan in plans(split, N_COMPOSED[split], pools.roles):
        best = None
        for attempt in range(12):
            composer = Composer(pools, split, plan["index"] * 100 + attempt)
            if plan["entries"] == 0:
                plan_now = dict(plan, entries=1, per_entry=(0, 0))
            else:
                plan_now = plan
            text, info = composer.compose(plan_now)
            tier, facts, rule = tier_from_labels([b["labels"] for b in info["bullets"]])
            best = (text, info, tier, facts, rule)
            if tier == plan["aim"]:
                break
        text, info, tier, facts, rule = best
        stem = f"co-{split}-{plan['index']:03d}"
        fname = f"cvs/{stem}.{plan['format']}"
        row = {"file": fname, "tier": tier, "split": split, "origin": "composed", "role": plan["role"],
               "region": plan["region"], "seniority_surface": plan["surface"], "years": f"{plan['years']:g}",
               "hard_case": plan["hard_case"], "format": plan["format"], **{k: facts[k] for k in
               ("exp_bullets", "impact_bullets", "evidence_bullets", "business_bullets")},
               "rule": rule, "bullets": " ".join(b["id"] for b in info["bullets"]),
               "notes": f"aimed {plan['aim']} ({plan['mix']}, {plan['length']}); title {info['title']!r}"
                        + ("" if tier == plan["aim"] else "; the rules gave another tier than aimed")}
        out.append((fname, text, row))
    return out


def build(bullets_dir: Path) -> tuple[dict[str, str], list[dict]]:
    files: dict[str, str] = {}
    rows = hand_rows()
    for split in ("train", "test"):
        bullets = load_bullets(bullets_dir, split)
        for fname, text, row in compose_split(split, bullets):
            files[fname] = text
            rows.append(row)
    rows.sort(key=lambda r: r["file"])
    return files, rows


def write_labels(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: r.get(k, "") for k in COLUMNS})
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bullets", type=Path, default=ROOT / "samples" / "bullets",
                    help="folder holding dev.jsonl and test.jsonl")
    ap.add_argument("--check", action="store_true", help="verify the files on disk match; write nothing")
    args = ap.parse_args(argv)
    files, rows = build(args.bullets)
    labels = write_labels(rows)
    if args.check:
        stale = [f for f, t in files.items() if not (HERE / f).is_file()
                 or (HERE / f).read_text(encoding="utf-8") != t]
        extra = sorted(str(p.relative_to(HERE)) for p in CVS.glob("co-*") if str(p.relative_to(HERE)) not in files)
        if (HERE / "labels.csv").read_text(encoding="utf-8") != labels:
            stale.append("labels.csv")
        if stale or extra:
            print(f"out of date: {', '.join(stale + extra)}", file=sys.stderr)
            return 1
        print(f"ok: {len(files)} composed CVs and labels.csv match")
        return 0
    for old in CVS.glob("co-*"):
        if str(old.relative_to(HERE)) not in files:
            old.unlink()
    for fname, text in files.items():
        (HERE / fname).write_text(text, encoding="utf-8")
    (HERE / "labels.csv").write_text(labels, encoding="utf-8")
    counts = Counter((r["split"], r["origin"], r["tier"]) for r in rows)
    for key in sorted(counts):
        print(" ".join(key), counts[key])
    print(f"{len(rows)} CVs ({len(files)} composed) -> labels.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
