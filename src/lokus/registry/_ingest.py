"""Load a registry export (P3KE, DTKS, DTSEN or canonical) into a workspace snapshot.

One call, one transaction: DuckDB copies the file into a scratch table (one plain pass), a narrow
SQL pass validates every row for the cross-row checks, a second pass normalises the accepted rows
straight into ``registry``; rejected rows (with raw values, line and reasons) go to
the workspace's one ``quarantine`` table. ``rows_read == accepted + quarantined`` always. A load
that accepts nothing fails and changes nothing; a different file into an existing snapshot needs
``replace=True``. A failure or a kill at any point leaves the workspace as it was; scratch tables
never outlive the transaction.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from lokus import quarantine
from lokus._sql import sql_literal
from lokus.errors import ConfigError, InputFileError
from lokus.nik import KK_DAMAGE_CODES
from lokus.regions import load_regions
from lokus.registry import _messages, _reasons  # noqa: F401  (register messages)
from lokus.registry._formats import REGISTRY_SPEC, STORED
from lokus.registry._schema import CANONICAL_COLUMNS, REGISTRY_TABLE, registry_ddl
from lokus.registry._validate import STAGE, cross_row_sql, final_sql, stage_sql
from lokus.registry._villages import BPS, NAMES, VILLAGES, load_village_lookups
from lokus.tables import (
    LoadedTable,
    check_columns,
    detect_format,
    header_key,
    match_headers,
    open_table,
    raise_missing,
)
from lokus.workspace import (
    QUARANTINE_TABLE,
    SnapshotInfo,
    Workspace,
    check_snapshot_name,
    require_accepted,
    sha256_file,
)

__all__ = ["IngestSummary", "ingest_registry", "FORMAT_CHOICES", "Progress"]

KIND = "registry"
PLACEHOLDER_CODES = (*KK_DAMAGE_CODES, "household_placeholder")
"""Soft codes of people whose KK (or household id) cannot join them to anyone: each is its own household."""
FORMAT_CHOICES = ("auto", *REGISTRY_SPEC.format_names)
Progress = Callable[[str, float | None], None]
"""``progress(stage, fraction)``: stage is "read", "validate", "write" or "done"."""

# Headers of a family-level file's NIK column: each row is a family, named by its head.
HEAD_NIK_HEADERS = frozenset({"nik_kepala_keluarga", "nik_krt", "nik_kepala_rumah_tangga"})


@dataclass
class IngestSummary:
    """What one ingest did. ``rows_read == accepted + quarantined``; ``reasons`` counts hard reason
    codes over quarantined rows (a row may have several), ``warnings`` soft codes over accepted
    rows, ``by_village`` accepted people per village code. ``unchanged``: this very file was
    already in the snapshot; ``replaced``: the snapshot existed and was replaced; ``previous``: what
    the snapshot held before (one clause, None when it is new); ``own_household``: accepted people
    whose KK or household id is a placeholder (``0``, all zeros or nines) or impossible, each
    counted as a household of their own."""

    rows_read: int
    accepted: int
    quarantined: int
    reasons: dict[str, int]
    by_village: dict[str, int]
    snapshot: str
    sha256: str
    unchanged: bool = False
    replaced: bool = False
    format: str = ""
    source_file: str = ""
    sheet: str | None = None
    warnings: dict[str, int] = field(default_factory=dict)
    previous: SnapshotInfo | None = None
    own_household: int = 0
    heads_only: bool = False  # a family-level file (P3KE Keluarga: one row per family, the head's NIK)
    lists_matched_again: int = 0  # recipient-list rows whose "matched by NIK / KK / not in the registry" changed
    measurements_linked_again: int = 0  # measurement rows whose registry link (in it or not, household, village) changed

    def summary_json(self) -> dict[str, Any]:
        """The ``--summary-json`` document."""
        keys = ("rows_read", "accepted", "quarantined", "reasons", "snapshot", "sha256")
        out = {k: getattr(self, k) for k in keys}
        out.update(
            unchanged=self.unchanged,
            replaced=self.replaced,
            format=self.format,
            warnings=self.warnings,
            by_village=self.by_village,
            previous=self.previous.summary_json() if self.previous else None,
            own_household=self.own_household,
            heads_only=self.heads_only,
            lists_matched_again=self.lists_matched_again,
            measurements_linked_again=self.measurements_linked_again,
        )
        return out

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """The single value of a one-row query (the result is fully consumed)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def _check_options(fmt: str, snapshot: str | None, district: str | None) -> str | None:
    if fmt not in FORMAT_CHOICES:
        raise ConfigError(key="--format", value=fmt, valid_values=", ".join(FORMAT_CHOICES))
    if snapshot is not None:
        check_snapshot_name(snapshot)
    if district is None:
        return None
    return load_regions().get(district).code  # RegionError when unknown or malformed


def default_snapshot_name(fmt: str, path: Path, today: date) -> str:
    """``<format>-<year>`` when the file name carries a year, else ``<format>-<yyyy-mm-dd>``."""
    years = re.findall(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)", path.stem)
    return f"{fmt}-{years[-1]}" if years else f"{fmt}-{today.isoformat()}"


def _choose_sheet(heads: dict[str, list[str]]) -> str:
    """The sheet whose header matches the registry best; person-level sheets win ties."""

    def score(item: tuple[str, list[str]]) -> tuple[int, int, int]:
        name, headers = item
        fmt = detect_format(REGISTRY_SPEC, headers)
        match = match_headers(REGISTRY_SPEC, headers, fmt)
        person = 1 if header_key(name) in ("individu", "anggota", "art", "anggota_keluarga") else 0
        return (-len(match.missing), person, len(match.columns))

    return max(heads.items(), key=score)[0]


def _summary_from_workspace(
    ws: Workspace, name: str, *, unchanged: bool, previous: SnapshotInfo | None, fmt: str, sheet: str | None
) -> IngestSummary:
    info = ws.snapshot(name, KIND)
    reasons = quarantine.reason_counts(ws.con, name)
    warnings = quarantine.warning_counts(ws.con, REGISTRY_TABLE, name)
    by_village = dict(
        ws.con.execute(
            f"SELECT village_code, count(*) FROM {REGISTRY_TABLE} WHERE snapshot = ? GROUP BY 1 ORDER BY 1",
            [name],
        ).fetchall()
    )
    details = json.loads(info.details or "{}")
    return IngestSummary(
        rows_read=int(info.rows_read or 0),
        accepted=int(info.rows or 0),
        quarantined=int(info.quarantined or 0),
        reasons=reasons,
        by_village=by_village,
        snapshot=name,
        sha256=info.sha256 or "",
        unchanged=unchanged,
        replaced=previous is not None and not unchanged,
        format=details.get("format", fmt),
        source_file=info.source_file or "",
        sheet=details.get("sheet", sheet),
        warnings=warnings,
        previous=previous,
        own_household=sum(warnings.get(code, 0) for code in PLACEHOLDER_CODES),
        heads_only=header_key(str(details.get("columns", {}).get("nik", ""))) in HEAD_NIK_HEADERS,
        lists_matched_again=0 if unchanged else int(details.get("lists_matched_again", 0)),
        measurements_linked_again=0 if unchanged else int(details.get("measurements_linked_again", 0)),
    )


class _Sha256:
    """sha256 of a file, computed now (:meth:`result`) or in a background thread (:meth:`start`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._value: str | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        try:
            self._value = sha256_file(self.path)
        except BaseException as exc:  # noqa: BLE001 - re-raised by result()
            self._error = exc

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def result(self) -> str:
        if self._thread is not None:
            self._thread.join()
        elif self._value is None and self._error is None:
            self._run()
        if self._error is not None:
            raise InputFileError("error.file", path=str(self.path), detail=str(self._error)) from None
        return self._value or ""


def _may_be_loaded(ws: Workspace, snapshot: str | None, size: int) -> bool:
    """Whether a registry snapshot could hold this file already (same size, or size unknown)."""
    for info in ws.snapshots(KIND):
        if snapshot is not None and info.name != snapshot:
            continue
        if json.loads(info.details or "{}").get("size", size) == size:
            return True
    return False


def _find_same(ws: Workspace, snapshot: str | None, sha: str, district: str | None, replace: bool) -> str | None:
    """The snapshot that already holds this very file loaded the same way, if any: the same --district
    first, else one whose load would not change (:meth:`Workspace.holds_same_file`, which says what differs
    when it would)."""
    same_file = [info for info in ws.snapshots(KIND)
                 if info.sha256 == sha and (snapshot is None or info.name == snapshot)]
    for info in same_file:
        if (json.loads(info.details or "{}").get("district") or None) == district:
            return info.name
    for info in same_file:
        if ws.holds_same_file(info, KIND, sha, district=district, replace=replace):
            return info.name
    return None


@contextmanager
def _watch(con: duckdb.DuckDBPyConnection, report: Progress | None, stage: str) -> Iterator[None]:
    """Report DuckDB's progress on the running statement every 0.2 s (only with a callback)."""
    if report is None:
        yield
        return
    report(stage, None)
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.2):
            try:
                pct = con.query_progress()
            except Exception:  # noqa: BLE001 - progress is best effort, never fatal
                return
            if pct >= 0:
                report(stage, min(pct, 100.0) / 100.0)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


class _Settings:
    """Bound DuckDB memory for the ingest and restore the previous settings afterwards."""

    def __init__(self, con: duckdb.DuckDBPyConnection, memory_limit: str | None, temp_dir: Path) -> None:
        self.con, self.memory_limit, self.temp_dir = con, memory_limit, temp_dir
        self.saved: dict[str, str] = {}

    def __enter__(self) -> _Settings:
        names = ["preserve_insertion_order", "enable_progress_bar", "enable_progress_bar_print"]
        if self.memory_limit:
            names.append("memory_limit")
        for name in names:
            self.saved[name] = _scalar(self.con, f"SELECT current_setting('{name}')")
        if self.memory_limit:  # a bad value is refused before anything is changed
            try:
                self.con.execute(f"SET memory_limit = {sql_literal(self.memory_limit)}")
            except duckdb.Error:
                raise ConfigError(
                    key="--memory-limit", value=self.memory_limit, valid_values="500MB, 1GB, 3GB"
                ) from None
        # Row order is carried by source_line; not preserving it lets DuckDB stream and spill freely.
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = true")
        self.con.execute("SET enable_progress_bar_print = false")
        if self.memory_limit:
            # DuckDB spills to <workspace>.tmp by default; only if spilling was switched off is a
            # directory set (it cannot be changed once used, so it is never restored).
            if not _scalar(self.con, "SELECT current_setting('temp_directory')"):
                try:
                    self.con.execute(f"SET temp_directory = {sql_literal(self.temp_dir)}")
                except duckdb.Error:
                    pass
        return self

    def __exit__(self, *exc: object) -> None:
        for name, value in self.saved.items():
            try:
                self.con.execute(f"SET {name} = {sql_literal(str(value))}")
            except duckdb.Error:
                pass


def ingest_registry(
    ws: Workspace,
    path: str | os.PathLike[str],
    *,
    snapshot: str | None = None,
    fmt: str = "auto",
    sheet: str | None = None,
    district: str | None = None,
    progress: Progress | None = None,
    today: date | None = None,
    memory_limit: str | None = "1GB",
    columns: Mapping[str, str] | None = None,
    replace: bool = False,
) -> IngestSummary:
    """Validate and load a registry file into snapshot ``snapshot`` of ``ws``.

    ``fmt`` is ``auto`` (guess from the headers) or one of ``p3ke``, ``dtks``, ``dtsen``,
    ``canonical``. ``district`` (any region code, e.g. ``18.04``) quarantines villages outside
    it. The same file into the same snapshot is a no-op (``unchanged=True``); another file into
    an existing snapshot needs ``replace=True`` and replaces it atomically (``replaced=True``),
    else :class:`WorkspaceError`. A file of which no row is accepted raises :class:`InputFileError`
    and changes nothing. ``columns`` maps canonical fields to headers the aliases do not know
    (``--column decile="Desil Kesejahteraan (1-10)"``).
    """
    today = today or date.today()
    report: Progress = progress or (lambda stage, fraction: None)
    district_code = _check_options(fmt, snapshot, district)
    p = Path(path)
    if not p.is_file():
        raise InputFileError("error.file.folder" if p.is_dir() else "error.file.missing", path=str(p))
    size = p.stat().st_size
    hasher = _Sha256(p)
    if _may_be_loaded(ws, snapshot, size):
        same = _find_same(ws, snapshot, hasher.result(), district_code, replace)
        if same is not None:
            return _summary_from_workspace(
                ws, same, unchanged=True, previous=ws.snapshot(same), fmt=fmt, sheet=sheet
            )
    else:
        hasher.start()  # no snapshot of this size: hash while DuckDB reads (hashlib frees the GIL)
    if snapshot is not None:  # fail before reading the file when --replace is missing
        ws.replaceable(snapshot, KIND, replace=replace, source_file=p.name)

    con = ws.con
    temp_dir = ws.path.parent / (ws.path.name + ".tmp")
    with _Settings(con, memory_limit, temp_dir), ws.transaction():
        for ddl in registry_ddl():
            con.execute(ddl)
        with (
            _watch(con, progress, "read"),
            open_table(con, p, sheet=sheet, choose_sheet=_choose_sheet, schema="main") as table,
        ):
            summary = _load(
                ws,
                table,
                snapshot=snapshot,
                fmt=fmt,
                district=district_code,
                sha=hasher,
                today=today,
                progress=progress,
                report=report,
                columns=columns,
                replace=replace,
            )
    report("done", 1.0)
    return summary


def _load(
    ws: Workspace,
    table: LoadedTable,
    *,
    snapshot: str | None,
    fmt: str,
    district: str | None,
    sha: _Sha256,
    today: date,
    progress: Progress | None,
    report: Progress,
    columns: Mapping[str, str] | None = None,
    replace: bool = False,
) -> IngestSummary:
    """Validate and store the loaded ``table`` (inside the caller's transaction)."""
    con, p = ws.con, table.path
    if len(table.headers) < 2:
        raise InputFileError(
            "ingest.file.one_column", path=str(p), column=table.headers[0] if table.headers else ""
        )
    used_fmt = detect_format(REGISTRY_SPEC, table.headers) if fmt == "auto" else fmt
    match = match_headers(REGISTRY_SPEC, table.headers, used_fmt, columns)
    raise_missing(REGISTRY_SPEC, str(p), table.headers, match)
    # two columns for one field that disagree, a date column in both day/month orders: one sentence each
    # the one rule for erased persons: their mentions in others' rows taken out before any cell is read
    from lokus.privacy import screen_erased

    stone = screen_erased(con, ws.path, table, match.columns.get("nik"))
    orders = check_columns(con, table.relation, str(p), table.headers, match, REGISTRY_SPEC)
    name = snapshot or default_snapshot_name(used_fmt, p, today)
    previous = ws.replaceable(name, KIND, replace=replace, source_file=p.name)
    load_village_lookups(con, district, names="village_code" not in match.columns)
    stored = {i for field, i in match.columns.items() if field in STORED}
    extra = [i for i in range(len(table.headers)) if i not in stored]  # unknown and name columns
    report("validate", None)
    with _watch(con, progress, "validate"):
        literal = None
        if table.literal_quotes:
            import pyarrow as pa

            con.register("__lokus_literal_rows", pa.table({"line": pa.array(table.literal_quotes, pa.int64())}))
            con.execute("CREATE OR REPLACE TEMP TABLE __lokus_literal AS SELECT line FROM __lokus_literal_rows")
            con.unregister("__lokus_literal_rows")
            literal = "temp.__lokus_literal"
        staged = stage_sql(
            table.relation, table.headers, match, today=today, district=district, extra=extra,
            literal_quotes=literal, date_orders=orders,
        )
        con.execute(
            # Pass 1, narrow: what the cross-row checks need (DuckDB prunes every other column).
            # A table of the workspace file itself, inside the transaction: its blocks go to the
            # file as they are written, so memory stays bounded. Dropped before commit.
            f"CREATE OR REPLACE TABLE {STAGE} AS SELECT __line, __k, nik, household_id, __nik_reason, "
            f"__reasons FROM ({staged})"
        )
    bad = table.rejects
    n_bad = int(_scalar(con, f"SELECT count(*) FROM {bad}")) if bad else 0
    n_stage = int(_scalar(con, f"SELECT count(*) FROM {STAGE}"))
    if n_stage + n_bad == 0:
        raise InputFileError("ingest.file.header_only", path=str(p))
    if stone:  # an erased person's own rows are quarantined before the cross-row checks see them
        stone.mark(con, STAGE, cells=stone.mark_cells(table, "r.c{}"), source=table.relation)
    for stmt in cross_row_sql(len(table.headers), table.relation):
        con.execute(stmt)

    report("write", None)
    con.execute(f"DELETE FROM {REGISTRY_TABLE} WHERE snapshot = ?", [name])
    quarantine.clear(con, name)
    canon = [c.name for c in CANONICAL_COLUMNS]
    # Quarantined rows are few: collect their lines and reasons first.
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE __lokus_qlines AS SELECT __line, __all FROM ({final_sql()}) "
        "WHERE len(__all) > 0"
    )
    with _watch(con, progress, "write"):
        # Pass 2, wide: every other row, normalised again and written once, straight to the registry.
        con.execute(
            f"INSERT INTO {REGISTRY_TABLE} (snapshot, source_line, {', '.join(canon)}, extra, warnings) "
            f"SELECT {sql_literal(name)}, __line, {', '.join(canon)}, __extra, "
            f"CASE WHEN len(__warnings) > 0 THEN __warnings END "
            f"FROM ({staged}) WHERE __line NOT IN (SELECT __line FROM temp.__lokus_qlines)"
        )
    raw_json = quarantine.raw_json_sql(table.headers, [f"r.c{i}" for i in range(len(table.headers))])
    where = dict(snapshot=name, kind=KIND, source_file=str(p))
    quarantine.quarantine_select(
        con, **where, sheet=table.sheet,
        select_sql=(
            f"SELECT q.__line AS source_line, q.__all AS reasons, {raw_json} AS raw "
            f"FROM temp.__lokus_qlines q JOIN {table.relation} r ON r.__line = q.__line"
        ),
    )
    quarantine.quarantine_malformed(con, **where, rejects=bad if n_bad else None)
    accepted = int(_scalar(con, f"SELECT count(*) FROM {REGISTRY_TABLE} WHERE snapshot = ?", [name]))
    reasons = quarantine.reason_counts(con, name)
    quarantined = int(_scalar(con, f"SELECT count(*) FROM {QUARANTINE_TABLE} WHERE snapshot = ?", [name]))
    rows_read = n_stage + n_bad
    require_accepted(p, rows_read, accepted, reasons, KIND)
    if accepted + quarantined != rows_read:  # never expected; refuse to commit a lossy load
        raise InputFileError(
            "error.file", path=str(p), detail=f"{rows_read} rows read but {accepted} + {quarantined} stored"
        )
    details = {
        "format": used_fmt,
        "sheet": table.sheet,
        "district": district,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "file_kind": table.kind.value,
        "size": table.path.stat().st_size,
        "columns": {f: table.headers[i] for f, i in match.columns.items()},
    }
    from lokus.convergence import rematch_recipients
    from lokus.measurements import relink_measurements

    # A snapshot loaded again: the lists matched against it, and the children linked to it, follow its new
    # rows; lists and measurements loaded before any registry are matched against this one.
    details["lists_matched_again"] = rematch_recipients(ws, name, bind_unmatched=True)
    details["measurements_linked_again"] = relink_measurements(ws, name, bind_unlinked=True)
    ws.record_snapshot(
        name,
        KIND,
        source_file=str(p),
        sha256=sha.result(),
        rows_read=rows_read,
        rows=accepted,
        quarantined=quarantined,
        details=json.dumps(details),
    )
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    for tmp in (VILLAGES, BPS, NAMES, "__lokus_dup", "__lokus_nikdup", "__lokus_qlines",
                "__lokus_literal"):
        con.execute(f"DROP TABLE IF EXISTS temp.{tmp}")
    return _summary_from_workspace(ws, name, unchanged=False, previous=previous, fmt=used_fmt, sheet=table.sheet)
