"""Vectorised readers for the values found in child-measurement files.

Each reader takes a Polars Series (any type) and returns NumPy arrays: the value, ``missing`` (null or
blank) and ``invalid`` (present but unreadable). They never raise on a bad value.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "SEX_CODES",
    "MEASURE_CODES",
    "OEDEMA_CODES",
    "DATE_FORMATS",
    "parse_number",
    "parse_code",
    "parse_date",
]

# Values compared after trim + lower case. 1 = male, 2 = female (WHO); L/P = Laki-laki/Perempuan.
SEX_CODES: Mapping[str, int] = {
    "1": 1, "m": 1, "l": 1, "male": 1, "laki-laki": 1, "laki laki": 1, "lk": 1,
    "2": 2, "f": 2, "p": 2, "female": 2, "perempuan": 2, "pr": 2,
}
# 1 = recumbent length ("l"), 2 = standing height ("h"); e-PPGBM writes Terlentang / Berdiri.
MEASURE_CODES: Mapping[str, int] = {
    "l": 1, "length": 1, "recumbent": 1, "terlentang": 1, "telentang": 1, "berbaring": 1,
    "h": 2, "height": 2, "standing": 2, "berdiri": 2,
}
# 1 = oedema; WHO also accepts "1" for yes and "2" for no.
OEDEMA_CODES: Mapping[str, int] = {
    "y": 1, "yes": 1, "ya": 1, "1": 1, "true": 1,
    "n": 0, "no": 0, "tidak": 0, "t": 0, "2": 0, "false": 0,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d")


def _text(s: pl.Series) -> pl.Series:
    return s.cast(pl.String, strict=False).str.strip_chars()


def _blank(text: pl.Series) -> np.ndarray:
    return (text.is_null() | (text == "")).to_numpy().astype(bool)


def parse_number(s: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float values; text may use a decimal comma ("10,5") or dots as thousands ("1.234,5").

    Infinite values and booleans are invalid.
    """
    if s.dtype == pl.Boolean:
        missing = s.is_null().to_numpy().astype(bool)
        return np.full(len(s), np.nan), missing, ~missing
    if s.dtype.is_numeric():
        v = s.cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64, copy=True)
        missing = np.isnan(v)
        invalid = np.isinf(v)
        v[invalid] = np.nan
        return v, missing, invalid
    text = _text(s)
    both = text.str.contains(",", literal=True) & text.str.contains(".", literal=True)
    cleaned = (
        pl.DataFrame({"t": text, "both": both})
        .select(
            pl.when(pl.col("both"))
            .then(pl.col("t").str.replace_all(".", "", literal=True))
            .otherwise(pl.col("t"))
            .str.replace_all(",", ".", literal=True)
            .cast(pl.Float64, strict=False)
            .alias("v")
        )
        .to_series()
    )
    v = cleaned.fill_null(np.nan).to_numpy().astype(np.float64, copy=True)
    missing = _blank(text)
    invalid = ~missing & (np.isnan(v) | np.isinf(v))
    v[invalid] = np.nan
    return v, missing, invalid


def _code_key(v: object) -> str | None:
    """Normalised lookup text of one distinct value: trimmed, lower case, 1.0 → "1"; None if blank."""
    if v is None:
        return None
    if isinstance(v, float):
        if v != v:
            return None
        if v.is_integer():
            v = int(v)
    text = str(v).strip().lower()
    return text or None


def parse_code(s: pl.Series, codes: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer codes (0 where missing or invalid) from text or numbers via ``codes``.

    The column is dictionary-encoded, so only its distinct values are looked up in Python.
    """
    arr = s.to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    encoded = pc.dictionary_encode(arr)
    keys = [_code_key(v) for v in encoded.dictionary.to_pylist()]
    # lookup position len(keys) stands for a null cell
    value = np.array([codes.get(k, 0) if k is not None else 0 for k in keys] + [0], dtype=np.int8)
    blank = np.array([k is None for k in keys] + [True])
    bad = np.array([k is not None and k not in codes for k in keys] + [False])
    idx = encoded.indices.fill_null(len(keys)).to_numpy(zero_copy_only=False).astype(np.intp)
    return value[idx], blank[idx], bad[idx]


def parse_date(s: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days since 1970-01-01 as float (NaN when missing/invalid) from dates, datetimes or text.

    Text may be ISO (2024-03-05), dd/mm/yyyy (05/03/2024, e-PPGBM), dd-mm-yyyy or yyyy/mm/dd.
    """
    if s.dtype == pl.Date or isinstance(s.dtype, pl.Datetime):
        d = s.cast(pl.Date)
        missing = d.is_null().to_numpy().astype(bool)
        days = d.cast(pl.Int32).cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64)
        return days, missing, np.zeros(len(s), dtype=bool)
    text = _text(s)
    # Keep only the date part of "2024-03-05 00:00:00" or "2024-03-05T00:00".
    text = text.str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "")
    parsed = pl.DataFrame({"t": text}).select(
        pl.coalesce([pl.col("t").str.to_date(fmt, strict=False) for fmt in DATE_FORMATS]).alias("d")
    ).to_series()
    days = parsed.cast(pl.Int32).cast(pl.Float64).fill_null(np.nan).to_numpy().astype(np.float64)
    missing = _blank(text)
    invalid = ~missing & np.isnan(days)
    return days, missing, invalid
