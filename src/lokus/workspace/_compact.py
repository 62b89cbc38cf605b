"""Rewrite the workspace file so that deleted and replaced data is really gone.

DuckDB marks the blocks of deleted rows and dropped tables free but keeps them in the file until
they are reused; an interrupted load leaves its blocks behind too. :func:`compact_workspace` copies
every table into a fresh file (``ATTACH`` + ``COPY FROM DATABASE``) and atomically replaces the
old file with it (``os.replace`` after ``fsync``), so the file holds only live data. If anything
fails, the original is left as it was.

Retention (:func:`apply_retention`, ``lokus workspace compact --quarantine-days N
--audit-detail-days N``, or ``$LOKUS_QUARANTINE_RETENTION_DAYS`` /
``$LOKUS_AUDIT_DETAIL_RETENTION_DAYS``): quarantined rows older than N days are deleted (the
snapshot keeps its counts); the identifiers in the audit detail of audit rows older than N days
are blanked (the audit rows themselves, and the chain, are kept).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from lokus._sql import sql_literal
from lokus.errors import Phrase, WorkspaceError, os_reason

__all__ = ["QUARANTINE_RETENTION_ENV", "AUDIT_DETAIL_RETENTION_ENV", "apply_retention", "compact_workspace"]

QUARANTINE_RETENTION_ENV = "LOKUS_QUARANTINE_RETENTION_DAYS"
AUDIT_DETAIL_RETENTION_ENV = "LOKUS_AUDIT_DETAIL_RETENTION_DAYS"


def compact_workspace(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Rewrite the (closed) workspace at ``path`` into a fresh file; returns (bytes before, after).

    Raises :class:`WorkspaceError` (the original untouched) if the copy fails, e.g. the file is
    open in another process.
    """
    src = Path(path)
    if not src.exists():
        raise WorkspaceError("error.workspace", path=str(src), detail=Phrase("error.file.not_found"))
    before = src.stat().st_size + (src.with_name(src.name + ".wal").stat().st_size
                                   if src.with_name(src.name + ".wal").exists() else 0)
    tmp = src.with_name(f".{src.name}.compact-{os.getpid()}")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        # fold a pending write-ahead log into the old file first
        con = duckdb.connect(str(src))
        con.execute("CHECKPOINT")
        con.close()
        con = duckdb.connect(":memory:")
        try:
            con.execute(f"ATTACH {sql_literal(src)} AS lokus_src (READ_ONLY)")
            con.execute(f"ATTACH {sql_literal(tmp)} AS lokus_dst")
            con.execute("COPY FROM DATABASE lokus_src TO lokus_dst")
            con.execute("DETACH lokus_src")
            con.execute("CHECKPOINT lokus_dst")
            con.execute("DETACH lokus_dst")
        finally:
            con.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, src)
        src.with_name(src.name + ".wal").unlink(missing_ok=True)
        dir_fd = os.open(src.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except duckdb.Error as exc:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        if "lock" in str(exc).lower():
            raise WorkspaceError("error.workspace.locked", path=str(src)) from None
        # DuckDB's English text stays on the cause (--debug); a person reads why in their language.
        reason = os_reason(exc)
        detail = reason if reason.code is not None else Phrase("privacy.compact.copy")
        raise WorkspaceError("privacy.compact.failed", path=str(src), detail=detail) from exc
    return before, src.stat().st_size


def _days(value: int | None, env: str) -> int | None:
    if value is not None:
        return value
    raw = os.environ.get(env)
    if not raw:
        return None
    try:
        n = int(raw)
    except ValueError:
        from lokus.errors import ConfigError

        raise ConfigError(key=env, value=raw, valid_values=Phrase("privacy.compact.days")) from None
    return n if n > 0 else None


def apply_retention(
    ws: Any, *, quarantine_days: int | None = None, audit_detail_days: int | None = None
) -> tuple[int, int, int | None, int | None]:
    """Delete old quarantined rows and blank old audit identifier details (one transaction).

    Returns (quarantine rows deleted, audit details blanked, quarantine days, audit-detail days).
    Every table with a ``quarantined_at`` column counts as quarantine. Records one audit row.
    """
    from lokus.privacy._audit import AUDIT_TABLE, DETAIL_TABLE, acting_user, append

    q_days = _days(quarantine_days, QUARANTINE_RETENTION_ENV)
    d_days = _days(audit_detail_days, AUDIT_DETAIL_RETENTION_ENV)
    now = datetime.now(UTC).replace(tzinfo=None)
    deleted = blanked = 0
    with ws.transaction() as con:
        if q_days:
            tables = [r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'quarantined_at' "
                "AND table_schema = 'main'").fetchall()]
            for table in tables:
                cutoff = now - timedelta(days=q_days)
                n = con.execute(f'SELECT count(*) FROM "{table}" WHERE quarantined_at < ?', [cutoff]).fetchone()[0]
                if n:
                    con.execute(f'DELETE FROM "{table}" WHERE quarantined_at < ?', [cutoff])
                deleted += int(n)
        if d_days and ws.has_table(DETAIL_TABLE):
            cutoff = now - timedelta(days=d_days)
            where = (f"record IS NOT NULL AND seq IN (SELECT seq FROM {AUDIT_TABLE} WHERE logged_at < ?)")
            blanked = int(con.execute(f"SELECT count(*) FROM {DETAIL_TABLE} WHERE {where}", [cutoff]).fetchone()[0])
            if blanked:
                con.execute(f"UPDATE {DETAIL_TABLE} SET record = NULL, nonce = NULL, erased_at = ? WHERE {where}",
                            [now, cutoff])
        if deleted or blanked:
            user_name, session_user, source = acting_user()
            append(con, {
                "logged_at": now, "user_name": user_name, "session_user": session_user, "user_source": source,
                "action": "workspace.retention", "target": f"quarantine>{q_days}d;audit_detail>{d_days}d",
                "scope": None, "rows": deleted + blanked, "pseudonymised": False, "output": None,
            })
    return deleted, blanked, q_days, d_days
