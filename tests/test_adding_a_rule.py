"""Adding a built-in rule takes two YAML files and no Python (rules/README.md): the rule and its fixture, written
into a copy of the checkout, reach `rules`, `explain`, `check`, `suggest` and the guard tests unchanged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

RULE = """\
id: vague-quantity
kind: existence
signal: weak
severity: suggestion
scope: bullet
sections: [experience, projects, volunteering]
message: "'{match}' stands where a count would tell the reader how much."
why: >
  "Various" and "numerous" ask the reader to guess the size of the work. A count, even a rough one, shows it.
example:
  bad: "Handled various customer complaints at the front desk."
  good: "Handled 30 customer complaints a week at the front desk."
suggest: "Replace '{match}' with how many."
coach:
  rewrite: number
  lacks: [count]
source: "team style guide"
patterns:
  - [{LOWER: {IN: [various, numerous, countless, multiple]}}]
"""

FIXTURE = """\
rule: vague-quantity
fail:
  - {text: "Handled various customer complaints at the front desk.", match: "various"}
  - "Trained numerous new starters on the till."
  - "Cooked for multiple functions every weekend."
pass:
  - "Handled 30 customer complaints a week at the front desk."
  - "Trained six new starters on the till."
  - "Cooked for weddings and birthday functions."
"""

CV = "EXPERIENCE\nWaiter, The Old Mill, 2018 - 2020\n- Served numerous tables during busy weekend shifts.\n"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A copy of the checkout's code, data and tests, plus the new rule and its fixture: no Python changed."""
    copy = tmp_path_factory.mktemp("checkout")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "_data")
    for folder in ("cvlint", "rules", "models", "tests"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", copy)
    (copy / "rules" / "vague-quantity.yaml").write_text(RULE, encoding="utf-8")
    (copy / "tests" / "fixtures" / "rules" / "vague-quantity.yaml").write_text(FIXTURE, encoding="utf-8")
    (copy / "cv.txt").write_text(CV, encoding="utf-8")
    return copy


def run(checkout: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *args], cwd=checkout, env=env, capture_output=True, text=True,
                          timeout=600)


def cvlint(checkout: Path, *args: str) -> str:
    done = run(checkout, "-m", "cvlint", *args, "--isolated")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_copy_runs_its_own_code(checkout):
    done = run(checkout, "-c", "import cvlint; print(cvlint.__file__)")
    assert Path(done.stdout.strip()).is_relative_to(checkout), done.stdout


def test_the_new_rule_is_listed_and_explained(checkout):
    assert "vague-quantity" in cvlint(checkout, "rules")
    explained = cvlint(checkout, "explain", "vague-quantity")
    assert "stands where a count would tell" in explained and "Handled various customer complaints" in explained


def test_the_new_rule_fires_in_check_and_its_coaching_reaches_suggest(checkout):
    (report,) = [json.loads(line) for line in cvlint(checkout, "check", "cv.txt", "--format", "jsonl",
                                                     "--exit-zero").splitlines()]
    assert [f["match"] for f in report["findings"] if f["rule"] == "vague-quantity"] == ["numerous"]
    (item,) = [s for s in json.loads(cvlint(checkout, "suggest", "cv.txt", "--format", "json"))[0]["suggestions"]
               if "vague-quantity" in [f["rule"] for f in s["findings"]]]
    assert item["questions"], "the rule's `coach.lacks` asks its question"


def test_the_guard_tests_run_over_the_new_rule(checkout):
    done = run(checkout, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_catalog.py",
               "tests/test_rules.py", "-k", "vague-quantity")
    assert done.returncode == 0, done.stdout[-3000:]
    passed = int(done.stdout.strip().splitlines()[-1].split(" passed")[0].split()[-1])
    assert passed == 3 + 6, done.stdout[-500:]   # naming, fixture size, examples; each of the fixture's six cases
