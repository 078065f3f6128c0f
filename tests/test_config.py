"""Configuration discovery and precedence (docs/contract.md)."""

import pytest

from cvlint.config import resolve
from cvlint.errors import UsageError


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A project folder with no configuration above it, and an empty user config home."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CVLINT_CONFIG", raising=False)
    monkeypatch.delenv("CVLINT_MODEL", raising=False)
    project = tmp_path / "project"
    (project / "cvs" / "deep").mkdir(parents=True)
    return project


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_no_file(home):
    s = resolve({}, cwd=home)
    assert s.file is None and s["fail-on"] == "warning" and s.sources["fail-on"] == "default"


def test_user_config_is_the_last_resort(home):
    user = _write(home.parent / "xdg" / "cvlint" / "config.toml", 'fail-on = "error"\n')
    s = resolve({}, cwd=home)
    assert s.file == user and s["fail-on"] == "error"


def test_pyproject_table_beats_user_config(home):
    _write(home.parent / "xdg" / "cvlint" / "config.toml", 'fail-on = "error"\n')
    _write(home / "pyproject.toml", '[tool.cvlint]\nfail-on = "suggestion"\n')
    assert resolve({}, cwd=home / "cvs" / "deep")["fail-on"] == "suggestion"


def test_nearest_cvlint_toml_beats_pyproject(home):
    _write(home / "pyproject.toml", '[tool.cvlint]\nfail-on = "suggestion"\n')
    _write(home / "cvs" / ".cvlint.toml", 'fail-on = "never"\n')
    s = resolve({}, cwd=home / "cvs" / "deep")
    assert s["fail-on"] == "never" and s.file.name == ".cvlint.toml"


def test_pyproject_without_table_is_skipped(home):
    _write(home / "pyproject.toml", '[project]\nname = "x"\n')
    assert resolve({}, cwd=home).file is None


def test_env_beats_discovered_and_option_beats_env(home, monkeypatch):
    _write(home / "cvlint.toml", 'fail-on = "never"\n')
    env = _write(home / "env.toml", 'fail-on = "error"\n')
    monkeypatch.setenv("CVLINT_CONFIG", str(env))
    assert resolve({}, cwd=home)["fail-on"] == "error"
    explicit = _write(home / "explicit.toml", 'fail-on = "suggestion"\n')
    assert resolve({}, config=str(explicit), cwd=home)["fail-on"] == "suggestion"
    s = resolve({"fail-on": "warning"}, config=str(explicit), cwd=home)
    assert s["fail-on"] == "warning" and s.sources["fail-on"] == "--fail-on"


def test_isolated_ignores_every_file(home, monkeypatch):
    _write(home / "cvlint.toml", 'fail-on = "never"\n')
    monkeypatch.setenv("CVLINT_CONFIG", str(home / "cvlint.toml"))
    assert resolve({}, isolated=True, cwd=home)["fail-on"] == "warning"


def test_per_rule_levels_and_relative_rules_dir(home):
    _write(home / "cvlint.toml", 'rules-dir = ["house"]\n[rules]\nweak-opening = "off"\nmetric = "error"\n')
    s = resolve({}, cwd=home)
    assert s.rules == {"weak-opening": "off", "metric": "error"}
    assert s["rules-dir"] == (str((home / "house").resolve()),)


def test_model_precedence_option_env_config(home, monkeypatch):
    _write(home / "cvlint.toml", 'model = "from_config"\n')
    assert resolve({}, cwd=home)["model"] == "from_config"
    monkeypatch.setenv("CVLINT_MODEL", "from_env")
    assert resolve({}, cwd=home)["model"] == "from_env"
    assert resolve({"model": "from_option"}, cwd=home)["model"] == "from_option"


@pytest.mark.parametrize("text, words", [
    ('fail_onn = "warning"\n', "unknown key 'fail_onn' (did you mean 'fail-on'?)"),
    ('jobs = -2\n', "jobs must be a positive number"),
    ('format = "xml"\n', "format must be one of"),
    ('[rules]\nweak-opening = "loud"\n', "rules.weak-opening must be one of"),
    ('fail-on = \n', "not valid TOML"),
])
def test_bad_configuration_is_one_line_naming_file_and_key(home, text, words):
    path = _write(home / "cvlint.toml", text)
    with pytest.raises(UsageError) as exc:
        resolve({}, cwd=home)
    assert str(path) in str(exc.value) and words in str(exc.value)
    assert "\n" not in str(exc.value)
