"""Fixed-width ASCII building blocks for the generator: digits, dates and Arrow arrays without
per-value Python objects.

Identifiers (NIK, KK, ids) are built as byte matrices with one row per value: two-digit fields are
``uint16`` lookups into a table of ASCII pairs, four-digit fields ``uint32`` lookups, and a NIK's or
KK's ``DDMMYY`` is one lookup into a table of every day from 1900 to 2039. The finished matrix is
handed to Arrow as the data buffer of a string array (no copy).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pyarrow as pa

__all__ = ["DATE_FROM", "ascii_digits", "date_parts", "dict_array", "lut", "six_digit_dates", "strings",
           "take_rows", "two_digits", "four_digits"]

_EPOCH = date(1970, 1, 1)
DATE_FROM = (date(1900, 1, 1) - _EPOCH).days  # first day of the DDMMYY tables
_DATE_TO = (date(2040, 1, 1) - _EPOCH).days


def ascii_digits(values: np.ndarray, width: int) -> np.ndarray:
    """``values`` (non-negative ints) as a (n, width) uint8 matrix of ASCII digits, zero-padded."""
    v = values.astype(np.int64, copy=False)
    out = np.empty((len(v), width), dtype=np.uint8)
    for k in range(width):
        out[:, width - 1 - k] = 48 + (v // 10**k) % 10
    return out


@cache
def two_digits() -> np.ndarray:
    """uint16 ASCII pairs ``"00"`` … ``"99"`` (as they lie in memory, little or big endian)."""
    out = ascii_digits(np.arange(100), 2).view(np.uint16).ravel().copy()
    out.setflags(write=False)
    return out


@cache
def four_digits() -> np.ndarray:
    """uint32 ASCII quadruples ``"0000"`` … ``"9999"``."""
    out = ascii_digits(np.arange(10000), 4).view(np.uint32).ravel().copy()
    out.setflags(write=False)
    return out


def date_parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(day, month, year) of day numbers since 1970-01-01 (integer civil-from-days, proleptic Gregorian)."""
    z = days.astype(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return day, month, year


@cache
def six_digit_dates() -> np.ndarray:
    """(2, days, 3) uint16: the ``DDMMYY`` of every day from :data:`DATE_FROM` (1900-01-01) to 2039,
    as three ASCII pairs; ``[1]`` has 40 added to the day (a woman's NIK)."""
    days = np.arange(DATE_FROM, _DATE_TO)
    d, m, y = date_parts(days)
    pairs = two_digits()
    out = np.empty((2, len(days), 3), dtype=np.uint16)
    for sex, add in ((0, 0), (1, 40)):
        out[sex, :, 0] = pairs[d + add]
        out[sex, :, 1] = pairs[m]
        out[sex, :, 2] = pairs[y % 100]
    out.setflags(write=False)
    return out


def lut(cdf: np.ndarray | list[float], bits: int = 12) -> np.ndarray:
    """A uint8 table of ``2**bits`` entries mapping a uniform ``bits``-bit integer to the category of
    cumulative distribution ``cdf`` (probabilities rounded to 1/2**bits)."""
    u = (np.arange(2**bits) + 0.5) / 2**bits
    c = np.asarray(cdf, dtype=float)
    return np.minimum(np.searchsorted(c, u, side="right"), len(c) - 1).astype(np.uint8)


def strings(mat: np.ndarray) -> pa.Array:
    """A fixed-width byte matrix (any integer dtype, C-contiguous rows) as an Arrow string array
    (zero-copy: the matrix is the data buffer)."""
    width = int(np.prod(mat.shape[1:], dtype=np.int64)) * mat.dtype.itemsize
    data = np.ascontiguousarray(mat).view(np.uint8).reshape(len(mat), width)  # also for 0 rows
    n, width = data.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def take_rows(mat: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``mat[rows]`` for a byte matrix, moving each row as one fixed-size item."""
    width = mat.shape[1] * mat.itemsize
    items = np.ascontiguousarray(mat).view(np.dtype((np.void, width))).ravel()
    return items.take(rows).view(mat.dtype).reshape(len(rows), mat.shape[1])


def dict_array(indices: np.ndarray, dictionary: pa.Array, index_type: type | None = None) -> pa.DictionaryArray:
    """Small-integer codes and their values as an Arrow dictionary array (written dictionary-encoded).

    The index type follows the dictionary's size; give ``index_type`` (``np.int32``) when the
    dictionary changes from chunk to chunk, so that every chunk has the same schema."""
    width = index_type or (np.int8 if len(dictionary) < 128 else np.int16 if len(dictionary) < 32768 else np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(width, copy=False)), dictionary)
