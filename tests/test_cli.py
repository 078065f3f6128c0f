"""The command line as a user meets it: exit codes, one-line errors, formats, configuration."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cvlint.cli import cli

ROOT = Path(__file__).resolve().parents[1]
WEAK_CV = "EXPERIENCE\nData Analyst | Acme | 2020 – 2022\n- Responsible for building dashboards to track KPIs.\n"
STRONG_CV = ("EXPERIENCE\nML Engineer | Acme | 2020 – 2023\n"
             "- Deployed a recommendation system serving 2M users, increasing conversion by 18%.\n")


def _cv(tmp_path, text=WEAK_CV, name="cv.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_missing_path_is_a_usage_error(runner):
    result = runner.invoke(cli, ["check", "nope.pdf"])
    assert result.exit_code == 2 and "nope.pdf: no such file or folder" in result.output


def test_unknown_config_key_exits_2_naming_file_and_key(runner, tmp_path):
    (tmp_path / "cvlint.toml").write_text('colour = "red"\n')
    result = runner.invoke(cli, ["check", _cv(tmp_path)])
    assert result.exit_code == 2 and "cvlint.toml" in result.output and "unknown key 'colour'" in result.output


def test_config_command_shows_where_settings_come_from(runner, tmp_path):
    (tmp_path / "cvlint.toml").write_text('fail-on = "error"\n[rules]\nweak-opening = "off"\n')
    result = runner.invoke(cli, ["config"])
    assert result.exit_code == 0
    assert "fail-on = 'error'  # " in result.output and "cvlint.toml (nearest)" in result.output
    assert "rules.weak-opening = 'off'" in result.output
    assert "jobs = None  # default" in result.output


def test_docs_cli_md_is_current(runner):
    result = runner.invoke(cli, ["cli-docs"])
    expected = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert result.output == expected, "docs/cli.md is stale: run `cvlint cli-docs > docs/cli.md`"


def test_version_names_every_component(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("cvlint ") and lines[1].startswith("spaCy ")
    assert lines[2].startswith("pipeline en_core_web_sm") and lines[3].startswith("tier model ")


def test_weak_cv_exits_1_and_exit_zero_turns_it_to_0(runner, tmp_path):
    path = _cv(tmp_path)
    assert runner.invoke(cli, ["check", path, "--isolated"]).exit_code == 1
    assert runner.invoke(cli, ["check", path, "--exit-zero"]).exit_code == 0
    assert runner.invoke(cli, ["check", path, "--fail-on", "never"]).exit_code == 0


def test_json_is_a_list_with_the_design_fields(runner, tmp_path):
    result = runner.invoke(cli, ["check", _cv(tmp_path, STRONG_CV), "--format", "json", "--exit-zero"])
    (obj,) = json.loads(result.output)
    assert obj["schema"] == "cvlint/report@1" and obj["status"] == "ok" and obj["format"] == "text"
    assert set(obj) >= {"file", "pages", "language", "tier", "score", "summary", "sections", "bullets", "findings",
                        "tool"}
    bullet = obj["bullets"][0]
    assert {"metric", "production"} <= set(bullet["signals"])


def test_select_by_signal_and_unknown_rule_suggests_close_ids(runner, tmp_path):
    path = _cv(tmp_path)
    result = runner.invoke(cli, ["check", path, "--format", "json", "--select", "strong", "--exit-zero"])
    (obj,) = json.loads(result.output)
    assert all(f["signal"] == "strong" for f in obj["findings"])
    result = runner.invoke(cli, ["check", path, "--select", "weak-openin"])
    assert result.exit_code == 2 and "weak-opening" in result.output


def test_per_rule_off_in_config(runner, tmp_path):
    (tmp_path / "cvlint.toml").write_text('[rules]\nweak-opening = "off"\n')
    result = runner.invoke(cli, ["check", _cv(tmp_path), "--format", "json", "--exit-zero"])
    (obj,) = json.loads(result.output)
    assert "weak-opening" not in {f["rule"] for f in obj["findings"]}


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "github"])
def test_every_format_on_the_sample_cv(runner, fmt):
    result = runner.invoke(cli, ["check", str(ROOT / "samples" / "ana-costa.md"), "--format", fmt, "--exit-zero"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.output.strip()


def test_the_default_report_is_one_line_per_flagged_bullet_and_each_rules_advice_once(runner):
    sample = str(ROOT / "samples" / "ana-costa.pdf")
    short = runner.invoke(cli, ["check", sample, "--exit-zero", "--isolated"], env={"COLUMNS": "200"}).stdout
    obj = json.loads(runner.invoke(cli, ["check", sample, "--format", "json", "--isolated"]).stdout)[0]
    weak = {f["bullet"] for f in obj["findings"] if f["signal"] == "weak" and f["bullet"]}
    rules = {f["rule"] for f in obj["findings"] if f["signal"] == "weak"}
    lines = short.splitlines()
    assert len(lines) <= 45
    flagged = [line for line in lines if line.lstrip().startswith("✗")]
    assert len(flagged) == len(weak)
    for b in obj["bullets"]:
        assert (b["id"] in weak) == any(b["text"][:40] in line for line in flagged), b["text"]
    advice = [line for line in lines if line.startswith("  ") and line.split(":")[0].strip() in rules]
    assert sorted(line.split(":")[0].strip() for line in advice) == sorted(rules)
    long = runner.invoke(cli, ["check", sample, "--exit-zero", "--isolated", "--verbose"],
                         env={"COLUMNS": "200"}).stdout
    assert all(b["text"][:40] in long for b in obj["bullets"])
    assert long.count("→") == sum(1 for f in obj["findings"] if f["signal"] == "weak" and f["suggestion"])


def test_github_format_points_at_lines(runner, tmp_path):
    result = runner.invoke(cli, ["check", _cv(tmp_path), "--format", "github"])
    assert "::warning file=" in result.output and ",line=3," in result.output


def test_statistics_counts_per_rule(runner, tmp_path):
    result = runner.invoke(cli, ["check", _cv(tmp_path), "--statistics", "--exit-zero"])
    assert "task-only-bullet" in result.output


def test_output_file_is_written_atomically(runner, tmp_path):
    out = tmp_path / "report.json"
    result = runner.invoke(cli, ["check", _cv(tmp_path), "--format", "json", "-o", str(out), "--exit-zero"])
    assert result.exit_code == 0 and json.loads(out.read_text())[0]["status"] == "ok"
    assert not list(tmp_path.glob(".report.json.*"))


def test_no_color_and_non_tty_have_no_escapes(runner, tmp_path):
    result = runner.invoke(cli, ["check", _cv(tmp_path)], env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.output


def test_bad_input_is_one_line_on_stderr(tmp_path):
    path = tmp_path / "cv.pdf"
    path.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "cvlint", "check", str(path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "empty" in proc.stderr and "Traceback" not in proc.stderr


def test_closed_pipe_ends_quietly(tmp_path):
    for i in range(3):
        _cv(tmp_path, WEAK_CV, f"cv{i}.txt")
    proc = subprocess.run(f"{sys.executable} -m cvlint check {tmp_path} --format jsonl --jobs 1 | head -c 10",
                          shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "Traceback" not in proc.stderr and "Broken pipe" not in proc.stderr
