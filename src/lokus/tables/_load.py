"""Expose any supported file as one DuckDB relation of text columns.

:func:`open_table` gives a :class:`LoadedTable`: a temporary relation with columns ``__line``
(the line or sheet row the record came from, header = line 1) and ``c0 … cN`` (every cell as
text, exactly as written), plus the original headers. Delimited text is streamed by DuckDB's
``read_csv`` when every line below the header is one row; a file with a blank line between rows,
a stray ``"`` (a name written ``"YUNI``) or a line DuckDB cannot split is read line by line
instead, so physical lines and rows always agree: a stray quote is kept as a literal character
(``LoadedTable.literal_quotes`` lists those lines) and a line with the wrong number of fields is
kept in a rejects table (line, text, error) instead of failing the file. Workbooks, HTML tables
and Parquet are copied in batches, so memory stays bounded by the batch, not the file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from lokus._sql import sql_literal
from lokus.errors import InputFileError, Phrase
from lokus.tables._detect import FileKind, check_sheet, sniff_file, sniff_text_layout
from lokus.tables._html import iter_html_rows
from lokus.tables._lines import BADLINES, line_by_line, lines_regular

__all__ = ["LoadedTable", "open_table", "cell_text", "SheetChooser"]

RAW = "__lokus_raw"
ROWS_SUFFIX = "_rows"
BATCH_ROWS = 50_000
CSV_BUFFER_BYTES: int | None = None
"""DuckDB's CSV buffer (its unit of parallel reading); ``None`` keeps DuckDB's default. Tests set a
tiny one so that a small file is read in many pieces (batch boundaries)."""

SheetChooser = Callable[[dict[str, list[str]]], str]


@dataclass
class LoadedTable:
    """A file exposed as relation ``relation`` (``__line``, ``c0`` … ``cN``, all text)."""

    path: Path
    kind: FileKind
    relation: str
    headers: list[str]
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    rejects: str | None = None  # relation of unsplittable lines (line, text, error), CSV only
    sheets: list[str] = field(default_factory=list)
    literal_quotes: list[int] = field(default_factory=list)  # lines where a stray " was kept as text
    # the row's own NIK column, once lokus.privacy.screen_erased took erased persons' mentions out of the
    # other cells (None: not screened, or the file has no NIK column)
    screened_nik: int | None = None

    @property
    def columns(self) -> list[str]:
        return [f"c{i}" for i in range(len(self.headers))]


def cell_text(value: Any) -> str | None:
    """Text of one spreadsheet cell as a person would read it (numbers without ``.0``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def _unique_headers(raw: Sequence[Any]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, value in enumerate(raw):
        name = (cell_text(value) or "").strip() or f"kolom_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


def _drop(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Drop tables or views given as ``schema.name`` (``temp`` or ``main``) if they exist; the
    rows table behind a view (``<name>_rows``, see :func:`_duckdb_csv`) goes with it."""
    for name in names:
        schema, _, bare = name.rpartition(".")
        # Look before dropping: a failed DROP would abort the caller's transaction.
        is_view = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND schema_name = 'main' AND "
            "database_name = (CASE WHEN ? = 'temp' THEN 'temp' ELSE current_database() END)",
            [bare, schema],
        ).fetchall()[0][0]
        con.execute(f"DROP {'VIEW' if is_view else 'TABLE'} IF EXISTS {name}")
        if name.endswith(RAW):
            con.execute(f"DROP TABLE IF EXISTS {name}{ROWS_SUFFIX}")


def _create(rel: str) -> str:
    """``CREATE TABLE`` for ``rel``: a ``temp.`` name must be created as a TEMP table."""
    if rel.startswith("temp."):
        return f"CREATE TEMP TABLE {rel.split('.', 1)[1]}"
    return f"CREATE TABLE {rel}"


def _create_raw_table(con: duckdb.DuckDBPyConnection, width: int, rel: str) -> None:
    cols = ", ".join(["__line BIGINT"] + [f"c{i} VARCHAR" for i in range(width)])
    con.execute(f"{_create(rel)} ({cols})")


def _insert_rows(
    con: duckdb.DuckDBPyConnection, rows: Iterator[tuple[int, list[str | None]]], width: int, rel: str
) -> None:
    import pyarrow as pa

    names = ["__line"] + [f"c{i}" for i in range(width)]
    batch: list[tuple[int, list[str | None]]] = []

    def flush() -> None:
        if not batch:
            return
        arrays = [pa.array([line for line, _ in batch], pa.int64())]
        for i in range(width):
            arrays.append(pa.array([cells[i] if i < len(cells) else None for _, cells in batch], pa.string()))
        con.register("__lokus_chunk", pa.Table.from_arrays(arrays, names=names))
        con.execute(f"INSERT INTO {rel} SELECT * FROM __lokus_chunk").fetchall()
        con.unregister("__lokus_chunk")
        batch.clear()

    for item in rows:
        batch.append(item)
        if len(batch) >= BATCH_ROWS:
            flush()
    flush()


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _filled(cells: Sequence[Any]) -> int:
    return sum(1 for c in cells if not (c is None or (isinstance(c, str) and not c.strip())))


def _find_header(grid: Iterator[Sequence[Any]]) -> tuple[int, list[str]] | None:
    """(row number, headers) of the header row: the first row at least half as full as the fullest
    of the first 30 non-blank rows, so title rows above the table ("DATA P3KE KAB. …") are skipped."""
    seen: list[tuple[int, Sequence[Any]]] = []
    for lineno, row in enumerate(grid, start=1):
        if not _is_blank(row):
            seen.append((lineno, row))
            if len(seen) >= 30:
                break
    if not seen:
        return None
    fullest = max(_filled(row) for _, row in seen)
    threshold = max(1, (fullest + 1) // 2)
    lineno, row = next((n, r) for n, r in seen if _filled(r) >= threshold)
    return lineno, _unique_headers(row)


def _grid_table(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: FileKind,
    grids: dict[str, Callable[[], Iterator[Sequence[Any]]]],
    sheet: str | None,
    choose: SheetChooser | None,
    rel: str,
) -> LoadedTable:
    """Load one grid (sheet or HTML table) below its header row (see :func:`_find_header`)."""
    names = list(grids)
    if not names:
        raise InputFileError("error.file.not_table", path=str(path), detail=Phrase("error.file.no_sheets"))
    if sheet is not None:
        if sheet not in grids:
            raise InputFileError(
                "ingest.file.sheet_missing", path=str(path), sheet=sheet, available=", ".join(names)
            )
        chosen = sheet
    else:
        heads: dict[str, list[str]] = {}
        for name in names:
            found = _find_header(grids[name]())
            if found is not None:
                heads[name] = found[1]
        if not heads:
            raise InputFileError("error.file.empty", path=str(path))
        chosen = choose(heads) if choose and len(heads) > 1 else next(iter(heads))

    found = _find_header(grids[chosen]())
    if found is None:
        raise InputFileError("error.file.empty", path=str(path))
    header_line, header = found

    def rows() -> Iterator[tuple[int, list[str | None]]]:
        for lineno, row in enumerate(grids[chosen](), start=1):
            if lineno > header_line and not _is_blank(row):
                yield lineno, [cell_text(c) for c in row]

    # Cells right of the header still count: name them so nothing is lost.
    body = list(rows()) if kind is FileKind.HTML else None
    width = len(header)
    if body is not None:
        width = max([width] + [len(c) for _, c in body])
    header = header + [f"kolom_{i + 1}" for i in range(len(header), width)]
    _create_raw_table(con, width, rel)
    _insert_rows(con, iter(body) if body is not None else rows(), width, rel)
    return LoadedTable(
        path, kind, rel, header, sheet=chosen if kind is not FileKind.HTML else None, sheets=names
    )


def _workbook(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: FileKind,
    sheet: str | None,
    choose: SheetChooser | None,
    rel: str,
) -> LoadedTable:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
    except pc.PasswordError:
        raise InputFileError("ingest.file.encrypted", path=str(path)) from None
    except Exception as exc:  # calamine raises several unrelated classes for damaged files (its text: --debug)
        raise InputFileError("error.file.not_table", path=str(path),
                             detail=Phrase("error.file.damaged_workbook")) from exc

    def grid(name: str) -> Callable[[], Iterator[Sequence[Any]]]:
        def it() -> Iterator[Sequence[Any]]:
            try:
                yield from wb.get_sheet_by_name(name).iter_rows()
            except Exception as exc:
                raise InputFileError("error.file.not_table", path=str(path),
                                     detail=Phrase("error.file.damaged_workbook")) from exc

        return it

    return _grid_table(con, path, kind, {n: grid(n) for n in names}, sheet, choose, rel)


def _transcode(path: Path, encoding: str, workdir: Path) -> Path:
    """A UTF-8 copy of a text file with ``\\n`` line ends, streamed in blocks."""
    out = workdir / "utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    with open(path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
        for block in iter(lambda: src.read(1 << 22), b""):
            text = pending + decoder.decode(block)
            # Hold back a final CR: its LF may start the next block.
            pending = "\r" if text.endswith("\r") else ""
            text = text[:-1] if pending else text
            dst.write(text.replace("\r\n", "\n").replace("\r", "\n"))
        dst.write((pending + decoder.decode(b"", final=True)).replace("\r\n", "\n").replace("\r", "\n"))
    return out


def _csv_table(con: duckdb.DuckDBPyConnection, path: Path, workdir: Path, rel: str) -> LoadedTable:
    layout = sniff_text_layout(path)
    source = path
    if layout.encoding not in ("utf-8", "utf-8-sig") or layout.mixed_newlines:
        source = _transcode(path, layout.encoding, workdir)
    headers = _unique_headers(layout.header)
    header_line = layout.skip_lines + 1
    width = len(headers)
    _drop(con, f"temp.{BADLINES}")
    rejects: str | None = None
    literal: list[int] = []
    # Irregular lines, or a line DuckDB could not split (its copy then made nothing): the file is read line
    # by line, so that every line keeps its own number and a line that cannot be split is quarantined.
    if not (lines_regular(source, layout.delimiter, header_line)
            and _duckdb_csv(con, source, layout.delimiter, layout.skip_lines, width, rel, workdir)):
        rejects, literal = line_by_line(con, path, source, layout.delimiter, header_line, width, rel, workdir)
    return LoadedTable(
        path,
        FileKind.CSV,
        rel,
        headers,
        encoding=layout.encoding,
        delimiter=layout.delimiter,
        rejects=rejects,
        literal_quotes=literal,
    )


def _duckdb_csv(
    con: duckdb.DuckDBPyConnection, source: Path, delimiter: str, skip: int, width: int, rel: str, workdir: Path,
) -> bool:
    """The fast path: DuckDB copies the file as it is into a scratch Parquet file in ``workdir`` (every
    cell as text, the file's order kept); ``rel`` is a view over it whose ``__line`` is each row's
    position in that file (``file_row_number``) plus the lines above the first row. False, with nothing
    made, when DuckDB cannot split some line (the caller then reads the file line by line).

    A Parquet file rather than a table of the database: writing a DuckDB table costs more than the same
    columns as Parquet (``bench/ingest.py``: DuckDB's bare ``read_csv`` into a table beside Polars' text to
    Parquet), the passes after it read only the columns they need, and the workspace does not keep the
    space. No ``store_rejects``: DuckDB reads a file on one thread when it keeps rejected lines (10M rows:
    61 s wall for 66 s of CPU, against 38 s wall without), and a line it cannot split sends the whole file
    down the line-by-line path anyway. The copy keeps the file's order (``preserve_insertion_order``) and
    streams under DuckDB's memory limit; numbering rows with a window (``row_number() OVER ()``) would
    buffer the whole file instead.
    """
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    offset = skip + 1  # the header line
    scratch = workdir / "rows.parquet"
    size = CSV_BUFFER_BYTES
    # DuckDB's own line limit (2 MB): a larger ``max_line_size`` made DuckDB read the file on one thread
    # (10M rows: 64 s wall for 69 s of CPU, against 37 s wall). A longer line fails this copy, and the
    # line-by-line reader, which takes lines of up to 10 MB, reads the file instead.
    buffer = f"buffer_size = {size}, max_line_size = {size}, " if size else ""
    saved = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    con.execute("SET preserve_insertion_order = true")
    # On a cursor (its own transaction): a line DuckDB cannot split fails this copy alone, not the
    # caller's transaction. The copy writes a file, never a table of the database.
    cur = con.cursor()
    try:
        cur.execute(
            f"""COPY (SELECT * FROM read_csv({sql_literal(str(source))}, auto_detect = false, header = true,
                skip = {skip}, delim = {sql_literal(delimiter)}, quote = '"',
                escape = '"', columns = {columns}, {buffer}parallel = true))
            TO {sql_literal(str(scratch))} (FORMAT parquet)"""
        )
    except (duckdb.InvalidInputException, duckdb.ConversionException):
        scratch.unlink(missing_ok=True)
        return False
    finally:
        cur.close()
        con.execute(f"SET preserve_insertion_order = {'true' if saved else 'false'}")
    cells = ", ".join(f"c{i}" for i in range(width))
    view = f"CREATE TEMP VIEW {rel.split('.', 1)[1]}" if rel.startswith("temp.") else f"CREATE VIEW {rel}"
    con.execute(f"{view} AS SELECT file_row_number + {offset + 1} AS __line, {cells} "
                f"FROM read_parquet({sql_literal(str(scratch))}, file_row_number = true)")
    return True


def _parquet_table(con: duckdb.DuckDBPyConnection, path: Path, rel: str) -> LoadedTable:
    src = sql_literal(str(path))
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({src})").fetchall()
    except duckdb.Error as exc:  # DuckDB's text ("No magic bytes found …") stays on the cause for --debug
        raise InputFileError("error.file.not_table", path=str(path),
                             detail=Phrase("error.file.damaged_parquet")) from exc
    names = [row[0] for row in described]
    headers = _unique_headers(names)
    select = ", ".join(
        f'CAST("{n.replace(chr(34), chr(34) * 2)}" AS VARCHAR) AS c{i}' for i, n in enumerate(names)
    )
    if "file_row_number" in names:  # the reader's own row number would clash: number by a window
        line, options = "(row_number() OVER ()) + 1", ""
    else:  # streamed by row group, in parallel: no window buffering the file to keep its order
        line, options = "file_row_number + 2", ", file_row_number = true"
    con.execute(f"{_create(rel)} AS SELECT {line} AS __line, {select} FROM read_parquet({src}{options})")
    return LoadedTable(path, FileKind.PARQUET, rel, headers)


def _html_table(con: duckdb.DuckDBPyConnection, path: Path, rel: str) -> LoadedTable:
    layout_enc = sniff_text_layout(path).encoding
    with open(path, encoding=layout_enc, errors="replace") as fh:
        text = fh.read()

    def grid() -> Iterator[Sequence[Any]]:
        yield from iter_html_rows(text)

    return _grid_table(con, path, FileKind.HTML, {"html": grid}, None, None, rel)


def _scratch_folder(con: duckdb.DuckDBPyConnection) -> Path:
    """A new folder for the scratch files of one read (a re-encoded copy, the rows as Parquet) beside the
    workspace (the folder of DuckDB's spill directory ``<workspace>.tmp``), so that they land on the
    workspace's disk rather than in ``/tmp``, which is memory on some systems; ``/tmp`` for a database
    in memory or a folder that cannot be written."""
    try:
        spill = str(con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0] or "")
    except duckdb.Error:
        spill = ""
    if spill.endswith(".tmp") and Path(spill).name != ".tmp":
        try:
            return Path(tempfile.mkdtemp(prefix=".lokus-ingest-", dir=Path(spill).parent))
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix="lokus-ingest-"))


def _remove_scratch(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def open_table(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    choose_sheet: SheetChooser | None = None,
    schema: str = "temp",
) -> Iterator[LoadedTable]:
    """Expose ``path`` as table ``<schema>.__lokus_raw`` on ``con``; dropped again on exit.

    ``sheet`` picks a workbook sheet by name; otherwise ``choose_sheet`` gets each sheet's header
    and returns the name to use (default: the first non-empty sheet). ``schema="main"`` puts the
    table in the database file itself: inside a transaction that is never committed with it, its
    blocks go to disk as they are written, so memory stays bounded on files of any size.
    """
    if schema not in ("temp", "main"):
        raise ValueError(f"schema must be 'temp' or 'main', not {schema!r}")
    p = Path(path)
    kind = sniff_file(p)
    check_sheet(p, kind, sheet)
    rel = f"{schema}.{RAW}"
    workdir = _scratch_folder(con)
    _drop(con, rel)
    table: LoadedTable | None = None
    try:
        if kind is FileKind.CSV:
            table = _csv_table(con, p, workdir, rel)
        elif kind in (FileKind.XLSX, FileKind.XLS):
            table = _workbook(con, p, kind, sheet, choose_sheet, rel)
        elif kind is FileKind.PARQUET:
            table = _parquet_table(con, p, rel)
        else:
            table = _html_table(con, p, rel)
        yield table
    finally:
        try:  # and a view a reader put in front of the file's rows (lokus.privacy.screen_erased)
            _drop(con, *([table.relation] if table is not None and table.relation != rel else []), rel,
                  f"temp.{BADLINES}")
        except duckdb.Error:  # the connection may be in an aborted transaction
            pass
        _remove_scratch(workdir)
