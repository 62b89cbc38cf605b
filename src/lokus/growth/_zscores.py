"""``lokus.zscores``: WHO 2006 z-scores added to a table of measurements, row for row."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa

from lokus.growth._core import FLAG_NA, ZScores, compute
from lokus.growth._frames import add_columns, column_names, label_array, masked_array, num_rows, to_arrow
from lokus.growth._inputs import (
    AGE_COLUMN,
    DATE_COLUMNS,
    INPUT_COLUMNS,
    NUMBER_COLUMNS,
    Measurements,
    read_measurements,
    required_columns,
)
from lokus.growth._reasons import reason_array

__all__ = ["zscores", "zscore_columns", "OUTPUT_COLUMNS"]

OUTPUT_COLUMNS = ("clenhei", "cbmi", "cmeasure", "c9mo_flag", "csex", "zlen", "flen", "zwei", "fwei",
                  "zwfl", "fwfl", "zbmi", "fbmi", "reason")
_Z = ("zlen", "zwei", "zwfl", "zbmi")
_F = ("flen", "fwei", "fwfl", "fbmi")
_MEASURE_TEXT = (None, "l", "h")
_FLOAT_ORDER = ("clenhei", "cbmi", *_Z)
_PARALLEL_ROWS = 100_000  # below this a second thread costs more than it saves
_SPLIT_ROWS = 200_000  # from this many rows, :func:`zscores` works on two halves side by side


def _float(x: np.ndarray) -> pa.Array:
    """NaN → null, ±Inf kept; -0.0 (a z rounded from -0.004) becomes 0.0 (-0.0 + 0.0 = +0.0, all else
    unchanged). Changes ``x`` in place: it is a column of a :class:`ZScores` made for this output."""
    np.add(x, 0.0, out=x)
    return masked_array(x, np.isnan(x), pa.float64())


def _flag(x: np.ndarray) -> pa.Array:
    return masked_array(np.ascontiguousarray(x, dtype=np.int8), x == FLAG_NA, pa.int8())


def _code(x: np.ndarray) -> pa.Array:
    return masked_array(np.ascontiguousarray(x, dtype=np.int8), x == 0, pa.int8())


def compute_measurements(m: Measurements, threads: int = 2, haz_only: bool = False) -> ZScores:
    """Core z-scores for parsed measurements, with blocked rows (unreadable values) set to NA."""
    z = compute(m.sex, m.age_days, m.weight, m.lenhei, m.measure, m.oedema, threads=threads, haz_only=haz_only)
    blocked = m.blocked
    if blocked.any():
        for name in _Z:
            getattr(z, name)[blocked] = np.nan
        for name in _F:
            getattr(z, name)[blocked] = FLAG_NA
    return z


def zscore_columns(m: Measurements, z: ZScores, *, threads: int = 2) -> dict[str, pa.Array]:
    """The added output columns as pyarrow arrays, in :data:`OUTPUT_COLUMNS` order.

    The float columns share their buffers with ``z`` (changed in place: -0.0 becomes 0.0). With
    ``threads`` >= 2 and many rows, the code columns are built on a second thread.
    """
    def codes() -> dict[str, pa.Array]:  # on a second thread (NumPy and Arrow release the GIL)
        out = {"cmeasure": label_array(_MEASURE_TEXT, z.cmeasure),
               "c9mo_flag": masked_array(z.c9mo_flag, None, pa.int8()), "csex": _code(z.csex)}
        out.update({fn: _flag(getattr(z, fn)) for fn in _F})
        return out

    def floats() -> dict[str, pa.Array]:
        out = {name: _float(getattr(z, name)) for name in _FLOAT_ORDER}
        out["reason"] = reason_array(m.reasons)
        return out

    if threads > 1 and len(m.reasons) >= _PARALLEL_ROWS:
        with ThreadPoolExecutor(max_workers=1) as pool:
            other = pool.submit(codes)
            both = floats()
            both.update(other.result())
    else:
        both = {**floats(), **codes()}
    return {name: both[name] for name in OUTPUT_COLUMNS}


def _typed(arrow: pa.Table) -> bool:
    """Whether every number and date column of ``arrow`` holds numbers or dates, not text."""
    types = [arrow.schema.field(c).type for c in (AGE_COLUMN, *DATE_COLUMNS, *NUMBER_COLUMNS)
             if c in arrow.column_names]
    return not any(pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t) for t in types)


def zscores(table: Any, *, source: str = "tabel") -> Any:
    """WHO 2006 z-scores, flags and cleaned inputs added to every row of ``table``.

    ``table`` is a pandas DataFrame, Polars DataFrame or pyarrow Table with the columns ``sex`` (1/2,
    m/f, L/P), ``age_days`` (or ``birth_date`` + ``measure_date``), ``weight_kg``, ``lenhei_cm`` and
    optionally ``measure`` (l/h, Terlentang/Berdiri) and ``oedema`` (y/n). The result has the same rows in
    the same order, in the same table type, with every input column plus ``clenhei, cbmi, cmeasure,
    c9mo_flag, csex, zlen, flen, zwei, fwei, zwfl, fwfl, zbmi, fbmi, reason`` (same-named columns are
    replaced). The numbers are those of the WHO ``anthro`` R package 1.1.0; a row with an unreadable value
    gets NA z-scores and a reason code instead of failing the table.

    >>> import pyarrow as pa
    >>> t = pa.table({"sex": [1], "age_days": [400], "weight_kg": [9.1], "lenhei_cm": [74.5],
    ...               "measure": ["l"]})
    >>> zscores(t).select(["zlen", "zwei", "zwfl", "zbmi"]).to_pylist()
    [{'zlen': -1.06, 'zwei': -0.77, 'zwfl': -0.39, 'zbmi': -0.2}]

    Raises :class:`lokus.errors.SchemaError` when required columns are missing and
    :class:`lokus.errors.ConfigError` when ``table`` is not a table.
    """
    n = num_rows(table)
    arrow = None
    if n >= _SPLIT_ROWS:
        required_columns(table, source)  # the one-sentence error names the table's own columns
        arrow = to_arrow(table, [c for c in column_names(table) if c in INPUT_COLUMNS])
    if arrow is None or not _typed(arrow):
        m = read_measurements(table, source)
        return add_columns(table, zscore_columns(m, compute_measurements(m)))
    # Large tables: two halves, each parsed, computed and turned into columns on its own thread (one
    # thread per step inside). Every step of a row depends on that row only, so the result is the
    # same; the parsing and output steps, serial within a half, now run beside each other. Only when
    # the numbers and dates are typed: a text column written two ways (``10,5`` and ``10.5``) is refused
    # by looking at the whole column, which a half does not see.
    half = n // 2

    def part(rows: pa.Table) -> dict[str, pa.Array]:
        m = read_measurements(rows, source, threads=1)
        return zscore_columns(m, compute_measurements(m, threads=1), threads=1)

    with ThreadPoolExecutor(max_workers=2) as pool:
        parts = list(pool.map(part, (arrow.slice(0, half), arrow.slice(half))))
    return add_columns(table, {name: pa.chunked_array([p[name] for p in parts]) for name in OUTPUT_COLUMNS})
