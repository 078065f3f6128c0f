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
from cvlint.lint.catalog import Coach


@dataclass(frozen=True, slots=True)
class Profession:
    """Who the person's work is for, in their own words."""

    name: str
    audience: str
    measures: str
    outcome: str | None = None
    counted: str | None = None  # the outcome when the count of people is placed inside the sentence


def profession(docs: Iterable) -> Profession:
    """The profession whose nouns (lemmas) the most of the parsed bullets `docs` use, when they are at least
    `min_share` of the bullets and `min_hits` of them; else the general one."""
    book = phrasebook()
    docs = list(docs)
    used = [{t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN", "ADJ")} for doc in docs]
    hits = [(sum(bool(words & set(p["nouns"])) for words in used), -i, p) for i, p in enumerate(book["professions"])]
    count, _, best = max(hits, key=lambda h: h[:2])
    enough = count >= max(book["min_hits"], book["min_share"] * len(docs))
    entry = best if enough else book["default_profession"]
    return Profession(entry["name"], entry["audience"], entry["measures"], entry.get("outcome"), entry.get("counted"))


def general() -> Profession:
    entry = phrasebook()["default_profession"]
    return Profession(entry["name"], entry["audience"], entry["measures"])


def lacks(coaches: Iterable[Coach], *, has_number: bool, duty_only: bool, counted: bool = False) -> list[str]:
    """What a bullet lacks, most useful first, from the `coach:` keys of the rules that fired on it (their
    `lacks`); not the count when the rewrite has a place for it already (`counted`)."""
    out: list[str] = []
    for coach in coaches:
        for lack in coach.lacks:
            if lack in ("number", "count") and has_number or lack == "count" and counted or \
                    lack == "part" and duty_only:
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
        questions not yet asked on this CV first, none asked `max_repeats` times already (unless that leaves
        none)."""
        book = phrasebook()
        candidates: list[str] = []
        for lack in needs:
            wordings = [self._word(q) for q in book["asks"][lack]]
            candidates.append(min(wordings, key=lambda q: (self.asked[q], wordings.index(q))))
        candidates += [q for q in topical if q not in candidates]
        order = {q: i for i, q in enumerate(candidates)}
        fresh = sorted(candidates, key=lambda q: (self.asked[q] > 0, order[q]))
        kept = [q for q in fresh if self.asked[q] < book["max_repeats"]] or fresh[:1]
        chosen = sorted(kept[:book["max_questions"]], key=order.get)
        self.asked.update(chosen)
        return tuple(chosen)
