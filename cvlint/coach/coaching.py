"""What the rules tell the coach: each rule's optional `coach:` key (`cvlint.lint.catalog.Coach`). The coach names
no rule; a rule written in YAML alone gets its rewrite and its questions from that key."""

from __future__ import annotations

from collections.abc import Iterable

from cvlint.lint.catalog import Catalog, Coach, load_catalog


def catalog() -> Catalog:
    """The built-in rules (read once per process by `load_catalog`)."""
    return load_catalog()


def coach_of(rule_id: str) -> Coach:
    rules = catalog()
    return rules.get(rule_id).coach if rule_id in rules else Coach()


def rewrites(rule_ids: Iterable[str]) -> set[str]:
    """What the coach does for a bullet these rules flagged (`catalog.REWRITES`)."""
    return {c.rewrite for c in map(coach_of, rule_ids) if c.rewrite}


def opening_rules() -> frozenset[str]:
    """The rules whose finding marks the duty opening a rewrite replaces."""
    return frozenset(r.id for r in catalog().all_rules if r.coach.rewrite == "opening")


def added_by_rewrite() -> tuple[str, ...]:
    """The strong rules a finished rewrite shows (what fixing a bullet adds to the tier)."""
    return tuple(r.id for r in catalog().all_rules if r.coach.adds)
