"""Vectorised readers for the values found in child-measurement files.

Each reader takes a Polars Series (any type) and returns NumPy arrays: the value, ``missing`` (null or
blank) and ``invalid`` (present but unreadable). They never raise on a bad value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

import numpy as np
import polars as pl
import pyarrow as pa

from lokus.tables import DateEvidence, ValueKind, parse_values
from lokus.tables._values import first_bytes, validity

__all__ = [
    "SEX_CODES",
    "MEASURE_CODES",
    "OEDEMA_CODES",
    "parse_number",
    "parse_code",
    "parse_date",
    "date_problems",
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


Column: TypeAlias = "pl.Series | pa.Array | pa.ChunkedArray"


def _arrow(s: Column) -> pa.Array:
    # A Polars String column as its own string views: no copy (the readers take every string layout).
    arr = s.to_arrow(compat_level=pl.CompatLevel.newest()) if isinstance(s, pl.Series) else s
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def parse_number(s: Column, name: str | None = None, styles: dict[str, dict[str, str]] | None = None, *,
                 path: str = "") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float values by the decimal rule of :mod:`lokus.tables` (``10,5`` = ``10.5``; ``1.234,5``).

    ``s`` is a Polars Series or a pyarrow array; ``name`` names it in errors (default: the Series
    name) and ``path`` the file or table it is in. Infinite values and booleans are invalid. A column written in two conventions raises
    :class:`lokus.tables.AmbiguousColumnError` — unless ``styles`` is given (one batch of a file):
    then ``styles[name]`` gets the first value written each way and the caller decides for the file.
    """
    if name is None:
        name = s.name if isinstance(s, pl.Series) else ""
    parsed = parse_values(_arrow(s), ValueKind.DECIMAL, column=name, path=path, mixed_ok=styles is not None)
    if styles is not None and parsed.examples:
        seen = styles.setdefault(name, {})
        for style, example in parsed.examples.items():
            seen.setdefault(style, example)
    return parsed.values, parsed.missing, parsed.invalid


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


def _byte_lookup(codes: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value, blank and bad for a one-byte text (index = the byte; 128-255 cannot be one character
    in UTF-8, so they are bad) and, at index 256, for a null or empty cell: the answers
    :func:`_code_key` and ``codes`` give for that text."""
    keys: list[str | None] = [_code_key(chr(b)) for b in range(128)]
    value = np.array([codes.get(k, 0) if k is not None else 0 for k in keys] + [0] * 128 + [0], dtype=np.int8)
    blank = np.array([k is None for k in keys] + [False] * 128 + [True])
    bad = np.array([k is not None and k not in codes for k in keys] + [True] * 128 + [False])
    return value, blank, bad


def _one_character_codes(arr: pa.Array, codes: Mapping[str, int]
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """:func:`parse_code` for a text column whose every cell is null, empty or one character
    (``m``/``F``/``1``, ``L``/``h``, ``y``/``N``: what field files mostly hold), read straight from the
    Arrow buffers; None for any other column, which then takes the dictionary path."""
    found = first_bytes(arr)
    if found is None:
        return None
    lengths, first, valid = found
    if (lengths > 1).any():
        return None
    present = valid & (lengths == 1)
    byte = first.astype(np.intp)
    np.copyto(byte, 256, where=~present)
    value, blank, bad = _byte_lookup(codes)
    return value[byte], blank[byte], bad[byte]


def parse_code(s: Column, codes: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integer codes (0 where missing or invalid) from text or numbers via ``codes``.

    The column (Polars Series or pyarrow array) is dictionary-encoded, so only its distinct values
    are looked up in Python.
    """
    arr = _arrow(s)
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    fast = _one_character_codes(arr, codes)
    if fast is not None:
        return fast
    import pyarrow.compute as pc  # here: importing it costs ~0.06 s, and one-character codes never need it

    encoded = pc.dictionary_encode(arr)
    keys = [_code_key(v) for v in encoded.dictionary.to_pylist()]
    # lookup position len(keys) stands for a null cell
    value = np.array([codes.get(k, 0) if k is not None else 0 for k in keys] + [0], dtype=np.int8)
    blank = np.array([k is None for k in keys] + [True])
    bad = np.array([k is not None and k not in codes for k in keys] + [False])
    indices = encoded.indices  # int32; no fill_null(scalar): its first call imports pandas
    buf = indices.buffers()[1]
    idx = (np.frombuffer(buf, dtype=np.int32, count=len(indices), offset=indices.offset * 4).astype(np.intp)
           if len(indices) and buf is not None else np.zeros(len(indices), dtype=np.intp))
    if indices.null_count:
        idx[~validity(indices)] = len(keys)
    return value[idx], blank[idx], bad[idx]


def parse_date(s: Column, name: str | None = None, *, path: str = "", order: str | None = None,
               found: dict[str, tuple[DateEvidence, str | None]] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Days since 1970-01-01 as float (NaN when missing/invalid) from dates, datetimes or text.

    Text is read by the one date parser of :mod:`lokus.tables` (ISO, dd/mm/yyyy, dd-mm-yyyy,
    dd.mm.yyyy, month names, Excel serials; a two-digit year is invalid, never guessed), in the day/month
    order the whole column shows; a column written in both orders raises
    :class:`lokus.tables.AmbiguousColumnError` (``name`` and ``path`` name it). For one batch of a file,
    ``order`` is the order decided over the whole file (a second reading), and ``found`` gets ``name`` →
    (the batch's evidence, the order used) instead of an error (see :class:`lokus.tables.BatchChecks`).
    """
    if name is None:
        name = s.name if isinstance(s, pl.Series) else ""
    parsed = parse_values(_arrow(s), ValueKind.DATE, column=name, path=path, mixed_ok=found is not None, order=order)
    if found is not None and parsed.evidence is not None:
        found[name] = (parsed.evidence, parsed.convention or "dmy")
    return parsed.values, parsed.missing, parsed.invalid


def date_problems(s: pl.Series) -> list[str | None]:
    """The date parser's problem code per row (``date_two_digit_year``, …) or None."""
    return parse_values(s, ValueKind.DATE).problem
