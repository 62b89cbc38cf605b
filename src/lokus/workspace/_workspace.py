"""Workspace file management over DuckDB."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from lokus import __version__
from lokus.errors import ConfigError, InputFileError, WorkspaceError
from lokus.workspace import _messages  # noqa: F401  (registers the workspace messages)
from lokus.workspace._catalogue import (
    DDL,
    ERASURES_TABLE,
    LEGACY_QUARANTINE_TABLES,
    MEASUREMENTS_TABLE,
    META_TABLE,
    QUARANTINE_TABLE,
    RECIPIENTS_TABLE,
    REGIONS_TABLE,
    REGISTRY_TABLE,
    SNAPSHOTS_TABLE,
    STUNTING_LOCI_TABLE,
    Kind,
)

DEFAULT_WORKSPACE = "lokus.duckdb"
SCHEMA_VERSION = 4  # 2: one ``quarantine`` table for every kind of snapshot; 3: list verdicts follow the registry;
# 4: measurement snapshots record the registry snapshot their children were linked to, and follow it

_SNAPSHOT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


def workspace_error(exc: BaseException, path: str | os.PathLike[str]) -> WorkspaceError:
    """One sentence for a DuckDB failure on the workspace file ``path``; the engine's text never
    reaches a person (it stays on ``__cause__`` for ``--debug``)."""
    text = str(exc).lower()
    if "in-memory" in text or str(path) in ("", ":memory:"):
        key = "error.workspace.in_memory"
    elif "lock" in text:
        key = "error.workspace.locked"
    elif "is a directory" in text:
        key = "error.workspace.directory"
    elif "permission denied" in text or "read-only" in text or "read only" in text:
        key = "error.workspace.read_only"
    elif "no such file" in text or "cannot open file" in text:
        key = "error.workspace.folder"
    elif "not a valid duckdb" in text or "corrupt" in text or "checksum" in text or "serializ" in text:
        key = "error.workspace.damaged"
    elif "no space" in text or "disk" in text:
        key = "error.workspace.disk_full"
    else:
        key = "error.workspace.unusable"
    return WorkspaceError(key, path=str(path))


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

    def summary_json(self) -> dict[str, Any]:
        """What the snapshot held, for an ingest's ``--summary-json`` (``previous``)."""
        return {
            "name": self.name, "kind": self.kind, "source_file": self.source_file, "sha256": self.sha256,
            "rows_read": self.rows_read, "accepted": self.rows, "quarantined": self.quarantined,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


class Workspace:
    """An open workspace. Use as a context manager; ``con`` is the DuckDB connection."""

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False, create: bool = True
    ) -> None:
        """Open (``create``: or create) the workspace; ``read_only`` never creates it.

        Commands that only show something but must record an audit row open it with
        ``create=False``, so that looking never creates a workspace file.
        """
        self.path = resolve_workspace_path(path)
        if str(self.path) in ("", ":memory:"):
            raise WorkspaceError("error.workspace.in_memory", path=str(self.path))
        if (read_only or not create) and not self.path.exists():
            raise WorkspaceError("error.workspace.missing", path=str(self.path))
        if self.path.is_dir():
            raise WorkspaceError("error.workspace.directory", path=str(self.path))
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise workspace_error(exc, self.path) from exc
        self.read_only = read_only
        if not read_only:
            try:
                found = self.schema_version
                if found > SCHEMA_VERSION:  # writing would mark it older than what its tables hold
                    self.con.close()
                    raise WorkspaceError("error.workspace.newer", path=str(self.path), found=found,
                                         supported=SCHEMA_VERSION)
                self._ensure_schema()
            except duckdb.Error as exc:
                self.con.close()
                raise workspace_error(exc, self.path) from exc

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _ensure_schema(self) -> None:
        """Create the catalogue tables and bring an older file up to this schema (any writable open: a write
        command, or a view that records an audit row; a read-only view changes nothing and reads
        :attr:`schema_version` instead)."""
        with self.transaction():
            for name in (META_TABLE, SNAPSHOTS_TABLE):
                self.con.execute(DDL[name])
            stored = self.schema_version  # 0: a new file
            self.con.execute(
                f"INSERT OR REPLACE INTO {META_TABLE} VALUES ('schema_version', ?), ('lokus_version', ?)",
                [str(SCHEMA_VERSION), __version__],
            )
            if not self.has_table(REGIONS_TABLE):
                self._load_regions()
            self._fold_legacy_quarantine()
            if 0 < stored < 3:
                self._rematch_lists()
            if 0 < stored < 4:
                self._link_measurements()

    @property
    def schema_version(self) -> int:
        """The schema this workspace file was last written by (0 when it records none). A view opens the
        file read-only and sees what an older lokus left: since schema 3 the lists' "matched by NIK / KK / not
        in the registry" verdicts follow the registry; before, they may be stale."""
        if not self.has_table(META_TABLE):
            return 0
        rows = self.con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchall()
        return int(rows[0][0]) if rows and str(rows[0][0]).isdigit() else 0

    def _rematch_lists(self) -> None:
        """Schema 3: match the recipient lists again where their verdicts may be stale. Before, a registry
        snapshot loaded again with ``--replace``, or a person erased from it, left the verdicts of its old rows:
        so the lists matched against a registry snapshot recorded at or after the list itself, or named by an
        erasure, are matched again (other lists were matched against the rows that are still there)."""
        from lokus.convergence import rematch_recipients

        if not self.has_table(RECIPIENTS_TABLE):
            return
        reg = "json_extract_string(l.details, '$.registry_snapshot')"
        names = {r[0] for r in self.con.execute(
            f"SELECT DISTINCT {reg} FROM {SNAPSHOTS_TABLE} l JOIN {SNAPSHOTS_TABLE} g ON g.name = {reg} "
            "WHERE l.kind = ? AND g.kind = ? AND g.created_at >= l.created_at", [Kind.programs.value, Kind.registry.value]
        ).fetchall()}
        if self.has_table(ERASURES_TABLE):  # lokus.privacy's record of erased rows (table, snapshot)
            names |= {r[0] for r in self.con.execute(
                f"SELECT DISTINCT snapshot FROM {ERASURES_TABLE} WHERE table_name = 'registry' AND snapshot IS NOT NULL"
            ).fetchall()}
        for name in sorted(names):
            rematch_recipients(self, name)

    def _link_measurements(self) -> None:
        """Schema 4: each measurement snapshot records the registry snapshot its children were looked up in
        (detail ``registry_snapshot``) and follows it (:func:`lokus.measurements.relink_measurements`). An older
        file does not record it, so it is taken as the ingest took it: the snapshot the user named, else the
        latest registry snapshot recorded at or before the measurements, else (the registry was loaded again
        since, or only after them) the latest one. A workspace with no registry links nothing: whether a child
        is in the registry is then unknown (NULL), not "no"."""
        from lokus.measurements import MEASUREMENTS_TABLE, relink_measurements
        from lokus.measurements._relink import REGISTRY_DETAIL

        if not self.has_table(MEASUREMENTS_TABLE):
            return
        registries = self.con.execute(
            f"SELECT name, created_at FROM {SNAPSHOTS_TABLE} WHERE kind = ? ORDER BY created_at, name",
            [Kind.registry.value]).fetchall()
        known = {r for r, _at in registries}
        legacy = self.con.execute(
            f"SELECT name, created_at, details FROM {SNAPSHOTS_TABLE} WHERE kind = ? "
            f"AND json_type(coalesce(details, '{{}}'), '$.{REGISTRY_DETAIL}') IS NULL ORDER BY name",
            [Kind.measurements.value]).fetchall()
        for name, created_at, raw in legacy:
            details = json.loads(raw or "{}")
            named = details.get("registry")
            before = [r for r, at in registries if at is not None and created_at is not None and at <= created_at]
            linked = (named if named in known else before[-1] if before else registries[-1][0] if registries
                      else None)
            self.set_snapshot_detail(name, REGISTRY_DETAIL, linked)
            if linked is not None:
                relink_measurements(self, linked)
            else:
                self.con.execute(
                    f"UPDATE {MEASUREMENTS_TABLE} SET in_registry = NULL, "
                    "warnings = list_filter(warnings, lambda w: w <> 'not_in_registry') WHERE snapshot = ?", [name])

    def _fold_legacy_quarantine(self) -> None:
        """Move the rows of the per-kind quarantine tables of schema 1 into ``quarantine``."""
        legacy = [name for name in LEGACY_QUARANTINE_TABLES if self.has_table(name)]
        if not legacy:
            return
        self.con.execute(DDL[QUARANTINE_TABLE])
        for name in legacy:
            self.con.execute(
                f"INSERT INTO {QUARANTINE_TABLE} SELECT q.snapshot, coalesce(s.kind, ?), q.source_file, "
                f"q.sheet, q.source_line, q.reasons, q.raw, q.quarantined_at FROM {name} q "
                f"LEFT JOIN {SNAPSHOTS_TABLE} s ON s.name = q.snapshot",
                [name.removesuffix("_quarantine").replace("program", "programs")],
            )
            self.con.execute(f"DROP TABLE {name}")

    def _load_regions(self) -> None:
        """Copy the packaged Kemendagri region table into the workspace (for joins in the engine): one query
        of DuckDB over the packaged files, no region object made in Python."""
        from lokus.regions import region_sql

        # One thread, rows in order: the crosswalks' row numbers are their file order (a few hundred KB).
        saved = {name: self.con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0]
                 for name in ("threads", "preserve_insertion_order")}
        self.con.execute("SET threads = 1")
        self.con.execute("SET preserve_insertion_order = true")
        try:
            self.con.execute(f"CREATE TABLE {REGIONS_TABLE} AS {region_sql()}")
        finally:
            self.con.execute(f"SET threads = {int(saved['threads'])}")
            self.con.execute(f"SET preserve_insertion_order = {'true' if saved['preserve_insertion_order'] else 'false'}")

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
        if self.has_table(ERASURES_TABLE):  # later than the erasures from the content it replaces, which
            # :meth:`erased_rows` tells apart by time (kept in whole seconds: one in the same second is earlier)
            row = self.con.execute(f"SELECT max(erased_at) FROM {ERASURES_TABLE} WHERE snapshot = ?", [name]).fetchone()
            if row and row[0] is not None and row[0] >= created:
                created = row[0].replace(microsecond=0) + timedelta(seconds=1)
        self.con.execute(f"DELETE FROM {SNAPSHOTS_TABLE} WHERE name = ?", [name])
        self.con.execute(
            f"INSERT INTO {SNAPSHOTS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, kind, source_file, sha256, rows_read, rows, quarantined, created, __version__, details],
        )
        return self.snapshot(name)

    def set_snapshot_detail(self, name: str, key: str, value: Any) -> None:
        """Set one key of snapshot ``name``'s ``details`` (JSON), keeping the others and the rest of its record
        (``created_at`` included). Nothing when there is no such snapshot. Call inside :meth:`transaction`."""
        info = self.find_snapshot(name)
        if info is None:
            return
        details = json.loads(info.details or "{}")
        details[key] = value
        self.con.execute(f"UPDATE {SNAPSHOTS_TABLE} SET details = ? WHERE name = ?", [json.dumps(details), name])

    def snapshots(self, kind: str | None = None) -> list[SnapshotInfo]:
        if not self.has_table(SNAPSHOTS_TABLE):
            return []
        sql = f"SELECT * FROM {SNAPSHOTS_TABLE}"
        params: list[Any] = []
        if kind:
            sql += " WHERE kind = ?"
            params.append(kind)
        sql += " ORDER BY created_at, name"
        return [SnapshotInfo(*row) for row in self.con.execute(sql, params).fetchall()]

    def erased_rows(self) -> dict[str, int]:
        """Rows erased from each snapshot (``lokus person erase``, :data:`ERASURES_TABLE`) since it was
        recorded: accepted and quarantined rows alike, so that rows read = accepted + quarantined at ingest,
        and erased rows have left one of the two since. Snapshots with no erasure are left out."""
        if not self.has_table(ERASURES_TABLE) or not self.has_table(SNAPSHOTS_TABLE):
            return {}
        rows = self.con.execute(
            f"SELECT e.snapshot, sum(e.rows) FROM {ERASURES_TABLE} e JOIN {SNAPSHOTS_TABLE} s ON s.name = e.snapshot "
            "WHERE e.erased_at >= s.created_at GROUP BY e.snapshot").fetchall()
        return {name: int(n) for name, n in rows if n}

    def find_snapshot(self, name: str) -> SnapshotInfo | None:
        if not self.has_table(SNAPSHOTS_TABLE):
            return None
        rows = self.con.execute(f"SELECT * FROM {SNAPSHOTS_TABLE} WHERE name = ?", [name]).fetchall()
        return SnapshotInfo(*rows[0]) if rows else None

    def snapshot(self, name: str, kind: str | None = None) -> SnapshotInfo:
        """The snapshot ``name``; :class:`WorkspaceError` listing the available ones if absent."""
        info = self.find_snapshot(name)
        if info is None or (kind is not None and info.kind != kind):
            available = ", ".join(s.name for s in self.snapshots(kind)) or "-"
            if info is not None:  # it exists, holding another kind of data: say so, not "absent"
                raise WorkspaceError("error.workspace.snapshot_kind", name=name, kind=info.kind, wanted=kind,
                                     available=available)
            raise WorkspaceError("error.workspace.no_snapshot", name=name, path=str(self.path), available=available)
        return info

    def latest_snapshot(self, kind: str) -> SnapshotInfo:
        """The newest snapshot of ``kind``; :class:`WorkspaceError` when there is none."""
        snaps = self.snapshots(kind)
        if not snaps:
            raise WorkspaceError("error.workspace.no_kind", kind=kind, path=str(self.path))
        return snaps[-1]

    def latest_name(self, kind: str) -> str | None:
        """The name of the newest snapshot of ``kind``, or None when there is none."""
        snaps = self.snapshots(kind)
        return snaps[-1].name if snaps else None

    def resolve_snapshot(self, kind: str, name: str | None) -> str:
        """``name`` checked to be a snapshot of ``kind``; None or ``latest``: the newest one.

        The one place "latest snapshot of kind K" is decided (:class:`WorkspaceError` when absent).
        """
        if name is None or name == "latest":
            return self.latest_snapshot(kind).name
        return self.snapshot(name, kind).name

    def holds_same_file(self, info: SnapshotInfo | None, kind: str, sha256: str, *, district: str | None,
                        replace: bool = False) -> bool:
        """Whether snapshot ``info`` already holds this very file (same ``sha256``) loaded the same way, so
        that loading it again changes nothing (the ingest says "unchanged").

        The file's content decides, not how the option was spelled: loaded with ``--district D`` and now
        without (or with a wider one), it is the same when no row was quarantined as outside D; loaded
        without (or with a wider one) and now with ``--district X``, it is the same when no row lies outside
        X. Otherwise (another district, or rows it would move) :class:`SameFileOtherDistrictError` says
        exactly what differs — unless ``replace`` (``--replace``): then False, and the file is loaded again
        with the new choice. ``district`` is a normalised region code (``18.04``) or None; False when
        ``info`` is None, another kind or another file.
        """
        if info is None or info.kind != kind or not sha256 or info.sha256 != sha256:
            return False
        before = json.loads(info.details or "{}").get("district") or None
        if before == district:
            return True
        outside = self._outside_rows(info.name) if before else 0
        leaving = 0
        if _within(before, district):  # now wider, or without: the rows set aside as outside would come in
            if not outside:
                return True
        elif _within(district, before):  # now narrower: the rows outside it would go out
            leaving = self._rows_outside(info, district)
            if not leaving:
                return True
        if replace:
            return False
        raise SameFileOtherDistrictError(info, before, district, outside, leaving)

    def _outside_rows(self, snapshot: str) -> int:
        if not self.has_table(QUARANTINE_TABLE):
            return 0
        row = self.con.execute(
            f"SELECT count(*) FROM {QUARANTINE_TABLE} WHERE snapshot = ? "
            "AND list_contains(reasons, 'village_outside_district')", [snapshot]).fetchone()
        return int(row[0]) if row else 0

    def _rows_outside(self, info: SnapshotInfo, district: str | None) -> int:
        """The rows of snapshot ``info`` a load with ``--district district`` would quarantine as outside it (or
        whose reasons it would change): accepted rows whose village lies outside, and quarantined rows whose
        village code cell, as the reader reads it, is not inside it — a quarantined row without a code cell
        (its village found by name) is counted, as it cannot be told. Rows already outside, or without a
        village (missing, unknown, a line that could not be split), are not."""
        from lokus.tables._sqlnorm import village_sql

        if district is None:
            return 0
        prefix = district + "."
        count = 0
        table = _ROWS_OF.get(info.kind)
        if table is not None and self.has_table(table):
            row = self.con.execute(f"SELECT count(*) FROM {table} WHERE snapshot = ? AND NOT "
                                   "starts_with(coalesce(village_code, ''), ?)", [info.name, prefix]).fetchone()
            count += int(row[0]) if row else 0
        if self.has_table(QUARANTINE_TABLE):
            header = (json.loads(info.details or "{}").get("columns") or {}).get("village_code")
            cell = f"json_extract_string(raw, {_json_key(header)})" if header else "NULL::VARCHAR"
            known = " OR ".join(f"list_contains(reasons, '{r}')" for r in _NO_VILLAGE)
            row = self.con.execute(
                f"SELECT count(*) FROM {QUARANTINE_TABLE} WHERE snapshot = ? AND NOT ({known}) "
                f"AND NOT starts_with(coalesce({village_sql(cell)}, ''), ?)", [info.name, prefix]).fetchone()
            count += int(row[0]) if row else 0
        return count

    def replaceable(self, name: str, kind: str, *, replace: bool, source_file: str) -> SnapshotInfo | None:
        """Before a load into snapshot ``name`` (whose content differs): the snapshot it replaces.

        None when ``name`` is new. :class:`WorkspaceError` when ``name`` holds another kind of data,
        or holds data and ``replace`` is false (``--replace`` is needed to overwrite a snapshot).
        """
        check_snapshot_name(name)
        info = self.find_snapshot(name)
        if info is None:
            return None
        if info.kind != kind:
            raise WorkspaceError("error.snapshot.other_kind", name=name, kind=info.kind, wanted=kind)
        if not replace:
            raise SnapshotExistsError(info, source_file)
        return info


class SnapshotExistsError(WorkspaceError):
    """A load would overwrite snapshot ``info`` with different content and ``--replace`` was not given.
    The message says what the snapshot holds, in the reader's language."""

    def __init__(self, info: SnapshotInfo, source_file: str) -> None:
        self.info = info
        super().__init__("error.snapshot.exists", name=info.name, source=source_file, held="")

    def message(self, lang: str = "id") -> str:
        from lokus.i18n import t

        return t(self.key, lang, **{**self.params, "held": describe_snapshot(self.info, lang)})


# The table of each kind's accepted rows, for the kinds a --district narrows (their ``village_code``).
_ROWS_OF = {Kind.registry.value: REGISTRY_TABLE, Kind.measurements.value: MEASUREMENTS_TABLE,
            Kind.stunting_loci.value: STUNTING_LOCI_TABLE}
# Quarantine reasons of a row a --district leaves as it is: already outside, or without a village to test.
_NO_VILLAGE = ("village_outside_district", "village_missing", "village_unknown", "village_unresolved",
               "row_malformed")


def _within(inner: str | None, outer: str | None) -> bool:
    """Whether region ``inner`` lies within ``outer`` (None: everywhere; ``18.04.04`` within ``18.04``)."""
    return outer is None or (inner is not None and (inner == outer or inner.startswith(outer + ".")))


def _json_key(key: str) -> str:
    """The JSON path of top-level ``key`` as an SQL literal (``$."Kode Desa"``)."""
    from lokus._sql import sql_literal

    return sql_literal('$."' + key.replace("\\", "\\\\").replace('"', '\\"') + '"')


class SameFileOtherDistrictError(WorkspaceError):
    """The very file a snapshot holds, loaded again with another ``--district`` that would change it
    (see :meth:`Workspace.holds_same_file`). The message says both choices and how to keep either."""

    def __init__(self, info: SnapshotInfo, before: str | None, now: str | None, outside: int, leaving: int = 0) -> None:
        self.info, self.before, self.now, self.outside, self.leaving = info, before, now, outside, leaving
        super().__init__("error.snapshot.same_file_other_district", name=info.name)

    def message(self, lang: str = "id") -> str:
        from lokus.i18n import fmt_int, t

        def choice(district: str | None) -> str:
            return t("snapshot.with_district", lang, district=district) if district else \
                t("snapshot.without_district", lang)

        outside = t("snapshot.outside_rows", lang, count=fmt_int(self.outside, lang)) if self.outside else ""
        leaving = t("snapshot.leaving_rows", lang, count=fmt_int(self.leaving, lang)) if self.leaving else ""
        return t(self.key, lang, name=self.info.name, held=describe_snapshot(self.info, lang),
                 before=choice(self.before), now=choice(self.now) + leaving, outside=outside)


def check_snapshot_name(name: str) -> str:
    """``name`` when it is a valid snapshot name, else :class:`ConfigError`."""
    if not _SNAPSHOT_NAME.match(name):
        raise ConfigError(
            key="--snapshot", value=name, valid_values="letters, digits, '.', '_', ':' and '-' (max 64), e.g. p3ke-2024"
        )
    return name


def describe_snapshot(info: SnapshotInfo, lang: str = "id") -> str:
    """What a snapshot holds, in one clause: rows accepted and quarantined, source file, load time."""
    from lokus.i18n import fmt_datetime, fmt_int, t

    details = json.loads(info.details or "{}") if info.details else {}
    return t(
        "snapshot.held", lang,
        name=info.name,
        rows=fmt_int(info.rows or 0, lang),
        quarantined=fmt_int(info.quarantined or 0, lang),
        source=Path(info.source_file).name if info.source_file else "-",
        created=fmt_datetime(info.created_at, lang) if info.created_at else "-",
        sha=(info.sha256 or "")[:12] or "-",
        extra=details.get("program") or "",
    )


def require_accepted(path: str | os.PathLike[str], rows_read: int, accepted: int, reasons: dict[str, int],
                     kind: str | None = None) -> None:
    """Refuse a load that accepted nothing: :class:`InputFileError` naming the commonest reasons
    (raised inside the load's transaction, so the workspace is left as it was)."""
    if accepted > 0:
        return
    top = ", ".join(f"{code} ({n})" for code, n in list(reasons.items())[:3]) or "-"
    raise InputFileError("ingest.nothing_accepted", path=str(path), rows_read=rows_read, reasons=top)
