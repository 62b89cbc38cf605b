"""Which villages convergence looks at by default: the priority loci.

The priority loci are the villages that a locus policy selects (default ``lampung-barat-2022``, the
founding rule) for the registry's district with the latest stunting-loci list, in the policy's
order, at most :data:`DEFAULT_TOP` of them (the founding rule ranks every village and selects all,
so the cap is what makes them "loci").
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import ibis

from lokus.engine import backend as engine_backend
from lokus.errors import WorkspaceError
from lokus.loci import founding_rule_expr
from lokus.workspace import Workspace

__all__ = ["DEFAULT_TOP", "default_loci_villages", "village_ranks", "registry_district", "latest_registry"]

DEFAULT_TOP = 20


def latest_registry(ws: Workspace, registry_snapshot: str | None = None) -> str:
    """``registry_snapshot`` (checked) or the latest registry snapshot."""
    if registry_snapshot:
        return ws.snapshot(registry_snapshot, "registry").name
    snaps = ws.snapshots("registry")
    if not snaps:
        raise WorkspaceError("convergence.no_registry", path=str(ws.path))
    return snaps[-1].name


def registry_district(ws: Workspace, registry_snapshot: str) -> str | None:
    """The district (``PP.KK``) holding most of the snapshot's villages."""
    rows = ws.con.execute(
        "SELECT substr(village_code, 1, 5), count(*) FROM registry WHERE snapshot = ? GROUP BY 1",
        [registry_snapshot],
    ).fetchall()
    if not rows:
        return None
    counts = Counter({code: n for code, n in rows if code})
    return counts.most_common(1)[0][0] if counts else None


def _latest_stunting(ws: Workspace) -> str | None:
    snaps = ws.snapshots("stunting_loci")
    return snaps[-1].name if snaps else None


def village_ranks(ws: Workspace, registry_snapshot: str, backend: Any | None = None) -> ibis.Table:
    """(code, rank) of every village of the registry's district under the founding rule."""
    be = backend or engine_backend(ws.con)
    expr = founding_rule_expr(
        be,
        registry_snapshot=registry_snapshot,
        region=registry_district(ws, registry_snapshot),
        stunting_snapshot=_latest_stunting(ws),
    )
    return expr.select("code", "name", "rank", "stunting_locus")


def default_loci_villages(
    ws: Workspace, *, registry_snapshot: str | None = None, top: int = DEFAULT_TOP, policy: str | None = None
) -> list[str]:
    """The priority-locus village codes, best first: the units ``policy`` selects (default: the
    founding rule), at most ``top`` of them."""
    from lokus.loci import DEFAULT_POLICY, load_policy, rank_policy, resolve_inputs

    snap = latest_registry(ws, registry_snapshot)
    pol = load_policy(policy or DEFAULT_POLICY)
    inputs = resolve_inputs(ws, pol, registry=snap, stunting_loci=_latest_stunting(ws),
                            region=registry_district(ws, snap) or pol.filters.region)
    ranking = rank_policy(engine_backend(ws.con), pol, inputs)
    rows = [r for r in ranking.select(["code", "rank", "selected"]).to_pylist() if r["selected"]]
    rows.sort(key=lambda r: r["rank"])
    return [str(r["code"]) for r in rows[:top]]
