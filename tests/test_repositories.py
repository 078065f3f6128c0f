"""The pre-commit hook for CV repositories: which files it runs on, and (where pre-commit is installed) a real run."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _hook() -> dict:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


def test_the_hook_runs_cvlint_check_on_cv_files_only():
    hook = _hook()
    assert hook["id"] == "cvlint" and hook["entry"] == "cvlint check" and hook["language"] == "python"
    files = re.compile(hook["files"])
    for name in ("cv.md", "CV.pdf", "resume.json", "docs/Resume-2026.docx", "Résumé.txt", "curriculum-vitae.md"):
        assert files.search(name), name
    for name in ("README.md", "package.json", "notes.txt", "docs/cover-letter.md", "cv.png", "recv.md"):
        assert not files.search(name), name


@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                    reason="pre-commit is not installed (pip install pre-commit)")
def test_pre_commit_try_repo_runs_the_hook_on_the_cv_and_fails_on_its_warnings(tmp_path):
    repo = tmp_path / "my-cv"
    repo.mkdir()
    (repo / "cv.md").write_text("# Sam Lee\n\n## Experience\n\n### Line cook, Harbour Bistro, 2021 – 2024\n\n"
                                "- Responsible for prepping vegetables and sauces.\n", encoding="utf-8")
    (repo / "README.md").write_text("# My CV\n\nSource of my CV.\n", encoding="utf-8")
    run = lambda *args: subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=900)  # noqa: E731
    run("git", "init", "-q")
    run("git", "add", ".")
    result = run("pre-commit", "try-repo", str(ROOT), "cvlint", "--all-files")
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "cv.md" in result.stdout and "weak-opening" in result.stdout
    assert "README.md" not in result.stdout
