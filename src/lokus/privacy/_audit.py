"""The audit trail: every view or export of personal data leaves a row in ``audit_log``."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime

import pyarrow as pa

from lokus.workspace import Workspace

AUDIT_TABLE = "audit_log"
_DDL = (
    f"CREATE TABLE IF NOT EXISTS {AUDIT_TABLE} (logged_at TIMESTAMP, user_name VARCHAR, action VARCHAR, "
    "target VARCHAR, scope VARCHAR, rows BIGINT, pseudonymised BOOLEAN, output VARCHAR)"
)


def _user() -> str:
    try:
        return os.environ.get("LOKUS_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"


def audit(
    ws: Workspace,
    action: str,
    *,
    target: str,
    rows: int,
    scope: str | None = None,
    pseudonymised: bool = False,
    output: str | None = None,
) -> None:
    """Record one view/export of personal data (its own small transaction).

    ``action`` e.g. ``quarantine.list``, ``worklist.export``; ``target`` the snapshot or table;
    ``scope`` the region the rows were limited to; ``output`` the file written, if any. The user is
    ``$LOKUS_USER`` or the login name.
    """
    if ws.read_only:
        # Commands that show personal data must open the workspace for writing, so that the view
        # is recorded; a read-only view of personal data would go unaudited.
        raise RuntimeError("audit() needs a workspace opened for writing")
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with ws.transaction() as con:
        con.execute(_DDL)
        con.execute(
            f"INSERT INTO {AUDIT_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [now, _user(), action, target, scope, rows, pseudonymised, output],
        )


def audit_entries(ws: Workspace, *, limit: int = 100) -> pa.Table:
    """The latest ``limit`` audit rows, newest first."""
    if not ws.has_table(AUDIT_TABLE):
        return pa.table({c: pa.array([], t) for c, t in (
            ("logged_at", pa.timestamp("us")), ("user_name", pa.string()), ("action", pa.string()),
            ("target", pa.string()), ("scope", pa.string()), ("rows", pa.int64()),
            ("pseudonymised", pa.bool_()), ("output", pa.string()))})
    return ws.con.sql(
        f"SELECT * FROM {AUDIT_TABLE} ORDER BY logged_at DESC, rowid DESC LIMIT ?", params=[limit]
    ).to_arrow_table()
