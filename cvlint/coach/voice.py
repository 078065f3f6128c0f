"""A CV's rewrites, all in one pass: the tense of each bullet's role, the CV's own present form ("Teach" or
"Teaches"), its profession's words, and one `Asker` so that its bullets do not all ask the same question.

Works on the analysed `Report` (`cvlint suggest`) and on the report dict (the rewrite on `cvlint check`'s line).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from cvlint.coach.action import Voice
from cvlint.coach.coaching import Coaching
from cvlint.coach.phrasebook import phrasebook
from cvlint.coach.questions import Asker, profession
from cvlint.coach.rewrite import Rewrite, rewrite
from cvlint.coach.tense import role_tense
from cvlint.model import Severity

_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Job:
    """One weak bullet to rewrite: its text, the ids of the weak rules on it, the spans of its duty opening and of
    its claim of knowledge (from the findings, `Coaching.marks`), and the tense of its role."""

    bullet: str
    text: str
    rules: tuple[str, ...]
    opening: tuple[int, int] | None
    claim: tuple[int, int] | None
    tense: str | None


def _third_person(docs: Sequence) -> bool:
    """Whether the CV writes its duties with -s ("Teaches") more often than bare ("Teach")."""
    forms = Counter(d[0].tag_ for d in docs if len(d) and d[0].tag_ in ("VBZ", "VBP", "VB"))
    return forms["VBZ"] > forms["VBP"] + forms["VB"]


def _safe(text: str) -> str:
    """Lone surrogates (from a broken PDF) replaced: same length, so spans stay valid."""
    return _SURROGATES.sub("\ufffd", text)


def rewrite_jobs(jobs: Sequence[Job], texts: dict[str, str], nlp, currency: str,
                 coaching: Coaching) -> dict[str, Rewrite]:
    """The rewrite of every job, by bullet id; `texts` are all the CV's bullets by id (its profession and voice),
    `coaching` the `coach:` keys of the rules that flagged them."""
    if not jobs:
        return {}
    texts = {**texts, **{j.bullet: j.text for j in jobs}}
    docs = dict(zip(texts, nlp.pipe(_safe(t) for t in texts.values())))
    asker = Asker(profession(docs.values()))
    third = _third_person(list(docs.values()))
    return {j.bullet: rewrite(j.text, j.rules, docs[j.bullet], currency=currency, opening=j.opening,
                              claim=j.claim, nlp=nlp, voice=Voice(j.tense, third), asker=asker, coaching=coaching)
            for j in jobs}


def jobs_from_dict(obj: dict, coaching: Coaching) -> tuple[list[Job], dict[str, str]]:
    """The jobs of a report dict (cvlint/output/json.py) and the texts of all its bullets by id."""
    bullets = {b["id"]: b for b in obj["bullets"]}
    tense = {bid: role_tense(s["name"], e.get("dates")) for s in obj["sections"] for e in s["entries"]
             for bid in e["bullets"]}
    weak: dict[str, list[dict]] = {}
    for f in obj["findings"]:
        if f.get("bullet") and f["signal"] == "weak":
            weak.setdefault(f["bullet"], []).append(f)
    for found in weak.values():
        found.sort(key=lambda f: -Severity(f["severity"]).rank)
    jobs = [Job(bid, bullets[bid]["text"], tuple(f["rule"] for f in found),
                *coaching.marks((f["rule"], f.get("span")) for f in found), tense.get(bid))
            for bid, found in weak.items()
            if bid in bullets and bullets[bid]["section"] not in phrasebook()["check"]["no_rewrite_sections"]]
    return jobs, {b["id"]: b["text"] for b in obj["bullets"]}

