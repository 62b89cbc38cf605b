"""Shared pieces of the list ingests (program recipients, interventions): identifiers in SQL,
malformed lines, and handing rejected rows to the one quarantine (:mod:`lokus.quarantine`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb

from lokus import quarantine
from lokus.nik import kk_problem_sql
from lokus.tables import HeaderMatch, LoadedTable
from lokus.tables._sqlnorm import ident_sql, nik_reason_sql, text_sql
from lokus.workspace import Workspace

if TYPE_CHECKING:
    from lokus.privacy import Tombstone

__all__ = ["id_columns_sql", "stage_lines", "screen_erased", "mark_erased", "quarantine_stage", "count", "drop_temp"]

STAGE = "__lokus_list_stage"


def count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    rows = con.execute(sql, params or []).fetchall()
    return int(rows[0][0] or 0) if rows else 0


def id_columns_sql(col: dict[str, str], today_iso: str) -> dict[str, str]:
    """SQL for ``nik`` (valid or NULL), ``kk`` (a usable KK or NULL), ``id_reason`` (hard) and
    ``id_warning`` (soft) from the raw NIK/KK cell expressions in ``col``.

    A placeholder KK (``0``, all zeros or nines, zero region) or a KK that is not 16 digits is never
    used to match or deduplicate: such a row names someone only through its NIK.
    """
    from datetime import date

    today = date.fromisoformat(today_iso)
    nik_norm = ident_sql(col["nik"]) if "nik" in col else "NULL::VARCHAR"
    nik_given = f"({text_sql(col['nik'])} IS NOT NULL)" if "nik" in col else "false"
    nik_reason = nik_reason_sql(nik_norm, today) if "nik" in col else "'nik_missing'"
    kk_norm = ident_sql(col["kk"]) if "kk" in col else "NULL::VARCHAR"
    kk_ok = f"({kk_norm} IS NOT NULL AND {kk_problem_sql(kk_norm)} IS NULL)"
    return {
        "nik": f"(CASE WHEN ({nik_reason}) IS NULL THEN {nik_norm} END)",
        "kk": f"(CASE WHEN {kk_ok} THEN {kk_norm} END)",
        "id_reason": (
            f"(CASE WHEN ({nik_reason}) IS NULL OR {kk_ok} THEN NULL "
            f"WHEN {nik_given} THEN ({nik_reason}) ELSE 'id_missing' END)"
        ),
        "id_warning": (
            f"(CASE WHEN {nik_given} AND ({nik_reason}) IS NOT NULL AND {kk_ok} THEN 'nik_invalid_kk_used' "
            f"WHEN {kk_norm} IS NOT NULL AND NOT {kk_ok} THEN {kk_problem_sql(kk_norm)} END)"
        ),
    }


def stage_lines(con: duckdb.DuckDBPyConnection, table: LoadedTable, select_sql: str) -> tuple[int, str | None]:
    """Create the staged table from ``select_sql``; returns (rows read, malformed-lines table).

    The staged table gets ``__quote_literal``: true on the lines where the reader kept a stray ``"``
    as a character (warning ``quote_literal``)."""
    # The reader has already set aside the lines it could not split (line, text, error) and
    # renumbered the rows after them, so the staged lines are the file's own.
    con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} AS {select_sql}")
    con.execute(f"ALTER TABLE {STAGE} ADD COLUMN __quote_literal BOOLEAN DEFAULT false")
    if table.literal_quotes:
        con.execute(f"UPDATE {STAGE} SET __quote_literal = true WHERE __line IN (SELECT unnest(?::BIGINT[]))",
                    [list(table.literal_quotes)])
    bad = table.rejects
    n_bad = count(con, f"SELECT count(*) FROM {bad}") if bad else 0
    n_stage = count(con, f"SELECT count(*) FROM {STAGE}")
    return n_stage + n_bad, bad if n_bad else None


def screen_erased(ws: Workspace, loaded: LoadedTable, match: HeaderMatch) -> Tombstone:
    """The one rule for erased persons, before a list's cells are read (:func:`lokus.privacy.screen_erased`):
    their mentions in other people's rows taken out; the tombstone, for :func:`mark_erased`."""
    from lokus.privacy import screen_erased as screen

    return screen(ws.con, ws.path, loaded, match.columns.get("nik"))


def mark_erased(ws: Workspace, stone: Tombstone, table: str, loaded: LoadedTable) -> int:
    """Quarantine the staged rows of erased persons (reason ``subject_erased``): their NIK, or an erased NIK
    still in a cell of the row (``c0`` … of ``loaded``: their own NIK cell, or a list with no NIK column, where
    it is the only identifier; mentions in other people's rows were taken out by :func:`screen_erased`)."""
    return stone.mark(ws.con, table, cells=stone.mark_cells(loaded)) if stone else 0


def quarantine_stage(
    con: duckdb.DuckDBPyConnection,
    *,
    snapshot: str,
    kind: str,
    source_file: str,
    loaded: LoadedTable,
    bad: str | None,
) -> None:
    """Quarantine the staged rows with reasons (``__reasons``) and the malformed lines ``bad``."""
    raw_json = quarantine.raw_json_sql(loaded.headers, [f"c{i}" for i in range(len(loaded.headers))])
    where = dict(snapshot=snapshot, kind=kind, source_file=source_file)
    quarantine.quarantine_select(
        con, **where, sheet=loaded.sheet,
        select_sql=f"SELECT __line AS source_line, __reasons AS reasons, {raw_json} AS raw FROM {STAGE} "
        "WHERE len(__reasons) > 0",
    )
    quarantine.quarantine_malformed(con, **where, rejects=bad)


def drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for tmp in (STAGE, "__lokus_badlines", "__lokus_badgaps", "__lokus_villages"):
        con.execute(f"DROP TABLE IF EXISTS temp.{tmp}")
