"""Reading indicator and target files: a small spec over the one reader (:mod:`lokus.tables`).

Every column is read as text; callers cast what they need, so that a code such as ``18.04``
never becomes the number 18.4 and a bad number can be reported with its row.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

from lokus.errors import SchemaError
from lokus.tables import (
    TableFrame,
    ValueKind,
    check_frame,
    parse_values,
    read_frame,
    rename_mapped,
    repeated_headers,
)


def _closest(missing: Sequence[str], present: Sequence[str]) -> str:
    hits: list[str] = []
    for name in missing:
        hits += difflib.get_close_matches(name, list(present), n=2, cutoff=0.5)
    shown = list(dict.fromkeys(hits)) or list(present)[:6]
    return ", ".join(shown) or "-"


def read_table_lines(
    path: str | os.PathLike[str],
    required: Sequence[str] = (),
    *,
    columns: Mapping[str, str] | None = None,
    fields: Sequence[str] | None = None,
) -> tuple[pl.DataFrame, list[int]]:
    """(frame, line of each row) of ``path``; one-sentence errors.

    ``columns`` maps a field name to the header as written (``--column``); ``fields`` lists the
    names a mapping may use (default: ``required``). ``required`` columns must be present.
    """
    table = read_frame(path)
    table.refuse_bad_lines()
    _check_repeated(table, required, columns, fields)
    return _shaped(table.frame, path, required, columns, fields), table.lines


def read_table_frame(
    path: str | os.PathLike[str],
    required: Sequence[str] = (),
    *,
    columns: Mapping[str, str] | None = None,
    fields: Sequence[str] | None = None,
) -> tuple[pl.DataFrame, list[int], list[tuple[int, str, str]]]:
    """:func:`read_table_lines` for a reader with a quarantine: (frame, line of each row, lines that
    could not be split as (line, text, why)) instead of refusing the file for such lines."""
    table = read_frame(path)
    _check_repeated(table, required, columns, fields)
    return _shaped(table.frame, path, required, columns, fields), table.lines, list(table.bad_lines)


def _check_repeated(table: TableFrame, required: Sequence[str], columns: Mapping[str, str] | None,
                    fields: Sequence[str] | None) -> None:
    """Refuse a file with two columns for a field it is read for (``value`` twice) that disagree (one sentence,
    as every reader: :func:`lokus.tables.check_frame`); a field mapped with ``--column`` is the user's choice."""
    names = [n for n in (*required, *(fields or ())) if not (columns and n in columns)]
    check_frame(table, repeated_headers(table.headers, names))


def _shaped(frame: pl.DataFrame, path: str | os.PathLike[str], required: Sequence[str],
            columns: Mapping[str, str] | None, fields: Sequence[str] | None) -> pl.DataFrame:
    df = frame.rename({c: c.strip() for c in frame.columns})
    if columns:
        df = rename_mapped(df, columns, list(fields or required) or list(columns))
    require_columns(df, path, required)
    return df


def require_columns(df: pl.DataFrame, path: str | os.PathLike[str], required: Sequence[str]) -> None:
    """:class:`SchemaError` naming the ``required`` columns ``df`` lacks and the closest headers it has."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise SchemaError(
            "error.schema", path=str(path), missing=", ".join(missing), present=_closest(missing, df.columns)
        )


def read_table(
    path: str | os.PathLike[str],
    required: Sequence[str] = (),
    *,
    columns: Mapping[str, str] | None = None,
    fields: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Read ``path`` as a table of text columns (see :func:`read_table_lines`)."""
    return read_table_lines(path, required, columns=columns, fields=fields)[0]


def numeric_column(df: pl.DataFrame, column: str) -> pl.Series:
    """``column`` as Float64 by the decimal rule of :mod:`lokus.tables` (``12,5`` = 12.5);
    text that is not a number becomes null (callers report it)."""
    s = df.get_column(column)
    if s.dtype.is_numeric():
        return s.cast(pl.Float64)
    parsed = parse_values(s, ValueKind.DECIMAL, column=column)
    values = np.where(parsed.missing | parsed.invalid, np.nan, parsed.values)
    return pl.Series(column, values, dtype=pl.Float64).fill_nan(None)
