"""Resolve a policy's inputs on any Ibis backend, without a DuckDB workspace (the Spark path).

On a cluster the snapshots live in the configured tables themselves (``registry``,
``growth_measurements``, ``stunting_loci``); "latest" is the greatest snapshot name there, so name
snapshots so that they sort by date (e.g. ``p3ke-2024-06``) or pass them explicitly.
"""

from __future__ import annotations

from typing import Any

from lokus.errors import ConfigError, WorkspaceError
from lokus.loci._inputs import GROWTH_TABLE, PolicyInputs, check_loci_inside
from lokus.loci._policy import Policy
from lokus.regions import load_regions

__all__ = ["resolve_inputs_on"]

_NONE = ("none", "")


def _snapshots(be: Any, table: str) -> list[str]:
    if table not in be.list_tables():
        return []
    t = be.table(table)
    return sorted(r["snapshot"] for r in t.select("snapshot").distinct().to_pyarrow().to_pylist())


def _pick(be: Any, table: str, value: str) -> str:
    names = _snapshots(be, table)
    if value == "latest" and names:
        return names[-1]
    if value in names:
        return value
    raise WorkspaceError("error.workspace.no_snapshot", name=value, path=table, available=", ".join(names) or "-")


def resolve_inputs_on(
    be: Any,
    policy: Policy,
    *,
    registry: str | None = None,
    stunting_loci: str | None = None,
    growth: str | None = None,
    region: str | None = None,
) -> PolicyInputs:
    """Like :func:`lokus.loci.resolve_inputs`, reading snapshot names from the backend's tables."""
    from lokus.loci._inputs import _is_file
    from lokus.loci._stunting import STUNTING_LOCI_TABLE, read_stunting_loci_file

    region = region or policy.filters.region
    if region:
        region = load_regions().get(region).code
    reg = _pick(be, "registry", registry or policy.inputs.registry)
    loci = stunting_loci or policy.inputs.stunting_loci
    source: str | None = None
    codes: tuple[str, ...] | None = None
    if loci.lower() not in _NONE:
        if _is_file(loci):
            parsed = read_stunting_loci_file(loci, district=region)
            source, codes = loci, tuple(parsed.codes)
        elif _snapshots(be, STUNTING_LOCI_TABLE):
            source = _pick(be, STUNTING_LOCI_TABLE, loci)
            t = be.table(STUNTING_LOCI_TABLE)
            rows = t.filter(t.snapshot == source).select("village_code").distinct().to_pyarrow()
            codes = tuple(sorted(rows.column("village_code").to_pylist()))
        if codes is not None:
            check_loci_inside(codes, region)
    needs_growth = [c.name for c in policy.criteria if c.kind.needs(c).growth]
    growth_snap = None
    if needs_growth:
        value = growth or policy.inputs.growth
        if value.lower() in _NONE or not _snapshots(be, GROWTH_TABLE):
            raise ConfigError("error.policy.no_growth", criteria=", ".join(needs_growth), table=GROWTH_TABLE,
                              key="inputs.growth", value=value, valid_values="-")
        growth_snap = _pick(be, GROWTH_TABLE, value)
    return PolicyInputs(reg, source, codes, growth_snap, region)
