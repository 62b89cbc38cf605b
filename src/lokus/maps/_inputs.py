"""The locus tables a map (and the meeting pack) draws on, read from a workspace without writing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lokus.workspace import Workspace

__all__ = ["LocusTables", "locus_tables"]

STUNTING_DETAIL_TABLE = "stunting_loci_detail"


@dataclass
class LocusTables:
    """The ranking of ``policy`` (pyarrow, the columns of ``lokus loci``), the priority loci (at most
    ``top`` selected units, best first), the stunting detail per village (or None) and the snapshot
    names they came from."""

    ranking: Any
    poverty_loci: list[str]
    stunting: Any | None
    policy: Any
    registry_snapshot: str
    stunting_snapshot: str | None
    district: str

    @property
    def stunting_loci(self) -> list[str]:
        return sorted(str(r["code"]) for r in self.ranking.to_pylist() if r.get("stunting_locus"))

    def sources(self) -> list[str]:
        parts = [self.registry_snapshot, self.policy.source or self.policy.name]
        if self.stunting_snapshot:
            parts.insert(1, self.stunting_snapshot)
        return parts


def locus_tables(
    ws: Workspace,
    *,
    policy: str | None = None,
    registry: str | None = None,
    top: int | None = None,
    lang: str = "id",
) -> LocusTables:
    """Rank the registry's district under ``policy`` (default: the founding rule) with the latest
    stunting-loci snapshot, as ``lokus loci`` does; read-only."""
    import pyarrow as pa

    from lokus.convergence._loci import DEFAULT_TOP, latest_registry, registry_district, top_selected
    from lokus.engine import backend
    from lokus.loci import DEFAULT_POLICY, load_policy, rank_policy, resolve_inputs

    pol = load_policy(policy or DEFAULT_POLICY)
    snap = latest_registry(ws, registry)
    stunting_snaps = ws.snapshots("stunting_loci")
    stunting_snap = stunting_snaps[-1].name if stunting_snaps else None
    district = registry_district(ws, snap) or pol.filters.region or "18.04"
    inputs = resolve_inputs(ws, pol, registry=snap, stunting_loci=stunting_snap, region=district)
    ranking = rank_policy(backend(ws.con), pol, inputs, lang=lang)
    loci = top_selected(ranking, top or DEFAULT_TOP)
    detail = None
    if stunting_snap and ws.has_table(STUNTING_DETAIL_TABLE):
        cur = ws.con.cursor()
        got = cur.execute(
            f"SELECT village_code, measured, stunted, prevalence, is_locus, reason FROM {STUNTING_DETAIL_TABLE} "
            "WHERE snapshot = ? ORDER BY village_code", [stunting_snap]
        ).fetchall()
        if got:
            names = ["village_code", "measured", "stunted", "prevalence", "is_locus", "reason"]
            detail = pa.table({n: [r[i] for r in got] for i, n in enumerate(names)})
    return LocusTables(ranking, loci, detail, pol, snap, stunting_snap, district)
