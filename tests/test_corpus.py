"""The parser on the shared corpus of 110 real CVs: the targets of the parser issue."""

import csv
import re
from difflib import SequenceMatcher
from functools import cache

import pytest

from corpus import CORPUS, needs

from cvlint.errors import CvlintError
from cvlint.parse import parse

REAL = CORPUS / "real"
pytestmark = needs("real")


@cache
def manifest() -> dict[str, dict]:
    with (REAL / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


@cache
def parsed(file: str):
    try:
        return parse(REAL / file)
    except CvlintError as exc:
        return exc


def _twins() -> list[tuple[str, str]]:
    pairs = set()
    for file, row in manifest().items():
        m = re.search(r"(?:DOCX|PDF) twin = (\S+\.(?:pdf|docx))", row["notes"])
        if m:
            pairs.add(tuple(sorted((file, m.group(1)))))
    return sorted(pairs)


def test_every_text_layer_file_parses():
    failed = {f: parsed(f).code for f, row in manifest().items()
              if row["has_text_layer"] == "yes" and isinstance(parsed(f), CvlintError)}
    assert not failed


def test_at_least_97_percent_of_text_layer_cvs_yield_bullets():
    files = [f for f, row in manifest().items() if row["has_text_layer"] == "yes"]
    without = [f for f in files if isinstance(parsed(f), CvlintError) or not parsed(f).bullets]
    assert len(without) <= 0.03 * len(files), without


@pytest.mark.parametrize("file, code", [("pdf/bjherger-17.pdf", "no-text-layer"),
                                        ("pdf/bjherger-9.pdf", "garbled-text")])
def test_unreadable_pdfs_get_their_codes(file, code):
    result = parsed(file)
    assert isinstance(result, CvlintError) and result.code == code


def test_content_controls_docx_yields_its_bullets():
    doc = parsed("docx/ghcv-23.docx")
    assert any("Kibana" in b.text for b in doc.section("experience")[0].bullets)


def test_non_english_cvs_are_parsed_and_marked():
    for file, row in manifest().items():
        if row["language"] != "en" and row["has_text_layer"] == "yes":
            assert parsed(file).language == row["language"], file


def test_twins_give_the_same_bullets():
    """The same CV as PDF and DOCX yields the same experience and project text, bullet for bullet where the
    file splits it the same way (a DOCX may hold as one paragraph what its PDF shows as separate lines).
    One test over the twin pairs: listing them reads the manifest, which collection must not do."""
    assert _twins()
    for a, b in _twins():
        _check_twins(a, b)


def test_twins_group_entries_alike():
    """A PDF groups each section's lines into entries as its DOCX twin does (one job one entry, each education
    line not an entry of its own) in at least 90% of the sections the twins share a language in."""
    same, sections = 0, 0
    for a, b in _twins():
        if manifest()[a]["language"] != manifest()[b]["language"]:
            continue
        counts = [_entries_per_section(parsed(f)) for f in (a, b)]
        for name in set(counts[0]) | set(counts[1]):
            sections += 1
            same += counts[0].get(name) == counts[1].get(name)
    assert sections and same >= 0.9 * sections, (same, sections)


def _entries_per_section(doc) -> dict[str, int]:
    counts: dict[str, int] = {}
    for section in doc.sections:
        counts[section.name] = counts.get(section.name, 0) + len(section.entries)
    return counts


def _check_twins(a: str, b: str) -> None:
    da, db = parsed(a), parsed(b)
    if manifest()[a]["language"] != manifest()[b]["language"]:  # translations: only the structure compares
        assert len(da.sections) and len(db.sections)
        return
    ta = [x.text for x in da.bullets if x.section in ("experience", "projects")]
    tb = [x.text for x in db.bullets if x.section in ("experience", "projects")]
    assert ta and tb
    assert SequenceMatcher(None, " ".join(ta), " ".join(tb), autojunk=False).ratio() > 0.9, (a, b)
    fewer, more = sorted((ta, tb), key=len)   # a unit inside its twin's paragraph matches it
    matched = sum(1 for t in more if any(t in u or SequenceMatcher(None, t, u).ratio() > 0.85 for u in fewer))
    assert matched >= 0.66 * max(len(ta), len(tb)), (a, b, matched, len(ta), len(tb))
