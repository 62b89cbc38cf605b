"""Workspace file management over DuckDB."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from lokus import __version__
from lokus.errors import WorkspaceError

DEFAULT_WORKSPACE = "lokus.duckdb"
SCHEMA_VERSION = 1

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS lokus_meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS snapshots (
        name VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        source_file VARCHAR,
        sha256 VARCHAR,
        rows_read BIGINT,
        rows BIGINT,
        quarantined BIGINT,
        created_at TIMESTAMP,
        lokus_version VARCHAR,
        details VARCHAR
    )""",
]


def resolve_workspace_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``explicit``, else ``$LOKUS_WORKSPACE``, else ``./lokus.duckdb``."""
    value = explicit or os.environ.get("LOKUS_WORKSPACE") or DEFAULT_WORKSPACE
    return Path(value)


def sha256_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class SnapshotInfo:
    name: str
    kind: str
    source_file: str | None
    sha256: str | None
    rows_read: int | None
    rows: int | None
    quarantined: int | None
    created_at: datetime
    lokus_version: str
    details: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Workspace:
    """An open workspace. Use as a context manager; ``con`` is the DuckDB connection."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path = resolve_workspace_path(path)
        if read_only and not self.path.exists():
            raise WorkspaceError(
                "error.workspace", path=str(self.path),
                detail="berkas belum ada; jalankan `lokus demo` atau `lokus ingest registry` dulu",
            )
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise WorkspaceError("error.workspace.locked", path=str(self.path)) from None
            raise WorkspaceError("error.workspace", path=str(self.path), detail=str(exc).splitlines()[0]) from None
        except duckdb.Error as exc:
            raise WorkspaceError(
                "error.workspace", path=str(self.path),
                detail=f"bukan workspace DuckDB yang valid ({str(exc).splitlines()[0]})",
            ) from None
        self.read_only = read_only
        if not read_only:
            self._ensure_schema()

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _ensure_schema(self) -> None:
        with self.transaction():
            for stmt in _SCHEMA:
                self.con.execute(stmt)
            self.con.execute(
                "INSERT OR REPLACE INTO lokus_meta VALUES ('schema_version', ?), ('lokus_version', ?)",
                [str(SCHEMA_VERSION), __version__],
            )
            if not self.has_table("regions"):
                self._load_regions()

    def _load_regions(self) -> None:
        """Copy the packaged Kemendagri region table into the workspace (for joins in the engine)."""
        import pyarrow as pa

        from lokus.regions import load_regions

        regions = load_regions().all()
        table = pa.table(
            {
                "code": [r.code for r in regions],
                "name": [r.name for r in regions],
                "parent_code": [r.parent_code for r in regions],
                "level": [r.level for r in regions],
                "kind": [r.kind for r in regions],
                "local_kind": [r.local_kind for r in regions],
                "bps_code": [r.bps_code for r in regions],
            }
        )
        self.con.register("_regions_arrow", table)
        self.con.execute("CREATE TABLE regions AS SELECT * FROM _regions_arrow ORDER BY code")
        self.con.unregister("_regions_arrow")

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One atomic write: commits on success, rolls back on any exception or interrupt."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    # -- snapshots -------------------------------------------------------------------------
    def has_table(self, name: str) -> bool:
        rows = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchall()
        return bool(rows and rows[0][0])

    def record_snapshot(
        self,
        name: str,
        kind: str,
        *,
        source_file: str | None,
        sha256: str | None,
        rows_read: int | None,
        rows: int | None,
        quarantined: int | None = 0,
        details: str | None = None,
    ) -> SnapshotInfo:
        """Record (or replace) a snapshot's metadata. Call inside :meth:`transaction`."""
        created = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        self.con.execute("DELETE FROM snapshots WHERE name = ?", [name])
        self.con.execute(
            "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, kind, source_file, sha256, rows_read, rows, quarantined, created, __version__, details],
        )
        return self.snapshot(name)

    def snapshots(self, kind: str | None = None) -> list[SnapshotInfo]:
        sql = "SELECT * FROM snapshots"
        params: list[Any] = []
        if kind:
            sql += " WHERE kind = ?"
            params.append(kind)
        sql += " ORDER BY created_at, name"
        return [SnapshotInfo(*row) for row in self.con.execute(sql, params).fetchall()]

    def find_snapshot(self, name: str) -> SnapshotInfo | None:
        rows = self.con.execute("SELECT * FROM snapshots WHERE name = ?", [name]).fetchall()
        return SnapshotInfo(*rows[0]) if rows else None

    def snapshot(self, name: str, kind: str | None = None) -> SnapshotInfo:
        """The snapshot ``name``; :class:`WorkspaceError` listing the available ones if absent."""
        info = self.find_snapshot(name)
        if info is None or (kind is not None and info.kind != kind):
            available = ", ".join(s.name for s in self.snapshots(kind)) or "-"
            raise WorkspaceError("error.workspace.no_snapshot", name=name, path=str(self.path), available=available)
        return info

    def latest_snapshot(self, kind: str) -> SnapshotInfo:
        snaps = self.snapshots(kind)
        if not snaps:
            raise WorkspaceError(
                "error.workspace.no_snapshot", name=f"<{kind}>", path=str(self.path), available="-"
            )
        return snaps[-1]
