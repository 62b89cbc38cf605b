"""Measurements follow the registry they were linked to.

At ingest each child is looked up by NIK in a registry snapshot: whether the child is in it
(``in_registry``), its household and welfare decile, the ``not_in_registry`` warning and, when the file
gave no usable village code, the village (``village_source`` = ``registry``). When that snapshot's rows
change — loaded again with ``--replace``, a person erased — these must describe the registry as it is, as
the recipient lists' verdicts do (:func:`lokus.convergence.rematch_recipients`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import polars as pl

from lokus.workspace import (
    MEASUREMENTS_TABLE,
    QUARANTINE_TABLE,
    REGISTRY_TABLE,
    SNAPSHOTS_TABLE,
    Kind,
    SnapshotInfo,
    Workspace,
)

__all__ = ["relink_measurements", "registry_links_sql", "REGISTRY_DETAIL"]

REGISTRY_DETAIL = "registry_snapshot"  # the snapshot detail naming the registry a measurement snapshot was linked to

_NOT_IN = "not_in_registry"  # the NIK warning of a child the registry does not hold


def _linked_snapshots(ws: Workspace, registry_snapshot: str, bind_unlinked: bool) -> tuple[list[str], list[str]]:
    """(measurement snapshots linked to ``registry_snapshot``, those linked to none: loaded when the
    workspace held no registry — only with ``bind_unlinked``)."""
    reg = f"json_extract_string(details, '$.{REGISTRY_DETAIL}')"
    rows = ws.con.execute(
        f"SELECT name, {reg} FROM {SNAPSHOTS_TABLE} WHERE kind = ? AND ({reg} = ? OR {reg} IS NULL) ORDER BY name",
        [Kind.measurements.value, registry_snapshot],
    ).fetchall()
    linked = [name for name, r in rows if r == registry_snapshot]
    unlinked = [name for name, r in rows if r is None] if bind_unlinked else []
    return linked, unlinked


def relink_measurements(ws: Workspace, registry_snapshot: str, *, bind_unlinked: bool = False) -> int:
    """Look every child of the measurement snapshots linked to ``registry_snapshot`` up again in it; returns
    the measurement rows whose link changed.

    Per child with a valid NIK, as the ingest decides it: in the registry → ``in_registry``, household and
    decile from it, no ``not_in_registry`` warning, and the village from it when the file gave no code
    (``village_source`` ``registry`` or ``name``: the registry comes before the names); not in it →
    ``in_registry`` false, no household or decile, the warning. A child placed by the registry that has left
    it keeps that village (the file's names are not read again), and so does a child whose registry village
    lies outside the ``--district`` the measurements were loaded with. A row quarantined because nothing
    placed it in a village (``village_unresolved``) is checked again from its raw cells, and accepted when
    the registry now places it. Call inside the transaction of any write that changes the snapshot's rows. With ``bind_unlinked`` (a registry just loaded) the measurement
    snapshots loaded when the workspace held no registry are linked to this one too, and record it.
    """
    if not ws.has_table(MEASUREMENTS_TABLE) or not ws.has_table(REGISTRY_TABLE):
        return 0
    linked, unlinked = _linked_snapshots(ws, registry_snapshot, bind_unlinked)
    changed = 0
    for name in linked + unlinked:
        info = ws.find_snapshot(name)
        if info is None:
            continue
        if name in unlinked:
            ws.set_snapshot_detail(name, REGISTRY_DETAIL, registry_snapshot)
        changed += _relink_one(ws, info, registry_snapshot)
    return changed


def registry_links_sql(niks: str) -> str:
    """NIK → ``village_code``, ``household_id``, ``decile`` in registry snapshot ``$reg``, for the NIKs of the
    relation ``niks`` (a table or query with a ``nik`` column) only: memory follows those NIKs, not the
    registry (a national one holds 270 million people). One row per NIK (the registry ingest holds a NIK once
    per snapshot; ``any_value`` keeps it so if a table does not). The ingest's lookup and the re-link's."""
    return ("SELECT r.nik, any_value(r.village_code) AS village_code, any_value(r.household_id) AS household_id, "
            f"any_value(r.decile)::INTEGER AS decile FROM {REGISTRY_TABLE} r SEMI JOIN ({niks}) AS m ON r.nik = m.nik "
            "WHERE r.snapshot = $reg GROUP BY r.nik")


def _relink_one(ws: Workspace, info: SnapshotInfo, registry_snapshot: str) -> int:
    """:func:`relink_measurements` for one measurement snapshot. A registry village outside the ``--district``
    it was loaded with is not taken (the ingest would have refused the row): the old one is kept."""
    snapshot = info.name
    details = json.loads(info.details or "{}")
    params = {"reg": registry_snapshot, "snap": snapshot, "district": details.get("district")}
    # the registry's village is taken where the file gave none, and inside the snapshot's district
    take = ("m.village_source IN ('registry', 'name') AND r.village_code IS NOT NULL "
            "AND ($district IS NULL OR starts_with(r.village_code, $district || '.'))")
    links = registry_links_sql(f"SELECT nik FROM {MEASUREMENTS_TABLE} WHERE snapshot = $snap AND nik IS NOT NULL")
    found = ws.con.execute(
        f"""UPDATE {MEASUREMENTS_TABLE} AS m SET
                in_registry = true, household_id = r.household_id, decile = r.decile,
                village_code = CASE WHEN {take} THEN r.village_code ELSE m.village_code END,
                village_source = CASE WHEN {take} THEN 'registry' ELSE m.village_source END,
                warnings = list_filter(m.warnings, lambda w: w <> '{_NOT_IN}')
            FROM ({links}) AS r
            WHERE m.snapshot = $snap AND m.nik = r.nik AND (
                m.in_registry IS NOT TRUE OR m.household_id IS DISTINCT FROM r.household_id
                OR m.decile IS DISTINCT FROM r.decile OR list_contains(m.warnings, '{_NOT_IN}')
                OR ({take} AND (m.village_code IS DISTINCT FROM r.village_code OR m.village_source <> 'registry')))""",
        params,
    ).fetchall()
    gone = ws.con.execute(
        f"""UPDATE {MEASUREMENTS_TABLE} AS m SET
                in_registry = false, household_id = NULL, decile = NULL,
                warnings = CASE WHEN list_contains(m.warnings, '{_NOT_IN}') THEN m.warnings
                                ELSE list_prepend('{_NOT_IN}', coalesce(m.warnings, []::VARCHAR[])) END
            WHERE m.snapshot = $snap AND m.nik IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM {REGISTRY_TABLE} r WHERE r.snapshot = $reg AND r.nik = m.nik)
              AND (m.in_registry IS NOT FALSE OR m.household_id IS NOT NULL OR m.decile IS NOT NULL
                   OR NOT list_contains(coalesce(m.warnings, []::VARCHAR[]), '{_NOT_IN}'))""",
        {"reg": registry_snapshot, "snap": snapshot},
    ).fetchall()
    # A row without a usable NIK is not in the registry (NULL while the workspace held none).
    no_nik = ws.con.execute(
        f"UPDATE {MEASUREMENTS_TABLE} SET in_registry = false WHERE snapshot = $snap AND nik IS NULL "
        "AND in_registry IS NULL", {"snap": snapshot}).fetchall()
    return sum(int(rows[0][0]) if rows else 0 for rows in (found, gone, no_nik)) + _retry_unplaced(
        ws, info, details, registry_snapshot)


def _retry_unplaced(ws: Workspace, info: SnapshotInfo, details: dict[str, Any], registry_snapshot: str) -> int:
    """The quarantined rows of ``snapshot`` whose one reason was ``village_unresolved`` (no village code, a
    NIK the registry did not hold, names that match no village), checked again from their raw cells as the
    ingest checks a row, against ``registry_snapshot``: those it now places are accepted, the others stay
    quarantined with the reasons found now. Returns the rows accepted; the snapshot's counts follow."""
    from lokus.measurements._ingest import _canonical, _validate, _write

    con, snapshot = ws.con, info.name
    rows = con.execute(
        f"SELECT source_line, raw FROM {QUARANTINE_TABLE} WHERE snapshot = ? AND reasons = ['village_unresolved'] "
        "ORDER BY source_line", [snapshot]).fetchall()
    if not rows:
        return 0
    cells = [json.loads(raw or "{}") for _line, raw in rows]
    headers = list(cells[0])  # the file's header, in its order (the raw cells of every row of one file)
    raw = pl.DataFrame(
        {"__line": [line for line, _raw in rows],
         **{f"c{i}": [None if c.get(h) is None else str(c.get(h)) for c in cells] for i, h in enumerate(headers)}},
        schema={"__line": pl.Int64, **{f"c{i}": pl.String for i in range(len(headers))}})
    columns = {field: headers.index(h) for field, h in (details.get("columns") or {}).items() if h in headers}
    accepted, rejected = _validate(ws, _canonical(raw, columns), raw, headers, details.get("district"),
                                   registry_snapshot, date.today())
    if accepted.height == 0 and all(r == ["village_unresolved"] for r in rejected["reasons"].to_list()):
        return 0  # nothing placed, nothing else found: the quarantine stays as it is
    con.execute(f"DELETE FROM {QUARANTINE_TABLE} WHERE snapshot = ? AND reasons = ['village_unresolved']", [snapshot])
    _write(con, snapshot, accepted, rejected, [], info.source_file or "", details.get("sheet"))
    con.execute(f"UPDATE {SNAPSHOTS_TABLE} SET rows = rows + ?, quarantined = quarantined - ? WHERE name = ?",
                [accepted.height, accepted.height, snapshot])
    return accepted.height
