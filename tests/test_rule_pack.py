"""A coach's own rule pack, loaded with --rules-dir through the same loader as the built-in rules."""

import json
from pathlib import Path

from click.testing import CliRunner

from cvlint.cli import cli

PACK = Path(__file__).resolve().parents[1] / "docs" / "rule-packs" / "house-style"


def test_pack_rule_is_listed_and_explained():
    runner = CliRunner()
    listed = json.loads(runner.invoke(cli, ["rules", "--format", "json", "--rules-dir", str(PACK), "--isolated"]).output)
    assert "buzzword" in {r["id"] for r in listed}
    explained = runner.invoke(cli, ["explain", "buzzword", "--rules-dir", str(PACK), "--isolated"])
    assert explained.exit_code == 0 and "synergy" in explained.output


def test_pack_rule_fires_on_a_cv(tmp_path):
    cv = tmp_path / "cv.txt"
    cv.write_text("EXPERIENCE\n- Drove synergy between the sales and product teams.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(cv), "--rules-dir", str(PACK), "--format", "json", "--isolated",
                                      "--exit-zero"])
    (obj,) = json.loads(result.output)
    assert any(f["rule"] == "buzzword" and f["match"] == "synergy" for f in obj["findings"])


def test_pack_from_config_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cvlint.toml").write_text(f'rules-dir = ["{PACK.as_posix()}"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", "buzzword"])
    assert result.exit_code == 0


def test_broken_pack_is_one_line_naming_the_file(tmp_path):
    (tmp_path / "bad.yaml").write_text("id: bad\nkind: existence\npatern: [x]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "--rules-dir", str(tmp_path), "--isolated"])
    assert result.exit_code == 2 and "bad.yaml" in result.output and "\n" == result.output[-1]
    assert result.output.count("\n") == 1


def test_a_pack_rule_on_parts_of_speech_loads_the_tagger_and_fires(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "adverb-opening.yaml").write_text(
        'id: adverb-opening\nkind: existence\nsignal: weak\nseverity: suggestion\nscope: bullet\nsections: all\n'
        'message: "Opens with an adverb: \'{match}\'."\nwhy: "An adverb first delays the verb."\n'
        'example:\n  bad: "Successfully migrated the billing service."\n  good: "Migrated the billing service."\n'
        'suggest: "Start with the verb."\nsource: "house style"\n'
        'patterns:\n  - [{POS: ADV, LOWER: {REGEX: "ly$"}}]\nanchor: start\n', encoding="utf-8")
    cv = tmp_path / "cv.txt"
    cv.write_text("EXPERIENCE\n- Successfully migrated the billing service.\n- Migrated the payroll service.\n",
                  encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(cv), "--rules-dir", str(pack), "--format", "json", "--isolated",
                                      "--exit-zero", "--jobs", "1"])
    (obj,) = json.loads(result.output)
    assert [f["match"] for f in obj["findings"] if f["rule"] == "adverb-opening"] == ["Successfully"]
