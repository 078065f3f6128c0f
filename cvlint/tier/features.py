"""CV-level features from a Document and its findings: what the tier model sees, with stable names.

Every feature is a fact a person can check on the CV: a share of the experience and project bullets that
carry a signal (a rule finding), a count, or a section fact. Titles, employers and years of experience are
deliberately not features: DESIGN §5 judges a CV by its bullets, so changing only the title or the dates
cannot change the tier.

`extract(doc, findings)` returns a `Facts`: the raw values by name (what reasons quote), the counts behind
each share (for the reason sentences), and `vector()`, the model's input (counts are capped and
log-scaled there; shares are used as they are).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cvlint.model import Document, Finding

# The sections whose bullets are "experience" for the tier (DESIGN §3/§4: experience and projects).
EXPERIENCE_SECTIONS = ("experience", "projects")

# Bullet-level signals -> the share feature built from them. A bullet counts once per feature.
SHARE_RULES = {
    "metric_share": ("metric",),
    "business_impact_share": ("business-impact",),
    "task_only_share": ("task-only-bullet",),
    "weak_opening_share": ("weak-opening",),
    "ownership_share": ("ownership",),
    "production_share": ("production",),
    "scale_share": ("scale",),
    "research_share": ("research-style",),
    "model_score_only_share": ("model-score-only",),
    "tool_list_share": ("tool-list-without-context",),
}

# The model's features, in vector order. Names are stable: they appear in reports as `reasons[].feature`.
# Ownership and production enter as one count, `evidence_bullets` (the bullets showing either): as separate
# shares they were collinear with it and got unstable, sometimes reversed, weights. Their shares stay in
# `Facts.values` for callers that want them.
FEATURES = (
    "outcome_metric_share",
    "metric_share",
    "business_impact_share",
    "task_only_share",
    "weak_opening_share",
    "scale_share",
    "evidence_bullets",
    "research_share",
    "model_score_only_share",
    "tool_list_share",
    "knowledge_claims",
    "project_share",
    "has_publications",
    "no_experience_bullets",
    "skills_unevidenced",
)

# Counts enter the model as log1p(min(value, cap)): a CV with 40 bullets is not 10 times more anything.
COUNT_CAPS = {"evidence_bullets": 8, "knowledge_claims": 8, "skills_unevidenced": 60}

_SKILL_SPLIT = re.compile(r"\s*(?:[,;|·•/]|\s-\s|\s–\s|\band\b)\s*")
_SKILL_LABEL = re.compile(r"^[A-Za-z &/]{2,30}:\s*")


@dataclass(frozen=True)
class Facts:
    """The features of one CV plus the counts the reason sentences quote."""

    values: dict[str, float]
    n_bullets: int                      # experience + project bullets
    n_projects: int                     # of which in projects
    counts: dict[str, int] = field(default_factory=dict)   # bullets behind each share feature
    skills: int = 0
    skills_unevidenced: int = 0
    knowledge_examples: tuple[str, ...] = ()

    def vector(self) -> list[float]:
        out = []
        for name in FEATURES:
            v = float(self.values[name])
            if name in COUNT_CAPS:
                v = math.log1p(min(v, COUNT_CAPS[name]))
            out.append(v)
        return out


def _bullet_rules(findings: Iterable[Finding]) -> dict[str, set[str]]:
    by_bullet: dict[str, set[str]] = {}
    for f in findings:
        if f.bullet is not None:
            by_bullet.setdefault(f.bullet.id, set()).add(f.rule_id)
    return by_bullet


def skill_items(doc: Document) -> list[str]:
    """The items listed under skills: comma/pipe/bullet separated, 'Languages:'-style labels dropped."""
    items: list[str] = []
    for section in doc.section("skills"):
        for bullet in section.bullets:
            text = _SKILL_LABEL.sub("", bullet.text.strip())
            for part in _SKILL_SPLIT.split(text):
                part = part.strip(" .()[]")
                if part and len(part) <= 40 and len(part.split()) <= 4:
                    items.append(part)
    return list(dict.fromkeys(items))


def _mentioned(item: str, text: str) -> bool:
    return re.search(r"(?<![\w+#])" + re.escape(item.lower()) + r"(?![\w+#])", text) is not None


def is_outcome_metric(rules: set[str]) -> bool:
    """A bullet with a number and an outcome, where the number is not only a model score or a study's."""
    return ("metric" in rules and "task-only-bullet" not in rules and "model-score-only" not in rules
            and "research-style" not in rules)


def extract(doc: Document, findings: Sequence[Finding]) -> Facts:
    """The tier features of a CV from its parsed structure and its rule findings."""
    rules_of = _bullet_rules(findings)
    bullets = [b for b in doc.bullets if b.section in EXPERIENCE_SECTIONS]
    n = len(bullets)
    n_projects = sum(b.section == "projects" for b in bullets)
    counts: dict[str, int] = {}
    values: dict[str, float] = {}
    for name, ids in SHARE_RULES.items():
        k = sum(1 for b in bullets if rules_of.get(b.id, set()) & set(ids))
        counts[name] = k
        values[name] = k / n if n else 0.0
    k = sum(1 for b in bullets if is_outcome_metric(rules_of.get(b.id, set())))
    counts["outcome_metric_share"] = k
    values["outcome_metric_share"] = k / n if n else 0.0
    evidence = sum(1 for b in bullets if rules_of.get(b.id, set()) & {"ownership", "production"})
    counts["evidence_bullets"] = evidence
    values["evidence_bullets"] = float(evidence)
    knowledge = [f for f in findings if f.rule_id == "knowledge-claim"]
    values["knowledge_claims"] = float(len(knowledge))
    values["project_share"] = n_projects / n if n else 0.0
    counts["project_share"] = n_projects
    values["has_publications"] = 1.0 if doc.section("publications") else 0.0
    values["no_experience_bullets"] = 1.0 if n == 0 else 0.0
    skills = skill_items(doc)
    evidence_text = " ".join(b.text.lower() for b in bullets)
    unevidenced = sum(1 for s in skills if not _mentioned(s, evidence_text))
    values["skills_unevidenced"] = float(unevidenced)
    examples = tuple(dict.fromkeys(f.match.strip() for f in knowledge if f.match))[:2]
    return Facts(values=values, n_bullets=n, n_projects=n_projects, counts=counts, skills=len(skills),
                 skills_unevidenced=unevidenced, knowledge_examples=examples)
