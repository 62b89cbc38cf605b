"""Shared pieces of the list ingests (program recipients, interventions): identifiers in SQL,
malformed lines, the quarantine table and its row guarantee.
"""

from __future__ import annotations

import duckdb

from lokus.registry._validate import json_object_sql
from lokus.tables import LoadedTable
from lokus.tables._sqlnorm import ident_sql, nik_reason_sql, text_sql
from lokus.workspace import Workspace

__all__ = ["lit", "id_columns_sql", "stage_lines", "QUARANTINE_DDL", "quarantine_rows", "count", "drop_temp"]

STAGE = "__lokus_list_stage"
QUARANTINE_DDL = """CREATE TABLE IF NOT EXISTS {table} (
    snapshot VARCHAR NOT NULL,
    program VARCHAR,
    source_file VARCHAR,
    sheet VARCHAR,
    source_line BIGINT,
    reasons VARCHAR[],
    raw JSON,
    quarantined_at TIMESTAMP
)"""


def lit(value: str | None) -> str:
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    rows = con.execute(sql, params or []).fetchall()
    return int(rows[0][0] or 0) if rows else 0


def id_columns_sql(col: dict[str, str], today_iso: str) -> dict[str, str]:
    """SQL for ``nik`` (valid or NULL), ``kk`` (16 digits or NULL), ``id_reason`` (hard) and
    ``id_warning`` (soft) from the raw NIK/KK cell expressions in ``col``."""
    from datetime import date

    today = date.fromisoformat(today_iso)
    nik_norm = ident_sql(col["nik"]) if "nik" in col else "NULL::VARCHAR"
    nik_given = f"({text_sql(col['nik'])} IS NOT NULL)" if "nik" in col else "false"
    nik_reason = nik_reason_sql(nik_norm, today) if "nik" in col else "'nik_missing'"
    kk_norm = ident_sql(col["kk"]) if "kk" in col else "NULL::VARCHAR"
    kk_ok = f"coalesce(regexp_full_match({kk_norm}, '[0-9]{{16}}'), false)"
    return {
        "nik": f"(CASE WHEN ({nik_reason}) IS NULL THEN {nik_norm} END)",
        "kk": f"(CASE WHEN {kk_ok} THEN {kk_norm} END)",
        "id_reason": (
            f"(CASE WHEN ({nik_reason}) IS NULL OR {kk_ok} THEN NULL "
            f"WHEN {nik_given} THEN ({nik_reason}) ELSE 'id_missing' END)"
        ),
        "id_warning": (
            f"(CASE WHEN {nik_given} AND ({nik_reason}) IS NOT NULL AND {kk_ok} THEN 'nik_invalid_kk_used' END)"
        ),
    }


def stage_lines(con: duckdb.DuckDBPyConnection, table: LoadedTable, select_sql: str) -> tuple[int, str | None]:
    """Create the staged table from ``select_sql``; returns (rows read, malformed-lines table)."""
    # The reader has already set aside the lines it could not split (line, text, error) and
    # renumbered the rows after them, so the staged lines are the file's own.
    con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} AS {select_sql}")
    bad = table.rejects
    n_bad = count(con, f"SELECT count(*) FROM {bad}") if bad else 0
    n_stage = count(con, f"SELECT count(*) FROM {STAGE}")
    return n_stage + n_bad, bad if n_bad else None


def quarantine_rows(
    ws: Workspace,
    *,
    table_name: str,
    snapshot: str,
    program: str | None,
    source_file: str,
    loaded: LoadedTable,
    where_sql: str,
    bad: str | None,
) -> None:
    """Copy rejected staged rows (``where_sql`` over the stage, reasons in ``__reasons``) and
    malformed lines into the quarantine table ``table_name``."""
    con = ws.con
    raw_cols = [f"c{i}" for i in range(len(loaded.headers))]
    raw_json = json_object_sql(loaded.headers, raw_cols)
    sheet = lit(loaded.sheet)
    con.execute(
        f"INSERT INTO {table_name} SELECT {lit(snapshot)}, {lit(program)}, {lit(source_file)}, {sheet}, "
        f"__line, __reasons, {raw_json}, now()::TIMESTAMP FROM {STAGE} WHERE {where_sql}"
    )
    if bad:
        con.execute(
            f"INSERT INTO {table_name} SELECT {lit(snapshot)}, {lit(program)}, {lit(source_file)}, NULL, "
            f"line, ['row_malformed'], json_object('_line', text, '_error', error), now()::TIMESTAMP FROM {bad}"
        )


def drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for tmp in (STAGE, "__lokus_badlines", "__lokus_badgaps", "__lokus_villages"):
        con.execute(f"DROP TABLE IF EXISTS temp.{tmp}")
