"""Data-subject rights (UU PDP 27/2022 art. 7–9 access, art. 8/16 erasure) for one person by NIK.

Tables are discovered, not listed: every base table of the workspace is searched, so tables added
by later capabilities (quarantine restructures, interventions, …) are covered without a change
here. In each table a row is the person's when

* a column named like a person's NIK (``nik``, ``*_nik``, ``nik_*``) equals the NIK and it is
  the row's own person column (``nik``; else the table's only NIK column), or
* any text column contains the NIK (quarantined raw lines, ``extra`` JSON, warnings).

A row that only *mentions* the person in another NIK column (a child's measurement naming the
mother in ``mother_nik``; a household member's row naming the head in ``head_nik``) is kept,
with that column and its paired name column (``mother_name``, ``head_name``) blanked on erasure.

:func:`erase_person` deletes those rows, blanks the person's identifiers in the audit detail
(keeping their hashes: the chain verifies), appends a non-identifying row to the audit chain
(``person.erase``, the number of rows, no NIK), a row per table and snapshot to ``erasures`` (so
that rows read = accepted + quarantined + erased still adds up, for every kind of snapshot:
interventions name theirs in ``batch``), and the person's keyed digest to the tombstone
(:mod:`lokus.privacy._erased`: no later load brings them back), then rewrites the file
(:func:`lokus.workspace._compact.compact_workspace`) so the bytes are gone.
:func:`restore_person` lifts an erasure deliberately (audited as ``person.restore``).
:func:`export_person` writes everything held about the person, and the audit rows that touched
them, through :mod:`lokus.reports` (after an erasure: when they were erased, nothing else).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from lokus.errors import ConfigError
from lokus.i18n import label
from lokus.privacy._audit import (
    AUDIT_TABLE,
    DETAIL_TABLE,
    acting_user,
    append,
    entries_touching,
    erase_records,
)
from lokus.privacy._erased import erased_on, lift_erasure, record_erasure
from lokus.privacy._pseudonym import identifier_kind
from lokus.workspace._catalogue import ERASED_TABLE, ERASURES_TABLE, ensure_tables, snapshot_column

__all__ = ["ErasureReport", "ExportReport", "erase_person", "export_person", "mask_nik", "normalise_nik",
           "person_tables", "restore_person"]

# bookkeeping tables that never hold a person's row (the audit tables are handled on their own; the
# tombstone holds keyed digests only)
_SKIP = {AUDIT_TABLE, DETAIL_TABLE, ERASURES_TABLE, ERASED_TABLE, "snapshots", "lokus_meta", "regions",
         "published_cells"}
_TEXT = ("VARCHAR", "TEXT", "JSON")


def normalise_nik(value: str) -> str:
    """The NIK as 16 digits (dots, spaces and dashes removed); :class:`ConfigError` otherwise."""
    digits = re.sub(r"[\s.\-]", "", str(value))
    if not re.fullmatch(r"\d{16}", digits):
        raise ConfigError("privacy.person.nik", nik=str(value)[:40])
    return digits


def mask_nik(nik: str) -> str:
    """``1804045703940007`` → ``180404**********`` (region kept, birth date and serial hidden)."""
    return nik[:6] + "*" * (len(nik) - 6)


@dataclass
class _Plan:
    table: str
    own: list[str]  # NIK columns whose match makes the row the person's
    other: list[tuple[str, str | None]]  # (NIK column, paired name column) to blank
    text: list[str]  # text columns searched for the NIK


def _plans(con: Any) -> list[_Plan]:
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]
    plans = []
    for table in tables:
        if table in _SKIP:
            continue
        cols = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = 'main' ORDER BY ordinal_position", [table]).fetchall()
        names = [c for c, _ in cols]
        niks = [c for c in names if identifier_kind(c) == "nik"]
        own = ["nik"] if "nik" in niks else niks[:1] if len(niks) == 1 else niks
        other = []
        for c in niks:
            if c in own:
                continue
            stem = c.replace("nik", "").strip("_")
            pair = next((n for n in (f"{stem}_name", f"nama_{stem}", f"{stem}_nama") if n in names), None)
            other.append((c, pair))
        # text columns, and nested ones (lists, structs, maps: a quarantined raw row may be kept as one)
        text = [c for c, t in cols if c not in niks and (t.upper().startswith(_TEXT) or _nested(t))]
        if own or other or text:
            plans.append(_Plan(table, own, other, text))
    return plans


def _nested(data_type: str) -> bool:
    t = data_type.upper()
    return t.endswith("]") or t.startswith(("STRUCT", "MAP", "UNION"))


def _where_own(plan: _Plan) -> tuple[str, list[Any]]:
    parts = [f'"{c}" = $nik' for c in plan.own] + [f"contains(CAST(\"{c}\" AS VARCHAR), $nik)" for c in plan.text]
    return " OR ".join(parts) or "false", []


def person_tables(ws: Any, nik: str) -> dict[str, pa.Table]:
    """Every row held about ``nik``, per table (tables without a row are left out)."""
    out: dict[str, pa.Table] = {}
    for plan in _plans(ws.con):
        where, _ = _where_own(plan)
        mention = " OR ".join(f'"{c}" = $nik' for c, _ in plan.other)
        cond = f"({where})" + (f" OR ({mention})" if mention else "")
        t = ws.con.sql(f'SELECT * FROM "{plan.table}" WHERE {cond}', params={"nik": nik}).to_arrow_table()
        if t.num_rows:
            out[plan.table] = t
    return out


@dataclass
class ErasureReport:
    rows: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    blanked: dict[str, int] = field(default_factory=dict)
    audit_details: int = 0
    size_before: int = 0
    size_after: int = 0
    tombstone: bool = False  # the person was added to the tombstone (False: already in it)


def erase_person(ws: Any, nik: str, *, user: str | None = None, compact: bool = True) -> ErasureReport:
    """Erase ``nik`` from every table and the audit detail, record a tombstone, rewrite the file.

    ``ws`` must be writable; it is closed when ``compact`` is true (the file is replaced).
    Raises :class:`lokus.errors.WorkspaceError` if nothing is held about the person (saying so when
    they were erased before).
    """
    from lokus.errors import WorkspaceError

    nik = normalise_nik(nik)
    report = ErasureReport()
    now = datetime.now(UTC).replace(tzinfo=None)
    erased_registry: list[tuple[Any, int]] = []
    with ws.transaction() as con:
        for plan in _plans(con):
            where, _ = _where_own(plan)
            snaps: list[tuple[Any, int]] = []
            column = snapshot_column(plan.table)  # the snapshot of each erased row, whatever its column is called
            has_snapshot = column in [c for c, _ in con.execute(
                f"SELECT column_name, 1 FROM information_schema.columns WHERE table_name = '{plan.table}'").fetchall()]
            if has_snapshot:
                snaps = con.execute(f'SELECT "{column}", count(*) FROM "{plan.table}" WHERE {where} GROUP BY 1',
                                    {"nik": nik}).fetchall()
            else:
                n = con.execute(f'SELECT count(*) FROM "{plan.table}" WHERE {where}', {"nik": nik}).fetchone()[0]
                snaps = [(None, n)] if n else []
            n_rows = sum(n for _, n in snaps)
            if plan.table == "registry":
                erased_registry = snaps
            if n_rows:
                con.execute(f'DELETE FROM "{plan.table}" WHERE {where}', {"nik": nik})
                report.tables[plan.table] = n_rows
                report.rows += n_rows
                ensure_tables(con, ERASURES_TABLE)
                con.executemany(f"INSERT INTO {ERASURES_TABLE} VALUES (?, ?, ?, ?)",
                                [[now, plan.table, s, n] for s, n in snaps])
            for col, pair in plan.other:
                m = con.execute(f'SELECT count(*) FROM "{plan.table}" WHERE "{col}" = $nik', {"nik": nik}).fetchone()[0]
                if m:
                    sets = f'"{col}" = NULL' + (f', "{pair}" = NULL' if pair else "")
                    con.execute(f'UPDATE "{plan.table}" SET {sets} WHERE "{col}" = $nik', {"nik": nik})
                    report.blanked[f"{plan.table}.{col}"] = int(m)
        from lokus.convergence import rematch_recipients
        from lokus.measurements import relink_measurements

        for snapshot, _n in erased_registry:  # the lists' "matched by NIK / KK / not in the registry" verdicts
            rematch_recipients(ws, snapshot)  # and the children's links follow the registry's rows
            relink_measurements(ws, snapshot)
        report.audit_details = erase_records(con, nik)
        if not report.rows and not report.blanked and not report.audit_details:
            before = erased_on(con, ws.path, nik)
            if before is not None:
                raise WorkspaceError("privacy.person.already_erased", masked=mask_nik(nik),
                                     when=before.strftime("%Y-%m-%d %H:%M"))
            raise WorkspaceError("privacy.person.none", masked=mask_nik(nik), path=str(ws.path))
        report.tombstone = record_erasure(con, ws.path, nik, now)
        user_name, session_user, source = acting_user(user)
        append(con, {
            "logged_at": now, "user_name": user_name, "session_user": session_user, "user_source": source,
            "action": "person.erase", "target": "person", "scope": None,
            "rows": report.rows + sum(report.blanked.values()), "pseudonymised": False, "output": None,
        })
    if compact:
        from lokus.workspace._compact import compact_workspace

        path = ws.path
        ws.con.execute("CHECKPOINT")
        ws.close()
        report.size_before, report.size_after = compact_workspace(path)
    return report


def restore_person(ws: Any, nik: str, *, user: str | None = None) -> datetime:
    """Lift the erasure of ``nik``: later loads accept the person's rows again (nothing comes back by itself).

    For an erasure made by mistake (a wrong NIK) or a person who asks to be included again. Audited as
    ``person.restore`` with the NIK in the detail (whose data may be held again must be on the record).
    Returns when the person had been erased; :class:`WorkspaceError` when they are not in the tombstone.
    """
    from lokus.errors import WorkspaceError
    from lokus.privacy._audit import audit

    nik = normalise_nik(nik)
    with ws.transaction() as con:
        when = erased_on(con, ws.path, nik)
        if when is None or not lift_erasure(con, ws.path, nik):
            raise WorkspaceError("privacy.person.not_erased", masked=mask_nik(nik), path=str(ws.path))
    audit(ws, "person.restore", target="person", rows=0, user=user, records=[nik])
    return when


@dataclass
class ExportReport:
    rows: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    audit_rows: int = 0
    path: Path | None = None
    erased_at: datetime | None = None  # the person is in the erasure tombstone since then


def export_person(ws: Any, nik: str, out: str | os.PathLike[str], *, lang: str = "id",
                  user: str | None = None) -> ExportReport:
    """Write everything held about ``nik`` (one sheet per table, plus ``audit``) to ``out``.

    ``.xlsx``: one sheet per table; ``.json``: ``{table: [rows]}``. The view is audited (with the
    NIK in the audit detail). An erased person gets when they were erased (sheet ``erased_subjects``:
    the date only, never the tombstone's digest or key), and the export is audited without their NIK
    (it would put them back in the workspace). Raises :class:`WorkspaceError` if nothing is held.
    """
    from lokus.errors import WorkspaceError
    from lokus.privacy._audit import audit
    from lokus.reports import Sheet, write_table, write_workbook

    nik = normalise_nik(nik)
    found = person_tables(ws, nik)
    trail = entries_touching(ws, nik)
    erased = erased_on(ws.con, ws.path, nik)
    if not found and not trail.num_rows and erased is None:
        raise WorkspaceError("privacy.person.none", masked=mask_nik(nik), path=str(ws.path))
    path = Path(out)
    report = ExportReport(rows=sum(t.num_rows for t in found.values()),
                          tables={k: t.num_rows for k, t in found.items()}, audit_rows=trail.num_rows, path=path,
                          erased_at=erased)
    held = dict(found)
    if erased is not None:
        held[ERASED_TABLE] = pa.table({"erased_at": pa.array([erased.replace(microsecond=0)], pa.timestamp("s"))})
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = []
        for name, t in [*held.items(), ("audit_log", trail)]:
            title = label("privacy.table", name, lang)
            sheet = Sheet.from_table(title[:31], t, title=title)
            sheet.topic = "growth" if name == "growth_measurements" else None  # ``measure``: the position
            sheets.append(sheet)
        write_workbook(path, sheets, lang=lang)
    elif suffix == ".json":
        # one long table (table, row, column, value) through the one writer, so identifiers stay text
        rows: dict[str, list[Any]] = {"table": [], "row": [], "column": [], "value": []}
        for name, t in [*held.items(), ("audit_log", trail)]:
            for i, r in enumerate(t.to_pylist(), start=1):
                for col, v in r.items():
                    rows["table"].append(name)
                    rows["row"].append(i)
                    rows["column"].append(col)
                    rows["value"].append(None if v is None else str(v))
        write_table(pa.table(rows), path, lang=lang)
    else:
        raise ConfigError(key="--out", value=str(path), valid_values=".xlsx, .json")
    audit(ws, "person.export", target="person", rows=report.rows, output=str(path), user=user,
          records=[nik] if found or trail.num_rows else [])
    return report
