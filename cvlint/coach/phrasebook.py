"""The coach's data file, `suggest.yaml`: wording, vocabularies and templates, loaded once."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import yaml


@cache
def phrasebook() -> dict:
    """The coach's data file (suggest.yaml), loaded once (with PyYAML's C loader where it was built: 3 ms, not 26)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((files("cvlint.coach") / "suggest.yaml").read_text(encoding="utf-8"), Loader=loader)


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def compiled() -> dict:
    """The phrase book's patterns: the duty opening, its kind, knowledge claims, a leading 'Label:'."""
    book = phrasebook()
    opening = re.compile(rf"^(?:(?:{_alternation(book['prefixes'])})\s+)?"
                         rf"(?P<opening>{_alternation({o['pattern'] for o in book['openings']})})(?![\w-])[\s:,-]*",
                         re.I)
    return {"opening": opening, "kinds": {o["pattern"]: o["kind"] for o in book["openings"]},
            "knowledge": [re.compile(p, re.I) for p in book["knowledge_claims"]],
            "label": re.compile(r"^(?P<label>[^:.;]{1,40}?):\s+(?=\S)")}


def fill(template: str, currency: str) -> str:
    """A template with the CV's currency in place of {currency}."""
    return template.replace("{currency}", currency)
