"""What changed between two registry snapshots: who was added, removed, or moved decile or village.

People are matched by NIK (accepted rows only; a NIK is unique within a snapshot because
duplicates are quarantined). Counts are given per village of the newer snapshot (of the older
one for removed people and for the village a person moved out of).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lokus.registry._schema import REGISTRY_TABLE
from lokus.workspace import Kind, Workspace

__all__ = ["SnapshotDiff", "diff_snapshots"]

KIND = Kind.registry.value

_PEOPLE = f"""
WITH a AS (
    SELECT nik, any_value(village_code) AS village, any_value(decile) AS decile, any_value(name) AS name
    FROM {REGISTRY_TABLE} WHERE snapshot = $a GROUP BY nik
), b AS (
    SELECT nik, any_value(village_code) AS village, any_value(decile) AS decile, any_value(name) AS name
    FROM {REGISTRY_TABLE} WHERE snapshot = $b GROUP BY nik
)
SELECT coalesce(b.nik, a.nik) AS nik, coalesce(b.name, a.name) AS name,
       a.village AS village_a, b.village AS village_b, a.decile AS decile_a, b.decile AS decile_b,
       CASE WHEN a.nik IS NULL THEN 'added' WHEN b.nik IS NULL THEN 'removed'
            WHEN a.village IS DISTINCT FROM b.village AND a.decile IS DISTINCT FROM b.decile
                THEN 'moved_village_and_decile'
            WHEN a.village IS DISTINCT FROM b.village THEN 'moved_village'
            WHEN a.decile IS DISTINCT FROM b.decile THEN 'moved_decile' END AS change
FROM a FULL OUTER JOIN b ON a.nik = b.nik
"""

_BY_VILLAGE = f"""
WITH p AS ({_PEOPLE}),
counts AS (
    SELECT village_b AS village_code,
           count(*) FILTER (WHERE change = 'added') AS added,
           0 AS removed,
           count(*) FILTER (WHERE change IN ('moved_decile', 'moved_village_and_decile')) AS moved_decile,
           count(*) FILTER (WHERE change IN ('moved_village', 'moved_village_and_decile')) AS moved_in,
           0 AS moved_out,
           count(*) FILTER (WHERE change IN ('moved_decile', 'moved_village_and_decile')
                            AND decile_b < decile_a) AS decile_down,
           count(*) FILTER (WHERE change IN ('moved_decile', 'moved_village_and_decile')
                            AND decile_b > decile_a) AS decile_up
    FROM p WHERE village_b IS NOT NULL GROUP BY 1
    UNION ALL
    SELECT village_a, 0, count(*) FILTER (WHERE change = 'removed'), 0, 0,
           count(*) FILTER (WHERE change IN ('moved_village', 'moved_village_and_decile')), 0, 0
    FROM p WHERE village_a IS NOT NULL GROUP BY 1
),
sizes AS (
    SELECT village_code,
           count(*) FILTER (WHERE snapshot = $a) AS people_a,
           count(*) FILTER (WHERE snapshot = $b) AS people_b,
           count(*) FILTER (WHERE snapshot = $a AND decile = 1) AS decile1_a,
           count(*) FILTER (WHERE snapshot = $b AND decile = 1) AS decile1_b
    FROM {REGISTRY_TABLE} WHERE snapshot IN ($a, $b) GROUP BY 1
)
SELECT s.village_code, s.people_a, s.people_b, s.decile1_a, s.decile1_b,
       coalesce(sum(c.added), 0)::BIGINT AS added, coalesce(sum(c.removed), 0)::BIGINT AS removed,
       coalesce(sum(c.moved_decile), 0)::BIGINT AS moved_decile,
       coalesce(sum(c.decile_down), 0)::BIGINT AS decile_down,
       coalesce(sum(c.decile_up), 0)::BIGINT AS decile_up, coalesce(sum(c.moved_in), 0)::BIGINT AS moved_in,
       coalesce(sum(c.moved_out), 0)::BIGINT AS moved_out
FROM sizes s LEFT JOIN counts c USING (village_code)
GROUP BY ALL ORDER BY s.village_code
"""


@dataclass
class SnapshotDiff:
    a: str
    b: str
    added: int
    removed: int
    moved_decile: int
    moved_village: int
    by_village: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)


def diff_snapshots(ws: Workspace, a: str, b: str, *, people: bool = False) -> SnapshotDiff:
    """Compare registry snapshots ``a`` (older) and ``b`` (newer); ``people`` lists each change
    (personal data: audited, so the workspace must be open for writing)."""
    ws.snapshot(a, KIND)
    ws.snapshot(b, KIND)
    params = {"a": a, "b": b}
    cur = ws.con.execute(_BY_VILLAGE, params)
    cols = [d[0] for d in cur.description]
    by_village = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    totals = ws.con.execute(
        f"SELECT count(*) FILTER (WHERE change = 'added'), count(*) FILTER (WHERE change = 'removed'), "
        "count(*) FILTER (WHERE change IN ('moved_decile', 'moved_village_and_decile')), "
        "count(*) FILTER (WHERE change IN ('moved_village', 'moved_village_and_decile')) "
        f"FROM ({_PEOPLE})",
        params,
    ).fetchone()
    added, removed, moved_decile, moved_village = (int(x or 0) for x in (totals or (0, 0, 0, 0)))
    listing: list[dict[str, Any]] = []
    if people:
        cur = ws.con.execute(
            f"SELECT * FROM ({_PEOPLE}) WHERE change IS NOT NULL ORDER BY change, nik", params
        )
        cols = [d[0] for d in cur.description]
        listing = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        from lokus.privacy import audit, records_shown

        # Each person's NIK and name: a personal-data view, audited whoever asks.
        audit(ws, "snapshots.diff", target=f"{a}..{b}", rows=len(listing), records=records_shown(listing))
    return SnapshotDiff(a, b, added, removed, moved_decile, moved_village, by_village, listing)
