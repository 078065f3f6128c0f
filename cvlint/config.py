"""Settings: built-in defaults < one configuration file < command-line options (docs/contract.md).

The file is the first of: --config, $CVLINT_CONFIG, the nearest cvlint.toml / .cvlint.toml / pyproject.toml
with [tool.cvlint] (walking up from the working folder), $XDG_CONFIG_HOME/cvlint/config.toml. --isolated
ignores every file. Keys mirror the long options; [rules] takes a rule id = "off" or a severity.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cvlint.errors import UsageError

SEVERITIES = ("suggestion", "warning", "error")
PDF_ENGINES = ("pdfium", "pdfplumber")   # the character sources of cvlint/parse/pdf/
FORMATS = ("text", "json", "jsonl", "csv", "github", "html")


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value
    return check


def _positive(kind: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError("must be a positive number")
        return kind(value)
    return check


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a non-empty string")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    return tuple(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


# key: (validator, default). Keys are the long options' names.
KEYS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "format": (_choice(*FORMATS), "text"),
    "output": (_string, None),
    "jobs": (_positive(int), None),
    "select": (_strings, ()),
    "ignore": (_strings, ()),
    "extend-select": (_strings, ()),
    "min-severity": (_choice(*SEVERITIES), "suggestion"),
    "fail-on": (_choice(*SEVERITIES, "never"), "warning"),
    "exit-zero": (_bool, False),
    "model": (_string, None),
    "rules-dir": (_strings, ()),
    "market": (_string, None),
    "max-pages": (_positive(int), 30),
    "max-file-mb": (_positive(float), 20.0),
    "max-uncompressed-mb": (_positive(float), 50.0),
    "max-paragraphs": (_positive(int), 20_000),
    "timeout": (_positive(float), 30.0),
    "pdf-engine": (_choice(*PDF_ENGINES), "pdfium"),
    "engine": (_choice("local", "dask"), "local"),
    "scheduler": (_string, None),
    "no-progress": (_bool, False),
    "quiet": (_bool, False),
    "verbose": (_bool, False),
    "statistics": (_bool, False),
    "sort": (_bool, True),
}
RULE_VALUES = ("off", *SEVERITIES)
CONFIG_NAMES = ("cvlint.toml", ".cvlint.toml")


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any]
    rules: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    file: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


def _user_config() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "cvlint" / "config.toml"


def _pyproject_table(path: Path) -> dict | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return data.get("tool", {}).get("cvlint")


def find_config(explicit: str | None, isolated: bool, cwd: Path | None = None) -> tuple[Path | None, str]:
    """The configuration file in force and why it was chosen."""
    if isolated:
        return None, "--isolated"
    if explicit:
        return Path(explicit), "--config"
    if os.environ.get("CVLINT_CONFIG"):
        return Path(os.environ["CVLINT_CONFIG"]), "CVLINT_CONFIG"
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name, "nearest"
        if (folder / "pyproject.toml").is_file() and _pyproject_table(folder / "pyproject.toml") is not None:
            return folder / "pyproject.toml", "nearest pyproject.toml"
    user = _user_config()
    return (user, "user config") if user.is_file() else (None, "defaults")


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the configuration file ({exc.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("cvlint", {})
    return data


def validate(table: dict, where: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Check a configuration table; unknown keys and bad values are one-line errors naming the key."""
    values, rules = {}, {}
    for key, value in table.items():
        if key == "rules":
            if not isinstance(value, dict):
                raise UsageError(f"{where}: [rules] must be a table of rule-id = \"off\" or a severity")
            for rule, level in value.items():
                if level not in RULE_VALUES:
                    raise UsageError(f"{where}: rules.{rule} must be one of {', '.join(RULE_VALUES)}, not {level!r}")
                rules[rule] = level
            continue
        normal = key.replace("_", "-")
        if normal not in KEYS:
            from difflib import get_close_matches

            near = get_close_matches(normal, KEYS, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise UsageError(f"{where}: unknown key {key!r}{hint}")
        try:
            values[normal] = KEYS[normal][0](value)
        except ValueError as exc:
            raise UsageError(f"{where}: {key} {exc}, not {value!r}") from None
    return values, rules


def resolve(options: dict[str, Any], *, config: str | None = None, isolated: bool = False,
            cwd: Path | None = None) -> Settings:
    """Merge defaults, the configuration file and the options given on the command line (None = not given)."""
    path, why = find_config(config, isolated, cwd)
    values = {key: default for key, (_, default) in KEYS.items()}
    sources = {key: "default" for key in KEYS}
    rules: dict[str, str] = {}
    if path is not None:
        table = _read(path)
        file_values, rules = validate(table, str(path))
        base = path.parent
        if "rules-dir" in file_values:
            file_values["rules-dir"] = tuple(str((base / d).resolve()) for d in file_values["rules-dir"])
        values.update(file_values)
        sources.update({key: f"{path} ({why})" for key in file_values})
    given, _ = validate({k: v for k, v in options.items() if v is not None and v != ()}, "command line")
    values.update(given)
    sources.update({key: f"--{key}" for key in given})
    if os.environ.get("CVLINT_MODEL") and "model" not in given:
        values["model"] = os.environ["CVLINT_MODEL"]
        sources["model"] = "CVLINT_MODEL"
    return Settings(values=values, rules=rules, sources=sources, file=path)
