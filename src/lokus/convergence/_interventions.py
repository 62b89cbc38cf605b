"""Tracking between meetings: what was delivered to whom and when.

``interventions`` holds one row per delivery (NIK or KK, program, date). A delivery counts as
coverage of that program from its date on, so the next ``lokus gaps`` shows the gap closed.
Imports keep the registry's guarantees: ``rows_read == accepted + quarantined``, rejected rows go
to the one ``quarantine`` table with their reasons; the same file twice is a no-op; a file of which
no row is accepted fails and changes nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lokus import quarantine
from lokus._sql import sql_literal
from lokus.convergence._catalogue import Catalogue
from lokus.convergence._lists import (
    STAGE,
    count,
    drop_temp,
    id_columns_sql,
    mark_erased,
    quarantine_stage,
    screen_erased,
    stage_lines,
)
from lokus.convergence._store import workspace_catalogue
from lokus.errors import ConfigError, InputFileError, Phrase
from lokus.nik import check_nik, kk_problem, normalize_nik
from lokus.tables import (
    FieldKind,
    FieldSpec,
    FormatSpec,
    TableSpec,
    check_columns,
    match_headers,
    open_table,
)
from lokus.tables._sqlnorm import date_problem_sql, date_sql, text_sql
from lokus.workspace import (
    INTERVENTIONS_TABLE,
    QUARANTINE_TABLE,
    Kind,
    Workspace,
    ensure_tables,
    require_accepted,
    sha256_file,
)

__all__ = [
    "INTERVENTIONS_TABLE",
    "INTERVENTION_SPEC",
    "InterventionImport",
    "add_intervention",
    "import_interventions",
    "list_interventions",
]

KIND = Kind.interventions.value

INTERVENTION_SPEC = TableSpec(
    name="interventions",
    fields=(
        FieldSpec("nik", FieldKind.IDENT),
        FieldSpec("kk", FieldKind.IDENT),
        FieldSpec("program", FieldKind.TEXT, required=True),
        FieldSpec("delivered_on", FieldKind.DATE, required=True),
        FieldSpec("note", FieldKind.TEXT),
    ),
    formats=(
        FormatSpec(
            name="list",
            label="delivery record",
            aliases={
                "nik": ("nik", "nik_penerima", "nomor_nik", "no_nik"),
                "kk": ("no_kk", "nomor_kk", "nkk", "kk"),
                "program": ("program", "kode_program", "intervensi", "jenis_intervensi", "bantuan", "jenis_bantuan"),
                "delivered_on": ("tanggal", "tanggal_salur", "tanggal_penyaluran", "tanggal_intervensi", "tgl",
                                 "date", "delivered_on"),
                "note": ("keterangan", "catatan", "note"),
            },
        ),
    ),
)


@dataclass
class InterventionImport:
    batch: str
    rows_read: int
    accepted: int
    quarantined: int
    reasons: dict[str, int] = field(default_factory=dict)
    unchanged: bool = False
    warnings: dict[str, int] = field(default_factory=dict)  # accepted rows with a warning (quote_literal)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _ensure(ws: Workspace) -> None:
    ensure_tables(ws.con, INTERVENTIONS_TABLE, QUARANTINE_TABLE)


def add_intervention(
    ws: Workspace,
    *,
    program: str,
    delivered_on: date,
    nik: str | None = None,
    kk: str | None = None,
    note: str | None = None,
    catalogue: Catalogue | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Record one delivery; a bad NIK, program or date raises a one-sentence :class:`ConfigError`."""
    today = today or date.today()
    cat = catalogue or workspace_catalogue(ws)
    prog = cat.get(program)
    n = normalize_nik(nik) if nik else None
    if n is not None and check_nik(n, today=today) is not None:
        raise ConfigError(key="--nik", value=nik, valid_values=Phrase("convergence.intervention.nik_valid"))
    k = normalize_nik(kk) if kk else None
    if k is not None and kk_problem(k) is not None:
        raise ConfigError(key="--kk", value=kk, valid_values=Phrase("convergence.intervention.kk_valid"))
    if n is None and k is None:
        raise ConfigError("convergence.intervention.invalid", detail=Phrase("convergence.intervention.id_required"))
    if n is not None:
        from lokus.privacy import erased_on, mask_nik

        when = erased_on(ws.con, ws.path, n)
        if when is not None:
            from lokus.privacy import SUBJECT_ERASED
            from lokus.quarantine import ReasonPhrase

            raise ConfigError("privacy.person.already_erased", masked=mask_nik(n), when=when,
                              reason=ReasonPhrase(SUBJECT_ERASED))
    if delivered_on > today:
        raise ConfigError(key="--date", value=delivered_on,
                          valid_values=Phrase("convergence.intervention.date_valid", today=today))
    row = {"batch": "manual", "source_line": None, "nik": n, "kk": k, "program": prog.code,
           "delivered_on": delivered_on, "note": note}
    with ws.transaction() as con:
        _ensure(ws)
        con.execute(
            f"INSERT INTO {INTERVENTIONS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [*row.values(), datetime.now().replace(microsecond=0)],
        )
    return row


def import_interventions(
    ws: Workspace,
    path: str | os.PathLike[str],
    *,
    catalogue: Catalogue | None = None,
    today: date | None = None,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> InterventionImport:
    """Import a file of deliveries (NIK or KK, program, date, note); ``columns`` maps fields to
    headers the aliases do not know (``--column``)."""
    today = today or date.today()
    cat = catalogue or workspace_catalogue(ws)
    p = Path(path)
    if not p.is_file():
        raise InputFileError("error.file.folder" if p.is_dir() else "error.file.missing", path=str(p))
    sha = sha256_file(p)
    batch = f"interventions-{sha[:12]}"
    if ws.find_snapshot(batch) is not None:
        info = ws.snapshot(batch)
        return InterventionImport(batch, int(info.rows_read or 0), int(info.rows or 0), int(info.quarantined or 0),
                                  json.loads(info.details or "{}").get("reasons", {}), unchanged=True,
                                  warnings=json.loads(info.details or "{}").get("warnings", {}))
    con = ws.con
    codes = ", ".join(sql_literal(c) for c in cat.codes)
    with ws.transaction():
        _ensure(ws)
        with open_table(con, p, sheet=sheet) as loaded:
            match = match_headers(INTERVENTION_SPEC, loaded.headers, "list", columns)
            if "nik" not in match.columns and "kk" not in match.columns:
                raise InputFileError("convergence.no_id_column", path=str(p), present=", ".join(loaded.headers[:10]))
            if match.missing:
                from lokus.tables import raise_missing

                raise_missing(INTERVENTION_SPEC, str(p), loaded.headers, match)
            # two columns for one field that disagree, a date column in both day/month orders: one sentence each
            stone = screen_erased(ws, loaded, match)  # before any cell is read
            orders = check_columns(con, loaded.relation, str(p), loaded.headers, match, INTERVENTION_SPEC)
            col = {f: f"r.c{i}" for f, i in match.columns.items()}
            ids = id_columns_sql(col, today.isoformat())
            program = f"upper(replace(trim({col['program']}), '-', '_'))"
            order = orders["delivered_on"]
            when = date_sql(col["delivered_on"], order)
            two_digit = f"coalesce({date_problem_sql(col['delivered_on'], order)} = 'date_two_digit_year', false)"
            note = text_sql(col["note"]) if "note" in col else "NULL::VARCHAR"
            reasons = (
                f"list_filter([{ids['id_reason']}, CASE WHEN {program} IS NULL OR {program} NOT IN ({codes}) "
                f"THEN 'program_unknown' END, CASE WHEN {two_digit} THEN 'date_two_digit_year' "
                f"WHEN {when} IS NULL THEN 'date_invalid' "
                f"WHEN {when} > DATE {sql_literal(today.isoformat())} THEN 'date_future' END]::VARCHAR[], "
                "lambda x: x IS NOT NULL)"
            )
            select = (
                f"SELECT r.*, {ids['nik']} AS nik, {ids['kk']} AS kk, {program} AS program, {when} AS delivered_on, "
                f"{note} AS note, {reasons} AS __reasons FROM {loaded.relation} r"
            )
            rows_read, bad = stage_lines(con, loaded, select)
            mark_erased(ws, stone, STAGE, loaded)
        if rows_read == 0:
            raise InputFileError("ingest.file.header_only", path=str(p))
        con.execute(
            f"INSERT INTO {INTERVENTIONS_TABLE} SELECT {sql_literal(batch)}, __line, nik, kk, program, delivered_on, "
            f"note, now()::TIMESTAMP FROM {STAGE} WHERE len(__reasons) = 0"
        )
        quarantine_stage(con, snapshot=batch, kind=KIND, source_file=str(p), loaded=loaded, bad=bad)
        accepted = count(con, f"SELECT count(*) FROM {INTERVENTIONS_TABLE} WHERE batch = ?", [batch])
        quarantined = count(con, f"SELECT count(*) FROM {QUARANTINE_TABLE} WHERE snapshot = ?", [batch])
        if accepted + quarantined != rows_read:  # never expected; refuse to commit a lossy load
            raise InputFileError("error.file", path=str(p), detail=f"{rows_read} rows read but {accepted} + {quarantined} stored")
        reasons_count = quarantine.reason_counts(con, batch)
        literal = count(con, f"SELECT count(*) FROM {STAGE} WHERE len(__reasons) = 0 AND __quote_literal")
        warnings = {"quote_literal": literal} if literal else {}
        require_accepted(p, rows_read, accepted, reasons_count, KIND)
        ws.record_snapshot(batch, KIND, source_file=str(p), sha256=sha, rows_read=rows_read, rows=accepted,
                           quarantined=quarantined, details=json.dumps({
                               "reasons": reasons_count, "warnings": warnings, "sheet": loaded.sheet,
                               "columns": {f: loaded.headers[i] for f, i in match.columns.items()}}))
        drop_temp(con)
    return InterventionImport(batch, rows_read, accepted, quarantined, reasons_count, warnings=warnings)


def list_interventions(ws: Workspace, program: str | None = None) -> list[dict[str, Any]]:
    """Recorded deliveries, newest first (``program``: a code such as ``PKH`` or ``blt-dd``).

    The rows carry NIKs and KK numbers: a non-empty answer is audited as ``interventions.list``
    (the workspace must be open for writing)."""
    if program:
        program = program.strip().upper().replace("-", "_")
    if not ws.has_table(INTERVENTIONS_TABLE):
        return []
    sql = f"SELECT batch, source_line, nik, kk, program, delivered_on, note FROM {INTERVENTIONS_TABLE}"
    params: list[Any] = []
    if program:
        sql += " WHERE program = ?"
        params.append(program)
    sql += " ORDER BY delivered_on DESC, batch, source_line"
    cur = ws.con.execute(sql, params)
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    if rows:
        from lokus.privacy import audit, records_shown

        audit(ws, "interventions.list", target=program or INTERVENTIONS_TABLE, rows=len(rows),
              records=records_shown(rows))
    return rows
