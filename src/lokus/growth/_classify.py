"""Nutritional status categories of Permenkes No. 2 Tahun 2020 (Standar Antropometri Anak), Lampiran.

Each category is an interval of the rounded WHO z-score; the boundaries are written as in the
regulation ("-3 SD sd < -2 SD" = ``-3 <= z < -2``). A flagged (implausible) z-score gets no category.
A child with bilateral pitting oedema gets the most severe category of the weight-based indices, as
``anthro_prevalence`` counts oedema below -3 SD.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from lokus.growth._frames import add_columns, column_names, kind_of, label_array, to_arrow
from lokus.growth._parse import OEDEMA_CODES, parse_code
from lokus.i18n import register, t

__all__ = ["Status", "STATUSES", "classify", "category_columns", "CATEGORY_COLUMNS"]


@dataclass(frozen=True)
class Status:
    """One index of Permenkes 2/2020: categories from low to high with their upper z bounds.

    ``bounds[i]`` is the upper limit of ``labels_id[i]``; ``upper_inclusive[i]`` says whether z equal to
    it still belongs to category i. The last category is open above.
    """

    column: str
    index: str  # the regulation's name, e.g. "TB/U"
    z: str
    flag: str
    bounds: tuple[float, ...]
    upper_inclusive: tuple[bool, ...]
    labels_id: tuple[str, ...]
    labels_en: tuple[str, ...]
    oedema_severe: bool


# Weight-for-length/height and BMI-for-age share bounds and labels.
_WH = (
    (-3.0, -2.0, 1.0, 2.0, 3.0),
    (False, False, True, True, True),
    ("Gizi Buruk", "Gizi Kurang", "Gizi Baik", "Berisiko Gizi Lebih", "Gizi Lebih", "Obesitas"),
    ("Severely wasted", "Wasted", "Normal", "Possible risk of overweight", "Overweight", "Obese"),
    True,
)
STATUSES: tuple[Status, ...] = (
    Status("cat_tb_u", "PB/U atau TB/U", "zlen", "flen", (-3, -2, 3), (False, False, True),
           ("Sangat Pendek", "Pendek", "Normal", "Tinggi"),
           ("Severely stunted", "Stunted", "Normal", "Tall"), False),
    Status("cat_bb_u", "BB/U", "zwei", "fwei", (-3, -2, 1), (False, False, True),
           ("Berat Badan Sangat Kurang", "Berat Badan Kurang", "Berat Badan Normal",
            "Risiko Berat Badan Lebih"),
           ("Severely underweight", "Underweight", "Normal weight", "Risk of overweight"), True),
    Status("cat_bb_tb", "BB/PB atau BB/TB", "zwfl", "fwfl", *_WH),
    Status("cat_imt_u", "IMT/U", "zbmi", "fbmi", *_WH),
)
CATEGORY_COLUMNS = tuple(s.column for s in STATUSES)

# The category names as catalogue entries ``growth.category.<column>.<i>`` (Bahasa Indonesia from
# Permenkes 2/2020, English from WHO), so ``classify`` takes them from the language layer.
register({
    f"growth.category.{s.column}.{i}": {"id": label_id, "en": label_en}
    for s in STATUSES
    for i, (label_id, label_en) in enumerate(zip(s.labels_id, s.labels_en, strict=True))
})


def category_codes(status: Status, z: np.ndarray, flag: np.ndarray, oedema: np.ndarray) -> np.ndarray:
    """Category index 0…k-1 per row, -1 for none (NA or flagged z, unless oedema)."""
    with np.errstate(invalid="ignore"):
        code = np.zeros(len(z), dtype=np.int8)  # at most 4 bounds
        for bound, inclusive in zip(status.bounds, status.upper_inclusive, strict=True):
            code += (z > bound) if inclusive else (z >= bound)
    code[np.isnan(z) | (flag == 1)] = -1
    if status.oedema_severe:
        code[oedema] = 0
    return code


def classify(table: Any, *, lang: str = "id") -> Any:
    """Add ``cat_tb_u``, ``cat_bb_u``, ``cat_bb_tb``, ``cat_imt_u`` to a table of z-scores.

    ``table`` is the output of :func:`lokus.growth.zscores` (or raw measurements, which are z-scored
    first). Labels are the regulation's Bahasa Indonesia names (``lang="en"`` for English).
    """
    names = column_names(table)
    if not all(s.z in names and s.flag in names for s in STATUSES):
        from lokus.growth._zscores import zscores

        table = zscores(table)
        names = column_names(table)
    cols = [c for s in STATUSES for c in (s.z, s.flag)] + (["oedema"] if "oedema" in names else [])
    frame = table.select(cols) if kind_of(table) == "polars" else pl.from_arrow(to_arrow(table, cols))
    if isinstance(frame, pl.Series):
        frame = frame.to_frame()
    if "oedema" in frame.columns:
        oed, _, _ = parse_code(frame["oedema"], OEDEMA_CODES)
        oedema = oed == 1
    else:
        oedema = np.zeros(frame.height, dtype=bool)
    columns = {name: frame[name].cast(pl.Float64).fill_null(np.nan).to_numpy()
               for s in STATUSES for name in (s.z, s.flag)}
    return add_columns(table, category_columns(columns, oedema, lang))


def category_columns(columns: Mapping[str, np.ndarray], oedema: np.ndarray, lang: str) -> dict[str, pa.Array]:
    """The four category columns from the z-scores and flags (``columns``: ``zlen``, ``flen`` … as NumPy;
    a flag of 1 is flagged, anything else is not) and the rows with oedema: what :func:`classify` adds."""
    new: dict[str, pa.Array] = {}
    for s in STATUSES:
        code = category_codes(s, columns[s.z], columns[s.flag], oedema)
        names_ = [t(f"growth.category.{s.column}.{i}", lang) for i in range(len(s.labels_id))]
        new[s.column] = label_array([None, *names_], code + 1)
    return new
