"""Lengths and weights read off the WHO tables for drawn z-scores (shared by ``lokus synth`` and the demo).

Both generators draw each child's length/height-for-age z-score and weight-for-length/height
z-score, then turn them into the measurements a posyandu would record, so that lokus's own WHO
z-scores recover the drawn ones (up to the 0.1 cm / 0.1 kg rounding).
"""

from __future__ import annotations

import numpy as np

__all__ = ["body_from_z"]


def body_from_z(
    age_days: np.ndarray, sex: np.ndarray, zlen: np.ndarray, zwfl: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(lenhei_cm, weight_kg, recumbent)`` for children of ``age_days`` (int, 0-1856) and ``sex``
    (1 = boy, 2 = girl) with length/height-for-age z ``zlen`` and weight-for-length/height z ``zwfl``.

    Length is measured lying down (``recumbent``) before 731 days, height standing after. Lengths
    and weights are rounded to 0.1 (cm, kg); a weight the WHO table cannot give (length off the
    table) is the median length-for-age divided by 8. Pure NumPy; arrays of the same length in, out.
    """
    from lokus.growth._tables import LEN_KEY_MIN, age_table, length_tables

    lt = age_table("len")
    m, s = lt.m[sex - 1, age_days], lt.s[sex - 1, age_days]
    height = np.round(m * (1 + s * zlen), 1)
    recumbent = age_days < 731
    tables = length_tables()
    t = np.where(recumbent, 0, 1)
    key = np.clip(np.round(height * 10).astype(np.int64) - LEN_KEY_MIN, 0, tables.m.shape[-1] - 1)
    lw, mw, sw = (x[t, sex - 1, key] for x in (tables.l, tables.m, tables.s))
    with np.errstate(invalid="ignore"):
        weight = mw * (1 + lw * sw * zwfl) ** (1 / lw)
    weight = np.round(np.where(np.isnan(weight), m / 8.0, weight), 1)
    return height, weight, recumbent
