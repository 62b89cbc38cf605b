"""Load a program's recipient list (matched by NIK or KK) into a workspace snapshot.

The registry's guarantees hold: one transaction; ``rows_read == accepted + quarantined``; a row
is quarantined (in the one ``quarantine`` table) only when it names nobody (no usable NIK or KK),
repeats an earlier recipient or cannot be split into columns. A list of which no row is accepted
fails and changes nothing; a different file into an existing snapshot needs ``replace=True``. Recipients whose NIK and KK are not in the registry are **kept**,
with ``matched_by`` NULL: they are the inclusion errors "not in the registry".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lokus import quarantine
from lokus._sql import sql_literal
from lokus.convergence._catalogue import Catalogue, load_catalogue
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
from lokus.convergence._store import store_catalogue, workspace_catalogue
from lokus.errors import ConfigError, InputFileError
from lokus.regions import load_regions
from lokus.tables import (
    FieldKind,
    FieldSpec,
    FormatSpec,
    TableSpec,
    check_columns,
    header_key,
    match_headers,
    open_table,
)
from lokus.tables._sqlnorm import text_sql, village_sql
from lokus.workspace import (
    QUARANTINE_TABLE,
    RECIPIENTS_TABLE,
    REGISTRY_TABLE,
    Kind,
    SnapshotInfo,
    Workspace,
    check_snapshot_name,
    ensure_tables,
    require_accepted,
    sha256_file,
)

__all__ = [
    "PROGRAM_SPEC",
    "RECIPIENTS_TABLE",
    "ProgramIngestSummary",
    "ingest_programs",
    "program_snapshots",
    "rematch_recipients",
]

KIND = Kind.programs.value
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

PROGRAM_SPEC = TableSpec(
    name="program_recipients",
    fields=(
        FieldSpec("nik", FieldKind.IDENT, description="recipient NIK"),
        FieldSpec("kk", FieldKind.IDENT, description="family card number"),
        FieldSpec("name", FieldKind.TEXT, description="recipient name"),
        FieldSpec("dtks_id", FieldKind.TEXT, description="DTKS / P3KE household id"),
        FieldSpec("village_code", FieldKind.VILLAGE, description="Kemendagri village code"),
        FieldSpec("program", FieldKind.TEXT, description="program code or name, in a list holding several programs"),
    ),
    formats=(
        FormatSpec(
            name="list",
            label="program recipient list (Kemensos, BPJS, Dinas, Desa)",
            aliases={
                "nik": ("nik", "nik_penerima", "nomor_nik", "no_nik", "nik_art", "nik_kpm", "nik_peserta",
                        "nik_siswa", "nik_pengurus"),
                "kk": ("no_kk", "nomor_kk", "nkk", "nomor_kartu_keluarga", "kk", "no_kk_penerima"),
                "name": ("nama", "nama_penerima", "nama_kpm", "nama_lengkap", "nama_peserta", "nama_siswa",
                         "nama_art", "nama_pengurus"),
                "dtks_id": ("id_dtks", "iddtks", "idsemesta", "id_keluarga_p3ke", "id_keluarga"),
                "village_code": ("kode_wilayah", "kode_desa", "kode_kemdagri", "kode_kemendagri", "kd_desa",
                                 "kode_desa_kelurahan", "id_desa"),
                "program": ("program", "kode_program", "nama_program", "program_bantuan", "jenis_bantuan"),
            },
        ),
    ),
)

@dataclass
class ProgramIngestSummary:
    """What one list ingest did. ``registry_snapshot`` None: the workspace held no registry, so nothing was
    matched yet (``matched_*`` and ``not_in_registry`` 0); the next ``lokus ingest registry`` matches it."""

    program: str
    snapshot: str
    period: str | None
    rows_read: int
    accepted: int
    quarantined: int
    matched_nik: int
    matched_kk: int
    not_in_registry: int
    registry_snapshot: str | None
    reasons: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    unmatched_niks: list[str] = field(default_factory=list)  # the first 20, in file order
    sha256: str = ""
    unchanged: bool = False
    replaced: bool = False
    previous: SnapshotInfo | None = None  # what the snapshot held before (None when new)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["previous"] = self.previous.summary_json() if self.previous else None
        return out


def _check_period(period: str | None) -> str | None:
    if period is None:
        return None
    if not _PERIOD.match(period.strip()):
        raise ConfigError("convergence.period.invalid", value=period)
    return period.strip()


def program_snapshots(ws: Workspace, program: str | None = None) -> list[tuple[str, str, str | None]]:
    """(snapshot, program, period) of the loaded program lists, oldest first."""
    out = []
    for info in ws.snapshots(KIND):
        details = json.loads(info.details or "{}")
        if program is None or details.get("program") == program:
            out.append((info.name, str(details.get("program")), details.get("period")))
    return out


def _summary(ws: Workspace, name: str, *, unchanged: bool, previous: SnapshotInfo | None) -> ProgramIngestSummary:
    info = ws.snapshot(name, KIND)
    details = json.loads(info.details or "{}")
    con = ws.con
    by_match = dict(
        con.execute(
            f"SELECT coalesce(matched_by, 'none'), count(*) FROM {RECIPIENTS_TABLE} WHERE snapshot = ? GROUP BY 1",
            [name],
        ).fetchall()
    )
    reasons = quarantine.reason_counts(con, name)
    warnings = quarantine.warning_counts(con, RECIPIENTS_TABLE, name)
    matched = details.get("registry_snapshot") is not None  # else: no registry yet, nothing decided
    unmatched = [] if not matched else [
        r[0]
        for r in con.execute(
            f"SELECT coalesce(nik, 'KK ' || kk) FROM {RECIPIENTS_TABLE} WHERE snapshot = ? AND matched_by IS NULL "
            "ORDER BY source_line LIMIT 20",
            [name],
        ).fetchall()
    ]
    return ProgramIngestSummary(
        program=details.get("program", ""),
        snapshot=name,
        period=details.get("period"),
        rows_read=int(info.rows_read or 0),
        accepted=int(info.rows or 0),
        quarantined=int(info.quarantined or 0),
        matched_nik=int(by_match.get("nik", 0)),
        matched_kk=int(by_match.get("kk", 0)),
        not_in_registry=int(by_match.get("none", 0)) if matched else 0,
        registry_snapshot=details.get("registry_snapshot"),
        reasons=reasons,
        warnings=warnings,
        unmatched_niks=unmatched,
        sha256=info.sha256 or "",
        unchanged=unchanged,
        replaced=previous is not None and not unchanged,
        previous=previous,
    )


def _program_key_sql(expr: str) -> str:
    """A program code or name reduced to its letters and digits, upper case (``PBI-JKN``, ``pbi jkn`` → ``PBIJKN``)."""
    return f"upper(regexp_replace({expr}, '[^0-9A-Za-z]+', '', 'g'))"


def _program_key(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "", text).upper()


def _stage_select(loaded_relation: str, col: dict[str, str], today: date) -> str:
    ids = id_columns_sql(col, today.isoformat())
    program = _program_key_sql(text_sql(col["program"])) if "program" in col else "NULL::VARCHAR"
    village = village_sql(col["village_code"]) if "village_code" in col else "NULL::VARCHAR"
    village_raw = text_sql(col["village_code"]) if "village_code" in col else "NULL::VARCHAR"
    name = text_sql(col["name"]) if "name" in col else "NULL::VARCHAR"
    dtks = text_sql(col["dtks_id"]) if "dtks_id" in col else "NULL::VARCHAR"
    return (
        f"SELECT *, coalesce(nik, 'kk:' || kk) AS __key FROM (SELECT r.*, r.__line AS __l, {ids['nik']} AS nik, "
        f"{ids['kk']} AS kk, {name} AS name, {dtks} AS dtks_id, "
        f"(CASE WHEN {village} IN (SELECT code FROM __lokus_villages) THEN {village} END) AS village_code, "
        f"{village_raw} AS __village_raw, {ids['id_reason']} AS __id_reason, {ids['id_warning']} AS __id_warning, "
        f"nullif({program}, '') AS __program "
        f"FROM {loaded_relation} r)"
    )


def _village_table(ws: Workspace) -> None:
    import pyarrow as pa

    ws.con.register("__lokus_village_codes", pa.table({"code": load_regions().table("village").column("code")}))
    ws.con.execute("CREATE OR REPLACE TEMP TABLE __lokus_villages AS SELECT code FROM __lokus_village_codes")
    ws.con.unregister("__lokus_village_codes")


def ingest_programs(
    ws: Workspace,
    path: str | os.PathLike[str],
    *,
    program: str,
    period: str | None = None,
    snapshot: str | None = None,
    catalogue: str | os.PathLike[str] | None = None,
    registry_snapshot: str | None = None,
    sheet: str | None = None,
    today: date | None = None,
    columns: Mapping[str, str] | None = None,
    replace: bool = False,
) -> ProgramIngestSummary:
    """Load recipient list ``path`` of program ``program`` (a catalogue code) as a snapshot.

    Recipients are matched to ``registry_snapshot`` (default: the latest) by NIK, else KK;
    unmatched ones are kept as "not in the registry". The same file into the same snapshot is a
    no-op; another file into an existing snapshot needs ``replace`` (else :class:`WorkspaceError`);
    a list of which no row is accepted raises :class:`InputFileError` and changes nothing.
    """
    today = today or date.today()
    cat: Catalogue = load_catalogue(catalogue) if catalogue else workspace_catalogue(ws)
    prog = cat.get(program)
    period = _check_period(period)
    name = check_snapshot_name(snapshot or f"{prog.code.lower().replace('_', '-')}-{period or today.isoformat()}")
    p = Path(path)
    if not p.is_file():
        raise InputFileError("error.file.folder" if p.is_dir() else "error.file.missing", path=str(p))
    sha = sha256_file(p)
    existing = ws.find_snapshot(name)
    if (
        existing is not None and existing.kind == KIND and existing.sha256 == sha
        and json.loads(existing.details or "{}").get("period") == period
    ):
        return _summary(ws, name, unchanged=True, previous=existing)
    previous = ws.replaceable(name, KIND, replace=replace, source_file=p.name)
    reg = ws.resolve_snapshot(Kind.registry, registry_snapshot) if (
        registry_snapshot or ws.latest_name(Kind.registry)) else None
    con = ws.con
    with ws.transaction():
        ensure_tables(con, RECIPIENTS_TABLE, QUARANTINE_TABLE)
        if catalogue:
            store_catalogue(ws, cat)
        _village_table(ws)
        with open_table(con, p, sheet=sheet) as loaded:
            match = match_headers(PROGRAM_SPEC, loaded.headers, "list", columns)
            if "nik" not in match.columns and "kk" not in match.columns:
                present = ", ".join(loaded.headers[:10]) or "-"
                raise InputFileError("convergence.no_id_column", path=str(p), present=present)
            stone = screen_erased(ws, loaded, match)  # before any cell is read
            check_columns(con, loaded.relation, str(p), loaded.headers, match, PROGRAM_SPEC)
            col = {f: f"r.c{i}" for f, i in match.columns.items()}
            rows_read, bad = stage_lines(con, loaded, _stage_select(loaded.relation, col, today))
        if rows_read == 0:
            raise InputFileError("ingest.file.header_only", path=str(p))
        # A list holding several programs (a program column, e.g. lokus synth's recipients.parquet): the rows
        # of the other programs are quarantined (program_other), never loaded as recipients of this one.
        own = sorted({_program_key(prog.code), _program_key(prog.name)} - {""})
        con.execute(
            f"ALTER TABLE {STAGE} ADD COLUMN __reasons VARCHAR[]; "
            f"UPDATE {STAGE} SET __reasons = CASE WHEN __program IS NOT NULL AND NOT list_contains(?, __program) "
            f"THEN ['program_other'] WHEN __id_reason IS NOT NULL THEN [__id_reason] ELSE []::VARCHAR[] END",
            [own],
        )
        mark_erased(ws, stone, STAGE, loaded)
        con.execute(
            f"UPDATE {STAGE} SET __reasons = ['recipient_duplicate'] FROM (SELECT __key AS k, min(__line) AS first "
            f"FROM {STAGE} WHERE len(__reasons) = 0 GROUP BY 1 HAVING count(*) > 1) d "
            f"WHERE len({STAGE}.__reasons) = 0 AND {STAGE}.__key = d.k AND {STAGE}.__line > d.first"
        )
        con.execute(f"DELETE FROM {RECIPIENTS_TABLE} WHERE snapshot = ?", [name])
        quarantine.clear(con, name)
        extra_cols = [f"c{i}" for i in match.extra]
        from lokus.registry._validate import json_object_sql

        extra = json_object_sql([loaded.headers[i] for i in match.extra], [f"s.{c}" for c in extra_cols])
        match_sql = _match_sql("s") if reg else "NULL"
        warn = (
            "list_filter([s.__id_warning, CASE WHEN s.__village_raw IS NOT NULL AND s.village_code IS NULL "
            "THEN 'village_unknown' END, CASE WHEN s.__quote_literal THEN 'quote_literal' END]::VARCHAR[], "
            "lambda x: x IS NOT NULL)"
        )
        con.execute(
            f"INSERT INTO {RECIPIENTS_TABLE} SELECT {sql_literal(name)}, {sql_literal(prog.code)}, "
            f"{sql_literal(period)}, s.__line, s.nik, "
            f"s.kk, s.name, s.dtks_id, s.village_code, {match_sql}, {sql_literal(reg)}, {extra}, "
            f"CASE WHEN len({warn}) > 0 THEN {warn} END FROM {STAGE} s WHERE len(s.__reasons) = 0",
            {"reg": reg} if reg else {},
        )
        quarantine_stage(con, snapshot=name, kind=KIND, source_file=str(p), loaded=loaded, bad=bad)
        accepted = count(con, f"SELECT count(*) FROM {RECIPIENTS_TABLE} WHERE snapshot = ?", [name])
        quarantined = count(con, f"SELECT count(*) FROM {QUARANTINE_TABLE} WHERE snapshot = ?", [name])
        require_accepted(p, rows_read, accepted, quarantine.reason_counts(con, name), KIND)
        if accepted + quarantined != rows_read:  # never expected; refuse to commit a lossy load
            raise InputFileError(
                "error.file", path=str(p), detail=f"{rows_read} rows read but {accepted} + {quarantined} stored"
            )
        details = {
            "program": prog.code, "period": period, "registry_snapshot": reg, "sheet": loaded.sheet,
            "file_kind": loaded.kind.value, "columns": {f: loaded.headers[i] for f, i in match.columns.items()},
        }
        ws.record_snapshot(
            name, KIND, source_file=str(p), sha256=sha, rows_read=rows_read, rows=accepted,
            quarantined=quarantined, details=json.dumps(details),
        )
        drop_temp(con)
        summary = _summary(ws, name, unchanged=False, previous=previous)
    return summary


def _match_sql(alias: str) -> str:
    """SQL of a recipient row's ``matched_by`` against registry snapshot ``$reg``: ``'nik'`` when its NIK is
    in the snapshot, else ``'kk'`` when its KK is, else NULL ("not in the registry")."""
    return (
        f"CASE WHEN {alias}.nik IS NOT NULL "
        f"AND {alias}.nik IN (SELECT nik FROM {REGISTRY_TABLE} WHERE snapshot = $reg) "
        f"THEN 'nik' WHEN {alias}.kk IS NOT NULL AND {alias}.kk IN (SELECT kk FROM {REGISTRY_TABLE} "
        "WHERE snapshot = $reg AND kk IS NOT NULL) THEN 'kk' END"
    )


def rematch_recipients(ws: Workspace, registry_snapshot: str, *, bind_unmatched: bool = False) -> int:
    """Match again every recipient row that was matched against ``registry_snapshot``; returns the rows
    whose ``matched_by`` changed.

    Call inside the transaction of any write that changes that snapshot's rows (a registry loaded again with
    ``--replace``, a person erased): the verdicts stored at list ingest ("matched by NIK", "by KK", "not in
    the registry") must describe the registry as it is, because coverage and ``programs unmatched`` trust them.
    With ``bind_unmatched`` (a registry just loaded), the lists loaded when the workspace held no registry are
    matched against this one too, and their snapshots record it; their rows are counted as well.
    """
    if not ws.has_table(RECIPIENTS_TABLE):
        return 0
    con = ws.con
    params = {"reg": registry_snapshot}
    rows = con.execute(
        f"UPDATE {RECIPIENTS_TABLE} AS r SET matched_by = {_match_sql('r')} "
        f"WHERE r.registry_snapshot = $reg AND r.matched_by IS DISTINCT FROM ({_match_sql('r')})",
        params,
    ).fetchall()
    changed = int(rows[0][0]) if rows else 0
    if bind_unmatched:
        lists = [r[0] for r in con.execute(
            f"SELECT DISTINCT snapshot FROM {RECIPIENTS_TABLE} WHERE registry_snapshot IS NULL ORDER BY 1"
        ).fetchall()]
        if lists:
            rows = con.execute(
                f"UPDATE {RECIPIENTS_TABLE} AS r SET registry_snapshot = $reg, matched_by = {_match_sql('r')} "
                "WHERE r.registry_snapshot IS NULL",
                params,
            ).fetchall()
            changed += int(rows[0][0]) if rows else 0
            for name in lists:
                ws.set_snapshot_detail(name, "registry_snapshot", registry_snapshot)
    return changed


def header_keys_for(field_name: str) -> tuple[str, ...]:
    """The header keys accepted for ``field_name`` (documentation and tests)."""
    return tuple(PROGRAM_SPEC.format("list").aliases.get(field_name, ())) + (header_key(field_name),)
