"""``lokus.zscores``: WHO 2006 z-scores added to a table of measurements, row for row."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa

from lokus.growth._core import FLAG_NA, ZScores, compute
from lokus.growth._frames import add_columns, label_array, masked_array
from lokus.growth._inputs import Measurements, read_measurements
from lokus.growth._reasons import reason_array

__all__ = ["zscores", "zscore_columns", "OUTPUT_COLUMNS"]

OUTPUT_COLUMNS = ("clenhei", "cbmi", "cmeasure", "c9mo_flag", "csex", "zlen", "flen", "zwei", "fwei",
                  "zwfl", "fwfl", "zbmi", "fbmi", "reason")
_Z = ("zlen", "zwei", "zwfl", "zbmi")
_F = ("flen", "fwei", "fwfl", "fbmi")
_MEASURE_TEXT = (None, "l", "h")
_FLOAT_ORDER = ("clenhei", "cbmi", *_Z)
_PARALLEL_ROWS = 100_000  # below this a second thread costs more than it saves


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


def zscore_columns(m: Measurements, z: ZScores) -> dict[str, pa.Array]:
    """The added output columns as pyarrow arrays, in :data:`OUTPUT_COLUMNS` order.

    The float columns share their buffers with ``z`` (changed in place: -0.0 becomes 0.0).
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

    if len(m.reasons) >= _PARALLEL_ROWS:
        with ThreadPoolExecutor(max_workers=1) as pool:
            other = pool.submit(codes)
            both = floats()
            both.update(other.result())
    else:
        both = {**floats(), **codes()}
    return {name: both[name] for name in OUTPUT_COLUMNS}


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
    m = read_measurements(table, source)
    z = compute_measurements(m)
    return add_columns(table, zscore_columns(m, z))
