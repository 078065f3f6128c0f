"""rules/*.yaml -> a Catalog of frozen Rules.

Light on purpose: `cvlint explain` and `cvlint rules` load the catalog and must answer fast, so
this module imports PyYAML and the standard library only, never spaCy. Token patterns are checked
at load by `cvlint.lint.token_patterns`; spaCy's ``validate=True`` checks the rest when the rule
matcher is built for an analysis.

Every problem is a `UsageError` that reads ``rules/<file>.yaml: <problem>``.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from cvlint.errors import UsageError
from cvlint.lint.kinds import KINDS, Patterns
from cvlint.lint.token_patterns import (
    NEEDS,
    check_token_pattern,
    describe,
    expand_lemmas,
)
from cvlint.model import SECTION_NAMES, Scope, Severity, Signal
from cvlint.resources import data_dir

try:  # the C loader is several times faster; fall back when PyYAML was built without it
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

# Files in a rules folder that hold other data, not rules (they belong to other parts of cvlint).
NOT_RULES = frozenset({"sections", "markets", "statements"})

COMMON_KEYS = ("id", "kind", "signal", "severity", "scope", "sections", "message", "why", "example",
               "suggest", "source", "coach")
REQUIRED_KEYS = ("id", "kind", "signal", "severity", "scope", "sections", "message", "why", "example",
                 "suggest")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+){0,4}$")
LEXICON_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

@dataclass(frozen=True, slots=True)
class Example:
    bad: str
    good: str


# What the coach does for a bullet the rule flags (the optional `coach.rewrite` key): replace the duty opening,
# turn a claim of knowledge into use, ask where the work was used, close with the outcome, ask what the score meant,
# ask for the number.
REWRITES = ("opening", "claim", "use", "outcome", "effect", "number")


@dataclass(frozen=True, slots=True)
class Coach:
    """The coach's part of a rule (the optional `coach:` key): how `suggest` rewrites a bullet the rule flags
    (`rewrite`, one of REWRITES), what to ask the person for (`lacks`: keys of `asks` in
    cvlint/coach/suggest.yaml, most useful first), and for a strong rule, whether a finished rewrite shows it
    (`adds`: the tier gain of fixing a bullet counts it)."""

    rewrite: str | None = None
    lacks: tuple[str, ...] = ()
    adds: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule file, validated. ``check`` is an instance of one of `kinds.KINDS`."""

    id: str
    kind: str
    signal: Signal
    severity: Severity
    scope: Scope
    sections: frozenset[str] | None  # None: every section
    message: str
    why: str
    example: Example
    suggest: str | None
    source: str | None
    check: object
    path: str  # how errors name the file: rules/<id>.yaml
    coach: Coach = Coach()

    def applies_to(self, section: str) -> bool:
        return self.sections is None or section in self.sections

    @property
    def roles(self) -> dict[str, Patterns]:
        """The check's pattern roles (patterns, unless, exceptions, ...) that are set."""
        return {f.name: getattr(self.check, f.name) for f in dataclasses.fields(self.check)
                if isinstance(getattr(self.check, f.name), Patterns) and getattr(self.check, f.name)}

    @property
    def depends_on(self) -> frozenset[str]:
        return frozenset(r for p in self.roles.values() for r in p.rules)


class Catalog:
    """All loaded rules, and the subset selected for output.

    ``rules`` are the selected rules (all of them unless narrowed by `select`); rules that a
    selected rule depends on are still evaluated by the engine, only not reported.
    """

    def __init__(self, rules: Sequence[Rule], lexicons: Mapping[str, tuple], digest: str,
                 enabled: frozenset[str] | None = None):
        self._all = {r.id: r for r in sorted(rules, key=lambda r: r.id)}
        self.lexicons = dict(lexicons)
        self.digest = digest
        self._enabled = frozenset(self._all) if enabled is None else enabled

    # -- lookup ---------------------------------------------------------------------------------
    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self._all.values() if r.id in self._enabled)

    @property
    def all_rules(self) -> tuple[Rule, ...]:
        return tuple(self._all.values())

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._all

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        """The rule with this id, selected or not; an unknown id is a UsageError with a hint."""
        try:
            return self._all[rule_id]
        except KeyError:
            raise UsageError(_unknown(rule_id, self._all)) from None

    # -- selection ------------------------------------------------------------------------------
    def select(self, select: Iterable[str] | None = None, ignore: Iterable[str] = (),
               extend_select: Iterable[str] = (), min_severity: str | Severity | None = None) -> Catalog:
        """Narrow the reported rules, like ruff: ``select`` (default: those enabled), plus ``extend_select``,
        minus ``ignore``; each item is a rule id, ``weak``, ``strong`` or ``all``.
        ``min_severity`` drops weak rules below it (strong signals are not alerts and stay)."""
        chosen = set(self._enabled) if select is None else self._expand(select)
        chosen |= self._expand(extend_select)
        chosen -= self._expand(ignore)
        if min_severity is not None:
            floor = _severity(min_severity)
            chosen = {i for i in chosen
                      if self._all[i].signal is Signal.STRONG or self._all[i].severity.rank >= floor.rank}
        return Catalog(self._all.values(), self.lexicons, self.digest, frozenset(chosen))

    def configure(self, settings: Mapping[str, str]) -> Catalog:
        """Apply per-rule settings from a config file: ``"off"`` or a severity."""
        rules = dict(self._all)
        enabled = set(self._enabled)
        for rule_id, value in settings.items():
            rule = self.get(rule_id)
            if isinstance(value, bool) or not isinstance(value, str):
                raise UsageError(f"rule {rule_id}: expected \"off\" or a severity, got {value!r} "
                                 "(quote off/on/yes/no in TOML and YAML)")
            if value == "off":
                enabled.discard(rule_id)
            else:
                rules[rule_id] = dataclasses.replace(rule, severity=_severity(value))
                enabled.add(rule_id)
        return Catalog(rules.values(), self.lexicons, self.digest, frozenset(enabled))

    def _expand(self, items: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for raw in items:
            for item in (s.strip() for s in str(raw).split(",")):
                if not item:
                    continue
                if item.lower() == "all":
                    out |= set(self._all)
                elif item.lower() in ("weak", "strong"):
                    out |= {r.id for r in self._all.values() if r.signal == item.lower()}
                elif item in self._all:
                    out.add(item)
                else:
                    raise UsageError(_unknown(item, self._all, "rule or signal"))
        return out

    # -- for the engine -------------------------------------------------------------------------
    def order(self, ids: Iterable[str] | None = None) -> list[Rule]:
        """``ids`` (default: the selected rules) with everything they depend on, dependencies first."""
        out: list[Rule] = []
        seen: set[str] = set()

        def visit(rule_id: str) -> None:
            if rule_id in seen:
                return
            seen.add(rule_id)
            rule = self._all[rule_id]
            for dep in sorted(rule.depends_on):
                visit(dep)
            out.append(rule)

        for rule_id in sorted(self._enabled if ids is None else ids):
            visit(rule_id)
        return out

    def needs(self) -> frozenset[str]:
        """The pipeline components the rules' token patterns need (tagger, lemmatizer, parser, ner)."""
        needed: set[str] = set()
        for pattern in self._token_patterns():
            for token in pattern:
                needed |= {NEEDS[k] for k in token if k in NEEDS}
        return frozenset(needed)

    def _token_patterns(self):
        for rule in self._all.values():
            for role in rule.roles.values():
                yield from (p for p in role.own if isinstance(p, list))
        for patterns in self.lexicons.values():
            yield from (p for p in patterns if isinstance(p, list))

    def ruler_patterns(self) -> Iterable[tuple[str, list[dict]]]:
        """(file, SpanRuler-style patterns) per rule file and lexicon: one label per rule (id = the
        role), one per lexicon (``lexicon:<name>``), so a shared lexicon is matched once. A token pattern's
        ``LEMMA`` is written as ``LOWER`` with its inflections here, where the matcher is built, not at load."""
        for rule in self._all.values():
            yield rule.path, [{"label": rule.id, "id": role, "pattern": _expanded(p)}
                              for role, pats in rule.roles.items() for p in pats.own]
        for name, patterns in sorted(self.lexicons.items()):
            yield f"rules/lexicons/{name}.txt", [{"label": lexicon_label(name), "pattern": _expanded(p)}
                                                 for p in patterns]


def _expanded(pattern: str | list[dict]) -> str | list[dict]:
    return expand_lemmas(pattern) if isinstance(pattern, list) else pattern


def lexicon_label(name: str) -> str:
    return f"lexicon:{name}"


# ---------------------------------------------------------------------------------------------
# loading


def load_catalog(extra_dirs: Iterable[str | Path] = ()) -> Catalog:
    """The built-in rules plus any ``--rules-dir`` packs (same schema; a pack may use its own
    ``lexicons/`` folder and the built-in lexicons). The built-in rules alone are read once per process (the
    analysis, the coach and the tier read the same ones); a pack is read each time, as it may be edited."""
    extra_dirs = tuple(extra_dirs)
    return _read_catalog(extra_dirs) if extra_dirs else _builtin_catalog()


@cache
def _builtin_catalog() -> Catalog:
    return _read_catalog(())


def _read_catalog(extra_dirs: tuple[str | Path, ...]) -> Catalog:
    builtin = data_dir("rules")
    folders = [(builtin, "rules")] + [(Path(d), str(d).rstrip("/")) for d in extra_dirs]
    loader = _Reader(builtin / "lexicons")
    rules: dict[str, Rule] = {}
    for folder, shown in folders:
        if not folder.is_dir():
            raise UsageError(f"{shown}: no such rules folder")
        for path in sorted(folder.glob("*.yaml")):
            if path.stem in NOT_RULES:
                continue
            name = f"{shown}/{path.name}"
            rule = loader.rule(path, name, folder / "lexicons")
            if rule.id in rules:
                raise UsageError(f"{name}: rule id {rule.id!r} is already defined in {rules[rule.id].path}")
            rules[rule.id] = rule
    _check_references(rules)
    return Catalog(rules.values(), loader.lexicons, "sha256:" + loader.digest.hexdigest())


def _check_references(rules: Mapping[str, Rule]) -> None:
    for rule in rules.values():
        for dep in sorted(rule.depends_on):
            if dep not in rules:
                raise UsageError(f"{rule.path}: refers to unknown rule {dep!r}")
            if rules[dep].scope is not Scope.BULLET:
                raise UsageError(f"{rule.path}: can only refer to bullet rules, {dep!r} is {rules[dep].scope}")
    state: dict[str, int] = {}

    def visit(rule_id: str, trail: tuple[str, ...]) -> None:
        if state.get(rule_id) == 2:
            return
        if state.get(rule_id) == 1:
            cycle = " -> ".join(trail[trail.index(rule_id):] + (rule_id,))
            raise UsageError(f"{rules[rule_id].path}: rules refer to each other in a cycle: {cycle}")
        state[rule_id] = 1
        for dep in sorted(rules[rule_id].depends_on):
            visit(dep, trail + (rule_id,))
        state[rule_id] = 2

    for rule_id in sorted(rules):
        visit(rule_id, ())


class _Reader:
    """Reads rule files and the lexicons they name, hashing everything it reads."""

    def __init__(self, builtin_lexicons: Path):
        self.builtin_lexicons = builtin_lexicons
        self.lexicons: dict[str, tuple] = {}
        self.lexicon_paths: dict[str, Path] = {}
        self.digest = hashlib.sha256()

    def _read(self, path: Path, name: str) -> str:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise UsageError(f"{name}: cannot read it ({e.strerror})") from None
        self.digest.update(name.encode() + b"\0" + data + b"\0")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{name}: not UTF-8 text") from None

    def rule(self, path: Path, name: str, local_lexicons: Path) -> Rule:
        text = self._read(path, name)
        try:
            raw = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark else ""
            raise UsageError(f"{name}: not valid YAML{where}: {getattr(e, 'problem', None) or e}") from None
        return _RuleParser(self, name, local_lexicons).parse(raw, path.stem)

    def lexicon(self, lex: str, local: Path, name: str) -> None:
        if not LEXICON_RE.match(lex):
            raise UsageError(f"{name}: lexicon name {lex!r} must be a kebab-case plural noun")
        candidates = [local / f"{lex}.txt", self.builtin_lexicons / f"{lex}.txt"]
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            raise UsageError(f"{name}: lexicon {lex!r} not found (expected rules/lexicons/{lex}.txt)")
        if lex in self.lexicon_paths:
            if self.lexicon_paths[lex].resolve() != path.resolve():
                raise UsageError(f"{name}: lexicon {lex!r} is defined twice ({self.lexicon_paths[lex]} and {path})")
            return
        shown = f"rules/lexicons/{lex}.txt"
        self.lexicons[lex] = tuple(parse_lexicon(self._read(path, shown), shown))
        self.lexicon_paths[lex] = path


def parse_lexicon(text: str, name: str) -> list:
    """One entry per line: a phrase, or a token pattern written as a YAML flow list
    (``[{LOWER: from}, {LIKE_NUM: true}]``). ``#`` starts a comment at a line's start or after a
    space (so "C#" stays a term)."""
    from cvlint.lexicon import entries as lexicon_entries

    entries: list = []
    for n, entry in lexicon_entries(text):
        where = f"{name}: line {n}"
        if entry.startswith("["):
            try:
                value = yaml.load(entry, Loader=_Loader)
            except yaml.YAMLError as e:
                raise UsageError(f"{where}: not a valid token pattern: {getattr(e, 'problem', None) or e}") from None
            entries.append(check_token_pattern(value, where))
        else:
            entries.append(" ".join(entry.split()))
    if not entries:
        raise UsageError(f"{name}: the lexicon is empty")
    return entries


class _RuleParser:
    def __init__(self, loader: _Reader, name: str, local_lexicons: Path):
        self.loader = loader
        self.name = name
        self.local_lexicons = local_lexicons

    def fail(self, problem: str):
        raise UsageError(f"{self.name}: {problem}")

    def parse(self, raw, stem: str) -> Rule:
        if not isinstance(raw, dict):
            self.fail("expected a mapping of keys (id, kind, message, ...)")
        kind_name = raw.get("kind")
        if kind_name not in KINDS:
            self.fail(f"kind must be one of {', '.join(KINDS)}, got {kind_name!r}")
        kind = KINDS[kind_name]
        kind_fields = {f.name: f for f in dataclasses.fields(kind)}
        allowed = set(COMMON_KEYS) | set(kind_fields)
        for key in raw:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.fail(f"unknown key {key!r} for kind {kind_name}{hint}")
        for key in REQUIRED_KEYS:
            if key not in raw:
                self.fail(f"missing required key {key!r}")
        rule_id = self.text(raw, "id")
        if not ID_RE.match(rule_id):
            self.fail(f"id {rule_id!r} must be kebab-case, 1-5 words")
        if rule_id != stem:
            self.fail(f"id {rule_id!r} must equal the file name ({stem}.yaml)")
        signal = self.choice(raw, "signal", Signal)
        severity = self.choice(raw, "severity", Severity)
        scope = self.choice(raw, "scope", Scope)
        if scope.value not in kind.SCOPES:
            self.fail(f"kind {kind_name} works at scope {'/'.join(kind.SCOPES)}, not {scope.value}")
        sections = self.sections(raw["sections"], "sections", allow_all=True)
        message = self.text(raw, "message")
        if "{match}" in message and not kind.USES_MATCH:
            self.fail(f"message uses {{match}} but a {kind_name} rule has no match")
        example = raw["example"]
        if not isinstance(example, dict) or set(example) != {"bad", "good"}:
            self.fail("example must be a mapping with exactly 'bad' and 'good'")
        args = {}
        for fname, f in kind_fields.items():
            if fname not in raw:
                if f.default is dataclasses.MISSING:
                    self.fail(f"kind {kind_name} needs the key {fname!r}")
                continue
            args[fname] = self.field(rule_id, fname, str(f.type), raw[fname], kind)
        return Rule(
            id=rule_id, kind=kind_name, signal=signal, severity=severity, scope=scope,
            sections=sections, message=message, why=" ".join(self.text(raw, "why").split()),
            example=Example(self.text(example, "bad", "example.bad"), self.text(example, "good", "example.good")),
            suggest=self.text(raw, "suggest") if raw.get("suggest") is not None else None,
            source=self.text(raw, "source") if raw.get("source") is not None else None,
            check=kind(**args), path=self.name, coach=self.coach(raw.get("coach")),
        )

    def coach(self, raw) -> Coach:
        if raw is None:
            return Coach()
        if not isinstance(raw, dict) or not set(raw) <= {"rewrite", "lacks", "adds"}:
            self.fail("coach must be a mapping of rewrite, lacks and adds")
        rewrite = raw.get("rewrite")
        if rewrite is not None and rewrite not in REWRITES:
            self.fail(f"coach.rewrite must be one of {', '.join(REWRITES)}, got {rewrite!r}")
        lacks = raw.get("lacks", [])
        if not isinstance(lacks, list) or not all(isinstance(x, str) and LEXICON_RE.match(x) for x in lacks):
            self.fail(f"coach.lacks must be a list of kebab-case names, got {describe(lacks)}")
        if not isinstance(raw.get("adds", False), bool):
            self.fail("coach.adds must be true or false")
        return Coach(rewrite, tuple(lacks), raw.get("adds", False))

    # -- values ---------------------------------------------------------------------------------
    def text(self, raw: Mapping, key: str, shown: str | None = None) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{shown or key} must be a non-empty string, got {describe(value)}")
        return value.strip()

    def choice(self, raw: Mapping, key: str, enum):
        value = raw.get(key)
        try:
            return enum(value)
        except ValueError:
            self.fail(f"{key} must be one of {', '.join(e.value for e in enum)}, got {value!r}")

    def sections(self, value, key: str, allow_all: bool = False) -> frozenset[str] | None:
        if allow_all and value == "all":
            return None
        if not isinstance(value, list) or not value:
            self.fail(f"{key} must be a list of section names" + (" or 'all'" if allow_all else ""))
        for s in value:
            if s not in SECTION_NAMES:
                self.fail(f"{key}: unknown section {s!r} (one of {', '.join(SECTION_NAMES)})")
        return frozenset(value)

    def field(self, rule_id: str, fname: str, ftype: str, value, kind):
        if ftype == "Patterns":
            return self.patterns(rule_id, fname, value)
        if ftype == "str":
            choices = getattr(kind, fname.upper() + "S", None)
            if not isinstance(value, str) or (choices and value not in choices):
                self.fail(f"{fname} must be one of {', '.join(choices or ())}, got {value!r}")
            return value
        if ftype.startswith("int"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.fail(f"{fname} must be a whole number >= 0, got {value!r}")
            return value
        if ftype.startswith("float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                self.fail(f"{fname} must be a share between 0 and 1, got {value!r}")
            return float(value)
        if ftype.startswith("tuple[str"):
            return tuple(sorted(self.sections(value, fname)))
        raise AssertionError(f"kind field {fname} has an unsupported type {ftype}")  # pragma: no cover

    def patterns(self, rule_id: str, role: str, value) -> Patterns:
        if not isinstance(value, list) or not value:
            self.fail(f"{role} must be a non-empty list of patterns")
        own, lexicons, rules = [], [], []
        for i, entry in enumerate(value):
            where = f"{role}[{i}]"
            if isinstance(entry, str):
                if not entry.strip():
                    self.fail(f"{where}: empty phrase")
                own.append(" ".join(entry.split()))
            elif isinstance(entry, list):
                own.append(check_token_pattern(entry, f"{self.name}: {where}"))
            elif isinstance(entry, dict) and set(entry) == {"lexicon"}:
                lexicons.append(self.scalar(entry["lexicon"], f"{where}.lexicon"))
                self.loader.lexicon(lexicons[-1], self.local_lexicons, self.name)
            elif isinstance(entry, dict) and set(entry) == {"rule"}:
                ref = self.scalar(entry["rule"], f"{where}.rule")
                if ref == rule_id:
                    self.fail(f"{where}: a rule cannot refer to itself")
                rules.append(ref)
            elif isinstance(entry, dict):
                self.fail(f"{where}: a mapping pattern takes exactly one key, 'lexicon' or 'rule', "
                          f"got {sorted(entry)} (token patterns are lists: [{{LOWER: led}}])")
            else:
                self.fail(f"{where}: {describe(entry)} is not a pattern (write phrases as strings; "
                          "quote on/off/yes/no)")
        return Patterns(own=tuple(own), lexicons=tuple(lexicons), rules=tuple(rules), label=rule_id, role=role)

    def scalar(self, value, where: str) -> str:
        if not isinstance(value, str) or not value:
            self.fail(f"{where} must be a name, got {describe(value)}")
        return value


def _severity(value: str | Severity) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise UsageError(f"unknown severity {value!r} (one of suggestion, warning, error)") from None


def _unknown(item: str, known: Iterable[str], what: str = "rule") -> str:
    close = difflib.get_close_matches(item, sorted(known), n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    return f"unknown {what} {item!r} ({hint}see `cvlint rules`)"
