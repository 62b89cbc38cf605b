"""Meetings: the gaps as they stood at a TKPK meeting, and what changed since.

``save_meeting`` stores the current exclusion gaps (household, program) and village scores under
a name (snapshot kind ``meeting``). ``changes_since`` compares the current coverage with a saved
meeting (default: the latest): gaps closed (a pair that was a gap and is now covered or no longer
eligible), new gaps, and each village's score then and now.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from lokus.convergence._coverage import Coverage
from lokus.errors import ConfigError
from lokus.workspace import Workspace

__all__ = ["Changes", "save_meeting", "changes_since", "latest_meeting", "GAPS_TABLE", "SCORES_TABLE"]

GAPS_TABLE = "convergence_meeting_gaps"
SCORES_TABLE = "convergence_meeting_scores"
KIND = "meeting"


@dataclass
class Changes:
    meeting: str
    by_village: pa.Table  # village_code, gaps_closed, gaps_new, score_convergence_previous, …
    by_office: pa.Table  # office, program, gaps_closed, gaps_new
    closed: int
    opened: int
    score_previous: float | None
    score_now: float | None


def _ddl(ws: Workspace) -> None:
    ws.con.execute(
        f"CREATE TABLE IF NOT EXISTS {GAPS_TABLE} (meeting VARCHAR, household_id VARCHAR, village_code VARCHAR, "
        "program VARCHAR, office VARCHAR)"
    )
    ws.con.execute(
        f"CREATE TABLE IF NOT EXISTS {SCORES_TABLE} (meeting VARCHAR, village_code VARCHAR, eligible_pairs BIGINT, "
        "covered_pairs BIGINT)"
    )


def _arrow(cursor: Any) -> pa.Table:
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    return pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})


def latest_meeting(ws: Workspace) -> str | None:
    snaps = ws.snapshots(KIND)
    return snaps[-1].name if snaps else None


def save_meeting(ws: Workspace, cov: Coverage, name: str) -> dict[str, Any]:
    """Store the current gaps and scores as meeting ``name`` (replacing one of the same name)."""
    gaps = cov.gap_pairs().to_pyarrow()
    villages = cov.by_village().select(["village_code", "eligible_pairs", "covered_pairs"])
    with ws.transaction() as con:
        _ddl(ws)
        con.register("gaps", gaps)
        con.register("villages", villages)
        con.execute(f"DELETE FROM {GAPS_TABLE} WHERE meeting = ?", [name])
        con.execute(f"DELETE FROM {SCORES_TABLE} WHERE meeting = ?", [name])
        con.execute(f"INSERT INTO {GAPS_TABLE} SELECT ?, household_id, village_code, program, office FROM gaps",
                    [name])
        con.execute(f"INSERT INTO {SCORES_TABLE} SELECT ?, village_code, eligible_pairs, covered_pairs FROM villages",
                    [name])
        details = {"region": cov.region, "registry_snapshot": cov.registry_snapshot, "as_of": cov.as_of.isoformat(),
                   "lists": cov.lists, "score": cov.score()}
        ws.record_snapshot(name, KIND, source_file=None, sha256=None, rows_read=gaps.num_rows, rows=gaps.num_rows,
                           details=json.dumps(details))
        con.unregister("gaps")
        con.unregister("villages")
    return {"name": name, "gaps": gaps.num_rows, "villages": villages.num_rows}


def changes_since(ws: Workspace, cov: Coverage, meeting: str | None = None) -> Changes | None:
    """What changed between meeting ``meeting`` (default: the latest) and ``cov``; None when no
    meeting was saved. Only villages of the current region are compared."""
    name = meeting or latest_meeting(ws)
    if name is None:
        return None
    if ws.find_snapshot(name) is None or ws.snapshot(name).kind != KIND:
        available = ", ".join(s.name for s in ws.snapshots(KIND)) or "-"
        raise ConfigError("convergence.meeting.missing", name=name, available=available)
    con = ws.con
    con.register("now_gaps", cov.gap_pairs().to_pyarrow())
    con.register("now_villages", cov.by_village().select(["village_code", "eligible_pairs", "covered_pairs"]))
    region = "" if cov.villages is None else "AND village_code IN (SELECT village_code FROM now_villages)"
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __lokus_then AS SELECT household_id, village_code, program, office "
        f"FROM {GAPS_TABLE} WHERE meeting = ? {region}", [name]
    )
    closed_sql = (
        "SELECT t.* FROM __lokus_then t ANTI JOIN now_gaps n ON t.household_id = n.household_id "
        "AND t.program = n.program"
    )
    new_sql = (
        "SELECT n.* FROM now_gaps n ANTI JOIN __lokus_then t ON t.household_id = n.household_id "
        "AND t.program = n.program"
    )
    by_village = con.execute(
        f"""WITH closed AS (SELECT village_code, count(*) AS n FROM ({closed_sql}) GROUP BY 1),
                opened AS (SELECT village_code, count(*) AS n FROM ({new_sql}) GROUP BY 1),
                prev AS (SELECT village_code, eligible_pairs, covered_pairs FROM {SCORES_TABLE} WHERE meeting = ?)
        SELECT v.village_code, coalesce(c.n, 0) AS gaps_closed, coalesce(o.n, 0) AS gaps_new,
            round(p.covered_pairs / nullif(p.eligible_pairs, 0), 4) AS score_convergence_previous,
            round(v.covered_pairs / nullif(v.eligible_pairs, 0), 4) AS score_convergence,
            round(v.covered_pairs / nullif(v.eligible_pairs, 0) - p.covered_pairs / nullif(p.eligible_pairs, 0), 4)
                AS score_convergence_change
        FROM now_villages v LEFT JOIN closed c USING (village_code) LEFT JOIN opened o USING (village_code)
        LEFT JOIN prev p USING (village_code) ORDER BY v.village_code""",
        [name],
    )
    by_village = _arrow(by_village)
    by_office = con.execute(
        f"""WITH closed AS (SELECT office, program, count(*) AS n FROM ({closed_sql}) GROUP BY 1, 2),
                opened AS (SELECT office, program, count(*) AS n FROM ({new_sql}) GROUP BY 1, 2)
        SELECT coalesce(c.office, o.office) AS office, coalesce(c.program, o.program) AS program,
            coalesce(c.n, 0) AS gaps_closed, coalesce(o.n, 0) AS gaps_new
        FROM closed c FULL JOIN opened o ON c.office = o.office AND c.program = o.program ORDER BY 1, 2"""
    )
    by_office = _arrow(by_office)
    prev = con.execute(
        f"SELECT sum(covered_pairs), sum(eligible_pairs) FROM {SCORES_TABLE} WHERE meeting = ? "
        + ("" if cov.villages is None else "AND village_code IN (SELECT village_code FROM now_villages)"),
        [name],
    ).fetchall()
    con.execute("DROP TABLE IF EXISTS temp.__lokus_then")
    con.unregister("now_gaps")
    con.unregister("now_villages")
    c_prev, e_prev = prev[0] if prev else (None, None)
    score_prev = round(c_prev / e_prev, 4) if e_prev else None
    return Changes(
        meeting=name,
        by_village=by_village,
        by_office=by_office,
        closed=int(sum(by_village.column("gaps_closed").to_pylist())),
        opened=int(sum(by_village.column("gaps_new").to_pylist())),
        score_previous=score_prev,
        score_now=cov.score(),
    )
