"""Which villages convergence looks at by default: the priority loci.

Until the policy engine (with its ``selected`` column) lands, the priority loci are the top
:data:`DEFAULT_TOP` villages of the founding rule (:func:`lokus.loci.founding_rule_expr`) for the
registry's district, with the latest stunting-loci list. :func:`default_loci_villages` is the
ONE place to switch over.
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
    ws: Workspace, *, registry_snapshot: str | None = None, top: int = DEFAULT_TOP
) -> list[str]:
    """The priority-locus village codes, best first (top ``top`` of the founding rule).

    To be switched to the policy engine's ``selected`` column when it is merged.
    """
    snap = latest_registry(ws, registry_snapshot)
    ranks = village_ranks(ws, snap).order_by("rank").limit(top).to_pyarrow()
    return [str(c) for c in ranks.column("code").to_pylist()]
