"""Weights and lengths whose unit is in doubt: refused, never converted.

An e-PPGBM export is typed by hand at the posyandu. A weight of ``9400`` is no child's weight in kilograms:
it is 9,4 kg typed in grams, or 940,0 with the comma lost, or a slip of the keys. A length of ``745`` is
74,5 cm typed in millimetres; ``0,745`` is the same child in metres. lokus does not pick one reading (a
wrong guess becomes a wrong z-score, quietly): the row is quarantined with a sentence that names the
likely units, and the analyst corrects the file.

The limits are wide on purpose, so that no real under-five is refused: no child under five weighs more
than 60 kg (WHO weight-for-age +5 SD, the plausibility limit, is below 40 kg at 60 months) and none is
shorter than 25 cm or taller than 150 cm (the WHO length/height tables run from 45 to 120 cm). Values
between those limits that are still implausible are left to the WHO flags (``z_implausible``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["WEIGHT_KG_MAX", "LENHEI_CM_RANGE", "unit_doubts"]

WEIGHT_KG_MAX = 60.0
LENHEI_CM_RANGE = (25.0, 150.0)


def unit_doubts(weight_kg: np.ndarray, lenhei_cm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(weight in doubt, length/height in doubt), one boolean per row: a weight above
    :data:`WEIGHT_KG_MAX` (grams, or a lost comma), a length outside :data:`LENHEI_CM_RANGE`
    (millimetres, metres, or a shifted comma). Missing values are never in doubt."""
    w = np.asarray(weight_kg, dtype=float)
    h = np.asarray(lenhei_cm, dtype=float)
    with np.errstate(invalid="ignore"):
        weight = ~np.isnan(w) & (w > WEIGHT_KG_MAX)
        lenhei = ~np.isnan(h) & ((h < LENHEI_CM_RANGE[0]) | (h > LENHEI_CM_RANGE[1]))
    return weight, lenhei
