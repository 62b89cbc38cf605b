"""A table file read as text in batches of rows: memory bounded by the batch, not by the file.

:func:`read_batches` gives the same cells, in the same order, as :func:`lokus.tables.read_frame`, with the
same guarantees, one batch at a time:

* a plain UTF-8 delimited file (the quick path of :mod:`lokus.tables._fastcsv`) is cut into blocks of
  whole lines; each block is checked by the same vectorised rules and parsed by pyarrow with the same
  options. A block that breaks a rule (a stray quote, a blank line between rows, a line pyarrow cannot
  split, bytes that are not UTF-8) raises :class:`NotPlainText`: the caller discards what it made and
  reads again with ``plain=False``;
* every other file (another encoding, stray quotes, workbooks, HTML, Parquet) goes through
  :func:`lokus.tables.open_table` into a DuckDB database file in a temporary folder, under ``memory_limit``
  (default :data:`GENERAL_MEMORY_LIMIT`; DuckDB spills beyond it), and is streamed out in file order.
  Lines that cannot be split are known before the first batch (:attr:`TableBatches.bad_lines`).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lokus.errors import InputFileError
from lokus.tables._detect import FileKind, check_sheet, sniff_file, sniff_text_layout
from lokus.tables._fastcsv import _LF, _quotes_well_formed
from lokus.tables._frame import TableFrame

__all__ = ["NotPlainText", "TableBatches", "read_batches", "DEFAULT_BLOCK_BYTES"]

DEFAULT_BLOCK_BYTES = 2 << 20
"""Bytes of text per batch of the quick path (about 80,000 rows of a measurement file): small enough
that reading, computing and writing overlap on two cores, large enough that per-batch costs vanish."""


GENERAL_MEMORY_LIMIT = "512MB"
"""DuckDB's memory limit on the general path when none is given."""
_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}


def _half(limit: str) -> str:
    """Half of a memory limit such as ``3GB`` (checked by the caller), in MB as DuckDB takes it; at least 64MB."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*", limit)
    size = float(m[1]) * _UNITS.get(m[2].upper(), 10**6) if m else 1e9
    return f"{max(64, int(size / 2 / 10**6))}MB"


class NotPlainText(Exception):
    """The quick path met a block it may not read; read the file again with ``plain=False``."""


@dataclass
class TableBatches:
    """A file being read in batches: ``headers`` (made unique, file order) and, on iteration, Polars
    frames of text (one String column per header, as :func:`lokus.tables.read_frame` gives the whole
    file) with the fraction of the file read so far."""

    path: Path
    kind: FileKind
    headers: list[str]
    batches: Iterator[tuple[Any, float]]
    bad_lines: list[tuple[int, str, str]] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    first_line: int = 2
    """The line of the first data row on the quick path (its rows are consecutive lines)."""
    lines: Callable[[int], int] | None = None
    """The line of the ``n``-th row (from 0) on the general path, while the file is open."""

    def line_of(self, row: int) -> int:
        """The file's line (or sheet row) of the ``row``-th data row (from 0), as :attr:`TableFrame.lines` says."""
        return self.lines(row) if self.lines is not None else self.first_line + row

    def __iter__(self) -> Iterator[tuple[Any, float]]:
        from lokus.tables._frame import _text_frame

        for table, fraction in self.batches:
            yield _text_frame(table, self.headers), fraction

    def refuse_bad_lines(self) -> None:
        """As :meth:`lokus.tables.TableFrame.refuse_bad_lines`: one sentence naming the lines."""
        TableFrame(self.path, self.kind, None, [], self.headers, self.bad_lines).refuse_bad_lines()  # type: ignore[arg-type]


def _block_lines_regular(a: np.ndarray, newlines: np.ndarray, final: bool) -> tuple[bool, bool, bool]:
    """(no CR except before LF and no blank line between text lines, some line has text, the block ends
    in blank lines) for a block ``a`` of whole lines (``newlines``: its ``\\n`` positions; the last
    block may end without one)."""
    cr = np.flatnonzero(a == 13)
    if cr.size and (cr[-1] + 1 >= a.size or not (a[cr + 1] == _LF).all()):
        return False, False, False
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [a.size]))
    if not final or (newlines.size and newlines[-1] == a.size - 1):
        starts, ends = starts[:-1], ends[:-1]  # nothing after the last line feed
    length = ends - starts
    blank = length == 0
    one = np.flatnonzero(length == 1)
    blank[one] = a[starts[one]] == 13
    text = np.flatnonzero(~blank)
    if text.size == 0:
        return True, False, bool(blank.size)
    return not blank[: text[-1]].any(), True, bool(text[-1] < blank.size - 1)


def _plain_batches(path: Path, layout: Any, block_bytes: int) -> Iterator[tuple[Any, float]]:
    """The quick path, block by block (see the module doc); raises :class:`NotPlainText`."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    width = len(layout.header)
    names = [f"c{i}" for i in range(width)]
    read_options = pacsv.ReadOptions(column_names=names, autogenerate_column_names=False)
    parse_options = pacsv.ParseOptions(delimiter=layout.delimiter, quote_char='"', double_quote=True,
                                       escape_char=False, newlines_in_values=False, ignore_empty_lines=True)
    convert_options = pacsv.ConvertOptions(column_types={c: pa.large_string() for c in names}, null_values=[""],
                                           strings_can_be_null=True, quoted_strings_can_be_null=True,
                                           check_utf8=True)
    delim = ord(layout.delimiter)
    size = max(os.path.getsize(path), 1)
    done = 0
    rows = 0
    blank_tail = False  # the text read so far ends in blank lines: any later text breaks the rules
    with open(path, "rb") as fh:
        head = b""
        lines_to_pass = layout.skip_lines + 1  # title lines, then the header
        while lines_to_pass:  # the preamble and the header line, read whole
            more = fh.read(1 << 16)
            if not more:
                raise NotPlainText
            head += more
            start = 0
            for _ in range(layout.skip_lines):
                nl = head.find(b"\n", start)
                if nl < 0:
                    break
                start = nl + 1
            else:
                header_end = head.find(b"\n", start)
                if header_end >= 0:
                    lines_to_pass = 0
        if head.find(b'"', 0, start) >= 0:
            raise NotPlainText
        header = np.frombuffer(head[start:header_end + 1], dtype=np.uint8)
        if not _quotes_well_formed(header, np.flatnonzero(header == _LF), delim):
            raise NotPlainText
        carry = head[header_end + 1:]
        done = header_end + 1
        while True:
            block = fh.read(block_bytes)
            whole = carry + block if carry else block
            final = not block
            data = memoryview(whole)  # slices of it are views: the block is not copied again
            if not final:
                cut = whole.rfind(b"\n")
                if cut < 0:
                    carry = whole
                    continue
                data, carry = data[:cut + 1], whole[cut + 1:]
            else:
                carry = b""
            if len(data):
                a = np.frombuffer(data, dtype=np.uint8)
                newlines = np.flatnonzero(a == _LF)
                if not _quotes_well_formed(a, newlines, delim):
                    raise NotPlainText
                regular, has_text, ends_blank = _block_lines_regular(a, newlines, final)
                if not regular or (has_text and blank_tail):
                    raise NotPlainText
                blank_tail = ends_blank or (blank_tail and not has_text)
                if has_text:
                    try:
                        table = pacsv.read_csv(pa.BufferReader(pa.py_buffer(data)), read_options=read_options,
                                               parse_options=parse_options, convert_options=convert_options)
                    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError, ValueError):
                        raise NotPlainText from None
                    if table.num_columns != width:
                        raise NotPlainText
                    done += len(data)
                    rows += table.num_rows
                    if table.num_rows:
                        yield table, min(done / size, 1.0)
            if final:
                break
    if rows == 0:
        raise NotPlainText  # header only: the general path says so in one sentence


def _plain_layout(path: Path) -> Any | None:
    """The layout of a file the quick path may read, or None (see :func:`lokus.tables._fastcsv.read_csv_text`)."""
    layout = sniff_text_layout(path)
    if layout.encoding not in ("utf-8", "utf-8-sig") or layout.mixed_newlines or len(layout.delimiter) != 1:
        return None
    if len(layout.header) < 2:
        return None
    return layout


@contextmanager
def read_batches(
    path: str | os.PathLike[str],
    *,
    batch_rows: int = 250_000,
    block_bytes: int = DEFAULT_BLOCK_BYTES,
    sheet: str | None = None,
    memory_limit: str | None = None,
    plain: bool = True,
) -> Iterator[TableBatches]:
    """Read ``path`` as text in batches (see the module doc). ``block_bytes`` sizes the batches of the
    quick path, ``batch_rows`` those of the general one; ``memory_limit`` (``3GB``) bounds DuckDB there.

    Raises :class:`~lokus.errors.InputFileError` (one sentence) when the file is missing, empty, not a
    table or has a header but no data rows, as :func:`lokus.tables.read_frame` does; iterating may raise
    :class:`NotPlainText` (quick path only)."""
    from lokus.tables._load import _unique_headers

    p = Path(path)
    kind = sniff_file(p)
    check_sheet(p, kind, sheet)
    layout = _plain_layout(p) if plain and kind is FileKind.CSV else None
    if layout is not None:
        yield TableBatches(p, FileKind.CSV, _unique_headers(layout.header), _plain_batches(p, layout, block_bytes),
                           encoding=layout.encoding, delimiter=layout.delimiter, first_line=layout.skip_lines + 2)
        return
    with _general(p, kind, batch_rows, sheet, memory_limit) as batches:
        yield batches


@contextmanager
def _general(p: Path, kind: FileKind, batch_rows: int, sheet: str | None,
             memory_limit: str | None) -> Iterator[TableBatches]:
    """Through :func:`lokus.tables.open_table` into a DuckDB file in a temporary folder, streamed out."""
    import duckdb

    from lokus.tables._load import open_table

    folder = Path(tempfile.mkdtemp(prefix="lokus-batches-"))
    con = duckdb.connect(str(folder / "rows.duckdb"))
    try:
        con.execute(f"SET temp_directory = '{str(folder / 'spill').replace(chr(39), chr(39) * 2)}'")
        # DuckDB's own default is 80% of the machine's memory: without a limit the file would stay cached.
        # Under a limit DuckDB gets half of it: the batches being worked on take the rest.
        con.execute("SET memory_limit = ?", [_half(memory_limit) if memory_limit else GENERAL_MEMORY_LIMIT])
        con.execute("SET enable_progress_bar = false")  # the CLI draws the one progress bar
        con.execute("SET preserve_insertion_order = true")
        with open_table(con, p, sheet=sheet, schema="main") as table:
            bad: list[tuple[int, str, str]] = []
            if table.rejects is not None:
                bad = [(int(line), str(text), str(error)) for line, text, error in con.execute(
                    f"SELECT line, text, error FROM {table.rejects} ORDER BY line").fetchall()]
            total = con.execute(f"SELECT count(*) FROM {table.relation}").fetchall()[0][0]
            if total == 0 and not bad:
                raise InputFileError("ingest.file.header_only", path=str(p))
            cells = ", ".join(table.columns)

            def batches() -> Iterator[tuple[Any, float]]:
                import pyarrow as pa

                reader = con.sql(f"SELECT {cells} FROM {table.relation} ORDER BY __line").to_arrow_reader(batch_rows)
                done = 0
                for batch in reader:
                    if batch.num_rows:
                        done += batch.num_rows
                        yield pa.Table.from_batches([batch]), done / max(total, 1)

            def line(row: int) -> int:
                return int(con.execute(f"SELECT __line FROM {table.relation} ORDER BY __line LIMIT 1 OFFSET ?",
                                       [row]).fetchall()[0][0])

            yield TableBatches(p, table.kind, list(table.headers), batches(), bad, table.encoding, table.delimiter,
                               lines=line)
    finally:
        con.close()
        shutil.rmtree(folder, ignore_errors=True)
