"""The questions that get a bullet's missing facts, in the words of the person's profession.

The profession is read from the CV's own nouns (never from its file name); the questions are chosen for what each
bullet lacks, and an `Asker` shared by a CV's bullets takes the wording asked least so far, so the page does not
repeat one question on every bullet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from cvlint.coach.phrasebook import phrasebook


@dataclass(frozen=True, slots=True)
class Profession:
    """Who the person's work is for, in their own words."""

    name: str
    audience: str
    measures: str
    outcome: str | None = None


def profession(docs: Iterable) -> Profession:
    """The profession whose nouns the parsed bullets `docs` use most (by lemma), else the general one."""
    book = phrasebook()
    lemmas = Counter(t.lemma_.lower() for doc in docs for t in doc if t.pos_ in ("NOUN", "PROPN", "ADJ"))
    hits = [(sum(lemmas[n] for n in p["nouns"]), -i, p) for i, p in enumerate(book["professions"])]
    count, _, best = max(hits, key=lambda h: h[:2])
    entry = best if count >= book["min_hits"] else book["default_profession"]
    return Profession(entry["name"], entry["audience"], entry["measures"], entry.get("outcome"))


def general() -> Profession:
    entry = phrasebook()["default_profession"]
    return Profession(entry["name"], entry["audience"], entry["measures"])


def lacks(rules: Sequence[str], *, has_number: bool, duty_only: bool) -> list[str]:
    """What a bullet lacks, most useful first, from the rules that fired on it."""
    book = phrasebook()["lacks"]
    out: list[str] = []
    for rule in rules:
        for lack in book.get(rule, ()):
            if lack in ("number", "count") and has_number or lack == "part" and duty_only:
                continue
            if lack not in out:
                out.append(lack)
    return out


class Asker:
    """Chooses the questions for one CV's bullets, varying the wording from bullet to bullet."""

    def __init__(self, who: Profession | None = None) -> None:
        self.who = who or general()
        self.asked: Counter[str] = Counter()

    def _word(self, question: str) -> str:
        return question.replace("{audience}", self.who.audience).replace("{measures}", self.who.measures)

    def ask(self, needs: Sequence[str], topical: Sequence[str] = ()) -> tuple[str, ...]:
        """Up to `max_questions`: one wording per lack (the least asked), then the topic's own questions;
        questions not yet asked on this CV first."""
        book = phrasebook()
        candidates: list[str] = []
        for lack in needs:
            wordings = [self._word(q) for q in book["asks"][lack]]
            candidates.append(min(wordings, key=lambda q: (self.asked[q], wordings.index(q))))
        candidates += [q for q in topical if q not in candidates]
        order = {q: i for i, q in enumerate(candidates)}
        chosen = sorted(sorted(candidates, key=lambda q: (self.asked[q] > 0, order[q]))[:book["max_questions"]],
                        key=order.get)
        self.asked.update(chosen)
        return tuple(chosen)
