"""The coach's data file, `suggest.yaml`: wording, vocabularies and templates, loaded once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml


@cache
def phrasebook() -> dict:
    """The coach's data file (suggest.yaml), loaded once (with PyYAML's C loader where it was built: 3 ms, not 26)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((files("cvlint.coach") / "suggest.yaml").read_text(encoding="utf-8"), Loader=loader)


def fill(template: str, currency: str) -> str:
    """A template with the CV's currency in place of {currency}."""
    return template.replace("{currency}", currency)
