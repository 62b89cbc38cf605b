"""The WHO 2006 LMS reference tables, loaded once from ``lokus/growth/data`` (see PROVENANCE.md).

Age-indexed tables (length/height-, weight- and BMI-for-age) become arrays of shape ``(2, 1827)``:
sex 1/2 by age in days 0…1826. The weight-for-length and weight-for-height tables become one array of
shape ``(2, 2, 751)``: table ("l" = 0, "h" = 1) by sex by the integer key ``round(cm * 10) - 450``
(45.0…120.0 cm), NaN where a table has no row (the length table stops at 110 cm, the height table starts
at 65 cm). Lookups are plain integer indexing, which is how the WHO ``anthro`` package's exact-key joins
behave.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

__all__ = ["AGE_DAYS_MAX", "LEN_KEY_MIN", "LEN_KEY_MAX", "AgeTable", "LengthTables", "age_table",
           "length_tables"]

AGE_DAYS_MAX = 1826
LEN_KEY_MIN = 450  # 45.0 cm
LEN_KEY_MAX = 1200  # 120.0 cm
_LEN_SIZE = LEN_KEY_MAX - LEN_KEY_MIN + 1


@dataclass(frozen=True)
class AgeTable:
    """L, M, S by (sex - 1, age in days), plus the ±2/±3 SD curves the restricted formula needs."""

    l: np.ndarray  # noqa: E741 - the WHO's own name for the Box-Cox power
    m: np.ndarray
    s: np.ndarray

    @property
    def l_is_one(self) -> bool:
        """True for length/height-for-age, where ``(y/M)^1 = y/M`` exactly and the power can be skipped."""
        return bool(np.all(self.l == 1))

    def sd(self, k: float) -> np.ndarray:
        """The k-SD curve ``M (1 + L S k)^(1/L)`` for every (sex, day)."""
        return self.m * ((1 + self.l * self.s * k) ** (1 / self.l))


@dataclass(frozen=True)
class LengthTables:
    """L, M, S by (table, sex - 1, key - 450), NaN where the WHO table has no row."""

    l: np.ndarray  # noqa: E741
    m: np.ndarray
    s: np.ndarray


def _read(name: str, columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The named numeric columns of a packaged table, as float64 arrays (pyarrow's CSV reader: the
    same correctly rounded doubles as Python's ``float``, without a Python loop per row)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    data = resources.files("lokus.growth").joinpath("data", name).read_bytes()
    table = pacsv.read_csv(pa.py_buffer(data), convert_options=pacsv.ConvertOptions(
        include_columns=list(columns), column_types={c: pa.float64() for c in columns}))
    out = {}
    for c in columns:  # read from the buffer: pyarrow's to_numpy imports pandas on its first call
        arr = table.column(c).combine_chunks()
        if arr.null_count:
            raise RuntimeError(f"{name} is incomplete; reinstall lokus")
        out[c] = np.frombuffer(arr.buffers()[1], dtype=np.float64, count=len(arr), offset=arr.offset * 8)
    return out


@cache
def age_table(name: str) -> AgeTable:
    """``name`` is ``"len"``, ``"wei"`` or ``"bmi"``."""
    cols = _read(f"{name}anthro.csv", ("sex", "age", "l", "m", "s"))
    lms = np.full((3, 2, AGE_DAYS_MAX + 1), np.nan)
    sex = cols["sex"].astype(np.intp) - 1
    age = cols["age"].astype(np.intp)
    for j, key in enumerate(("l", "m", "s")):
        lms[j, sex, age] = cols[key]
    if np.isnan(lms).any():
        raise RuntimeError(f"{name}anthro.csv is incomplete; reinstall lokus")
    lms.setflags(write=False)
    return AgeTable(lms[0], lms[1], lms[2])


@cache
def length_tables() -> LengthTables:
    lms = np.full((3, 2, 2, _LEN_SIZE), np.nan)
    for t, (name, key) in enumerate((("wflanthro.csv", "length"), ("wfhanthro.csv", "height"))):
        cols = _read(name, ("sex", key, "l", "m", "s"))
        sex = cols["sex"].astype(np.intp) - 1
        idx = np.rint(cols[key] * 10).astype(np.intp) - LEN_KEY_MIN  # round(cm * 10): 45.1 -> 451
        for j, c in enumerate(("l", "m", "s")):
            lms[j, t, sex, idx] = cols[c]
    lms.setflags(write=False)
    return LengthTables(lms[0], lms[1], lms[2])
