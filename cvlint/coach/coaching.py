"""What the rules tell the coach: each rule's optional `coach:` key (`cvlint.lint.catalog.Coach`), read from the
catalog the analysis used (built-in rules and `--rules-dir` packs alike). The coach names no rule; a rule written in
YAML alone gets its rewrite and its questions from that key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from cvlint.lint.catalog import Catalog, Coach, load_catalog


@dataclass(frozen=True)
class Coaching:
    """The coach's view of one rule catalog."""

    rules: Catalog

    def coach_of(self, rule_id: str) -> Coach:
        return self.rules.get(rule_id).coach if rule_id in self.rules else Coach()

    def rewrites(self, rule_ids: Iterable[str]) -> set[str]:
        """What the coach does for a bullet these rules flagged (`catalog.REWRITES`)."""
        return {c.rewrite for c in map(self.coach_of, rule_ids) if c.rewrite}

    def info(self, rule_id: str) -> dict:
        """A rule's `why` and `suggest` (nothing for a rule the catalog does not hold)."""
        if rule_id not in self.rules:
            return {}
        rule = self.rules.get(rule_id)
        return {"why": rule.why, "suggest": rule.suggest}

    def marks(self, found: Iterable[tuple[str, tuple[int, int] | None]]) -> tuple[tuple[int, int] | None, ...]:
        """Where a bullet holds what a rewrite replaces, (the duty opening, the claim of knowledge): for each, the
        span of the first of its findings, (rule id, span) pairs, whose rule's coaching says `opening` / `claim`."""
        found = list(found)
        return tuple(self._span(rewrite, found) for rewrite in ("opening", "claim"))

    def _span(self, rewrite: str, found: list) -> tuple[int, int] | None:
        return next((tuple(span) for rule_id, span in found if span and self.coach_of(rule_id).rewrite == rewrite),
                    None)

    @cached_property
    def added_by_rewrite(self) -> tuple[str, ...]:
        """The strong rules a finished rewrite shows (what fixing a bullet adds to the tier)."""
        return tuple(r.id for r in self.rules.all_rules if r.coach.adds)


def coaching_for(rules: Catalog | None = None) -> Coaching:
    """The coaching of `rules`, the catalog the analysis used; the built-in rules when none is given."""
    return Coaching(rules if rules is not None else load_catalog())
