"""CSV from a whole pyarrow/Polars table, column by column: the same bytes as the per-cell writer.

:func:`lokus.reports._sheets.csv_text` formats one Python cell at a time, which costs about 25 µs per
row of 24 columns. This module produces exactly the same text from Arrow columns with vectorised
kernels, for the column types whose per-cell rule it reproduces (text, integers, floats, booleans);
a table holding any other type returns ``None`` and the caller keeps the per-cell path.

The per-cell rule reproduced (see ``_csv_cell``): null, NaN and ±Inf → empty; booleans → ``True`` /
``False``; integers → ``str``; floats → ``repr`` (Python's shortest round-trip text, ``100.0``,
``1e-05``); texts, and numbers in identifier columns, through :func:`safe_text` (a leading ``'`` before
``= + - @``, tab, CR, LF); then the quoting of :mod:`csv` (``QUOTE_MINIMAL``: a field holding ``,``,
``"``, CR or LF is quoted with doubled quotes; a row made of one empty field is written ``""``). Rows
end in ``\\n``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["columnar", "csv_body", "write_csv_columns"]

_NEEDS_QUOTES = '[,"\r\n]'


def _arrow(table: Any) -> pa.Table | None:
    if isinstance(table, pa.Table):
        return table
    if type(table).__module__.startswith("polars") and hasattr(table, "to_arrow"):
        return table.to_arrow()
    return None


def _float_text(arr: pa.Array) -> pa.Array:
    """``repr`` of every finite float (null for NaN/±Inf/null), vectorised.

    Polars' float-to-text cast writes the shortest round-trip digits like ``repr`` does, and in the
    same notation for 1e-4 <= |x| < 1e16 and for 0; the few values outside that range are written by
    ``repr`` itself.
    """
    import polars as pl

    values = arr.to_numpy(zero_copy_only=False).astype(np.float64, copy=False)
    finite = np.isfinite(values)
    text = pl.Series(values).cast(pl.String).to_arrow()
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    text = text.cast(pa.string())
    with np.errstate(invalid="ignore"):
        a = np.abs(values)
        odd = np.flatnonzero(finite & (a != 0) & ((a < 1e-4) | (a >= 1e16)))
    if odd.size:
        py = text.to_pylist()
        for i in odd.tolist():
            py[i] = repr(float(values[i]))
        text = pa.array(py, pa.string())
    mask = ~finite
    if arr.null_count:
        mask |= np.asarray(arr.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return pc.if_else(pa.array(mask), pa.scalar(None, pa.string()), text) if mask.any() else text


def _bytes_of(text: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, data bytes) of a ``string`` array, offsets relative to ``data``."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32, count=len(text) + 1, offset=text.offset * 4)
    buf = text.buffers()[2]
    data = np.frombuffer(buf, dtype=np.uint8) if buf is not None else np.zeros(0, np.uint8)
    return offsets, data


_FORMULA_BYTES = np.array([ord(c) for c in "=+-@\t\r\n"], dtype=np.uint8)
_QUOTE_BYTES = np.array([ord(c) for c in ',"\r\n'], dtype=np.uint8)


def _safe(text: pa.Array) -> pa.Array:
    """:func:`safe_text` on every cell: a leading ``'`` before a formula or control start."""
    offsets, data = _bytes_of(text)
    nonempty = offsets[1:] > offsets[:-1]
    first = np.zeros(len(text), dtype=np.uint8)
    first[nonempty] = data[offsets[:-1][nonempty]]
    starts = np.isin(first, _FORMULA_BYTES) & nonempty
    if not starts.any():
        return text
    if text.null_count:
        starts &= ~np.asarray(text.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return pc.if_else(pa.array(starts), pc.binary_join_element_wise("'", text, ""), text)


def _column_text(arr: pa.Array, text_column: bool) -> tuple[pa.Array, bool] | None:
    """(cell texts before quoting, whether they may need quotes), or None for a type this module
    does not handle."""
    typ = arr.type
    if pa.types.is_dictionary(typ):
        arr = arr.dictionary_decode()
        typ = arr.type
    if pa.types.is_boolean(typ):
        return pc.if_else(arr, "True", "False"), False
    if pa.types.is_integer(typ):
        text = arr.cast(pa.string())
    elif pa.types.is_floating(typ):
        text = _float_text(arr)
    elif pa.types.is_string(typ) or pa.types.is_large_string(typ) or pa.types.is_string_view(typ):
        return _safe(arr.cast(pa.string())), True
    elif pa.types.is_null(typ):
        return pa.nulls(len(arr), pa.string()), False
    else:
        return None
    return (_safe(text) if text_column else text), False


def _quote(text: pa.Array) -> pa.Array:
    """The quoting of :mod:`csv` (``QUOTE_MINIMAL``) on every cell."""
    _, data = _bytes_of(text)
    if not np.isin(data, _QUOTE_BYTES).any():
        return text
    needs = pc.match_substring_regex(text, _NEEDS_QUOTES)
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, text)


def columnar(table: Any) -> pa.Table | None:
    """``table`` as a pyarrow table when it is a pyarrow/Polars table whose every column type this
    module writes exactly like the per-cell writer; otherwise None (dates, lists, pandas, dicts…)."""
    t = _arrow(table)
    if t is None or t.num_columns == 0:
        return None
    if any(_column_text(pa.nulls(0, f.type), False) is None for f in t.schema):
        return None
    return t


def csv_body(t: pa.Table, text_columns: list[bool], rows_per_part: int = 262_144) -> list[memoryview]:
    """The CSV rows (no header) of a table accepted by :func:`columnar`, as UTF-8 parts to write one
    after the other. ``text_columns[j]`` says whether column ``j`` holds identifiers (always text)."""
    return [_part(t.slice(start, rows_per_part), text_columns) for start in range(0, t.num_rows, rows_per_part)]


def _part(t: pa.Table, text_columns: list[bool]) -> memoryview:
    cols = []
    for j, chunked in enumerate(t.columns):
        done = _column_text(chunked.combine_chunks(), text_columns[j])
        assert done is not None  # checked by columnar()
        text, may_quote = done
        text = text.fill_null("")
        cols.append(_quote(text) if may_quote else text)
    if len(cols) == 1:  # csv writes a row made of one empty field as ""
        only = cols[0]
        cols = [pc.if_else(pc.equal(only, ""), '""', only)]
    rows = pc.binary_join_element_wise(*cols, ",") if len(cols) > 1 else cols[0]
    lines = pc.binary_join_element_wise(rows, "", "\n")
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4)
    data = lines.buffers()[2]
    if data is None:
        return memoryview(b"")
    return memoryview(data)[int(offsets[0]):int(offsets[-1])]


def write_csv_columns(path: Any, t: pa.Table) -> None:
    """Write a table accepted by :func:`columnar` to ``path`` exactly as
    :func:`lokus.reports._sheets.write_csv` would (UTF-8 with BOM, same header and cells)."""
    from lokus.reports._sheets import csv_text, is_text_column

    columns = [str(c) for c in t.column_names]
    with open(path, "wb") as fh:
        fh.write(csv_text(columns, []).encode("utf-8-sig"))
        for part in csv_body(t, [is_text_column(c) for c in columns]):
            fh.write(part)
