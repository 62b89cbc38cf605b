"""From a table of measurements to the cleaned arrays the core computes on, with reason bits.

Input columns (see ``docs/methods/growth.md``): ``sex``; ``age_days`` or ``birth_date`` +
``measure_date``; ``weight_kg``; ``lenhei_cm``; optional ``measure`` and ``oedema``.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from lokus.errors import SchemaError
from lokus.growth._core import DAYS_PER_MONTH, reuse_freed_memory
from lokus.growth._frames import column_names, to_arrow
from lokus.growth._parse import MEASURE_CODES, OEDEMA_CODES, SEX_CODES, parse_code, parse_date, parse_number
from lokus.growth._reasons import BIT, BLOCKING_MASK, Reason

if TYPE_CHECKING:
    from lokus.tables import BatchFindings

__all__ = ["INPUT_COLUMNS", "Measurements", "read_measurements", "required_columns", "missing_columns"]

AGE_COLUMN = "age_days"
DATE_COLUMNS = ("birth_date", "measure_date")
NUMBER_COLUMNS = ("weight_kg", "lenhei_cm")
OPTIONAL_COLUMNS = ("measure", "oedema")
INPUT_COLUMNS = ("sex", AGE_COLUMN, *DATE_COLUMNS, *NUMBER_COLUMNS, *OPTIONAL_COLUMNS)
"""Every column :func:`read_measurements` reads (when present)."""


@dataclass(frozen=True)
class Measurements:
    """Cleaned inputs, one entry per row. ``reasons`` is a bit mask over :class:`Reason`."""

    sex: np.ndarray  # int8 0/1/2
    age_days: np.ndarray  # float64, NaN when missing or unusable
    weight: np.ndarray
    lenhei: np.ndarray
    measure: np.ndarray  # int8 0/1/2
    oedema: np.ndarray  # bool
    reasons: np.ndarray  # int32 bit mask

    @property
    def blocked(self) -> np.ndarray:
        """Rows with an unreadable value: every z-score of these rows is NA."""
        return (self.reasons & BLOCKING_MASK) != 0


def missing_columns(names: list[str]) -> list[str]:
    """Required columns absent from ``names`` (age may come as ``age_days`` or the two dates)."""
    missing = [c for c in ("sex", *NUMBER_COLUMNS) if c not in names]
    if AGE_COLUMN not in names and not all(c in names for c in DATE_COLUMNS):
        missing.insert(1, AGE_COLUMN if not any(c in names for c in DATE_COLUMNS)
                       else next(c for c in DATE_COLUMNS if c not in names))
    return missing


def required_columns(table: Any, source: str = "tabel") -> None:
    """Raise :class:`SchemaError` naming the missing columns."""
    names = column_names(table)
    missing = missing_columns(names)
    if missing:
        raise SchemaError(path=source, missing=", ".join(missing), present=", ".join(names[:12]) or "-")


def _mark(reasons: np.ndarray, *pairs: tuple[np.ndarray, Reason]) -> None:
    """Set ``reason``'s bit in ``reasons`` (in place) where its mask is True."""
    for mask, reason in pairs:
        if mask.any():  # most masks are all False: one quick scan
            reasons[np.flatnonzero(mask)] |= np.int32(BIT[reason])


def _one_chunk(column: Any) -> Any:
    """The column as one Arrow array, without a copy when it already is one chunk."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def read_measurements(table: Any, source: str = "tabel", styles: dict[str, dict[str, str]] | None = None, *,
                      threads: int = 2, dates: BatchFindings | None = None,
                      date_orders: Mapping[str, str] | None = None) -> Measurements:
    """Parse a pandas/Polars/pyarrow table. Bad values become NA plus a reason, never an exception.

    With ``threads`` >= 2 the code columns are parsed on a second thread; with 1, on this one. ``styles``: for
    one batch of a file, the number columns' first value written each way (see
    :func:`lokus.growth._parse.parse_number`) instead of an error for a column written both ways; ``dates``
    likewise gets the date columns' day/month evidence, and ``date_orders`` (column → ``"dmy"``/``"mdy"``)
    is the order decided over the whole file (see :class:`lokus.tables.BatchChecks`)."""
    reuse_freed_memory()  # before the first arrays of a process (see there)
    required_columns(table, source)
    names = column_names(table)
    use = [c for c in INPUT_COLUMNS if c in names]
    arrow = to_arrow(table, use)
    frame = {name: _one_chunk(arrow.column(name)) for name in use}
    n = arrow.num_rows
    reasons = np.zeros(n, dtype=np.int32)
    # The code columns are parsed on a second thread while this one reads the numbers (Arrow and
    # NumPy release the GIL); the results do not depend on it.
    if threads <= 1:
        return _read(frame, names, n, reasons, {name: _done(parse_code(frame[name], table_))
                                                for name, table_ in _CODE_COLUMNS if name in frame}, styles, source,
                     dates, date_orders)
    with ThreadPoolExecutor(max_workers=1) as pool:
        codes = {name: pool.submit(parse_code, frame[name], table_)
                 for name, table_ in _CODE_COLUMNS if name in frame}
        return _read(frame, names, n, reasons, codes, styles, source, dates, date_orders)


_CODE_COLUMNS = (("sex", SEX_CODES), ("measure", MEASURE_CODES), ("oedema", OEDEMA_CODES))


def _done(value: Any) -> Future[Any]:
    """``value`` as a finished future (the code columns parsed on this thread)."""
    out: Future[Any] = Future()
    out.set_result(value)
    return out


def _read(frame: dict[str, Any], names: list[str], n: int, reasons: np.ndarray,
          codes: dict[str, Future[tuple[np.ndarray, np.ndarray, np.ndarray]]],
          styles: dict[str, dict[str, str]] | None = None, source: str = "", dates: BatchFindings | None = None,
          date_orders: Mapping[str, str] | None = None) -> Measurements:
    if AGE_COLUMN in names:
        age, age_missing, age_invalid = parse_number(frame[AGE_COLUMN], AGE_COLUMN, styles, path=source)
    else:
        found, orders = (dates.dates if dates is not None else None), (date_orders or {})
        birth, b_missing, b_invalid = parse_date(frame[DATE_COLUMNS[0]], DATE_COLUMNS[0], path=source,
                                                 order=orders.get(DATE_COLUMNS[0]), found=found)
        meas, m_missing, m_invalid = parse_date(frame[DATE_COLUMNS[1]], DATE_COLUMNS[1], path=source,
                                                order=orders.get(DATE_COLUMNS[1]), found=found)
        age = meas - birth
        age_invalid = b_invalid | m_invalid
        age_missing = (b_missing | m_missing) & ~age_invalid
    with np.errstate(invalid="ignore"):
        negative = age < 0
        over = (age / DAYS_PER_MONTH) >= 60
    age = np.where(negative, np.nan, age)
    _mark(reasons, (age_invalid, Reason.AGE_INVALID), (negative, Reason.AGE_NEGATIVE),
          (age_missing, Reason.AGE_MISSING), (over, Reason.AGE_OVER_60MO))

    weight, w_missing, w_invalid = parse_number(frame["weight_kg"], "weight_kg", styles, path=source)
    lenhei, l_missing, l_invalid = parse_number(frame["lenhei_cm"], "lenhei_cm", styles, path=source)
    sex, sex_missing, sex_invalid = codes["sex"].result()
    _mark(reasons, (sex_invalid, Reason.SEX_INVALID), (sex_missing, Reason.SEX_MISSING),
          (w_invalid, Reason.WEIGHT_INVALID), (w_missing, Reason.WEIGHT_MISSING),
          (l_invalid, Reason.LENHEI_INVALID), (l_missing, Reason.LENHEI_MISSING))

    if "measure" in names:
        measure, _, m_inv = codes["measure"].result()
        _mark(reasons, (m_inv, Reason.MEASURE_INVALID))
    else:
        measure = np.zeros(n, dtype=np.int8)
    if "oedema" in names:
        oed, _, o_inv = codes["oedema"].result()
        _mark(reasons, (o_inv, Reason.OEDEMA_INVALID))
        oedema = oed == 1
    else:
        oedema = np.zeros(n, dtype=bool)
    return Measurements(sex=sex, age_days=age, weight=weight, lenhei=lenhei, measure=measure,
                        oedema=oedema, reasons=reasons)

