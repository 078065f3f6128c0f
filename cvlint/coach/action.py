"""The bullet's action in its own words and in the tense of the role.

A duty opening's rest becomes an action ("(Responsible for) maintaining X" -> "Maintained X"); a duty noun becomes
its verb ("Maintenance and repair of X" -> "Maintained and repaired X"); "(Worked with) X to define Y" -> "Defined Y
with X"; "(Helped) the team migrate X" -> "Migrated X with the team". A bullet that already opens with a verb keeps
it, put in the tense of its role ("Teaches classes" in a past role -> "Taught classes").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


from cvlint.coach.duty import duty_nouns, gerund_lemma, noun_verb
from cvlint.coach.lemmas import lemmas
from cvlint.coach.phrasebook import phrasebook
from cvlint.coach.placement import VERB_TAGS, is_verb
from cvlint.coach.tense import PAST, PRESENT, in_tense, inflect
from cvlint.coach.tools import END_PUNCT, tool_tail

ACTION = "turned the duty into an action"
_NOT_VERB = {"compound", "amod", "nmod", "poss", "nsubj", "nsubjpass"}  # "Key member", "Expense reports …"
_AND = {",", "and", "or", "&"}
_FINITE = {"VB", "VBG", "VBZ", "VBP", "VBD"}


@dataclass(frozen=True, slots=True)
class Voice:
    """The tense a rewrite's verbs take (None: as the bullet has them; a duty becomes past) and whether the CV
    writes its present duties with -s ("Teaches")."""

    tense: str | None = None
    third_person: bool = False

    @property
    def target(self) -> str:
        return self.tense or PAST

    def form(self, lemma: str) -> str:
        return inflect(lemma, self.target, self.third_person)

    def retense(self, tok) -> str:
        """`tok` in the target tense, its capital kept ("…; Answered calls" stays capitalised)."""
        word = in_tense(tok, self.target, self.third_person)
        return word[:1].upper() + word[1:] if tok.text[:1].isupper() else word

    def takes(self, tok) -> bool:
        """Whether a verb is put in the target tense: a past participle opens a present duty only when it has an
        object or a verb coordinated with it ("Certified in CPR" stays, "Managed the store" -> "Manage the store")."""
        if self.target == PRESENT and tok.tag_ == "VBN":
            return any(c.dep_ in ("dobj", "obj", "conj") for c in tok.children)
        return True


@dataclass(frozen=True, slots=True)
class Action:
    """The pieces of the action ((text, is_placeholder) pairs), the trailing tool list moved out, what changed, and
    whether the bullet names an action at all (a verb of its own, a duty noun's verb or a duty opening), which a
    noun phrase ("Key member of the audit team", "General ledger accounting") does not."""

    pieces: tuple[tuple[str, bool], ...]
    moved_tools: str | None
    changes: tuple[str, ...]
    kept_opening: bool = False
    named: bool = True


def action(rest: Sequence, kind: str | None, *, voice: Voice, needs_tail: bool, nlp=None, opening: str = "",
           metric_after: int | None = None, metric: str = "", count_before: int | None = None,
           count: str = "") -> Action:
    """The action of the tokens after the duty opening (`kind` is its kind, None when there was none; `opening`
    its words, kept when the rest has no verb and the opening is a verb with its object: "Assisted patients with
    …", "Worked with the auditors on …"); the `metric` placeholder after token `metric_after`, the `count`
    placeholder before token `count_before`."""
    book = phrasebook()
    if not rest:
        return Action((), None, (), named=bool(kind))
    tokens = list(rest)
    moved = None
    if needs_tail:
        cut = tool_tail(tokens)
        if cut is not None:
            moved = "".join(t.text_with_ws for t in tokens[cut:]).strip().rstrip(END_PUNCT + ",").strip()
            tokens = tokens[:cut]
    replaced: dict[int, str] = {}
    skip: set[int] = set()
    suffix: list[tuple[str, bool]] = []
    prefix: list[tuple[str, bool]] = []
    changes: list[str] = []

    if len(tokens) > 1 and tokens[1].tag_ in VERB_TAGS and (kind and tokens[0].lower_ == "to" or voice.tense and
                                                            tokens[0].text == "I"):  # "I communicated …"
        skip.add(tokens[0].i)
        tokens = tokens[1:]
    lead = 0  # "Closely monitors …": the verb after an adverb or two
    while lead < 2 and lead + 1 < len(tokens) and tokens[lead].tag_ == "RB" and is_verb(tokens[lead + 1]):
        lead += 1
    t0 = tokens[lead]
    duty = duty_nouns(tokens, nlp) if kind or voice.tense else None
    gerund = gerund_lemma(t0.text, nlp) if kind and not is_verb(t0) and len(t0) > 5 else None
    verb_first = not duty and not gerund and is_verb(t0) and bool(
        kind or voice.tense and _opens_clause(tokens[lead:], nlp))
    if duty:
        _duty_to_verbs(tokens, duty, replaced, skip, voice)
        changes.append(ACTION)
    elif gerund:  # "Responsible for gathering": the tagger saw a noun
        replaced[t0.i] = voice.form(gerund)
        _convert_chain(tokens, replaced, voice, nlp, first_done=True)
        changes.append(ACTION)
    elif verb_first and (kind or voice.takes(t0)):
        _convert_chain(tokens[lead:], replaced, voice, nlp)
        if kind:
            changes.append(ACTION)
    elif kind:
        done = (kind == "work" and _reorder_with(tokens, replaced, skip, suffix, voice, nlp)) or (
            kind == "help" and _help_object(tokens, replaced, skip, suffix, voice))
        words = opening.lower().split()
        keep = kind == "help" and len(words) == 1 or kind == "work" and words[-1:] == ["with"]
        verb = lemmas(words[0], "VERB", nlp) if keep else ()
        if done:
            changes.append(ACTION)
        elif verb:  # "Assisted patients with …", "Worked with the auditors on …": the opening is the action
            prefix += [(" ".join([voice.form(verb[0]), *words[1:]]), False), (" ", False)]
        elif kind == "part":  # "Participated in weekly stand-ups": what the person did there
            prefix += [(book["part_placeholder"][voice.target], True), (f" {book['part_link']} ", False)]
        else:
            prefix += [(book["verb_placeholder"][voice.target], True), (" ", False)]
    if voice.tense:
        _later_clauses(tokens, replaced, voice, nlp)
    if voice.tense and not kind and any(replaced[t.i].lower() != t.lower_ for t in tokens if t.i in replaced):
        changes.append(f"put the verbs in the {voice.target} tense")
    pieces = _assemble(tokens, replaced, skip, prefix, (metric_after, metric), (count_before, count))
    pieces.extend(suffix)
    if kind == "help":
        pieces += [(" ", False), (book["help_suffix"], True)]
    return Action(tuple(pieces), moved, tuple(changes), kept_opening=bool(prefix) and not prefix[0][1],
                  named=bool(kind or duty or gerund or verb_first))


def _assemble(tokens: Sequence, replaced: dict[int, str], skip: set[int], prefix: list,
              metric: tuple[int | None, str], count: tuple[int | None, str]) -> list[tuple[str, bool]]:
    """The tokens with their replacements, the metric placeholder after its token, the count before its own."""
    pieces = list(prefix)
    body = ""
    last = tokens[-1].i
    (metric_after, metric), (count_before, count) = metric, count
    for t in tokens:
        if t.i in skip:
            continue
        if t.i == count_before and body.strip():  # "Taught [N] students"
            pieces += [(body if pieces else body.lstrip(), False), (count, True)]
            body = " "
        body += replaced.get(t.i, t.text) + t.whitespace_
        if t.i == metric_after and (t.i != last or not t.is_punct):
            if body.strip():
                pieces.append((body.rstrip() + " ", False) if pieces else (body.strip() + " ", False))
            pieces.append((metric, True))
            body = " " if t.whitespace_ or t.i != last else ""
    body = body.rstrip().rstrip(END_PUNCT + ",").rstrip()
    if len(pieces) == len(prefix):
        body = body.strip()
    if body.strip():
        pieces.append((body, False))
    return pieces


def _opens_clause(tokens: Sequence, nlp=None) -> bool:
    """Whether the verb-tagged first token is the clause's verb, not a label or the first word of a title or noun
    phrase ("Tools:", "Key member", "Project Manager", "Charge nurse"): the parser took it for the verb, or it
    is followed by lower-case words or a number (any word after a past form: "Performed Accounts Payable duties")
    and is an -s form, is coordinated with a verb, modifies a plural ("Train restaurant managers") or is the verb
    of the clause written after "I" (`_verb_after_i`)."""
    t0 = tokens[0]
    if not t0.is_alpha or len(tokens) > 1 and (tokens[1].text == ":" or not t0.whitespace_ and tokens[1].text == "-"):
        return False  # "Tools: …", "Co-authored"
    if len(tokens) > 2 and tokens[1].text == "," and tokens[2].text[:1].isupper() and not is_verb(tokens[2]):
        return False  # a list of names: "Go, Kubernetes, …"
    if t0.dep_ not in _NOT_VERB:
        return True
    nxt = tokens[1] if len(tokens) > 1 else None
    if nxt is None or not (nxt.text.islower() or nxt.text == "," or nxt.like_num or t0.tag_ in ("VBD", "VBN")):
        return False
    coordinated = nxt.lower_ in _AND and any(is_verb(t) and t.dep_ == "conj" for t in tokens[2:5])
    return t0.tag_ == "VBZ" or coordinated or t0.head.tag_ == "NNS" or _verb_after_i(tokens, nlp)


def _verb_after_i(tokens: Sequence, nlp) -> bool:
    """Whether the parser reads the first word as the verb of "I <the clause>": a capitalised bare verb it took for
    a noun's modifier ("Review work of staff", "Monitor vendor data"). Not when the next word is a duty noun the
    first word can be the object of ("Account reconciliation", "Project management", "Plan reading")."""
    t0, nxt = tokens[0], tokens[1]
    if nlp is None or noun_verb(nxt.text, nlp) and lemmas(t0.lower_, "NOUN", nlp):
        return False
    end = next((t.i for t in tokens if t.text in (";", ".", ":")), tokens[-1].i + 1)
    clause = "".join(t.text_with_ws for t in tokens[1:] if t.i < end).rstrip()
    probe = nlp(f"I {t0.lower_}{t0.whitespace_}{clause}.")
    return probe[1].tag_ in ("VBP", "VBD", "VBZ", "VBG") and probe[1].dep_ in ("ROOT", "ccomp")


def _later_clauses(tokens: Sequence, replaced: dict[int, str], voice: Voice, nlp) -> None:
    """The verb opening each later clause of three words or more ("…; create and maintain contracts", "… . Assist
    clients …"; not "… M.Sc. Nursing")."""
    for j, tok in enumerate(tokens[:-1]):
        nxt, clause = tokens[j + 1], tokens[j + 1:j + 4]
        if tok.text in (";", ".", "!") and nxt.i not in replaced and is_verb(nxt) and voice.takes(nxt) \
                and len(clause) == 3 and not any(t.is_punct for t in clause) and _opens_clause(tokens[j + 1:]):
            _convert_chain(tokens[j + 1:], replaced, voice, nlp)


def _duty_to_verbs(tokens: Sequence, duty: tuple[list, int], replaced: dict[int, str], skip: set[int],
                   voice: Voice) -> None:
    """'the maintenance and repair of X' -> 'maintained and repaired X'."""
    nouns, start = duty
    verbs = {tok.i: verb for tok, verb in nouns}
    first, last = nouns[0][0].i, nouns[-1][0].i
    for t in tokens[:start]:
        if t.i in verbs:
            replaced[t.i] = voice.form(verbs[t.i])
        elif not first < t.i < last:
            skip.add(t.i)


def _convert_chain(tokens: Sequence, replaced: dict[int, str], voice: Voice, nlp, first_done: bool = False) -> None:
    """The tense for the leading verb, verbs coordinated with it, and conj gerunds attached to them."""
    done = [tokens[0].i]
    if not first_done:
        replaced[tokens[0].i] = voice.retense(tokens[0])
    i = 1
    while i + 1 < len(tokens):
        sep, nxt = tokens[i], tokens[i + 1]
        listed = _listed_verb(tokens, i + 1, nlp)
        if sep.lower_ in _AND and (is_verb(nxt) and nxt.tag_ != "VBN" or nxt.tag_ == "VBG" or listed):
            replaced[nxt.i] = voice.form(listed) if listed else voice.retense(nxt)
            done.append(nxt.i)
            i += 2
            continue
        break
    modified = tokens[0].head.i if tokens[0].dep_ in _NOT_VERB else None  # "Research information and implement …"
    for tok in tokens:  # "… and continually monitors X", "… and writing Y": verbs coordinated further on
        if tok.i in replaced or tok.dep_ != "conj" or tok.head.i not in done and tok.head.i != modified:
            continue
        prev = tok.nbor(-1) if tok.i > 0 else None
        before = tok.nbor(-2) if tok.i > 1 and prev is not None and prev.tag_ == "RB" else prev
        if tok.tag_ in _FINITE and before is not None and before.lower_ in ("and", ",", "or"):
            replaced[tok.i] = voice.retense(tok)
            done.append(tok.i)


def _listed_verb(tokens: Sequence, j: int, nlp) -> str | None:
    """The verb lemma of a lower-case word the tagger read as a noun between two verbs ("Manage, plan and
    execute"), when the lemmatizer knows it as a verb."""
    if j + 2 >= len(tokens) or not tokens[j].is_lower or not tokens[j].is_alpha:
        return None
    verbs = lemmas(tokens[j].lower_, "VERB", nlp)
    return verbs[0] if verbs and tokens[j + 1].lower_ in _AND and is_verb(tokens[j + 2]) else None


def _reorder_with(tokens: Sequence, replaced: dict[int, str], skip: set[int], suffix: list, voice: Voice,
                  nlp=None) -> bool:
    """'(worked with) stakeholders to define requirements' -> 'Defined requirements with stakeholders'."""
    for j, tok in enumerate(tokens[:-1]):
        nxt = tokens[j + 1]
        gerund = tok.lower_ in ("on", "in", "for") and (nxt.tag_ == "VBG" or nxt.lower_.endswith("ing"))
        if ((tok.lower_ == "to" and nxt.tag_ in ("VB", "VBP")) or gerund) and 0 < j <= 8:
            lemma = nxt.lemma_ if nxt.tag_ != "VBG" or nxt.lemma_.lower() != nxt.lower_ else None
            lemma = lemma or gerund_lemma(nxt.text, nlp)
            if not lemma:
                return False
            partners = "".join(t.text_with_ws for t in tokens[:j]).strip().rstrip(",")
            skip.update(t.i for t in tokens[:j + 1])
            replaced[nxt.i] = voice.form(lemma)
            _convert_chain(tokens[j + 1:], replaced, voice, nlp, first_done=True)   # "… and perform X" too
            suffix.append((" with " + partners, False))
            return True
        if tok.is_punct and tok.text != "-":
            return False
    return False


def _help_object(tokens: Sequence, replaced: dict[int, str], skip: set[int], suffix: list, voice: Voice) -> bool:
    """'(helped) the team migrate X' -> 'Migrated X with the team'."""
    window = []
    for tok in tokens[:8]:
        if tok.is_punct:
            break
        window.append(tok)
    found = next(((j, tok.lemma_) for j, tok in enumerate(window)
                  if j and tok.tag_ in ("VB", "VBP") and window[j - 1].tag_ not in ("DT", "JJ", "PRP$")), None)
    if found is None:
        return False
    j, lemma = found
    helped = "".join(t.text_with_ws for t in tokens[:j - 1 if tokens[j - 1].lower_ == "to" else j]).strip()
    skip.update(t.i for t in tokens[:j])
    replaced[tokens[j].i] = voice.form(lemma)
    if helped:
        suffix.append((" with " + helped, False))
    return True
