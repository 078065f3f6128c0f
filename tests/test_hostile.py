"""Hostile and awkward inputs end to end (corpus/bad/README.md): every file gets the behaviour its README row
names through `check FILE`, `check DIR` (json, jsonl, csv) and `cvlint.api.score_path`, in bounded time and
memory, and text from a CV (or a file name) never reaches a terminal as escapes or a spreadsheet as a formula."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from corpus import CORPUS, needs
from ptyrun import run_on_pty

from cvlint.cli import cli
from cvlint.config import PDF_ENGINES

ROOT = Path(__file__).resolve().parents[1]
BAD = CORPUS / "bad"
needs_corpus = needs("bad")

GOOD_TEXT = ("Ana Silva\n\nEXPERIENCE\nData Engineer | Acme | 2020 – 2023\n"
             "- Cut nightly pipeline runtime from 6 hours to 40 minutes for 12 analysts.\n"
             "- Responsible for maintaining dashboards.\n")


def _expect(name: str, row: dict) -> None:
    """The README's row for `name`, as a check of the object an entry point gave for it."""
    code = (row.get("error") or {}).get("code")
    message = (row.get("error") or {}).get("message", "")
    either = {"truncated.pdf", "garbage_xref.pdf", "deep_nested_page_tree.pdf", "ref_cycle_contents.pdf",
              "cyclic_page_tree_and_xobject.pdf", "billion_laughs.docx",
              "xxe_external_entity.docx"}  # the README asks only that the entity's target never shows (_no_leak)
    errors = {"empty.pdf": "empty", "empty.docx": "empty", "encrypted_user_password.pdf": "encrypted",
              "scanned_image_only.pdf": "no-text-layer", "long_320_pages.pdf": "too-many-pages",
              "really_html.pdf": "unsupported-format", "legacy_doc_renamed.docx": "legacy-doc",
              "plain_zip.docx": "unsupported-format", "zip_bomb.docx": "too-large",
              "huge_100k_paragraphs.docx": "too-large"}
    if name in errors:
        assert row["status"] == "error" and code == errors[name], (name, row.get("error"))
        assert "\n" not in message and "Traceback" not in message
        if name == "really_html.pdf":
            assert "HTML" in message
        if name == "encrypted_user_password.pdf":
            assert "password" in message
    elif name in either:
        assert row["status"] == "ok" or code == "corrupt", (name, row.get("error"))
    else:  # everything else is analysed
        assert row["status"] == "ok", (name, row.get("error"))
    if name.startswith("good_cv") or name == "encrypted_owner_only.pdf":
        assert row["summary"]["bullets"] > 0 and row["sections"] and row["tier"]["label"] is not None, name
    if name in ("cv_german.pdf", "cv_arabic_rtl.docx"):
        assert row["tier"] == {"label": None, "reason": "unsupported-language"} and row["score"] is None, name
        assert row["language"] == ("de" if name.endswith(".pdf") else "ar"), (name, row["language"])
    if name == "cv_emoji_bullets.docx":
        assert row["summary"]["bullets"] > 0
        for bullet in row["bullets"]:
            first = bullet["text"][:1]
            assert first and unicodedata.category(first) not in ("So", "Sk", "Co", "Cn"), bullet["text"]
    if name in ("cv_latin1.txt", "cv_utf16.txt"):
        source = (BAD / name).read_bytes()
        text = " ".join(source.decode("utf-16" if name == "cv_utf16.txt" else "latin-1").split())
        for bullet in row["bullets"]:  # every judged line is the file's own text, accents intact
            assert " ".join(bullet["text"].split()) in text, (name, bullet["text"])


def _leaked_lines() -> list[str]:
    """Lines of the local files the XXE sample points at: none may appear in any output."""
    data = zipfile.ZipFile(BAD / "xxe_external_entity.docx").read("word/document.xml").decode("utf-8", "replace")
    lines = []
    for target in re.findall(r'SYSTEM\s+"file://([^"]+)"', data):
        try:
            lines += [ln.strip() for ln in Path(target).read_text(errors="replace").splitlines()
                      if len(ln.strip()) >= 8]
        except OSError:
            continue
    return lines


def _no_leak(output: str) -> None:
    for line in _leaked_lines():
        assert line not in output, "text of a file named by an external entity reached the output"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """All the bad files plus good CVs, linked into one folder."""
    if not (BAD / "README.md").exists():
        pytest.skip("the shared corpus (../shared/corpus/bad) is not beside this checkout")
    root = tmp_path_factory.mktemp("hostile")
    for path in sorted(BAD.iterdir()):
        if path.name != "README.md":
            (root / path.name).symlink_to(path)
    (root / "good_one.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root / "good_two.md").write_text("# Ben Ode\n\n## Experience\n\n- Shipped a billing service used by 40,000 "
                                      "customers, cutting failed payments by 18%.\n", encoding="utf-8")
    return root


def _name(row: dict) -> str:
    return Path(row["file"]).name


@needs_corpus
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_check_dir_gives_every_input_its_row(folder, runner, fmt):
    result = runner.invoke(cli, ["check", str(folder), "--format", fmt, "--jobs", "2", "--isolated"])
    assert result.exit_code == 1, result.output
    names = sorted(p.name for p in folder.iterdir())
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [_name(r) for r in rows] == names
        for row in rows:
            errors = {"empty.pdf": "empty", "zip_bomb.docx": "too-large", "long_320_pages.pdf": "too-many-pages"}
            assert row["error_code"] == errors.get(row["file"].rsplit("/", 1)[-1], row["error_code"])
            assert "\n" not in row["error"]
        assert {r["status"] for r in rows if _name(r).startswith("good")} == {"ok"}
    else:
        rows = _rows(result.stdout) if fmt == "jsonl" else json.loads(result.stdout)
        assert [_name(r) for r in rows] == names
        for row in rows:
            if not row["file"].endswith(("good_one.txt", "good_two.md")):
                _expect(_name(row), row)
            else:
                assert row["status"] == "ok" and row["tier"]["label"]
    assert "Traceback" not in result.output
    _no_leak(result.output)


def _rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@needs_corpus
def test_check_each_file_alone(runner):
    for path in sorted(BAD.iterdir()):
        if path.name == "README.md":
            continue
        start = time.perf_counter()
        result = runner.invoke(cli, ["check", str(path), "--format", "json", "--isolated"])
        assert time.perf_counter() - start < 10, f"{path.name}: over 10 s"
        (row,) = json.loads(result.stdout)
        _expect(path.name, row)
        assert result.exit_code in ((1,) if row["status"] == "error" else (0, 1)), (path.name, result.output)
        assert "Traceback" not in result.output
        _no_leak(result.output)
        text = runner.invoke(cli, ["check", str(path), "--isolated"])
        assert text.exit_code == result.exit_code and "Traceback" not in text.output
        _no_leak(text.output)
        if row["status"] == "error":  # one line that names the problem and what to do
            line = text.stderr.strip()
            assert line.count("\n") == 0 and line.startswith(f"cvlint: {path}: ") and "(" in line, line


@needs_corpus
@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_score_path_in_bounded_time_and_memory(engine):
    """Each bad file through the API with each PDF engine, in a fresh process: the codes the README names, under
    10 s each and 1 GiB peak for all of them."""
    script = f"""
import json, resource, sys, time
from pathlib import Path
from cvlint.api import score_path
score_path(b"warm up")
out = {{}}
for path in sorted(Path({str(BAD)!r}).iterdir()):
    if path.name == "README.md":
        continue
    start = time.perf_counter()
    row = score_path(str(path), pdf_engine={engine!r})
    also = score_path(path.read_bytes(), name=path.name, pdf_engine={engine!r})
    out[path.name] = [row, time.perf_counter() - start, also]
print(json.dumps({{"rows": out, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
           "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    for name, (row, seconds, also) in result["rows"].items():
        _expect(name, row)
        assert seconds < 10, f"{name} took {seconds:.1f} s (path and bytes)"
        assert also["file"] == name and also["status"] == row["status"]
        assert also.get("error", {}).get("code") == row.get("error", {}).get("code")
    assert result["peak_kib"] < 1024 * 1024, f"peak RSS {result['peak_kib'] / 1024:.0f} MiB"
    _no_leak(proc.stdout)


def test_csv_cells_from_file_names_are_defanged(runner, tmp_path):
    names = ["=HYPERLINK(\"https:x.test\",\"y\").txt", "+SUM(1+1).txt", "-2+3.txt", "@cmd.txt", "\tTAB.txt"]
    for name in names:
        (tmp_path / name).write_text(GOOD_TEXT, encoding="utf-8")
    (tmp_path / "=empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["check", "--format", "csv", "--isolated", "--", *names, "=empty.txt"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "file" and len(rows) == len(names) + 2
    for row in rows[1:]:
        assert row[0].startswith("'") and row[0][1:] in names + ["=empty.txt"], row
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    out = tmp_path / "out.csv"
    runner.invoke(cli, ["check", "--format", "csv", "-o", str(out), "--isolated", "--", *names[:2]])
    resumed = runner.invoke(cli, ["check", "--format", "csv", "-o", str(out), "--resume", "--isolated", "--",
                                  *names])
    assert resumed.exit_code in (0, 1)
    files = [r["file"] for r in csv.DictReader(out.open(newline=""))]
    assert sorted(files) == sorted("'" + n for n in names), "--resume recognises its own defanged cells"


ESCAPES = ["\x1b]0;pwned-title\x07", "\x1b[31;1m", "\x1b[2J", "\x1bP+q\x1b\\", "\x9b6n", "\x1b]52;c;ZXZpbA==\x07",
           "\x1b]8;;http://evil.test\x1b\\link\x1b]8;;\x1b\\", "\u202e", "\x07", "\x08\x08\x08"]
HOSTILE_CV = (f"Eve {ESCAPES[0]}Mallory\n\nEXPERIENCE\nEngineer | Evil{ESCAPES[5]} Corp | 2020 – 2023\n"
              f"- Responsible for {ESCAPES[2]}dashboards{ESCAPES[3]} and reports.\n"
              f"- Cut costs by 30%{ESCAPES[4]} for {ESCAPES[6]} 12 teams {ESCAPES[7]}gnp{ESCAPES[8]}{ESCAPES[9]}.\n"
              f"\nSUMMARY {ESCAPES[1]}\nData person {ESCAPES[1]}who likes data.\n")


def _assert_clean(text: str) -> None:
    for bad in ("\x1b", "\x9b", "\x07", "\x08", "\u202e"):
        assert bad not in text, f"{bad!r} from a CV reached the terminal"


def test_terminal_escapes_in_a_cv_never_reach_the_terminal(runner, tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text(HOSTILE_CV, encoding="utf-8")
    evil_name = tmp_path / "name\x1b]0;x\x07\x1b[31m.txt"
    evil_name.write_text(HOSTILE_CV, encoding="utf-8")
    empty_name = tmp_path / "empty\x1b[2J\x9b1m.pdf"
    empty_name.write_bytes(b"")
    for args in (["check", str(evil)], ["check", str(evil_name)], ["check", str(tmp_path)],
                 ["check", str(empty_name)], ["check", str(tmp_path), "--statistics"],
                 ["check", str(tmp_path), "--format", "github"]):
        result = runner.invoke(cli, [*args, "--isolated"], env={"NO_COLOR": "1"})
        assert result.exit_code == 1, result.output
        _assert_clean(result.stdout)
        _assert_clean(result.stderr)


def test_terminal_escapes_never_reach_a_real_terminal(tmp_path):
    """On a pseudo-terminal rich styles the report, but none of the CV's own sequences get through."""
    evil = tmp_path / "evil.txt"
    evil.write_text(HOSTILE_CV, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
           "TERM": "xterm-256color", "PYTHONWARNINGS": "ignore", "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("NO_COLOR", None)
    _, seen = run_on_pty([sys.executable, "-m", "cvlint", "check", str(evil), "--isolated", "--verbose"], cwd=tmp_path,
                         env=env, stdout_on_pty=True)  # the long form: every bullet's text reaches the screen
    text = seen.decode("utf-8", "replace")
    assert "Cut costs by 30%" in text and "dashboards" in text
    for payload in ("\x1b]0;", "\x1b]52;", "\x1b]8;", "\x1b[2J", "\x1bP", "\x9b", "\x07", "\u202e", "\x08"):
        assert payload not in text, f"{payload!r} from the CV reached the terminal"


# ------------------------------------------------------------------------------ classes of hostile input

RUSSIAN_CV = ("Иван Петров\n\nОПЫТ РАБОТЫ\nИнженер-программист, ООО Ромашка, 2019 – 2023\n"
              "- Разработал сервис обработки платежей для 2 млн клиентов.\n- Сократил время ответа API на 40%.\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_and_its_language_detected(runner, tmp_path, codec):
    (tmp_path / "ru.txt").write_bytes(RUSSIAN_CV.encode(codec))
    (tmp_path / "en.txt").write_bytes(GOOD_TEXT.encode(codec))
    result = runner.invoke(cli, ["check", "ru.txt", "en.txt", "--format", "jsonl", "--isolated", "--jobs", "1"])
    ru, en = _rows(result.stdout)
    assert ru["status"] == "ok" and ru["language"] == "ru" and ru["tier"]["label"] is None
    assert en["status"] == "ok" and en["language"] == "en" and en["tier"]["label"]
    assert any("pipeline runtime" in b["text"] for b in en["bullets"])


def test_a_file_over_the_size_limit_names_the_option_and_the_limit_in_one_unit(runner, tmp_path):
    (tmp_path / "big.txt").write_bytes(GOOD_TEXT.encode() + b" " * (int(20.5 * 2**20) - len(GOOD_TEXT)))
    result = runner.invoke(cli, ["check", "big.txt", "--isolated"])
    assert result.exit_code == 1
    assert result.stderr.strip() == ("cvlint: big.txt: the file is 20.5 MB, over the 20 MB limit "
                                     "(raise --max-file-mb if the file is trusted)")
    assert runner.invoke(cli, ["check", "big.txt", "--isolated", "--max-file-mb", "21"]).exit_code in (0, 1)
    assert "limit" not in runner.invoke(cli, ["check", "big.txt", "--isolated", "--max-file-mb", "21"]).stderr


def test_a_bug_in_cvlint_is_reported_as_internal_never_as_a_corrupt_file(runner, tmp_path, monkeypatch):
    """A KeyError inside cvlint's own code is cvlint's fault: `internal`, with the traceback under --debug."""
    from cvlint.api import score_path
    from cvlint.parse import structure

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    score_path(GOOD_TEXT.encode())  # the process warms up (loads its models on a CV of its own) first
    monkeypatch.setattr(structure, "build", broken)
    row = score_path(GOOD_TEXT.encode(), name="cv.txt")
    assert row["error"]["code"] == "internal" and "report" in row["error"]["message"]
    assert score_path(b"%PDF-1.4\nnot a PDF at all", name="cv.pdf")["error"]["code"] == "corrupt"
    (tmp_path / "cv.txt").write_text(GOOD_TEXT, encoding="utf-8")
    plain = runner.invoke(cli, ["export", "cv.txt", "--isolated"])
    assert plain.exit_code == 2 and "internal error: KeyError" in plain.stderr and "Traceback" not in plain.output
    argv = ["export", "cv.txt", "--isolated", "--debug"]
    monkeypatch.setattr(sys, "argv", ["cvlint", *argv])  # the CLI reads --debug from the command line
    assert isinstance(runner.invoke(cli, argv).exception, KeyError)


def test_every_error_code_asks_for_its_own_action_and_is_documented_once():
    from cvlint.errors import ERROR_CODES

    assert len(set(ERROR_CODES.values())) == len(ERROR_CODES)
    doc = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| (.+?) \|$", doc, re.M))
    assert rows == ERROR_CODES
