"""Data-subject rights (UU PDP 27/2022 art. 7–9 access, art. 8/16 erasure) for one person by NIK.

Tables are discovered, not listed: every base table of the workspace is searched, so tables added
by later capabilities (quarantine restructures, interventions, …) are covered without a change
here. In each table a row *holds* the person when a NIK column (``nik``, ``*_nik``, ``nik_*``)
equals the NIK or a text column (raw cells, ``extra`` JSON, notes) contains it (written with or
without spaces, dots or dashes). Such a row **is the person's** when

* its own person column (``nik``; else the table's only NIK column) equals the NIK, or
* the NIK is the cell of the row's own NIK column kept in its JSON (``extra``, a quarantined row's
  raw cells): the header its snapshot's NIK was read from (``snapshots.details``), or
* the row cannot be told to be somebody else's: a line the reader could not split (``_line``), or a
  row with no own NIK at all (no own NIK column, or an empty one with no known NIK header) where the
  NIK is the only identifier.

Every other row only *mentions* the person: a child's measurement naming the mother in ``mother_nik``
or in a column the reader kept in ``extra`` ("NIK Ibu Kandung"), a household member's row naming the
head, somebody else's quarantined row. It is kept; the mention is blanked on erasure (the NIK column
and its paired name column, ``mother_name``, ``head_name``; the JSON key's value; the NIK removed
from a free text), the rest of the row intact.

:func:`erase_person` deletes the person's rows, blanks the mentions, blanks the person's identifiers
in the audit detail (keeping their hashes: the chain verifies), appends a non-identifying row to the
audit chain (``person.erase``, the number of rows, no NIK), a row per table and snapshot to
``erasures`` (so that rows read = accepted + quarantined + erased still adds up, for every kind of
snapshot: interventions name theirs in ``batch``; a blanked mention removes no row), and the
person's keyed digest to the tombstone (:mod:`lokus.privacy._erased`: no later load brings them
back), then rewrites the file (:func:`lokus.workspace._compact.compact_workspace`) so the bytes are
gone. :func:`restore_person` lifts an erasure deliberately (audited as ``person.restore``).
:func:`export_person` writes everything held about the person, mentions included, and the audit rows
that touched them, through :mod:`lokus.reports` (after an erasure: when they were erased, nothing else).
"""

from __future__ import annotations

import json
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
from lokus.privacy._erased import SUBJECT_ERASED, erased_on, lift_erasure, record_erasure, without
from lokus.privacy._pseudonym import identifier_kind
from lokus.workspace._catalogue import (
    ERASED_TABLE,
    ERASURES_TABLE,
    SNAPSHOTS_TABLE,
    ensure_tables,
    snapshot_column,
)

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
    text: list[tuple[str, str]]  # (column, data type) searched for the NIK: plain text, JSON, nested
    snapshot: str | None  # the column naming a row's snapshot (None: the table has none)


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
        text = [(c, t) for c, t in cols if c not in niks and (t.upper().startswith(_TEXT) or _nested(t))]
        snapshot = snapshot_column(table) if snapshot_column(table) in names else None
        if own or other or text:
            plans.append(_Plan(table, own, other, text, snapshot))
    return plans


def _nested(data_type: str) -> bool:
    t = data_type.upper()
    return t.endswith("]") or t.startswith(("STRUCT", "MAP", "UNION"))


def _nik_pattern(nik: str) -> str:
    """The NIK in a text, with or without a space, dot or dash between its digits (RE2 and Python alike)."""
    return "[ .-]?".join(nik)


def _run(con: Any, sql: str, params: dict[str, Any]) -> Any:
    """``con.execute(sql)`` with those of ``params`` that ``sql`` uses (DuckDB refuses the others)."""
    return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})


def _own_sql(plan: _Plan) -> str:
    """SQL: the row's own person column is the NIK (``$nik``)."""
    return " OR ".join(f'coalesce("{c}" = $nik, false)' for c in plan.own) or "false"


def _text_sql(plan: _Plan) -> str:
    """SQL: a text column of the row contains the NIK (``$pattern``)."""
    return " OR ".join(f'coalesce(regexp_matches(CAST("{c}" AS VARCHAR), $pattern), false)'
                       for c, _ in plan.text) or "false"


def _held_sql(plan: _Plan) -> str:
    """SQL: the row holds the person, as their own row or by a mention (``$nik``, ``$pattern``)."""
    mention = " OR ".join(f'coalesce("{c}" = $nik, false)' for c, _ in plan.other)
    return " OR ".join(p for p in (_own_sql(plan), _text_sql(plan), mention) if p)


def person_tables(ws: Any, nik: str) -> dict[str, pa.Table]:
    """Every row held about ``nik``, per table (tables without a row are left out): the person's own rows and
    the rows of others that mention them (which an erasure keeps, with the mention blanked)."""
    out: dict[str, pa.Table] = {}
    params = {"nik": nik, "pattern": _nik_pattern(nik)}
    for plan in _plans(ws.con):
        sql = f'SELECT * FROM "{plan.table}" WHERE {_held_sql(plan)}'
        t = ws.con.sql(sql, params={k: v for k, v in params.items() if f"${k}" in sql}).to_arrow_table()
        if t.num_rows:
            out[plan.table] = t
    return out


def _own_headers(con: Any) -> dict[str, str]:
    """Snapshot → the header its rows' own NIK was read from (``details.columns.nik``), where it had one."""
    out: dict[str, str] = {}
    for name, details in con.execute(f"SELECT name, details FROM {SNAPSHOTS_TABLE}").fetchall():
        try:
            header = (json.loads(details or "{}").get("columns") or {}).get("nik")
        except (ValueError, AttributeError):
            header = None
        if isinstance(header, str):
            out[str(name)] = header
    return out


_UNSPLIT = "_line"  # the raw cell of a line the reader could not split (:func:`lokus.quarantine.quarantine_malformed`)


def _blank_text(text: str, found: re.Pattern[str]) -> str | None:
    """``text`` without the NIK; None when nothing else was written in it (the rule of later loads)."""
    return without(text, found.findall(text))


def _blank_value(value: Any, found: re.Pattern[str], own_header: str | None, key: str | None = None) -> tuple[Any, bool]:
    """A JSON value with the NIK blanked wherever it is written; True when it is the row's own cell
    (the key ``own_header``, or ``_line``: a line that could not be split into cells)."""
    if isinstance(value, str):
        if not found.search(value):
            return value, False
        return _blank_text(value, found), key is not None and key in (own_header, _UNSPLIT)
    if isinstance(value, dict):
        own = False
        out = {}
        for k, v in value.items():
            out[k], hit = _blank_value(v, found, own_header, str(k))
            own = own or hit
        return out, own
    if isinstance(value, list):
        items = [_blank_value(v, found, own_header, key) for v in value]
        return [v for v, _ in items], any(hit for _, hit in items)
    return value, False


@dataclass
class _TextRows:
    """The rows of a table found by a text column only: the person's own (deleted), and the others' (blanked)."""

    own: list[int] = field(default_factory=list)  # rowids
    blanked: list[tuple[int, str, Any]] = field(default_factory=list)  # (rowid, column, new value)


def _text_rows(con: Any, plan: _Plan, nik: str, headers: dict[str, str]) -> _TextRows:
    """Sort the rows that hold ``nik`` in a text column, and not in their own NIK column (those are the
    person's anyway), into the person's own rows and the rows that only mention them (module docstring)."""
    out = _TextRows()
    if not plan.text:
        return out
    found = re.compile(_nik_pattern(nik))
    cells = ", ".join(f'CAST("{c}" AS VARCHAR)' if t.upper() in ("VARCHAR", "TEXT") else f'to_json("{c}")::VARCHAR'
                      for c, t in plan.text)
    snap = f'"{plan.snapshot}"' if plan.snapshot else "NULL"
    own_cols = ", ".join(f'"{c}"' for c in plan.own) or "NULL"
    rows = _run(con, f'SELECT rowid, {snap}, [{own_cols}], {cells} FROM "{plan.table}" '
                     f"WHERE NOT ({_own_sql(plan)}) AND ({_text_sql(plan)})",
                {"nik": nik, "pattern": _nik_pattern(nik)}).fetchall()
    for rowid, snapshot, own_values, *values in rows:
        own_header = headers.get(snapshot) if snapshot is not None else None
        is_own = own_header is None and not any(v is not None for v in own_values)  # the NIK is its only identifier
        changed: list[tuple[str, Any]] = []
        for (column, data_type), value in zip(plan.text, values, strict=True):
            if value is None or not found.search(value):
                continue
            if data_type.upper() in ("VARCHAR", "TEXT"):
                changed.append((column, _blank_text(value, found)))
                continue
            new, hit = _blank_value(json.loads(value), found, own_header)
            is_own = is_own or hit
            changed.append((column, json.dumps(new, ensure_ascii=False)))
        if is_own:
            out.own.append(int(rowid))
        else:
            out.blanked.extend((int(rowid), column, new) for column, new in changed)
    return out


def _set_sql(plan: _Plan, column: str) -> str:
    """SQL: the value ``$v`` (text, or JSON text) for ``column`` of ``plan``'s table."""
    data_type = dict(plan.text)[column]
    if data_type.upper() in ("VARCHAR", "TEXT"):
        return "$v"
    return "$v::JSON" if data_type.upper() == "JSON" else f"CAST($v::JSON AS {data_type})"


@dataclass
class ErasureReport:
    rows: int = 0  # the person's rows deleted
    tables: dict[str, int] = field(default_factory=dict)
    blanked: dict[str, int] = field(default_factory=dict)  # "table.column" → rows of others whose mention was blanked
    audit_details: int = 0
    size_before: int = 0
    size_after: int = 0
    tombstone: bool = False  # the person was added to the tombstone (False: already in it)

    @property
    def mentions(self) -> int:
        """Mentions blanked in the rows of others (kept rows; not in :attr:`rows`)."""
        return sum(self.blanked.values())


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
        headers = _own_headers(con)
        for plan in _plans(con):
            found = _text_rows(con, plan, nik, headers)
            for rowid, column, value in found.blanked:  # a mention in somebody else's row: the row stays
                con.execute(f'UPDATE "{plan.table}" SET "{column}" = {_set_sql(plan, column)} WHERE rowid = $r',
                            {"v": value, "r": rowid})
                key = f"{plan.table}.{column}"
                report.blanked[key] = report.blanked.get(key, 0) + 1
            where = f"({_own_sql(plan)}) OR rowid IN (SELECT unnest($ids::BIGINT[]))"
            params = {"nik": nik, "ids": found.own}
            snap = f'"{plan.snapshot}"' if plan.snapshot else "NULL"  # the snapshot of each erased row
            snaps: list[tuple[Any, int]] = [
                (s, int(n)) for s, n in _run(
                    con, f'SELECT {snap}, count(*) FROM "{plan.table}" WHERE {where} GROUP BY 1', params).fetchall()]
            n_rows = sum(n for _, n in snaps)
            if plan.table == "registry":
                erased_registry = snaps
            if n_rows:
                _run(con, f'DELETE FROM "{plan.table}" WHERE {where}', params)
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
                from lokus.quarantine import ReasonPhrase

                raise WorkspaceError("privacy.person.already_erased", masked=mask_nik(nik), when=before,
                                     reason=ReasonPhrase(SUBJECT_ERASED))
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
