"""Pure readers for values in e-PPGBM exports (``shared/docs/data-formats.md`` §5).

Not an importer: no files, no workspace. Each function takes a column (list, Polars/pandas Series or
pyarrow array) and returns a Polars Series; unreadable values become null, never an exception.
:func:`to_measurements` renames the e-PPGBM columns to the input of :func:`lokus.growth.zscores`.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from lokus.growth._frames import column_names, pandas_column_to_arrow, to_arrow
from lokus.growth._parse import MEASURE_CODES, SEX_CODES, parse_code, parse_date, parse_number
from lokus.tables import FieldKind, FieldSpec, FormatSpec, TableSpec

__all__ = [
    "EPPGBM_COLUMNS",
    "parse_decimal",
    "parse_usia_saat_ukur",
    "parse_cara_ukur",
    "parse_jk",
    "parse_tanggal",
    "to_measurements",
    "EPPGBM_ALIASES",
    "GROWTH_SPEC",
]

# e-PPGBM header → lokus.zscores input column.
EPPGBM_COLUMNS = {
    "JK": "sex",
    "Tgl Lahir": "birth_date",
    "Tanggal Pengukuran": "measure_date",
    "Berat": "weight_kg",
    "Tinggi": "lenhei_cm",
    "Cara Ukur": "measure",
}
_USIA = r"(?i)(\d+)\s*{unit}"

# Header keys (see lokus.tables.header_key) of e-PPGBM exports, per growth input column; the
# measurement ingest (lokus.measurements) uses the same ones.
EPPGBM_ALIASES: dict[str, tuple[str, ...]] = {
    "sex": ("jk", "jenis_kelamin"),
    "birth_date": ("tgl_lahir", "tanggal_lahir"),
    "measure_date": ("tanggal_pengukuran", "tgl_pengukuran", "tanggal_ukur", "tgl_ukur"),
    "weight_kg": ("berat", "bb", "berat_badan"),
    "lenhei_cm": ("tinggi", "tb", "tinggi_badan", "panjang_badan"),
    "measure": ("cara_ukur",),
    "oedema": ("edema", "oedema"),
}

# The input of `lokus anthro …` files: lokus's own column names, or an e-PPGBM export.
GROWTH_SPEC = TableSpec(
    name="growth",
    fields=(
        FieldSpec("sex", FieldKind.TEXT, description="1/2, L/P, m/f"),
        FieldSpec("age_days", FieldKind.TEXT, description="age in days (or birth_date + measure_date)"),
        FieldSpec("birth_date", FieldKind.DATE, description="date of birth"),
        FieldSpec("measure_date", FieldKind.DATE, description="date of measurement"),
        FieldSpec("weight_kg", FieldKind.TEXT, description="weight in kg"),
        FieldSpec("lenhei_cm", FieldKind.TEXT, description="length/height in cm"),
        FieldSpec("measure", FieldKind.TEXT, description="l/h, Terlentang/Berdiri"),
        FieldSpec("oedema", FieldKind.TEXT, description="y/n"),
    ),
    formats=(
        FormatSpec(name="canonical", label="lokus", aliases={}),
        FormatSpec(
            name="eppgbm",
            label="e-PPGBM",
            aliases=EPPGBM_ALIASES,
            markers=("zs_tb_u", "cara_ukur", "pukesmas", "usia_saat_ukur", "tanggal_pengukuran"),
        ),
    ),
)


def _series(values: Any, name: str = "") -> pl.Series:
    if isinstance(values, pl.Series):
        return values
    if type(values).__module__.startswith("pandas"):
        return pl.Series(name, pandas_column_to_arrow(values))
    if hasattr(values, "to_pylist"):
        return pl.Series(name, values.to_pylist())
    return pl.Series(name, list(values))


def parse_decimal(values: Any) -> pl.Series:
    """Numbers written with a decimal comma ("10,5" → 10.5) or point; text → null."""
    v, _, _ = parse_number(_series(values))
    return pl.Series("value", v).fill_nan(None)


def parse_usia_saat_ukur(values: Any) -> pl.DataFrame:
    """"1 Tahun - 3 Bulan - 12 Hari" → tahun 1, bulan 3, hari 12 and ``age_months`` (unrounded).

    Parts may be missing ("3 Bulan") and count as 0; text without any part gives nulls. ``age_months`` =
    12 × tahun + bulan + hari / 30.4375, an approximation: prefer the dates when both are present.
    """
    s = _series(values).cast(pl.String, strict=False)
    frame = pl.DataFrame({"s": s}).select(
        pl.col("s").str.extract(_USIA.format(unit="tahun"), 1).cast(pl.Int64).alias("tahun"),
        pl.col("s").str.extract(_USIA.format(unit="bulan"), 1).cast(pl.Int64).alias("bulan"),
        pl.col("s").str.extract(_USIA.format(unit="hari"), 1).cast(pl.Int64).alias("hari"),
    )
    any_part = pl.any_horizontal(pl.col(c).is_not_null() for c in ("tahun", "bulan", "hari"))
    parts = [pl.when(any_part).then(pl.col(c).fill_null(0)).alias(c) for c in ("tahun", "bulan", "hari")]
    frame = frame.with_columns(parts)
    return frame.with_columns(
        (pl.col("tahun") * 12 + pl.col("bulan") + pl.col("hari") / 30.4375).alias("age_months")
    )


def parse_cara_ukur(values: Any) -> pl.Series:
    """"Berdiri" → "h" (standing height), "Terlentang" → "l" (recumbent length); else null."""
    codes, _, _ = parse_code(_series(values), MEASURE_CODES)
    return pl.Series("measure", codes).replace_strict({0: None, 1: "l", 2: "h"}, return_dtype=pl.String)


def parse_jk(values: Any) -> pl.Series:
    """Jenis kelamin "L" (laki-laki) → 1, "P" (perempuan) → 2 (the WHO codes); else null."""
    codes, _, _ = parse_code(_series(values), SEX_CODES)
    return pl.Series("sex", codes).replace(0, None)


def parse_tanggal(values: Any) -> pl.Series:
    """Dates written dd/mm/yyyy (e-PPGBM), or ISO; unreadable → null."""
    days, _, _ = parse_date(_series(values))
    return pl.Series("date", days).fill_nan(None).cast(pl.Int32).cast(pl.Date)


def to_measurements(table: Any) -> pl.DataFrame:
    """An e-PPGBM table (any frame type) with the lokus growth input columns added.

    Adds ``sex``, ``birth_date``, ``measure_date``, ``weight_kg``, ``lenhei_cm``, ``measure`` from ``JK``,
    ``Tgl Lahir``, ``Tanggal Pengukuran``, ``Berat``, ``Tinggi``, ``Cara Ukur``; every column is kept.
    Values are left as text where :func:`lokus.growth.zscores` reads them itself, so that an unreadable
    value reaches it and gets a reason code.
    """
    frame = pl.from_arrow(to_arrow(table))
    if isinstance(frame, pl.Series):
        frame = frame.to_frame()
    present = set(column_names(table))
    return frame.with_columns(pl.col(src).alias(dst) for src, dst in EPPGBM_COLUMNS.items() if src in present)
