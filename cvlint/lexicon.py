"""Word lists kept as data: `rules/lexicons/<name>.txt`, one entry per line.

An entry is a phrase or a token pattern written as a YAML flow list (``[{LOWER: from}, …]``);
``#`` starts a comment at a line's start or after a space, so "C#" stays a term.
"""

import re
from collections.abc import Iterator
from functools import cache

from cvlint.resources import data_dir

_COMMENT = re.compile(r"(^|\s)#.*$")


def entries(text: str) -> Iterator[tuple[int, str]]:
    """(line number, entry) for every non-empty line, comments removed."""
    for number, line in enumerate(text.splitlines(), 1):
        entry = _COMMENT.sub("", line).strip()
        if entry:
            yield number, entry


@cache
def lexicon(name: str) -> frozenset[str]:
    """The phrases of a shipped lexicon, lower-cased (token patterns are for the rule engine only)."""
    text = (data_dir("rules") / "lexicons" / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(" ".join(e.lower().split()) for _, e in entries(text) if not e.startswith("["))
