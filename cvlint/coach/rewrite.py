"""The suggested rewrite of one bullet, built from its spaCy parse, never from invention.

The weak opening is removed and the duty becomes an action in the tense of the role (cvlint/coach/action.py); a
trailing tool list moves behind the outcome; what only the person knows goes in [brackets], placed at the end of
the phrase it belongs to (cvlint/coach/placement.py); the questions ask for what the bullet lacks
(cvlint/coach/questions.py). No digit, name or tool enters a rewrite outside a placeholder, and every word a
template adds is lower-case (tests/test_suggest.py checks this on every rewrite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import dropwhile
from typing import Iterable

from cvlint.coach.action import Voice, action
from cvlint.coach.coaching import Coaching, coaching_for
from cvlint.coach.lemmas import lemmas
from cvlint.coach.phrasebook import fill, phrasebook
from cvlint.coach.placement import count_anchor, metric_anchor, outcome
from cvlint.coach.questions import Asker, lacks
from cvlint.coach.tools import END_PUNCT

# The rewrites that close the bullet with a placeholder (`catalog.REWRITES`).
_CLOSINGS = {"use", "outcome", "effect", "number"}
_LABEL = re.compile(r"^(?P<label>[^:.;]{1,40}?):\s+(?=\S)")  # "Front desk: …"
_LEAD = {"PRON", "AUX", "ADV"}  # what may come before a duty opening: "I was", "Currently", "May be"
_CLAIM_LEAD = {"ADJ", "ADV"}  # before a claim's subject: "Highly proficient in", "Strong Python skills"


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A suggested bullet: `parts` are (text, is_placeholder) pieces whose texts join into `text`; none when a
    bullet of a role names no action (its questions only, `changes` says why)."""

    parts: tuple[tuple[str, bool], ...]
    questions: tuple[str, ...]
    changes: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(t for t, ph in self.parts if ph)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


class _Builder:
    """Collects the pieces of a rewrite, joining them with the right spaces."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool]] = []

    def add(self, text: str, placeholder: bool = False) -> None:
        if text:
            self.parts.append((text, placeholder))

    def template(self, template: str, currency: str, capital: bool = False) -> None:
        """A template's text: [bracketed] pieces as placeholders, the rest as plain text."""
        for piece in re.split(r"(\[[^\]]*\])", template):
            if piece:
                self.add(fill(_cap(piece) if capital and not self.parts else piece, currency), piece.startswith("["))

    def rstrip(self, chars: str) -> None:
        while self.parts and not self.parts[-1][1]:
            text = self.parts[-1][0].rstrip().rstrip(chars).rstrip()
            if text:
                self.parts[-1] = (text, False)
                return
            self.parts.pop()

    def merged(self) -> tuple[tuple[str, bool], ...]:
        out: list[tuple[str, bool]] = []
        for text, ph in self.parts:
            if out and not ph and not out[-1][1]:
                out[-1] = (out[-1][0] + text, False)
            else:
                out.append((text, ph))
        return tuple(out)


def _tokens(doc, start: int, end: int) -> list:
    return [t for t in doc if start <= t.idx < end]


def _opening(doc, text: str, start: int, span: tuple[int, int] | None, nlp) -> tuple[str | None, str, int]:
    """The duty opening's kind, its words, and where the duty itself starts: the opening is the finding's `span`,
    taken when only a pronoun, auxiliary or adverb comes before it ("I was responsible for", "Currently working
    on"), with a preposition that belongs to its verb ("Assisted in", "Helped with"); its kind is the first in the
    phrase book with one of its words' lemmas (the tagger's, and the lemmatizer's as a verb or a noun: the tagger
    reads the "Helped" of "Helped cut churn" as an auxiliary and leaves it as it is)."""
    if span is None or span[1] <= start or any(t.pos_ not in _LEAD for t in _tokens(doc, start, span[0])):
        return None, "", start
    words = _tokens(doc, span[0], span[1])
    end = span[1]
    after = _tokens(doc, end, len(text))
    if words and after and words[-1].pos_ != "ADP" and after[0].pos_ == "ADP" and after[0].head in words \
            and after[0].head.pos_ == "VERB":
        end = after[0].idx + len(after[0])
    body = end
    while body < len(text) and text[body] in " :,-":
        body += 1
    known = {t.lemma_.lower() for t in words}.union(*(lemmas(t.lower_, pos, nlp) for t in words
                                                      for pos in ("VERB", "NOUN")))
    kind = next((k for k, listed in phrasebook()["opening_kinds"].items() if known & set(listed)), "duty")
    return kind, text[span[0]:end].strip(" :,-"), body


def _links(token) -> bool:
    """A preposition or a colon joins a claim to its subject ("Knowledge of", "Experience:"); a comma or a bracket
    does not ("skills, both written and verbal")."""
    return token.pos_ == "ADP" or token.text == ":"


def _claimed(doc, text: str, start: int, span: tuple[int, int] | None) -> str | None:
    """What a bullet that is only a claim of knowledge (the finding's `span`, after adjectives or adverbs at most)
    claims: the rest of the bullet after the claim ("Familiar with X", "Strong knowledge of X"), or the words before
    the claim's noun that name the subject ("Strong Python skills")."""
    if span is None or span[0] < start or any(t.pos_ not in _CLAIM_LEAD for t in _tokens(doc, start, span[0])):
        return None
    end = len(text.rstrip().rstrip(END_PUNCT).rstrip())
    claim, after = _tokens(doc, span[0], span[1]), _tokens(doc, span[1], end)
    if claim and _links(claim[-1]):
        subject = text[span[1]:end]
    elif after and _links(after[0]):
        subject = text[after[0].idx + len(after[0]):end]
    elif not after and len(claim) > 1:
        named = list(dropwhile(lambda t: t.pos_ in _CLAIM_LEAD, claim[:-1]))
        subject = text[named[0].idx:claim[-1].idx] if named else ""
    else:
        return None
    return subject.strip() or None


def rewrite(text: str, rules: Iterable[str], doc, *, currency: str = "amount", opening: tuple[int, int] | None = None,
            claim: tuple[int, int] | None = None, nlp=None, voice: Voice | None = None,
            asker: Asker | None = None, coaching: Coaching | None = None) -> Rewrite:
    """The suggested rewrite of one bullet.

    `rules` are the ids of the weak rules that fired on it (what each asks of the coach is its `coach:` key),
    `doc` its spaCy parse, `opening` and `claim` the spans of the findings that mark its duty opening and its claim
    of knowledge (`Coaching.marks`), `voice` the tense of its role,
    `asker` the CV's question chooser (so that its bullets do not all ask the same), `coaching` the rules' `coach:`
    keys (of the catalog the analysis used; the built-in rules by default)."""
    book = phrasebook()
    coaching = coaching or coaching_for()
    rules = list(dict.fromkeys(rules))
    kinds = coaching.rewrites(rules)
    voice = voice or Voice()
    asker = asker or Asker()
    out = _Builder()
    start = 0
    label = _LABEL.match(text)
    if label and len(label.group("label").split()) <= 4 and all(s is None or s[0] >= label.end()
                                                                  for s in (opening, claim)):
        out.add(label.group(0))
        start = label.end()
    kind, words, body_start = _opening(doc, text, start, opening, nlp)
    has_number = any(t.like_num or any(c.isdigit() for c in t.text) for t in doc)
    duty_only = kind not in ("help", "part", "work")
    needs = lacks(map(coaching.coach_of, rules), has_number=has_number, duty_only=duty_only)

    knowledge = _claimed(doc, text, start, claim) if "claim" in kinds else None
    if knowledge is not None:
        before, _, after = book["knowledge_rewrite"][voice.target].partition("{x}")
        out.template(before, currency, capital=not out.parts)
        out.add(knowledge if out.parts else _cap(knowledge))
        out.template(after, currency)
        if text.rstrip().endswith("."):
            out.add(".")
        return Rewrite(out.merged(), asker.ask(needs), ("turned a claim of knowledge into use",))

    rest = [t for t in doc if t.idx >= body_start]
    metric_only = kinds & _CLOSINGS == {"number"}
    metric_after = metric_anchor(rest, nlp) if metric_only and rest else None
    count_before = count_anchor(rest) if "outcome" in kinds and not has_number and rest else None
    act = action(rest, kind, voice=voice, needs_tail=bool(_CLOSINGS & kinds), nlp=nlp,
                 opening=words, metric_after=metric_after, metric=fill(book["metric_placeholder"], currency),
                 count_before=count_before, count=book["count_placeholder"])
    counted = any(ph and piece == book["count_placeholder"] for piece, ph in act.pieces)
    if counted:
        needs = lacks(map(coaching.coach_of, rules), has_number=has_number, duty_only=duty_only, counted=True)
    if voice.tense and not act.named:  # a noun phrase in a role: the coach does not invent its verb
        topical = _closing(kinds, doc, currency, asker, has_number=has_number, metric_placed=False)
        return Rewrite((), asker.ask(needs, topical[2] if topical else ()), (book["no_action"],))
    changes = ["removed the duty opening"] if kind and not act.kept_opening else []
    changes += act.changes
    if counted:
        changes.append("asked how many, before the people it names")
    for i, (piece, ph) in enumerate(act.pieces):
        out.add(_cap(piece) if i == 0 and not out.parts else piece, ph)
    out.rstrip(END_PUNCT + ",")

    topical: tuple[str, ...] = ()
    closing = _closing(kinds, doc, currency, asker, has_number=has_number, counted=counted,
                       metric_placed=metric_after is not None and any(ph for _, ph in act.pieces))
    if closing:
        placeholder, change, topical = closing
        out.add(", ")
        out.add(placeholder, True)
        changes.append(change)
    elif "number" in kinds:
        changes.append("asked for the number")
    if not any(ph for _, ph in out.parts) and not changes and "claim" in kinds:
        out.add(" ")
        out.add(book["knowledge_placeholder"], True)
        changes.append("asked where the knowledge was used")
    if act.moved_tools:
        out.add(", ")
        out.add(act.moved_tools)
        changes.append("moved the tools behind the outcome")
    if text.rstrip().endswith(".") or kind:
        out.add(".")
    return Rewrite(out.merged(), asker.ask(needs, topical), tuple(changes))


def _closing(kinds: set[str], doc, currency: str, asker: Asker, *, has_number: bool, metric_placed: bool,
             counted: bool = False) -> tuple[str, str, tuple[str, ...]] | None:
    """The placeholder that closes the bullet's clause, what it changes, and its topic's questions."""
    book = phrasebook()
    if "use" in kinds:
        return fill(book["research_placeholder"], currency), "asked where the work was used", ()
    if "outcome" in kinds:
        placeholder, topical = outcome(doc, currency, asker.who, has_number, counted)
        return placeholder, "asked for the outcome", topical
    if "effect" in kinds:
        return fill(book["model_score_placeholder"], currency), "asked what the score meant for users", ()
    if "number" in kinds and not metric_placed:
        return fill(book["outcome_default"], currency), "asked for the number", ()
    return None
