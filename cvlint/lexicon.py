"""Word lists kept as data: `rules/lexicons/<name>.txt`, one entry per line, '#' comments."""

from functools import cache
from pathlib import Path

from cvlint.resources import data_dir


def read_lexicon(path: Path) -> tuple[str, ...]:
    """The entries of one lexicon file, in order, without comments or blank lines."""
    entries = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(dict.fromkeys(e for e in entries if e))


@cache
def lexicon(name: str) -> frozenset[str]:
    """A shipped lexicon as a set of lower-cased entries."""
    return frozenset(e.lower() for e in read_lexicon(data_dir("rules") / "lexicons" / f"{name}.txt"))
