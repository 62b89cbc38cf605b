"""The priority loci of a ranking: what the users call "the selection".

A policy marks the units it selects (``selected``); the founding rule selects every village, so the
priority loci are the selected units in rank order, at most :data:`PRIORITY_TOP` of them. The meeting
pack, its maps, ``lokus gaps``, the web app and ``lokus loci diff`` share this one rule.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PRIORITY_TOP", "mark_priority", "top_selected"]

PRIORITY_TOP = 20


def top_selected(ranking: Any, top: int | None = PRIORITY_TOP) -> list[str]:
    """The priority loci of a policy ranking (a pyarrow table with ``code``, ``rank``, ``selected``): the
    selected units in rank order, at most ``top`` of them (None: every selected unit)."""
    rows = [r for r in ranking.select(["code", "rank", "selected"]).to_pylist() if r["selected"]]
    rows.sort(key=lambda r: r["rank"])  # stable: ties keep the ranking's own order
    return [str(r["code"]) for r in (rows[:top] if top is not None else rows)]


def mark_priority(ranking: Any, top: int | None = PRIORITY_TOP) -> Any:
    """The ranking with a ``priority_locus`` column: True on the units :func:`top_selected` names (the
    priority loci), False on every other row; the rows keep their order."""
    import pyarrow as pa

    chosen = set(top_selected(ranking, top))
    flags = [str(c) in chosen for c in ranking.column("code").to_pylist()]
    return ranking.append_column("priority_locus", pa.array(flags, pa.bool_()))
