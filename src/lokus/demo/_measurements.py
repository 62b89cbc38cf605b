"""Synthetic posyandu measurements (e-PPGBM layout) for the demo district's under-fives.

Children's length/height-for-age z-scores are drawn around a village mean that falls with the
village's poverty, calibrated so that the district's stunting prevalence is near the published SSGI
2022 figure for Lampung Barat (16.6%, ``shared/data/indicators/stunting.csv``). Lengths and weights
are then read off the WHO tables, so lokus's z-scores recover the drawn ones. A few rows carry the
errors real exports have (a weight typed in grams, an empty sex, a missing date, a misspelt village,
duplicates), and the file's own ZS columns disagree with WHO on a few rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np
import polars as pl

from lokus.growth import zscores
from lokus.synth._body import body_from_z

MEASURE_DAY = date(2022, 8, 1)  # bulan timbang Agustus 2022
SSGI_2022 = 0.166
COVERAGE = 0.85  # share of under-fives measured (D/S)

EPPGBM_HEADER = (
    "NIK", "Nama", "JK", "Tgl Lahir", "BB Lahir", "TB Lahir", "Nama Ortu", "Prov", "Kab/Kota", "Kec",
    "Pukesmas", "Desa/Kel", "Posyandu", "Alamat", "Usia Saat Ukur", "Tanggal Pengukuran", "Bulan Pengukuran",
    "Berat", "Tinggi", "Cara Ukur", "BB/U", "ZS BB/U", "TB/U", "ZS TB/U", "BB/TB", "ZS BB/TB",
)


def _phi(x: np.ndarray) -> np.ndarray:
    erf = np.vectorize(math.erf, otypes=[float])
    return 0.5 * (1 + erf(x / math.sqrt(2)))


def _calibrated_base(shift: np.ndarray, target: float) -> float:
    lo, hi = -3.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        prev = _phi(-2 - (mid + shift)).mean()
        lo, hi = (mid, hi) if prev > target else (lo, mid)
    return (lo + hi) / 2


def _dec(x: float | None, digits: int) -> str:
    return "" if x is None or x != x else f"{x:.{digits}f}".replace(".", ",")


def _age_text(days: int) -> str:
    years, rest = divmod(days, 365)
    months, d = divmod(rest, 30)
    return f"{years} Tahun - {months} Bulan - {d} Hari"


def _category(z: float | None, cuts: Sequence[tuple[float, str]], top: str) -> str:
    if z is None or z != z:
        return ""
    for cut, label in cuts:
        if z < cut:
            return label
    return top


def generate_measurements(people: pl.DataFrame, villages: pl.DataFrame, seed: int) -> pl.DataFrame:
    """An e-PPGBM-style table (all text, as exported) for the under-fives in ``people``."""
    rng = np.random.default_rng(seed + 7)
    births = people.with_columns(pl.col("tanggal_lahir").str.strptime(pl.Date, "%d-%m-%Y").alias("_birth"))
    heads = births.filter(pl.col("hubungan_dengan_kepala_keluarga") == "Kepala Keluarga").select(
        "id_keluarga_p3ke", pl.col("nama").alias("_ortu"))
    day_offset = rng.integers(0, 28, size=births.height)
    births = births.with_columns(
        (pl.lit(MEASURE_DAY) + pl.duration(days=pl.lit(pl.Series(day_offset)))).alias("_measured"))
    kids = births.filter(
        ((pl.col("_measured") - pl.col("_birth")).dt.total_days() < 1826)
        & ((pl.col("_measured") - pl.col("_birth")).dt.total_days() >= 0)
    )
    kids = kids.filter(pl.Series(rng.random(kids.height) < COVERAGE)).join(heads, on="id_keluarga_p3ke", how="left")
    effect = dict(zip(villages["code"].str.replace_all(".", "", literal=True), villages["poverty_effect"], strict=True))
    shift = (
        -0.35 * kids["kode_kemdagri"].replace_strict(effect, return_dtype=pl.Float64).to_numpy()
        - 0.3 * (kids["desil_kesejahteraan"].to_numpy() <= 2)
    )
    base = _calibrated_base(shift, SSGI_2022)
    zl = base + shift + rng.normal(0, 1.0, kids.height)
    zw = -0.25 + 0.2 * shift + rng.normal(0, 0.95, kids.height)
    age = (kids["_measured"] - kids["_birth"]).dt.total_days().to_numpy().astype(np.int64)
    sex = np.where(kids["jenis_kelamin"].to_numpy() == "Laki-laki", 1, 2)
    height, weight, recumbent = body_from_z(age, sex, zl, zw)
    cara = np.where(recumbent, "Terlentang", "Berdiri")
    nik = kids["nik"].to_numpy().astype(object)
    nik[(age < 365) & (rng.random(kids.height) < 0.25)] = ""  # young babies often have no NIK yet

    ours = zscores(pl.DataFrame({
        "sex": sex, "age_days": age, "weight_kg": weight, "lenhei_cm": height,
        "measure": np.where(recumbent, "l", "h"),
    }))
    file_z = {k: ours[k].to_numpy().astype(float).copy() for k in ("zlen", "zwei", "zwfl")}
    wrong = rng.random(kids.height) < 0.03  # the exporting app's own z-scores disagree on a few rows
    file_z["zlen"][wrong] += 0.3
    villages_by_code = dict(zip(villages["code"].str.replace_all(".", "", literal=True), villages["name"], strict=True))
    district_by_code = dict(zip(villages["code"].str.replace_all(".", "", literal=True), villages["district_name"],
                                strict=True))
    codes = kids["kode_kemdagri"].to_list()
    hfa_cuts = [(-3, "Sangat Pendek"), (-2, "Pendek"), (3, "Normal")]
    wfa_cuts = [(-3, "Berat Badan Sangat Kurang"), (-2, "Berat Badan Kurang"), (1, "Berat Badan Normal")]
    wfh_cuts = [(-3, "Gizi Buruk"), (-2, "Gizi Kurang"), (1, "Gizi Baik"), (2, "Berisiko Gizi Lebih"),
                (3, "Gizi Lebih")]
    out = pl.DataFrame({
        "NIK": nik.astype(str),
        "Nama": kids["nama"],
        "JK": np.where(sex == 1, "L", "P"),
        "Tgl Lahir": kids["_birth"].dt.strftime("%d/%m/%Y"),
        "BB Lahir": [_dec(x, 1) for x in np.round(rng.normal(3.0, 0.45, kids.height), 1)],
        "TB Lahir": [_dec(x, 1) for x in np.round(rng.normal(48.5, 2.0, kids.height), 1)],
        "Nama Ortu": kids["_ortu"].fill_null(""),
        "Prov": ["LAMPUNG"] * kids.height,
        "Kab/Kota": ["LAMPUNG BARAT"] * kids.height,
        "Kec": [district_by_code[c].upper() for c in codes],
        "Pukesmas": ["PUSKESMAS " + district_by_code[c].upper() for c in codes],
        "Desa/Kel": [villages_by_code[c].upper() for c in codes],
        "Posyandu": ["POSYANDU " + villages_by_code[c].upper() + f" {1 + i % 3}" for i, c in enumerate(codes)],
        "Alamat": kids["alamat"],
        "Usia Saat Ukur": [_age_text(int(a)) for a in age],
        "Tanggal Pengukuran": kids["_measured"].dt.strftime("%d/%m/%Y"),
        "Bulan Pengukuran": ["Agustus"] * kids.height,
        "Berat": [_dec(x, 1) for x in weight],
        "Tinggi": [_dec(x, 1) for x in height],
        "Cara Ukur": cara,
        "BB/U": [_category(z, wfa_cuts, "Risiko Berat Badan Lebih") for z in file_z["zwei"]],
        "ZS BB/U": [_dec(z, 2) for z in file_z["zwei"]],
        "TB/U": [_category(z, hfa_cuts, "Tinggi") for z in file_z["zlen"]],
        "ZS TB/U": [_dec(z, 2) for z in file_z["zlen"]],
        "BB/TB": [_category(z, wfh_cuts, "Obesitas") for z in file_z["zwfl"]],
        "ZS BB/TB": [_dec(z, 2) for z in file_z["zwfl"]],
    })
    return _with_field_errors(out, rng)


def _with_field_errors(out: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    n = out.height
    idx = rng.choice(n, size=26, replace=False)
    grams, nosex, nodate, misspelt, dup = idx[:8], idx[8:12], idx[12:15], idx[15:21], idx[21:26]
    berat = out["Berat"].to_numpy().astype(object)
    berat[grams] = [str(int(round(float(b.replace(",", ".")) * 1000))) for b in berat[grams]]
    jk = out["JK"].to_numpy().astype(object)
    jk[nosex] = ""
    tgl = out["Tanggal Pengukuran"].to_numpy().astype(object)
    tgl[nodate] = ""
    desa = out["Desa/Kel"].to_numpy().astype(object)
    desa[misspelt] = [d[:-2] + "XX" for d in desa[misspelt]]
    nik = out["NIK"].to_numpy().astype(object)
    nik[misspelt] = ""
    damaged = out.with_columns(
        pl.Series("Berat", berat.astype(str)), pl.Series("JK", jk.astype(str)),
        pl.Series("Tanggal Pengukuran", tgl.astype(str)), pl.Series("Desa/Kel", desa.astype(str)),
        pl.Series("NIK", nik.astype(str)),
    )
    return pl.concat([damaged, damaged[np.sort(dup).tolist()]])
