"""The WHO 2006 LMS reference tables, loaded once from ``lokus/growth/data`` (see PROVENANCE.md).

Age-indexed tables (length/height-, weight- and BMI-for-age) become arrays of shape ``(2, 1827)``:
sex 1/2 by age in days 0…1826. The weight-for-length and weight-for-height tables become one array of
shape ``(2, 2, 751)``: table ("l" = 0, "h" = 1) by sex by the integer key ``round(cm * 10) - 450``
(45.0…120.0 cm), NaN where a table has no row (the length table stops at 110 cm, the height table starts
at 65 cm). Lookups are plain integer indexing, which is how the WHO ``anthro`` package's exact-key joins
behave.
"""

from __future__ import annotations

import csv
import io
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


def _read(name: str) -> tuple[list[str], list[list[str]]]:
    text = resources.files("lokus.growth").joinpath("data", name).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


@cache
def age_table(name: str) -> AgeTable:
    """``name`` is ``"len"``, ``"wei"`` or ``"bmi"``."""
    header, rows = _read(f"{name}anthro.csv")
    col = {h: i for i, h in enumerate(header)}
    lms = np.full((3, 2, AGE_DAYS_MAX + 1), np.nan)
    for row in rows:
        sex, age = int(row[col["sex"]]), int(row[col["age"]])
        for j, key in enumerate(("l", "m", "s")):
            lms[j, sex - 1, age] = float(row[col[key]])
    if np.isnan(lms).any():
        raise RuntimeError(f"{name}anthro.csv is incomplete; reinstall lokus")
    lms.setflags(write=False)
    return AgeTable(lms[0], lms[1], lms[2])


@cache
def length_tables() -> LengthTables:
    lms = np.full((3, 2, 2, _LEN_SIZE), np.nan)
    for t, (name, key) in enumerate((("wflanthro.csv", "length"), ("wfhanthro.csv", "height"))):
        header, rows = _read(name)
        col = {h: i for i, h in enumerate(header)}
        for row in rows:
            sex = int(row[col["sex"]])
            idx = round(float(row[col[key]]) * 10) - LEN_KEY_MIN
            for j, c in enumerate(("l", "m", "s")):
                lms[j, t, sex - 1, idx] = float(row[col[c]])
    lms.setflags(write=False)
    return LengthTables(lms[0], lms[1], lms[2])
