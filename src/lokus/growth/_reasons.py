"""Row-level reason codes of :func:`lokus.growth.zscores` and the growth messages (id + en).

A row never raises. When a value cannot be read (text in a number column, an unknown sex code, a
negative age) the row gets NA for every z-score and a code in ``reason``. When a value is merely missing
or outside the WHO standards (older than 60 months), the WHO rules produce the NAs and ``reason`` says
why. Several codes are joined with ``;`` in a fixed order.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np

from lokus.i18n import DEFAULT_LANG, register, t

__all__ = ["Reason", "BLOCKING", "reason_strings", "explain_reason"]


class Reason(StrEnum):
    """Codes in the ``reason`` column, in output order. ``blocking`` ones blank every z-score."""

    SEX_INVALID = "sex_invalid"
    SEX_MISSING = "sex_missing"
    AGE_INVALID = "age_invalid"
    AGE_NEGATIVE = "age_negative"
    AGE_MISSING = "age_missing"
    AGE_OVER_60MO = "age_over_60mo"
    WEIGHT_INVALID = "weight_invalid"
    WEIGHT_MISSING = "weight_missing"
    LENHEI_INVALID = "lenhei_invalid"
    LENHEI_MISSING = "lenhei_missing"
    MEASURE_INVALID = "measure_invalid"
    OEDEMA_INVALID = "oedema_invalid"


REASONS: tuple[Reason, ...] = tuple(Reason)
BIT: dict[Reason, int] = {r: 1 << i for i, r in enumerate(REASONS)}
BLOCKING = frozenset({Reason.SEX_INVALID, Reason.AGE_INVALID, Reason.AGE_NEGATIVE, Reason.WEIGHT_INVALID,
                      Reason.LENHEI_INVALID, Reason.MEASURE_INVALID, Reason.OEDEMA_INVALID})
BLOCKING_MASK = sum(BIT[r] for r in BLOCKING)

_MESSAGES: dict[str, dict[str, str]] = {
    "growth.reason.sex_invalid": {
        "id": "jenis kelamin tidak dikenal (pakai 1/2, L/P atau m/f); semua z-score dikosongkan",
        "en": "unknown sex code (use 1/2, L/P or m/f); all z-scores left empty",
    },
    "growth.reason.sex_missing": {
        "id": "jenis kelamin kosong; z-score tidak dapat dihitung",
        "en": "sex is missing; no z-score can be computed",
    },
    "growth.reason.age_invalid": {
        "id": "umur atau tanggal tidak terbaca; semua z-score dikosongkan",
        "en": "age or date cannot be read; all z-scores left empty",
    },
    "growth.reason.age_negative": {
        "id": "umur negatif (tanggal ukur sebelum tanggal lahir); semua z-score dikosongkan",
        "en": "negative age (measured before birth); all z-scores left empty",
    },
    "growth.reason.age_missing": {
        "id": "umur kosong; hanya BB/TB yang dihitung",
        "en": "age is missing; only weight-for-length/height is computed",
    },
    "growth.reason.age_over_60mo": {
        "id": "umur 60 bulan atau lebih, di luar standar WHO 2006",
        "en": "age is 60 months or more, outside the WHO 2006 standards",
    },
    "growth.reason.weight_invalid": {
        "id": "berat badan bukan angka; semua z-score dikosongkan",
        "en": "weight is not a number; all z-scores left empty",
    },
    "growth.reason.weight_missing": {
        "id": "berat badan kosong; BB/U, BB/TB dan IMT/U tidak dihitung",
        "en": "weight is missing; weight-for-age, weight-for-length/height and BMI-for-age not computed",
    },
    "growth.reason.lenhei_invalid": {
        "id": "panjang/tinggi badan bukan angka; semua z-score dikosongkan",
        "en": "length/height is not a number; all z-scores left empty",
    },
    "growth.reason.lenhei_missing": {
        "id": "panjang/tinggi badan kosong; TB/U, BB/TB dan IMT/U tidak dihitung",
        "en": "length/height is missing; length/height-for-age, weight-for-length/height and BMI "
              "not computed",
    },
    "growth.reason.measure_invalid": {
        "id": "cara ukur tidak dikenal (pakai l/h atau Terlentang/Berdiri); semua z-score dikosongkan",
        "en": "unknown measuring position (use l/h or Terlentang/Berdiri); all z-scores left empty",
    },
    "growth.reason.oedema_invalid": {
        "id": "isian edema tidak dikenal (pakai y/n); semua z-score dikosongkan",
        "en": "unknown oedema value (use y/n); all z-scores left empty",
    },
    "growth.error.table_type": {
        "id": "Tabel harus berupa DataFrame pandas, DataFrame Polars atau Table pyarrow, bukan {got}.",
        "en": "The table must be a pandas DataFrame, a Polars DataFrame or a pyarrow Table, not {got}.",
    },
    "growth.error.option": {
        "id": "Nilai '{value}' tidak valid untuk {key}; pilihan yang valid: {valid_values}.",
        "en": "'{value}' is not a valid {key}; valid values: {valid_values}.",
    },
    "growth.error.no_child": {
        "id": "Anak dengan {column} = '{child}' tidak ada di berkas {path} ({count} anak lain ada); periksa "
              "kolom id dengan --id-column.",
        "en": "No child with {column} = '{child}' in file {path} ({count} other children present); check the "
              "id column with --id-column.",
    },
    "growth.error.no_measurement": {
        "id": "Anak '{child}' tidak punya pengukuran panjang/tinggi dengan umur di bawah 60 bulan.",
        "en": "Child '{child}' has no length/height measurement with an age under 60 months.",
    },
    "growth.error.output_format": {
        "id": "Format keluaran {path} tidak dikenal; pakai akhiran {valid_values}.",
        "en": "Unknown output format for {path}; use one of the extensions {valid_values}.",
    },
    "growth.cli.zscores_done": {
        "id": "{rows} baris ditulis ke {out}; {stunted} balita pendek (TB/U < -2 SD), {reasons} baris dengan "
              "catatan di kolom {column}.",
        "en": "{rows} rows written to {out}; stunted (HAZ < -2 SD): {stunted}; rows with a note in the "
              "{column} column: {reasons}.",
    },
    "growth.progress.read": {"id": "Membaca berkas", "en": "Reading the file"},
    "growth.progress.zscores": {"id": "Menghitung z-score", "en": "Computing z-scores"},
    "growth.progress.prevalence": {"id": "Menghitung prevalensi", "en": "Computing prevalence"},
    "growth.progress.spread": {"id": "Menghitung sebaran", "en": "Computing the spread"},
    "growth.cli.prevalence_title": {
        "id": "Prevalensi (standar WHO 2006; %, IK 95%)",
        "en": "Prevalence (WHO 2006 standards; %, 95% CI)",
    },
    "growth.cli.chart_done": {
        "id": "Grafik pertumbuhan ditulis ke {out}.",
        "en": "Growth chart written to {out}.",
    },
}
register(_MESSAGES)


def _reason_labels(mask: np.ndarray) -> tuple[list[str | None], np.ndarray]:
    """(labels, index): ``labels[0]`` is None and the others are the distinct non-zero masks as
    ``"code;code"``; ``index`` (int32, one per row) points into ``labels``. Only the distinct masks
    (a handful) are formatted in Python; rows are mapped by counting."""
    if not mask.any():
        return [None], np.zeros(len(mask), dtype=np.int32)
    # Masks are sums of BIT values (< 2 ** len(REASONS)): counting them beats sorting.
    present = np.bincount(mask, minlength=1 << len(REASONS))
    uniq = np.flatnonzero(present[1:]) + 1
    lookup = np.zeros(len(present), dtype=np.int32)
    lookup[uniq] = np.arange(1, len(uniq) + 1, dtype=np.int32)
    index = lookup[mask]
    return [None, *(";".join(r.value for r in REASONS if int(u) & BIT[r]) for u in uniq)], index


def reason_strings(mask: np.ndarray) -> np.ndarray:
    """Turn a per-row bit mask into ``"code;code"`` strings (object array, None when 0)."""
    labels, index = _reason_labels(mask)
    return np.array(labels, dtype=object)[index]


def reason_array(mask: np.ndarray) -> Any:
    """:func:`reason_strings` as a pyarrow ``string`` array (null when 0), without a Python object per row."""
    from lokus.growth._frames import label_array

    labels, index = _reason_labels(mask)
    return label_array(labels, index)


def explain_reason(codes: str | None, lang: str = DEFAULT_LANG) -> str:
    """One readable line for a ``reason`` value such as ``"sex_invalid;age_missing"``."""
    if not codes:
        return ""
    return "; ".join(t(f"growth.reason.{c}", lang) for c in codes.split(";"))
