"""Salary bands by market, read from `rules/markets.yaml` (the seed article's figures for ML engineers)."""

from __future__ import annotations

from functools import cache

import yaml

from cvlint.errors import UsageError
from cvlint.model import Market, TierVerdict
from cvlint.resources import data_dir

TIERS = ("junior", "mid", "high-impact")
_TOP = {"source", "note", "markets"}
_MARKET = {"name", "aliases", "levels", "tiers", "range", "note"}


def _fail(problem: str):
    raise UsageError(f"rules/markets.yaml: {problem}")


@cache
def markets() -> dict:
    """The validated market table: {"source", "note", "markets": {key: {...}}, "aliases": {alias: key}}."""
    path = data_dir("rules") / "markets.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or set(raw) - _TOP or not _TOP <= set(raw):
        _fail(f"top-level keys must be {sorted(_TOP)}")
    aliases: dict[str, str] = {}
    for key, m in raw["markets"].items():
        if not isinstance(m, dict) or set(m) - _MARKET:
            _fail(f"market {key!r}: unknown keys {sorted(set(m) - _MARKET) if isinstance(m, dict) else m!r}")
        if ("levels" in m) == ("range" in m):
            _fail(f"market {key!r}: give either levels (with tiers) or range")
        if "levels" in m:
            tiers = m.get("tiers") or {}
            if set(tiers) != set(TIERS) or any(v not in m["levels"] for v in tiers.values()):
                _fail(f"market {key!r}: tiers must map {', '.join(TIERS)} to its levels")
        for name in (key, *m.get("aliases", ())):
            if name.lower() in aliases:
                _fail(f"market name {name!r} is used twice")
            aliases[name.lower()] = key
    return {"source": raw["source"], "note": raw["note"], "markets": raw["markets"], "aliases": aliases}


def known() -> tuple[str, ...]:
    return tuple(markets()["markets"])


def resolve(region: str) -> str:
    """The market key for a --market value (key or alias, any case); UsageError naming the known ones."""
    key = markets()["aliases"].get(region.strip().lower())
    if key is None:
        raise UsageError(f"unknown market {region!r} (known markets: {', '.join(known())})")
    return key


def market_band(tier: TierVerdict | str | None, region: str | None) -> Market | None:
    """The article's salary band for the tier in this market; None without a market or a tier label."""
    if not region:
        return None
    key = resolve(region)
    label = tier.label if isinstance(tier, TierVerdict) else tier
    if label is None:
        return None
    table = markets()
    m = table["markets"][key]
    if "levels" in m:
        level = m["levels"][m["tiers"][label]]
        band = level["band"]
        note = f"{table['note']} {m['note']} Level: {level['label']}."
    else:
        band = m["range"]
        note = f"{table['note']} {m['note']}"
    return Market(region=key, band=band, source=table["source"], note=note)
