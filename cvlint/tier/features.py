"""CV-level features from a Document and its findings: what the tier model sees, with stable names.

Every feature is a fact a person can check on the CV: a share of the bullets of work (experience, projects,
volunteering, achievements: `features.yaml`) that carry a signal (a rule finding), a count, or a section fact.
Titles, employers and years of experience are deliberately not features: a CV is judged by what its bullets show,
so changing only the title or the dates cannot change the tier. Which rules feed which feature is data: `features.yaml`.

`extract(doc, findings)` returns a `Facts`: the raw values by name (what reasons quote), the counts behind
each share (for the reason sentences), and `vector()`, the model's input (counts are capped and
log-scaled there; shares are used as they are).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cvlint.model import Document, Finding

KINDS = ("share", "bullets", "findings", "fact")


@dataclass(frozen=True)
class Feature:
    """One tier feature as `features.yaml` declares it."""

    name: str
    kind: str
    direction: int
    text: dict[str, str]
    rules: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    model: bool = True
    cap: int | None = None
    group: str | None = None
    absence_tells: bool = False

    def marks(self, rules: set[str]) -> bool:
        """A bullet with findings of `rules` counts toward this feature."""
        return bool(rules & self.rules) and not rules & self.unless


def _load(path: Path) -> tuple[dict[str, str], dict[str, Feature]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs = {}
    for name, spec in data["features"].items():
        feature = Feature(name=name, **{k: frozenset(v) if k in ("rules", "unless") else v for k, v in spec.items()})
        if feature.kind not in KINDS or (feature.kind == "fact") == bool(feature.rules):
            raise ValueError(f"{path.name}: {name}: a {feature.kind!r} feature needs rules exactly when not a fact")
        specs[name] = feature
    return dict(data["experience_sections"]), specs


# The sections whose bullets are the person's work for the tier (each with the word reasons name it by), and
# every feature, in the model's vector order.
SECTION_WORDS, SPECS = _load(Path(__file__).with_name("features.yaml"))
EXPERIENCE_SECTIONS = tuple(SECTION_WORDS)

# The model's features, in vector order. Names are stable: they appear in reports as `reasons[].feature`.
FEATURES = tuple(name for name, f in SPECS.items() if f.model)

# Counts enter the model as log1p(min(value, cap)).
COUNT_CAPS = {name: f.cap for name, f in SPECS.items() if f.cap is not None}

_SKILL_SPLIT = re.compile(r"\s*(?:[,;|·•/]|\s-\s|\s–\s|\band\b)\s*")
_SKILL_LABEL = re.compile(r"^[A-Za-z &/]{2,30}:\s*")


@dataclass(frozen=True)
class Facts:
    """The features of one CV plus the counts the reason sentences quote."""

    values: dict[str, float]
    n_bullets: int                      # bullets of EXPERIENCE_SECTIONS
    n_projects: int                     # of which in projects
    sections: tuple[str, ...] = ()      # the EXPERIENCE_SECTIONS those bullets are in
    counts: dict[str, int] = field(default_factory=dict)   # bullets behind each share feature
    skills: int = 0
    skills_unevidenced: int = 0
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per `findings` feature: its words

    @property
    def scope(self) -> str:
        """What the bullets are called in a reason: "experience bullets", "experience and achievement bullets"."""
        words = [SECTION_WORDS[s] for s in self.sections] or [SECTION_WORDS[EXPERIENCE_SECTIONS[0]]]
        return (f"{', '.join(words[:-1])} and {words[-1]}" if len(words) > 1 else words[0]) + " bullets"

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


def extract(doc: Document, findings: Sequence[Finding], unjudged: Collection[str] = ()) -> Facts:
    """The tier features of a CV from its parsed structure and its rule findings; the units in `unjudged` (not
    statements of work: headers, keyword lines) are not counted."""
    rules_of = _bullet_rules(findings)
    bullets = [b for b in doc.bullets if b.section in EXPERIENCE_SECTIONS and b.id not in unjudged]
    n = len(bullets)
    n_projects = sum(b.section == "projects" for b in bullets)
    counts: dict[str, int] = {}
    values: dict[str, float] = {}
    examples: dict[str, tuple[str, ...]] = {}
    for name, feature in SPECS.items():
        if feature.kind in ("share", "bullets"):
            k = sum(1 for b in bullets if feature.marks(rules_of.get(b.id, set())))
            counts[name] = k
            values[name] = (k / n if n else 0.0) if feature.kind == "share" else float(k)
        elif feature.kind == "findings":
            found = [f for f in findings if f.rule_id in feature.rules]
            values[name] = float(len(found))
            examples[name] = tuple(dict.fromkeys(f.match.strip() for f in found if f.match))[:2]
    values["project_share"] = n_projects / n if n else 0.0
    counts["project_share"] = n_projects
    values["has_publications"] = 1.0 if doc.section("publications") else 0.0
    values["no_experience_bullets"] = 1.0 if n == 0 else 0.0
    skills = skill_items(doc)
    evidence_text = " ".join(b.text.lower() for b in bullets)
    unevidenced = sum(1 for s in skills if not _mentioned(s, evidence_text))
    values["skills_unevidenced"] = float(unevidenced)
    present = {b.section for b in bullets}
    return Facts(values=values, n_bullets=n, n_projects=n_projects,
                 sections=tuple(s for s in EXPERIENCE_SECTIONS if s in present), counts=counts, skills=len(skills),
                 skills_unevidenced=unevidenced, examples=examples)
