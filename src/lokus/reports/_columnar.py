"""CSV from a whole pyarrow/Polars table, column by column: the same bytes as the per-cell writer.

:func:`lokus.reports._sheets.csv_text` formats one Python cell at a time, which costs about 25 µs per
row of 24 columns. This module produces exactly the same text with Polars' multi-threaded CSV writer,
after turning each column into what the per-cell rule writes (vectorised Polars expressions), for the
column types whose per-cell rule it reproduces (text, integers, floats, booleans); a table holding any
other type gets ``None`` and the caller keeps the per-cell path.

The per-cell rule reproduced (see ``_csv_cell``): null, NaN and ±Inf → empty; booleans → ``True`` /
``False``; integers → ``str``; floats → ``repr`` (Python's shortest round-trip text, ``100.0``,
``1e-05``); texts, and numbers in identifier columns, through :func:`safe_text` (a leading ``'`` before
``= + - @``, tab, CR, LF, except on a plain negative number such as ``-3``); then the quoting of :mod:`csv` (``QUOTE_MINIMAL``: a field holding ``,``,
``"``, CR or LF is quoted with doubled quotes; a row made of one empty field is written ``""``). Rows
end in ``\\n``.

Polars writes a float with the same shortest round-trip digits as ``repr`` and in the same notation
for 0 and 1e-4 <= |x| < 1e16; a column holding a finite value outside that range is written as text
made by ``repr`` for those values. Polars quotes exactly the fields :mod:`csv` quotes (separator,
quote, CR, LF), and also an empty text, which is why empty texts become nulls (written empty) first.
"""

from __future__ import annotations

import io
import re
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from lokus.reports._sheets import FORMULA_PREFIXES, PLAIN_NUMBER
from lokus.tables._values import first_bytes

__all__ = ["columnar", "csv_body", "csv_frame", "write_csv_columns", "write_csv_frame"]

_FORMULA_START = "^[" + "".join(re.escape(c) for c in FORMULA_PREFIXES) + "]"  # safe_text's prefixes
_PLAIN = "^" + PLAIN_NUMBER + "$"  # the negative numbers safe_text lets through (Rust regex: $ = end)
_FORMULA_BYTES = np.zeros(256, dtype=bool)
_FORMULA_BYTES[[ord(c) for c in FORMULA_PREFIXES]] = True  # all one byte in UTF-8


def _polars(table: Any) -> pl.DataFrame | None:
    if isinstance(table, pl.DataFrame):
        return table
    if isinstance(table, pa.Table):
        return pl.from_arrow(table) if table.num_columns else pl.DataFrame()  # type: ignore[return-value]
    return None


def _safe(e: pl.Expr) -> pl.Expr:
    """:func:`safe_text` on every cell: a leading ``'`` before a formula or control start."""
    guard = e.str.contains(_FORMULA_START) & ~e.str.contains(_PLAIN)
    return pl.when(guard).then(pl.lit("'") + e).otherwise(e)


def _float_text(s: pl.Series) -> pl.Series:
    """``repr`` of every finite float (null for NaN/±Inf/null) as text."""
    values = s.cast(pl.Float64).to_numpy()
    finite = np.isfinite(values)
    text = pl.Series(s.name, values).cast(pl.String)
    with np.errstate(invalid="ignore"):
        a = np.abs(values)
        odd = np.flatnonzero(finite & (a != 0) & ((a < 1e-4) | (a >= 1e16)))
    if odd.size:
        fixed = [repr(float(values[i])) for i in odd.tolist()]
        text = text.scatter(odd, fixed)
    return pl.Series(s.name, text).set(pl.Series(~finite), None)  # type: ignore[arg-type]


def _odd_floats(s: pl.Series) -> bool:
    """A finite non-zero value that Polars would write in another notation than ``repr``."""
    a = s.cast(pl.Float64).abs()
    return bool(((a < 1e-4) & (a != 0)).any() or ((a >= 1e16) & a.is_finite()).any())


def _column(s: pl.Series, text_column: bool) -> pl.Series | pl.Expr | None:
    """The column as Polars writes it like the per-cell rule, or None for an unhandled type."""
    dtype = s.dtype
    name = s.name
    col = pl.col(name)
    if dtype in (pl.Categorical,) or isinstance(dtype, pl.Enum):
        return _text(col.cast(pl.String))
    if dtype == pl.Boolean:
        return pl.when(col).then(pl.lit("True")).when(col.not_()).then(pl.lit("False")).alias(name)
    if dtype.is_integer():
        return _safe(col.cast(pl.String)).alias(name) if text_column else col
    if dtype.is_float():
        if _odd_floats(s):
            text = _float_text(s)
            return _safe(pl.lit(text)).alias(name) if text_column else text
        wide = col.cast(pl.Float64)  # a Float32 is written as the float64 ``repr`` of its value
        finite = pl.when(wide.is_finite()).then(wide)
        return _safe(finite.cast(pl.String)).alias(name) if text_column else finite.alias(name)
    if dtype == pl.String:
        empty, formula = _text_starts(s)
        if formula is not None:  # the rows that need safe_text's ' are known: no expression per cell
            col = pl.when(pl.lit(_bool_series(formula))).then(pl.lit("'") + col).otherwise(col)
        return (pl.when(pl.col(name).str.len_bytes() > 0).then(col) if empty else col).alias(name)
    if dtype == pl.Null:
        return col.cast(pl.String)
    return None


def _bool_series(values: np.ndarray) -> pl.Series:
    """A Polars Boolean Series of ``values`` through an Arrow buffer (``pl.Series`` of a NumPy array imports
    ``numpy.ma``, ~0.03 s, on its first call in a process)."""
    bits = pa.py_buffer(np.packbits(values, bitorder="little"))
    series = pl.from_arrow(pa.Array.from_buffers(pa.bool_(), len(values), [None, bits]))
    assert isinstance(series, pl.Series)
    return series


def _text_starts(s: pl.Series) -> tuple[bool, np.ndarray | None]:
    """(some value is empty, the rows whose value starts with one of :func:`safe_text`'s prefixes, or
    None when there is none) for a String Series, from the first byte of each value: a regular
    expression per row costs about ten times more, and most columns need neither change."""
    arr = s.to_arrow(compat_level=pl.CompatLevel.newest())  # Polars' own string views: no copy
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    found = first_bytes(arr)
    if found is None:
        return False, None
    lengths, first, valid = found
    filled = lengths > 0
    formula = _FORMULA_BYTES[first] & valid & filled
    if formula.any():  # a plain negative number (-3, -0.5) keeps no guard: check those rows only
        rows = np.flatnonzero(formula)
        plain = s.gather(rows).str.contains(_PLAIN).fill_null(False).to_numpy()
        formula[rows[plain]] = False
    return bool((valid & ~filled).any()), (formula if formula.any() else None)


def _text(e: pl.Expr) -> pl.Expr:
    safe = _safe(e)
    return pl.when(e.str.len_bytes() > 0).then(safe)  # "" → null: both are written empty, unquoted


def csv_frame(table: Any, text_columns: list[bool] | None = None) -> pl.DataFrame | None:
    """``table`` (pyarrow or Polars) as a Polars frame that :meth:`polars.DataFrame.write_csv` writes
    exactly like the per-cell writer (no header); None when a column type needs the per-cell path.
    ``text_columns[j]`` says whether column ``j`` holds identifiers (default: by column name)."""
    from lokus.reports._sheets import is_text_column

    frame = _polars(table)
    if frame is None or frame.width == 0:
        return None
    if text_columns is None:
        text_columns = [is_text_column(str(c)) for c in frame.columns]
    exprs: list[pl.Expr] = []
    for j, name in enumerate(frame.columns):
        done = _column(frame.get_column(name), text_columns[j])
        if done is None:
            return None
        exprs.append((pl.lit(done) if isinstance(done, pl.Series) else done).alias(name))
    if frame.width == 1:  # csv writes a row made of one empty field as "" (Polars: an empty text)
        exprs = [exprs[0].cast(pl.String).fill_null("")]
    return frame.select(exprs) if frame.height else frame.select(exprs).clear()


def columnar(table: Any) -> pa.Table | None:
    """``table`` as a pyarrow table when it is a pyarrow/Polars table whose every column type this
    module writes exactly like the per-cell writer; otherwise None (dates, lists, pandas, dicts…)."""
    if isinstance(table, pa.Table):
        t = table
    elif isinstance(table, pl.DataFrame):
        t = table.to_arrow()
    else:
        return None
    if t.num_columns == 0:
        return None
    empty = pl.from_arrow(t.slice(0, 0))
    if not isinstance(empty, pl.DataFrame) or any(
        _column(empty.get_column(c), False) is None for c in empty.columns
    ):
        return None
    return t


def _write(frame: pl.DataFrame, fh: Any) -> None:
    frame.write_csv(fh, include_header=False, quote_style="necessary", line_terminator="\n",
                    null_value="")


def csv_body(t: Any, text_columns: list[bool], rows_per_part: int = 262_144) -> list[bytes]:
    """The CSV rows (no header) of a table accepted by :func:`columnar`, as UTF-8 parts to write one
    after the other. ``text_columns[j]`` says whether column ``j`` holds identifiers (always text)."""
    frame = _polars(t)
    assert frame is not None
    parts = []
    for start in range(0, frame.height, rows_per_part):
        body = csv_frame(frame.slice(start, rows_per_part), text_columns)
        assert body is not None  # checked by columnar()
        buf = io.BytesIO()
        _write(body, buf)
        parts.append(buf.getvalue())
    return parts


def write_csv_frame(path: Any, frame: pl.DataFrame, columns: list[str]) -> None:
    """Write a frame made by :func:`csv_frame` under the header ``columns`` exactly as
    :func:`lokus.reports._sheets.write_csv` would (UTF-8 with BOM, same header and cells)."""
    from lokus.reports._sheets import csv_text

    with open(path, "wb") as fh:
        fh.write(csv_text(columns, []).encode("utf-8-sig"))
        if frame.height:
            _write(frame, fh)


def write_csv_columns(path: Any, t: Any) -> None:
    """Write a table accepted by :func:`columnar` to ``path`` exactly as
    :func:`lokus.reports._sheets.write_csv` would (UTF-8 with BOM, same header and cells)."""
    frame = csv_frame(t)
    assert frame is not None  # checked by columnar()
    write_csv_frame(path, frame, [str(c) for c in frame.columns])
