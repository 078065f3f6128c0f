"""Is a unit a statement of work? Only statements are judged; the rest of what a parser hands over is not.

A CV's parser cannot always tell a job header ("Front Desk Agent, Hilton – Austin, TX"), a keyword line or a
degree line from a bullet, and judging those as task-only bullets is noise a reader sees at once. The test reads
a unit's words, and its parts of speech (the spaCy tagger with cvlint's opening-verb step) where the words do
not decide; its thresholds and word lists are data: ``rules/statements.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise, takewhile

import yaml

from cvlint.lexicon import lexicon
from cvlint.parse.contact import EMAIL, PHONE, URL
from cvlint.parse.structure import opens_with_date
from cvlint.resources import data_dir

# What a unit that is not a statement reads as (the reasons `not_a_statement` gives; each is explained in
# ``reasons`` of rules/statements.yaml).
SHORT, TITLE, LIST_LINE, NO_VERB, FRAGMENT = "short", "title", "list-line", "no-verb", "fragment"
KEYWORDS, DEFINITION, CONTACT, FIELD = "keywords", "definition", "contact", "field"
CLAIM = "claim"   # a skill claim that is not otherwise a statement: only the claim rules read it
TAGS_NEEDED = "tags-needed"   # not an answer: run the tagger on the unit and ask again


@dataclass(frozen=True, slots=True)
class Statements:
    """The settings of ``rules/statements.yaml``."""

    min_words: int
    verbless_min_words: int
    sentence_ends: tuple[str, ...]
    tool_lexicon: str
    tool_list_min: int
    claim_rules: tuple[str, ...]
    list_sections: frozenset[str]
    work_nouns: frozenset[str]
    phone_min_digits: int
    lead_in_ends: tuple[str, ...]
    lead_in_max_words: int
    label_separators: re.Pattern
    label_max_words: int
    field_max_words: int
    grid_min: int
    definition_verbs: frozenset[str]
    definition_articles: frozenset[str]
    finite_tags: frozenset[str]
    modal_words: frozenset[str]
    described_within: int
    skip_openings: frozenset[str]
    untabled_endings: tuple[str, ...]
    title_words: frozenset[str]
    title_list_marks: frozenset[str]
    title_never_second: frozenset[str]
    title_lexicon: str
    profile_words: frozenset[str]
    cut_abbreviations: frozenset[str]
    passive_openings: frozenset[str]
    organisation_nouns: frozenset[str]
    duty_phrases: tuple[tuple[str, ...], ...]
    fragment_opening_pos: frozenset[str]
    fragment_ending_pos: frozenset[str]
    duty_sections: frozenset[str]
    duty_verb_tags: frozenset[str]
    duty_min_words: int
    reasons: dict[str, str]


@cache
def settings() -> Statements:
    raw = yaml.safe_load((data_dir("rules") / "statements.yaml").read_text(encoding="utf-8"))
    return Statements(
        min_words=int(raw["min_words"]),
        verbless_min_words=int(raw["verbless_min_words"]),
        sentence_ends=tuple(raw["sentence_ends"]),
        tool_lexicon=str(raw["tool_lexicon"]),
        tool_list_min=int(raw["tool_list_min"]),
        claim_rules=tuple(raw["claim_rules"]),
        list_sections=frozenset(raw["list_sections"]),
        work_nouns=frozenset(raw["work_nouns"]),
        phone_min_digits=int(raw["phone_min_digits"]),
        lead_in_ends=tuple(raw["lead_in_ends"]),
        lead_in_max_words=int(raw["lead_in_max_words"]),
        label_separators=re.compile("|".join(re.escape(sep) for sep in raw["label_separators"])),
        label_max_words=int(raw["label_max_words"]),
        field_max_words=int(raw["field_max_words"]),
        grid_min=int(raw["grid_min"]),
        definition_verbs=frozenset(raw["definition_verbs"]),
        definition_articles=frozenset(raw["definition_articles"]),
        finite_tags=frozenset(raw["finite_tags"]),
        modal_words=frozenset(raw["modal_words"]),
        described_within=int(raw["described_within"]),
        skip_openings=frozenset(raw["skip_openings"]),
        untabled_endings=tuple(raw["untabled_endings"]),
        title_words=frozenset(raw["title_words"]),
        title_list_marks=frozenset(raw["title_list_marks"]),
        title_never_second=frozenset(raw["title_never_second"]),
        title_lexicon=str(raw["title_lexicon"]),
        profile_words=frozenset(raw["profile_words"]),
        cut_abbreviations=frozenset(raw["cut_abbreviations"]),
        passive_openings=frozenset(raw["passive_openings"]),
        organisation_nouns=frozenset(raw["organisation_nouns"]),
        duty_phrases=tuple(tuple(p.split()) for p in raw["duty_phrases"]),
        fragment_opening_pos=frozenset(raw["fragment_opening_pos"]),
        fragment_ending_pos=frozenset(raw["fragment_ending_pos"]),
        duty_sections=frozenset(raw["duty_sections"]),
        duty_verb_tags=frozenset(raw["duty_verb_tags"]),
        duty_min_words=int(raw["duty_min_words"]),
        reasons=dict(raw["reasons"]),
    )


def not_a_statement(sdoc, section: str, tools: int, claimed: frozenset[int], lemma=None) -> str | None:
    """Why the unit `sdoc` of `section` is not a statement of work, or None when it is one. `tools`: how many tools
    of the tool lexicon it names; `claimed`: the tokens a claim rule's patterns matched (none: no claim), which are
    never the line's verb ("People skills", where the tagger reads "skills" as one). On a unit the tagger has not
    seen, `TAGS_NEEDED` where the answer depends on parts of speech: most bullets (long, capitalised, ending as a
    sentence) are decided without them, and so is a short or list-section line whose first word has neither a verb
    nor a work-noun reading in the lemmatizer's tables, when `lemma(lower, pos)` reads them (`OpeningVerbs.lemma`).
    A claim written as a sentence ("Proficient in Moodle, Canvas and Teams.") is a statement; one that is not
    otherwise a statement ("Strong communication skills") is `CLAIM`: the claim rules (`claim_rules`) judge it,
    the rest do not."""
    s = settings()
    if tools >= s.tool_list_min and section not in s.list_sections or claimed and sdoc.text.rstrip().endswith(
            s.sentence_ends):
        return None
    reason = _shape(sdoc, section, s, lemma, claimed)
    return CLAIM if claimed and reason not in (None, TAGS_NEEDED) else reason


def _shape(sdoc, section: str, s: Statements, lemma, claimed: frozenset[int]) -> str | None:
    """`not_a_statement` by the unit's shape and words alone."""
    words = [t for t in sdoc if not (t.is_punct or t.is_space)]
    if not words:
        return SHORT
    shouting = sdoc.text.isupper()
    text = sdoc.text.rstrip()
    lead_in = text.endswith(s.lead_in_ends) and len(words) <= s.lead_in_max_words
    if lead_in or not shouting and _title_shaped(sdoc, words, s):
        return TITLE
    first, last = words[0], words[-1]
    sentence = text.endswith(s.sentence_ends)
    if not sentence and _labels(text, s):
        return KEYWORDS
    if _contact(text, s):
        return CONTACT
    long = len(words) >= s.verbless_min_words
    definition = _definition_verb(words, s)
    describes = first.lower_ in s.definition_articles or any(t.lower_ in s.modal_words for t in words)
    dated = opens_with_date(text)
    # Only these cases read parts of speech; the small words a fragment opens or ends with are stop words, a
    # title, degree or organisation word near the start may open a job header or describe the employer, and a
    # colon may end a label before a list of names.
    if not (len(words) < s.min_words or section in s.list_sections or not (sentence or long)
            or first.is_stop or not sentence and last.is_stop or definition is not None or describes or dated
            or last.lower_ in s.cut_abbreviations or _names_job_or_firm(words[:s.described_within], s)
            or ":" in text):
        return None
    if not sdoc.has_annotation("TAG"):
        short = len(words) < s.min_words
        if (short or section in s.list_sections) and lemma is not None and not _may_open_work(first, lemma, s):
            return SHORT if short else LIST_LINE
        return TAGS_NEEDED
    opening = next((t for t in words if t.pos_ != "ADV" and t.lower_ not in s.skip_openings), first)
    opens_verb = (opening.i not in claimed and _is_verb(opening, shouting)
                  and not (_compound_head(opening) and not (sentence or long)))
    if len(words) < s.min_words and not opens_verb:
        return SHORT
    if section in s.list_sections:
        acts = opens_verb and (sentence or not _grid(text, s)) or opening.lemma_.lower() in s.work_nouns
        return None if acts else LIST_LINE
    verbs = [t for t in words if t.i not in claimed and _is_verb(t, shouting)]
    has_verb = bool(verbs) or _has_duty_phrase(words, s)
    if dated and not has_verb or not has_verb and _titled(words, s):
        return TITLE   # dates, then a title or place ("2015 - 2018. Senior Research Fellow, …"), or a bare title
    if not (has_verb or sentence or long) or not (sentence or long) and _infinitives_only(opening, verbs):
        return NO_VERB
    if not opens_verb and _names_after_label(sdoc, shouting, s):
        return KEYWORDS
    if not opens_verb and _field(sdoc, shouting, s):
        return FIELD
    if (opening.pos_ == "ADP" and not _hyphenated(opening) and not _has_duty_phrase(words, s)
            and not any(_acts(t) for t in verbs)):
        return FRAGMENT   # a preposition and no acting verb: "In accordance with established policy and state rules."
    if _passive_opening(opening, verbs, s) or _organisation_described(words, s):
        return DEFINITION
    if definition is not None and _defines(words, definition, s) or describes and _describes(words, s):
        return DEFINITION
    if (first.is_lower and first.pos_ in s.fragment_opening_pos or not sentence and last.pos_ in s.fragment_ending_pos
            or last.lower_ in s.cut_abbreviations):
        return FRAGMENT
    return None


def _may_open_work(first, lemma, s: Statements) -> bool:
    """Whether a short or list-section line's first word may open a statement, before the tagger has read it: a
    word with a verb reading ("Led", "Chaired"), a work noun ("Dissertation", "Projects"), a stop word or one of
    `untabled_endings` ("Also", "Successfully", "Refactored"), or a skipped opening ("I")."""
    lower = first.lower_
    return (first.is_stop or lower.endswith(s.untabled_endings) or lower in s.skip_openings
            or lemma(lower, "verb") is not None or (lemma(lower, "noun") or lower) in s.work_nouns)


def _is_verb(token, shouting: bool) -> bool:
    """A verb, unless it is a capitalised word of a title in a line that is not all capitals ("TEACHING
    ASSISTANT, Lincoln High"), a bare gerund naming an activity ("Hiring and training", "Event planning"), the
    first part of a hyphenated word ("Post-Doctoral", "site set-up") or a job or degree before "of" ("Head of
    Sales", "Master ofArts")."""
    if token.pos_ != "VERB" or token.is_upper and len(token) > 1 and not shouting:
        return False
    after = _after(token)
    if _hyphenated(token) or token.lower_ in lexicon(settings().title_lexicon) and _of(after):
        return False
    return not (token.tag_ == "VBG" and (after is None or after.is_punct or after.pos_ == "CCONJ"))


def _after(token):
    """The token after `token`, or None at the end."""
    return token.nbor(1) if token.i + 1 < len(token.doc) else None


def _hyphenated(token) -> bool:
    """The first part of a hyphenated word: "Post" of "Post-Doctoral", "On" of "On-call"."""
    after = _after(token)
    return after is not None and after.text == "-" and not token.whitespace_ and not after.whitespace_


def _of(token) -> bool:
    """The word "of", alone or glued to the next word by the extraction ("ofArts")."""
    return token is not None and (token.lower_ == "of" or token.text[:2] == "of" and token.text[2:3].isupper())


def _acts(token) -> bool:
    """A verb that acts rather than a participle describing the noun after it ("established policy")."""
    after = _after(token)
    return not (token.tag_ in ("VBN", "VBG") and after is not None and after.pos_ in ("NOUN", "PROPN", "ADJ"))


def _names_after_label(sdoc, shouting: bool, s: Statements) -> bool:
    """A short label, a colon and a list of names with no verb and no number: "Platforms: Linux, Windows, Real View
    Debugger for ARM", "Aircraft serviced include: Aero Commander, Beechcraft, Cessna and Piper"; more than half
    its words (small words aside) are names."""
    colon = _label_colon(sdoc, s)
    if colon is None:
        return False
    tail = [t for t in sdoc[colon + 1:] if t.is_alpha and not t.is_stop]
    names = sum(t.pos_ == "PROPN" or _list_item(t) for t in tail)
    return (sum(t.text == "," for t in sdoc[colon:]) >= 1 and names * 2 > len(tail)
            and not any(t.like_num for t in sdoc[colon + 1:])
            and not any(_is_verb(t, shouting) and not _list_item(t) for t in tail))


def _label_colon(sdoc, s: Statements) -> int | None:
    """The index of the first colon when the words before it are a label (at most `lead_in_max_words`), else None."""
    colon = next((t.i for t in sdoc if t.text == ":"), None)
    if colon is None or len([t for t in sdoc[:colon] if not t.is_punct]) > s.lead_in_max_words:
        return None
    return colon


def _field(sdoc, shouting: bool, s: Statements) -> bool:
    """A short label, a colon and a short value with no verb: "Team size: 4", "Front End : php"."""
    colon = _label_colon(sdoc, s)
    if colon is None:
        return False
    value = [t for t in sdoc[colon + 1:] if not (t.is_punct or t.is_space)]
    return 0 < len(value) <= s.field_max_words and not any(_is_verb(t, shouting) for t in value)


def _list_item(token) -> bool:
    """A capitalised word standing alone between commas: a name in a list, whatever its tag ("Transit, Vivaro")."""
    after = _after(token)
    return token.is_title and (after is None or after.text == "," or after.pos_ == "CCONJ")


def _infinitives_only(opening, verbs) -> bool:
    """A noun whose only verbs are infinitives after it: a trait or an aim ("Attention to detail", "Ability to
    multitask")."""
    return opening.pos_ == "NOUN" and bool(verbs) and all(t.i and t.nbor(-1).tag_ == "TO" for t in verbs)


def _names_job_or_firm(words, s: Statements) -> bool:
    """Whether these words hold a job title, degree or organisation noun (a line the tags may show is a title or
    describes the employer)."""
    titles = lexicon(s.title_lexicon)
    return any(t.lower_ in titles or t.lower_ in s.organisation_nouns for t in words)


def _titled(words, s: Statements) -> bool:
    """A verbless line whose opening words name a job or a degree ("Coordinator in the placement cell",
    "MCA from Rajarshi School of Management"): the last of its opening nouns is a job title or degree word, and
    no profile follows it ("Restaurant supervisor with eight years in busy kitchens" is a summary's statement)."""
    run = list(takewhile(lambda t: t.pos_ in ("NOUN", "PROPN", "ADJ"), words))
    after = words[len(run)].lower_ if len(run) < len(words) else None
    return (bool(run) and run[-1].pos_ in ("NOUN", "PROPN") and run[-1].lower_ in lexicon(s.title_lexicon)
            and after not in s.profile_words)


def _passive_opening(opening, verbs, s: Statements) -> bool:
    """A participle of these verbs and then a preposition: what a product is for or where a firm is ("Used in
    online ordering", "Based in Leeds"), where no past-tense verb says what the person did ("Based in Leeds, I ran
    payroll")."""
    after = _after(opening)
    return (opening.tag_ == "VBN" and opening.lemma_.lower() in s.passive_openings and after is not None
            and after.pos_ == "ADP" and not any(t.tag_ == "VBD" for t in verbs))


def _organisation_described(words, s: Statements) -> bool:
    """A line with no finite verb whose opening noun phrase ends in an organisation noun followed by what it does
    ("Consulting firm providing portal technology to enterprise customers")."""
    if any(t.tag_ in s.finite_tags for t in words):
        return False
    run = list(takewhile(lambda t: t.pos_ in ("NOUN", "PROPN", "ADJ") or t.tag_ == "VBG", words))
    heads = [i for i, t in enumerate(run) if t.pos_ == "NOUN" and t.lemma_.lower() in s.organisation_nouns]
    return bool(heads) and heads[-1] + 1 < len(words) and words[heads[-1] + 1].tag_ in ("VBG", "VBN", "IN", "WDT")


def _compound_head(token) -> bool:
    """A base-form opening word right before a noun may head a compound rather than act: "Budget planning",
    "Team player" (while "Prepared payroll" and "Manage the rota" act). The statement test reads it so only in a
    short line that does not end as a sentence ("Orchestrate aircraft maintenance across 12 work centers, …"
    states work)."""
    after = _after(token)
    return token.tag_ in ("VB", "VBP") and after is not None and after.pos_ in ("NOUN", "PROPN")


def _title_shaped(sdoc, words, s: Statements) -> bool:
    """Every word capitalised but the small words a title may hold, and no closing full stop unless the line is one
    phrase, no list, no percentage or amount of money, and no lower-case article for its second word: a job title, a
    company and place, a heading, a course or award name ("Completed OSHA Safety Training Course.", but not "Debtors
    Reconciliation, Creditors Recon, Fixed Asset Register.", "Achieved 138% of Goal." or "Supervise a Marketing
    Associate")."""
    if any(t.is_currency or t.text == "%" for t in sdoc) or len(words) > 2 and words[1].text in s.title_never_second:
        return False   # a result ("Achieved 138% of Goal."), or a verb and its object ("Assist the Northeast …")
    content = [t for t in sdoc if t.is_alpha and t.lower_ not in s.title_words]
    one_phrase = not any(t.text in s.title_list_marks for t in sdoc)
    return bool(content) and all(t.text[0].isupper() for t in content) and (
        one_phrase or not sdoc.text.rstrip().endswith("."))


def _has_duty_phrase(words, s: Statements) -> bool:
    lowered = [t.lower_ for t in words]
    return any(lowered[i:i + len(p)] == list(p) for p in s.duty_phrases for i in range(len(lowered)))


def _labels(text: str, s: Statements) -> bool:
    """Two or more short capitalised items between separators: "Account management, Vendor management", "Team
    player, • Self-starter"."""
    items = _items(text, s)
    return len(items) >= 2 and all(item[:1].isupper() and len(item.split()) <= s.label_max_words for item in items)


def _grid(text: str, s: Statements) -> bool:
    """A keyword grid: `grid_min` or more short items between separators, whatever their case ("streamline,
    budget, calculators, configuration management, …": its opening word is a keyword, not a verb)."""
    items = _items(text, s)
    return len(items) >= s.grid_min and all(len(item.split()) <= s.label_max_words for item in items)


def _items(text: str, s: Statements) -> list[str]:
    """The non-empty items between the label separators."""
    return [item for item in (part.strip() for part in s.label_separators.split(text)) if item]


def _contact(text: str, s: Statements) -> bool:
    """An e-mail address or a phone number, or links with fewer than `min_words` other words."""
    if EMAIL.search(text) or any(sum(c.isdigit() for c in m.group()) >= s.phone_min_digits
                                 for m in PHONE.finditer(text)):
        return True
    rest = URL.sub(" ", text)
    return rest != text and len(re.findall(r"[^\W\d_]{2,}", rest)) < s.min_words


def _definition_verb(words, s: Statements) -> int | None:
    """Where a definition's verb may stand, by the words alone: the index in `words` of the word after a
    capitalised name and before an article ("Bendell Design is a …", "BendellDesign is a …")."""
    for i in range(1, len(words) - 1):
        if not words[i - 1].text[:1].isupper():
            return None
        if words[i + 1].lower_ in s.definition_articles:
            return i
    return None


def _defines(words, i: int, s: Statements) -> bool:
    """The word at `i` is a copula ("is", "was") whose subject is a name: a definition."""
    return (words[i].pos_ == "AUX" and words[i].lemma_ in s.definition_verbs
            and any(t.pos_ == "PROPN" for t in words[:i]))


def _describes(words, s: Statements) -> bool:
    """An article, a thing and a participle after it, and no finite verb ("A simple resume parser used for …"), or
    a subject other than the person and a modal before any verb ("Users can monitor …", "This may include …"):
    what a product or a job is or does."""
    if words[0].lower_ in s.definition_articles:
        head = words[:s.described_within]
        made = any(t.tag_ == "VBN" and a.pos_ in ("NOUN", "PROPN") for a, t in pairwise(head))
        return made and not any(t.tag_ in s.finite_tags for t in words)
    for t in words:
        if t.tag_ == "MD":
            return words[0].pos_ in ("NOUN", "PROPN") or _third_person(words[0])
        if t.pos_ in ("VERB", "AUX"):
            return False
    return False


def _third_person(token) -> bool:
    """A pronoun or determiner standing for a thing ("This", "It"), not for the person ("I", "We")."""
    return token.pos_ in ("PRON", "DET") and "1" not in token.morph.get("Person")
