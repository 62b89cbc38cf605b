"""The one quarantine: every rejected row of every kind of snapshot, in one table.

Writers (the ingests) put rows in with :func:`quarantine_select`, :func:`quarantine_arrow` and
:func:`quarantine_malformed`, inside their own transaction; :func:`clear` empties a snapshot's
rows before it is replaced. Readers use :func:`reason_counts` (the ingest summaries) and
:func:`quarantine_rows` (``lokus quarantine list|export``).

Layout of ``quarantine`` (see :data:`lokus.workspace.DDL`): snapshot, kind, source_file, sheet,
source_line (the file's own line, header = line 1), reasons (hard reason codes), raw (JSON,
header → cell text; for a line that could not be split, ``{"_line": text, "_error": why}``),
quarantined_at.
"""

from __future__ import annotations

import importlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import duckdb

from lokus._sql import sql_literal
from lokus.errors import Phrase
from lokus.i18n import DEFAULT_LANG, has, register, t
from lokus.quarantine import _messages  # noqa: F401  (registers the quarantine messages)
from lokus.workspace import QUARANTINE_TABLE, Workspace, ensure_tables

ROW_MALFORMED: dict[str, dict[str, str]] = {
    "row_malformed": {
        "id": "baris tidak bisa dipisah menjadi kolom (jumlah kolom salah atau karakter rusak)",
        "en": "the line cannot be split into columns (wrong number of fields or broken characters)",
    },
}
ERASED_REASON: dict[str, dict[str, str]] = {
    "subject_erased": {
        "id": "orang ini sudah dihapus atas haknya sebagai subjek data (UU PDP); baris tidak dimuat dan isinya "
        "tidak disimpan (lihat lokus person restore)",
        "en": "this person was erased under their data-subject rights (UU PDP); the row is not loaded and its "
        "cells are not kept (see lokus person restore)",
    },
}
"""A row of a person in the erasure tombstone (:mod:`lokus.privacy`): any kind of snapshot; no raw cells kept."""
register({f"reason.{code}": texts for code, texts in {**ROW_MALFORMED, **ERASED_REASON}.items()})
_ERASED = next(iter(ERASED_REASON))

IDENT_FIELDS = ("nik", "kk", "name", "household_id", "village_code", "decile")
"""The identifying cells shown beside every quarantined row (empty when the kind has no such column)."""

# Header keys that name an identifying field, for snapshots stored before their column mapping was kept.
_GUESS = {
    "nik": ("nik", "nik_art", "nik_anak", "nik_penerima", "nik_kpm", "nik_peserta", "no_nik", "nomor_nik"),
    "kk": ("kk", "no_kk", "nomor_kk", "nkk", "nomor_kartu_keluarga"),
    "name": ("nama", "name", "nama_lengkap", "nama_anak", "nama_penerima", "nama_art", "nama_kpm"),
    "household_id": ("id_keluarga_p3ke", "id_keluarga", "iddtks", "id_dtks", "id_keluarga_dtsen", "household_id"),
    "village_code": ("kode_desa", "kode_wilayah", "kode_kemendagri", "kode_kemdagri", "village_code", "kd_desa"),
    "decile": ("desil", "desil_kesejahteraan", "decile", "status_kesejahteraan"),
}


def raw_json_sql(headers: list[str], columns: list[str]) -> str:
    """``json_object(header, cell, …)``: a row's raw cells for the ``raw`` column."""
    pairs = ", ".join(f"{sql_literal(h)}, {c}" for h, c in zip(headers, columns, strict=True))
    return f"json_object({pairs})" if pairs else "NULL::JSON"


def clear(con: duckdb.DuckDBPyConnection, snapshot: str) -> None:
    """Remove the quarantined rows of ``snapshot`` (before it is written again)."""
    ensure_tables(con, QUARANTINE_TABLE)
    con.execute(f"DELETE FROM {QUARANTINE_TABLE} WHERE snapshot = ?", [snapshot])


def quarantine_select(
    con: duckdb.DuckDBPyConnection,
    *,
    snapshot: str,
    kind: str,
    source_file: str,
    sheet: str | None,
    select_sql: str,
) -> None:
    """Quarantine the rows of ``select_sql``, which yields ``source_line``, ``reasons`` (VARCHAR[])
    and ``raw`` (JSON or JSON text).

    The row of an erased person (reason ``subject_erased``, or raw cells naming an erased NIK) keeps that
    one reason and no raw cells: the quarantine must not store the person again."""
    from lokus.privacy import tombstone

    ensure_tables(con, QUARANTINE_TABLE)
    erased = f"list_contains(q.reasons, {sql_literal(_ERASED)})"
    con.execute(
        f"INSERT INTO {QUARANTINE_TABLE} SELECT {sql_literal(snapshot)}, {sql_literal(kind)}, "
        f"{sql_literal(source_file)}, {sql_literal(sheet)}, q.source_line, "
        f"CASE WHEN {erased} THEN [{sql_literal(_ERASED)}] ELSE q.reasons END, "
        f"CASE WHEN {erased} THEN NULL ELSE q.raw::JSON END, now()::TIMESTAMP FROM ({select_sql}) q"
    )
    stone = tombstone(con)
    if stone:
        stone.scrub_quarantine(con, snapshot)


def quarantine_malformed(
    con: duckdb.DuckDBPyConnection, *, snapshot: str, kind: str, source_file: str, rejects: str | None
) -> None:
    """Quarantine the lines the reader could not split (its ``rejects`` table: line, text, error)."""
    if rejects is None:
        return
    quarantine_select(
        con, snapshot=snapshot, kind=kind, source_file=source_file, sheet=None,
        select_sql=(
            "SELECT line AS source_line, ['row_malformed'] AS reasons, "
            f"json_object('_line', text, '_error', error) AS raw FROM {rejects}"
        ),
    )


def quarantine_arrow(
    con: duckdb.DuckDBPyConnection,
    *,
    snapshot: str,
    kind: str,
    source_file: str,
    sheet: str | None,
    rows: Any,
) -> None:
    """Quarantine an Arrow (or Polars) table of ``source_line``, ``reasons`` (list of text), ``raw`` (JSON text)."""
    name = "__lokus_quarantine_rows"
    con.register(name, rows)
    try:
        quarantine_select(
            con, snapshot=snapshot, kind=kind, source_file=source_file, sheet=sheet,
            select_sql=f"SELECT source_line, reasons, raw FROM {name}",
        )
    finally:
        con.unregister(name)


def reason_counts(con: duckdb.DuckDBPyConnection, snapshot: str) -> dict[str, int]:
    """Hard reason code → rows of ``snapshot`` carrying it (a row may carry several), most frequent first."""
    rows = con.execute(
        f"SELECT r, count(*) FROM (SELECT unnest(reasons) AS r FROM {QUARANTINE_TABLE} WHERE snapshot = ?) "
        "GROUP BY r ORDER BY count(*) DESC, r",
        [snapshot],
    ).fetchall() if _has_table(con) else []
    return {str(code): int(n) for code, n in rows}


def warning_counts(con: duckdb.DuckDBPyConnection, table: str, snapshot: str) -> dict[str, int]:
    """Soft reason code → accepted rows of ``snapshot`` in ``table`` carrying it (its ``warnings`` column),
    most frequent first: the other half of every ingest summary."""
    rows = con.execute(
        f"SELECT w, count(*) FROM (SELECT unnest(warnings) AS w FROM {table} WHERE snapshot = ?) "
        "GROUP BY w ORDER BY count(*) DESC, w",
        [snapshot],
    ).fetchall()
    return {str(code): int(n) for code, n in rows}


def _has_table(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [QUARANTINE_TABLE]
    ).fetchall()
    return bool(rows[0][0])


# The module whose import registers the reason sentences of each kind of snapshot. They import this
# package, so they are imported when a sentence is first needed: an export must not depend on which
# command happened to import them before (it showed the bare codes of a measurements snapshot).
_REASON_CATALOGUES = {
    "registry": "lokus.registry._reasons",
    "measurements": "lokus.measurements._messages",
    "programs": "lokus.convergence._messages",
    "interventions": "lokus.convergence._messages",
    "stunting_loci": "lokus.loci._stunting",
    "indicators": "lokus.indicators._messages",
}


def reason_message(code: str, kind: str | None, lang: str = DEFAULT_LANG) -> str:
    """The sentence for reason ``code`` of a snapshot of ``kind`` (a kind's own wording first)."""
    if kind in _REASON_CATALOGUES:
        importlib.import_module(_REASON_CATALOGUES[kind])
    keys = ([f"{kind}.reason.{code}"] if kind else []) + [f"reason.{code}"]
    return next((t(key, lang) for key in keys if has(key)), code)


def reason_label(code: str, kind: str | None, lang: str = DEFAULT_LANG) -> str:
    """A short label for reason ``code`` in ``lang``, for a table cell: the first clause of its sentence
    (:func:`reason_message`) up to the first ``;`` or ``:``, without its brackets, with a capital letter ("Desil
    kesejahteraan kosong", "NIK rusak oleh Excel"). One catalogue: the label cannot drift from the sentence.
    A code with no sentence is returned as it is."""
    sentence = reason_message(code, kind, lang)
    if sentence == code:
        return code
    plain = re.sub(r"\s*\([^()]*\)", "", sentence)  # examples in brackets stay in the sentence
    first = re.split(r"[;:]\s", plain, maxsplit=1)[0].strip().rstrip(",.")
    return _capital(first)


def _capital(sentence: str) -> str:
    """A reason's sentence as it stands alone in a cell: with a capital letter."""
    return sentence[:1].upper() + sentence[1:]


class ReasonPhrase(Phrase):
    """A reason's label (:func:`reason_label`) as a message parameter, said in the reader's language when the
    sentence is made: a sentence names a reason in words ("…with the reason “This person was erased…”"),
    never by its code."""

    def __init__(self, code: str, kind: str | None = None) -> None:
        super().__init__(f"reason.{code}")
        self.code, self.kind = code, kind

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return reason_label(self.code, self.kind, lang)


def reason_cells(codes: list[str] | str, kind: str | None, lang: str = DEFAULT_LANG) -> dict[str, str]:
    """What a person reads for a row's reason ``codes`` (a list, or the ``", "``-joined ``reasons`` cell) of a
    snapshot of ``kind``, in ``lang``: ``reason_labels`` (short labels, ``;``-separated) and ``messages`` (the
    whole sentences). Every surface that shows a quarantined row (CLI, web upload page) says it this way."""
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.split(",") if c.strip()]
    return {"reason_labels": "; ".join(reason_label(c, kind, lang) for c in codes),
            "messages": "; ".join(_capital(reason_message(c, kind, lang)) for c in codes)}


def resolve_snapshot(ws: Workspace, snapshot: str | None, kind: str | None = None) -> str:
    """``snapshot`` (of any kind, or of ``kind``), else the latest snapshot of ``kind``, else the
    latest registry snapshot, else the latest snapshot of any kind (:class:`WorkspaceError` when none)."""
    if snapshot is not None:
        return ws.snapshot(snapshot, kind).name
    if kind is not None:
        return ws.latest_snapshot(kind).name
    if ws.snapshots("registry"):
        return ws.latest_snapshot("registry").name
    snaps = ws.snapshots()
    if not snaps:
        return ws.latest_snapshot("registry").name  # raises: nothing loaded yet
    return snaps[-1].name


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _ident_headers(raw_keys: list[str], details: dict[str, Any]) -> dict[str, str]:
    """Identifying field → raw header, from the mapping the ingest kept (else guessed from the headers)."""
    kept = details.get("columns") or details.get("headers") or {}
    if kept:
        return {f: h for f, h in kept.items() if f in IDENT_FIELDS and h in raw_keys}
    out: dict[str, str] = {}
    keyed = {_key(h): h for h in raw_keys}
    for field, keys in _GUESS.items():
        hit = next((keyed[k] for k in keys if k in keyed), None)
        if hit is not None:
            out[field] = hit
    return out


def quarantine_rows(
    ws: Workspace,
    snapshot: str | None = None,
    *,
    kind: str | None = None,
    every: bool = False,
    lang: str = DEFAULT_LANG,
    flatten_raw: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The quarantined rows of one snapshot (default: see :func:`resolve_snapshot`), or of every
    snapshot (of ``kind``) with ``every``, by snapshot and line; only the first ``limit`` when given
    (ordered and cut in SQL).

    Each row has snapshot, kind, source_file, sheet, source_line, reasons (codes, comma-separated, for
    programs), reason_labels (their short labels in ``lang``, ``;``-separated: what a person reads),
    messages (the whole sentences in ``lang``), the identifying raw cells :data:`IDENT_FIELDS` (None where the kind
    has no such column) and ``raw``: all raw cells as a dict, or one ``raw:<header>`` column each
    with ``flatten_raw`` (for CSV). :class:`WorkspaceError` when the snapshot does not exist.
    """
    if every:
        names = [s.name for s in ws.snapshots(kind)]
    else:
        names = [resolve_snapshot(ws, snapshot, kind)]
    if not names or not _has_table(ws.con):
        return []
    infos = {n: ws.snapshot(n) for n in names}
    placeholders = ", ".join("?" for _ in names)
    # By snapshot (in ``names`` order), then line (a row without one first), then as stored.
    fetched = ws.con.execute(
        f"SELECT snapshot, kind, source_file, sheet, source_line, reasons, raw FROM {QUARANTINE_TABLE} "
        f"WHERE snapshot IN ({placeholders}) "
        f"ORDER BY list_position(?::VARCHAR[], snapshot), source_line NULLS FIRST, rowid"
        + (" LIMIT ?" if limit is not None else ""),
        [*names, names, *([limit] if limit is not None else [])],
    ).fetchall()
    out: list[dict[str, Any]] = []
    idents: dict[str, dict[str, str]] = {}
    for snap, row_kind, source_file, sheet, line, reasons, raw_text in fetched:
        raw = json.loads(raw_text) if raw_text else {}
        if snap not in idents and raw and "_line" not in raw:
            idents[snap] = _ident_headers(list(raw), json.loads(infos[snap].details or "{}"))
        codes = list(reasons or [])
        row: dict[str, Any] = {
            "snapshot": snap,
            "kind": row_kind,
            "source_file": source_file,
            "sheet": sheet,
            "source_line": line,
            "reasons": ", ".join(codes),
            **reason_cells(codes, row_kind, lang),
        }
        ident = dict.fromkeys(IDENT_FIELDS)
        for field, header in idents.get(snap, {}).items():
            ident[field] = raw.get(header)
        row.update(ident)
        if flatten_raw:
            row.update({f"raw:{k}": v for k, v in raw.items()})
        else:
            row["raw"] = raw
        out.append(row)
    return out


class RowTable:
    """Rows with a fixed column order, readable by :func:`lokus.reports.write_table` (``column_names``,
    ``to_pylist``); values are kept as they are (a ``raw`` dict stays an object in JSON)."""

    def __init__(self, columns: list[str], rows: list[dict[str, Any]]) -> None:
        self.column_names = columns
        self._rows = rows

    def to_pylist(self) -> list[dict[str, Any]]:
        return [{c: r.get(c) for c in self.column_names} for r in self._rows]

    def __len__(self) -> int:
        return len(self._rows)


def quarantine_table(rows: list[dict[str, Any]]) -> RowTable:
    """The rows of :func:`quarantine_rows` as one table whose columns are the union over the rows
    (first-seen order; ``raw:<header>`` columns of every snapshot)."""
    columns: list[str] = []
    for r in rows:
        columns.extend(k for k in r if k not in columns)
    if not columns:
        columns = ["snapshot", "kind", "source_file", "sheet", "source_line", "reasons", "reason_labels", "messages",
                   *IDENT_FIELDS]
    return RowTable(columns, rows)


def export_quarantine(
    ws: Workspace,
    path: str | Any,
    snapshot: str | None = None,
    *,
    kind: str | None = None,
    every: bool = False,
    fmt: str | None = None,
    lang: str = DEFAULT_LANG,
) -> int:
    """Write the quarantined rows (all raw cells; CSV/XLSX one ``raw:<header>`` column each, JSON a
    ``raw`` object) to ``path`` through :func:`lokus.reports.write_table`, then audit the export.
    Returns the number of rows written."""
    from pathlib import Path

    from lokus.privacy import audit, records_shown
    from lokus.reports import write_table

    target = Path(path)
    as_json = (fmt or target.suffix.lower().lstrip(".")) == "json"
    rows = quarantine_rows(ws, snapshot, kind=kind, every=every, lang=lang, flatten_raw=not as_json)
    written = write_table(quarantine_table(rows), target, fmt=fmt, lang=lang, sheet_name=t("quarantine.sheet", lang),
                          labels={"kind": "snapshot_kind"})
    audit(ws, "quarantine.export", target=_target(snapshot, kind, every, rows), rows=len(rows), output=str(written),
          records=records_shown(rows))
    return len(rows)


def _target(snapshot: str | None, kind: str | None, every: bool, rows: list[dict[str, Any]]) -> str:
    if every:
        return f"{kind or '*'}:*"
    return str(rows[0]["snapshot"]) if rows else (snapshot or kind or "*")


@dataclass(frozen=True)
class QuarantinePage:
    """What ``lokus quarantine list`` shows of one snapshot, read in SQL without the other rows:
    the first ``rows`` (by line, as :func:`quarantine_rows` gives them), how many rows there are in
    all, every reason code among them, and the identifying fields any of them has a value for."""

    snapshot: str
    kind: str | None
    rows: list[dict[str, Any]]
    total: int
    reasons: list[str]
    filled: frozenset[str]


def _pointer(header: str) -> str:
    """The JSON pointer of key ``header`` (any text: ``~`` and ``/`` escaped)."""
    return "/" + header.replace("~", "~0").replace("/", "~1")


def view_quarantine_page(
    ws: Workspace,
    snapshot: str | None = None,
    *,
    kind: str | None = None,
    limit: int = 50,
    lang: str = DEFAULT_LANG,
) -> QuarantinePage:
    """The first ``limit`` quarantined rows of one snapshot (0 = all; default snapshot as in
    :func:`resolve_snapshot`), with the total, the reason codes and the identifying fields of all its
    rows computed in SQL: a snapshot of 66,000 quarantined rows is not read into Python to show 50.
    Audited like :func:`view_quarantine`, for the rows shown."""
    from lokus.privacy import audit, records_shown

    name = resolve_snapshot(ws, snapshot, kind)
    info = ws.snapshot(name)
    if not _has_table(ws.con):
        return QuarantinePage(name, info.kind, [], 0, [], frozenset())
    rows = quarantine_rows(ws, name, lang=lang, limit=limit or None)
    total, = ws.con.execute(f"SELECT count(*) FROM {QUARANTINE_TABLE} WHERE snapshot = ?", [name]).fetchone() or (0,)
    codes = ws.con.execute(
        f"SELECT DISTINCT unnest(reasons) FROM {QUARANTINE_TABLE} WHERE snapshot = ?", [name]).fetchall()
    first = ws.con.execute(
        f"SELECT raw FROM {QUARANTINE_TABLE} WHERE snapshot = ? AND raw IS NOT NULL "
        "AND json_extract(raw, '$._line') IS NULL LIMIT 1", [name]).fetchone()
    filled: set[str] = set()
    if first is not None and first[0]:
        idents = _ident_headers(list(json.loads(first[0])), json.loads(info.details or "{}"))
        if idents:
            fields = list(idents)
            counts = ws.con.execute(
                "SELECT " + ", ".join("count(json_extract_string(raw, ?))" for _ in fields)
                + f" FROM {QUARANTINE_TABLE} WHERE snapshot = ?", [*(_pointer(idents[f]) for f in fields), name],
            ).fetchone() or ()
            filled = {f for f, n in zip(fields, counts, strict=True) if n}
    if rows:
        audit(ws, "quarantine.list", target=name, rows=len(rows), records=records_shown(rows))
    return QuarantinePage(name, info.kind, rows, int(total), sorted(c for (c,) in codes if c), frozenset(filled))


def view_quarantine(
    ws: Workspace,
    snapshot: str | None = None,
    *,
    kind: str | None = None,
    every: bool = False,
    lang: str = DEFAULT_LANG,
    flatten_raw: bool = False,
) -> list[dict[str, Any]]:
    """:func:`quarantine_rows` for showing to a person: quarantined rows hold NIKs and names, so a
    non-empty view is audited (``quarantine.list``)."""
    from lokus.privacy import audit, records_shown

    rows = quarantine_rows(ws, snapshot, kind=kind, every=every, lang=lang, flatten_raw=flatten_raw)
    if rows:
        audit(ws, "quarantine.list", target=_target(snapshot, kind, every, rows), rows=len(rows),
              records=records_shown(rows))
    return rows
