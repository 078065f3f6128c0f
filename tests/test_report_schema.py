"""`cvlint/schemas/report.schema.json` describes exactly what `check --format json/jsonl` and `score_path` return:
validated against the sample CVs, an error row, a non-English CV and, where the corpus is beside the checkout, real
CVs."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from corpus import CORPUS, needs

from cvlint.api import score_path
from cvlint.cli import cli
from cvlint.errors import ERROR_CODES
from cvlint.model import SECTION_NAMES
from cvlint.pipeline import Options
from cvlint.run.schedule import run

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [str(ROOT / "samples" / f"ana-costa.{ext}") for ext in ("pdf", "docx", "md")]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((files("cvlint") / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _check(*args: str) -> str:
    result = CliRunner().invoke(cli, ["check", *args, "--isolated", "--exit-zero", "--no-progress", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_samples_rows_are_valid_in_jsonl_and_json(validator):
    rows = [json.loads(line) for line in _check(*SAMPLES, "--format", "jsonl", "--market", "uk").splitlines()]
    assert [r["format"] for r in rows] == ["pdf", "docx", "markdown"] and all("market" in r for r in rows)
    for row in rows:
        validator.validate(row)
    (one,) = json.loads(_check(SAMPLES[0], "--format", "json"))
    validator.validate(one)
    assert one["tier"]["label"] and one["bullets"][0]["bbox"] and "market" not in one


def test_an_error_row_and_a_non_english_cv_are_valid(validator, tmp_path):
    hostile = tmp_path / "cv.pdf"
    hostile.write_bytes(b"%PDF-1.7\n1 0 obj << /Length 99999 >> stream\n\x00\xff")
    german = tmp_path / "lebenslauf.txt"
    german.write_text("Berufserfahrung\nDatenanalystin | Acme GmbH | 2020 - 2023\n"
                      "- Verantwortlich für die Pflege der monatlichen Berichte und Dashboards im Team.\n"
                      "- Entwicklung von Datenpipelines für die Abteilung Finanzen und Controlling.\n",
                      encoding="utf-8")
    rows = [json.loads(line) for line in _check(str(hostile), str(german), "--format", "jsonl").splitlines()]
    assert rows[0]["status"] == "error" and rows[1]["tier"] == {"label": None, "reason": "unsupported-language"}
    for row in rows + [score_path(b"")]:
        validator.validate(row)


def test_a_row_that_breaks_the_contract_is_refused(validator):
    row = score_path((ROOT / "samples" / "ana-costa.md").read_bytes(), name="ana.md")
    validator.validate(row)
    for broken in ({**row, "extra": 1}, {**row, "score": 101}, {**row, "status": "error"},
                   {**row, "tier": {**row["tier"], "label": "senior"}},
                   {"schema": "cvlint/report@1", "file": "x", "status": "error", "error": {"code": "oops",
                                                                                        "message": "m"}}):
        assert not validator.is_valid(broken)


def test_the_schema_lists_every_error_code_and_section_name(validator):
    defs = validator.schema["$defs"]
    assert defs["error"]["properties"]["error"]["properties"]["code"]["enum"] == list(ERROR_CODES)
    assert defs["section"]["properties"]["name"]["enum"] == list(SECTION_NAMES)


@needs("real")
def test_real_cvs_rows_are_valid(validator):
    paths = sorted((CORPUS / "real" / "pdf").glob("*.pdf"))[:4] + sorted((CORPUS / "real" / "docx").glob("*.docx"))[:2]
    assert paths
    for row in run([(str(p), str(p)) for p in paths], Options(), jobs=2):
        validator.validate(row)
