"""A realistic synthetic registry for Lampung Barat (Kemendagri 18.04).

All 136 real villages, about 314,000 synthetic people (Dukcapil Dec 2024: 313,756) in households of
realistic size, with valid NIKs and welfare deciles calibrated so that the district's decile-1 share
is the published extreme-poverty rate (3.4%, 2022) and deciles 1-2 hold the published poverty
rate (12.82%, 2021). Villages differ a lot, and a few are much poorer. Deterministic for a seed.

Nothing here is real personal data: names are drawn from short lists and NIKs are made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from lokus.demo._names import FAMILY, FEMALE, MALE
from lokus.regions import load_regions

DISTRICT = "18.04"
TARGET_POPULATION = 313_756  # Dukcapil, Semester II 2024 (shared/data/indicators/population.csv)
EXTREME_SHARE = 0.034  # extreme poverty rate 2022 (Bappeda Lampung; indicators/poverty.csv)
POOR_SHARE = 0.1282  # poverty rate P0 2021 (BPS; indicators/poverty.csv)
REFERENCE_DATE = date(2022, 6, 30)  # the data year of the founding meeting

# Household size distribution (Susenas-like, mean ≈ 3.6).
_SIZES = np.array([1, 2, 3, 4, 5, 6, 7, 8])
_SIZE_P = np.array([0.08, 0.17, 0.24, 0.25, 0.14, 0.07, 0.03, 0.02])

P3KE_COLUMNS = (
    "id_keluarga_p3ke", "provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan", "kode_kemdagri",
    "desil_kesejahteraan", "alamat", "id_individu", "no_kk", "nik", "nama", "padan_dukcapil",
    "jenis_kelamin", "hubungan_dengan_kepala_keluarga", "tanggal_lahir", "status_kawin", "pekerjaan",
    "pendidikan", "kepemilikan_rumah", "jenis_atap", "jenis_dinding", "jenis_lantai", "sumber_penerangan",
    "bahan_bakar_memasak", "sumber_air_minum", "memiliki_fasilitas_buang_air_besar", "disabilitas", "hamil",
    "penerima_bpnt", "penerima_bpum", "penerima_bst", "penerima_pkh", "penerima_sembako", "penerima_pbi_jkn",
    "resiko_stunting",
)


@dataclass(frozen=True)
class DemoDistrict:
    people: pl.DataFrame  # canonical-ish columns, one row per person (clean)
    villages: pl.DataFrame  # code, name, district_code, district_name, kind, poverty_effect


def _village_frame(rng: np.random.Generator) -> pl.DataFrame:
    regions = load_regions()
    villages = regions.descendants(DISTRICT, "village")
    n = len(villages)
    kel = np.array([v.kind == "kelurahan" for v in villages])
    weight = rng.lognormal(mean=0.0, sigma=0.45, size=n) * np.where(kel, 2.0, 1.0)
    pop = np.floor(weight / weight.sum() * TARGET_POPULATION).astype(np.int64)
    pop[np.argsort(-weight)[: TARGET_POPULATION - pop.sum()]] += 1
    effect = rng.normal(0.0, 0.45, size=n) - np.where(kel, 0.5, 0.0)
    poorest = rng.choice(np.flatnonzero(~kel), size=6, replace=False)
    effect[poorest] += 1.3  # a few much poorer pekon
    districts = {d.code: d.name for d in regions.descendants(DISTRICT, "district")}
    return pl.DataFrame(
        {
            "village_idx": np.arange(n, dtype=np.int64),
            "code": [v.code for v in villages],
            "name": [v.name for v in villages],
            "district_code": [v.parent_code for v in villages],
            "district_name": [districts[v.parent_code or ""] for v in villages],
            "kind": [v.local_kind for v in villages],
            "population": pop,
            "poverty_effect": effect,
        }
    )


def _households(rng: np.random.Generator, villages: pl.DataFrame) -> pl.DataFrame:
    sizes_all, village_all = [], []
    for idx, pop in zip(villages["village_idx"], villages["population"], strict=True):
        draws = rng.choice(_SIZES, size=int(pop / 2.5) + 10, p=_SIZE_P)
        cum = np.cumsum(draws)
        k = int(np.searchsorted(cum, pop))
        sizes = draws[: k + 1].copy()
        sizes[-1] -= int(cum[k] - pop)
        sizes = sizes[sizes > 0]
        sizes_all.append(sizes)
        village_all.append(np.full(len(sizes), idx))
    size = np.concatenate(sizes_all)
    vidx = np.concatenate(village_all)
    effect = villages["poverty_effect"].to_numpy()[vidx]
    # Latent log consumption per capita: lower in poor villages and large households.
    welfare = -effect + rng.normal(0.0, 0.75, size=len(size)) - 0.12 * (size - 3.6)
    # People-weighted quantiles give the calibrated decile cut points.
    order = np.argsort(welfare)
    cum_people = np.cumsum(size[order]) / size.sum()
    targets = [EXTREME_SHARE, POOR_SHARE] + list(POOR_SHARE + (1 - POOR_SHARE) * np.arange(1, 8) / 8)
    cuts = [welfare[order][np.searchsorted(cum_people, q)] for q in targets]
    decile = 1 + np.searchsorted(np.array(cuts), welfare, side="left")
    return pl.DataFrame(
        {"hh_idx": np.arange(len(size), dtype=np.int64), "village_idx": vidx, "size": size, "decile": decile}
    )


def _pick(rng: np.random.Generator, options: tuple[str, ...], p_poor: list[float], p_rich: list[float],
          poor: np.ndarray) -> np.ndarray:
    out = np.empty(len(poor), dtype=object)
    out[poor] = rng.choice(options, size=int(poor.sum()), p=p_poor)
    out[~poor] = rng.choice(options, size=int((~poor).sum()), p=p_rich)
    return out


def generate(seed: int = 2022) -> DemoDistrict:
    """Generate the synthetic district (clean rows, no deliberate errors)."""
    rng = np.random.default_rng(seed)
    villages = _village_frame(rng)
    hh = _households(rng, villages)
    n_hh = hh.height

    # Household attributes, worse for lower deciles.
    dec = hh["decile"].to_numpy()
    poor = dec <= 2
    hh = hh.with_columns(
        pl.Series("kepemilikan_rumah", _pick(rng, ("Milik Sendiri", "Sewa", "Bebas Sewa"), [0.7, 0.05, 0.25],
                                            [0.88, 0.07, 0.05], poor)),
        pl.Series("jenis_atap", _pick(rng, ("Genteng", "Seng", "Asbes", "Ijuk/Rumbia"), [0.3, 0.5, 0.1, 0.1],
                                     [0.6, 0.3, 0.09, 0.01], poor)),
        pl.Series("jenis_dinding", _pick(rng, ("Tembok", "Kayu/Papan", "Bambu"), [0.35, 0.5, 0.15],
                                        [0.8, 0.18, 0.02], poor)),
        pl.Series("jenis_lantai", _pick(rng, ("Keramik", "Semen", "Kayu/Papan", "Tanah"), [0.1, 0.45, 0.25, 0.2],
                                       [0.55, 0.37, 0.06, 0.02], poor)),
        pl.Series("sumber_penerangan", _pick(rng, ("Listrik PLN", "Listrik Non-PLN", "Bukan Listrik"),
                                            [0.8, 0.12, 0.08], [0.98, 0.02, 0.0], poor)),
        pl.Series("bahan_bakar_memasak", _pick(rng, ("Gas LPG", "Kayu Bakar", "Minyak Tanah"), [0.45, 0.52, 0.03],
                                              [0.85, 0.14, 0.01], poor)),
        pl.Series("sumber_air_minum", _pick(rng, ("Air Kemasan/Isi Ulang", "Ledeng", "Sumur Terlindung",
                                                  "Sumur Tak Terlindung", "Mata Air", "Sungai"),
                                           [0.05, 0.1, 0.35, 0.2, 0.2, 0.1], [0.3, 0.2, 0.35, 0.05, 0.09, 0.01],
                                           poor)),
        pl.Series("memiliki_fasilitas_buang_air_besar", _pick(rng, ("Sendiri", "Bersama", "Tidak Ada"),
                                                             [0.55, 0.25, 0.2], [0.92, 0.06, 0.02], poor)),
        pl.Series("penerima_pkh", rng.random(n_hh) < np.select([dec == 1, dec == 2, dec <= 4], [0.55, 0.4, 0.15], 0.03)),
        pl.Series("penerima_sembako", rng.random(n_hh) < np.select([dec == 1, dec == 2, dec <= 4], [0.6, 0.45, 0.2], 0.04)),
        pl.Series("penerima_bpnt", rng.random(n_hh) < np.select([dec <= 2, dec <= 4], [0.3, 0.1], 0.02)),
        pl.Series("penerima_bpum", rng.random(n_hh) < 0.03),
        pl.Series("penerima_bst", rng.random(n_hh) < np.select([dec <= 3], [0.2], 0.03)),
        pl.Series("penerima_pbi_jkn", rng.random(n_hh) < np.select([dec <= 2, dec <= 5], [0.75, 0.45], 0.05)),
        pl.Series("kk_year", rng.integers(2005, 2022, size=n_hh)),
        pl.Series("kk_day", rng.integers(1, 29, size=n_hh)),
        pl.Series("kk_month", rng.integers(1, 13, size=n_hh)),
    )

    # People: explode households into members.
    size = hh["size"].to_numpy()
    hh_of = np.repeat(np.arange(n_hh), size)
    starts = np.cumsum(size) - size
    member = np.arange(len(hh_of)) - starts[hh_of]
    n = len(hh_of)
    head_age = np.clip(rng.normal(44, 12, size=n_hh), 19, 90)
    head_male = rng.random(n_hh) < np.where(size == 1, 0.55, 0.9)
    has_spouse = (size >= 2) & (rng.random(n_hh) < 0.9)
    elder_last = (size >= 4) & (rng.random(n_hh) < 0.08)
    rel = np.full(n, "Anak", dtype=object)
    age = np.empty(n)
    male = rng.random(n) < 0.5
    is_head = member == 0
    is_spouse = (member == 1) & has_spouse[hh_of]
    is_elder = (member == size[hh_of] - 1) & elder_last[hh_of] & ~is_head & ~is_spouse
    rel[is_head] = "Kepala Keluarga"
    male[is_head] = head_male[hh_of[is_head]]
    age[is_head] = head_age[hh_of[is_head]]
    rel[is_spouse] = np.where(head_male[hh_of[is_spouse]], "Istri", "Suami")
    male[is_spouse] = ~head_male[hh_of[is_spouse]]
    age[is_spouse] = np.clip(head_age[hh_of[is_spouse]] + rng.normal(-3, 4, is_spouse.sum()), 17, 90)
    rel[is_elder] = "Orang Tua"
    age[is_elder] = np.clip(head_age[hh_of[is_elder]] + rng.normal(26, 4, is_elder.sum()), 55, 98)
    child = ~is_head & ~is_spouse & ~is_elder
    max_child = np.clip(head_age[hh_of[child]] - 18, 0.2, 28)
    age[child] = rng.random(child.sum()) * max_child
    # Younger households have more small children.
    age_days = np.floor(age * 365.25).astype(np.int64)
    birth = np.datetime64(REFERENCE_DATE) - age_days.astype("timedelta64[D]")

    v_of_hh = hh["village_idx"].to_numpy()
    vcodes = villages["code"].to_numpy()
    vidx_person = v_of_hh[hh_of]
    kec_person = np.array([c[6:8] for c in vcodes])[vidx_person]
    # 8% of people first registered in another kecamatan of the district.
    all_kec = np.unique(np.array([c[6:8] for c in vcodes]))
    moved = rng.random(n) < 0.08
    kec_person = np.where(moved, rng.choice(all_kec, size=n), kec_person)

    female = ~male
    pregnant = female & (age >= 17) & (age <= 42) & (rng.random(n) < 0.035)
    disability = rng.random(n) < np.where(age > 60, 0.08, 0.015)
    given = np.where(male, rng.choice(MALE, size=n), rng.choice(FEMALE, size=n))
    family = rng.choice(FAMILY, size=n)
    names = np.char.strip(np.char.add(np.char.add(given.astype(str), " "), family.astype(str)))
    kawin = np.where(is_head | is_spouse, "Kawin", np.where(age >= 19, "Belum Kawin", "Belum Kawin"))
    kawin = np.where(is_head & ~has_spouse[hh_of] & (age > 40), "Cerai Mati", kawin)
    pekerjaan = np.select(
        [age < 6, age < 19, age > 70],
        ["Belum/Tidak Bekerja", "Pelajar/Mahasiswa", "Tidak Bekerja"],
        default=rng.choice(["Petani/Pekebun", "Buruh Tani", "Wiraswasta", "Mengurus Rumah Tangga",
                            "Pedagang", "Buruh Harian Lepas"], size=n, p=[0.4, 0.15, 0.1, 0.2, 0.05, 0.1]),
    )
    pendidikan = np.select(
        [age < 7, age < 13], ["Belum Sekolah", "SD/Sederajat"],
        default=rng.choice(["SD/Sederajat", "SMP/Sederajat", "SMA/Sederajat", "Diploma/S1"], size=n,
                           p=[0.4, 0.28, 0.25, 0.07]),
    )
    people = pl.DataFrame(
        {
            "hh_idx": hh_of.astype(np.int64),
            "member": member.astype(np.int64),
            "nama": names,
            "male": male,
            "birth": birth,
            "age_years": age,
            "hubungan": rel.astype(str),
            "kec": kec_person,
            "status_kawin": kawin.astype(str),
            "pekerjaan": pekerjaan.astype(str),
            "pendidikan": pendidikan.astype(str),
            "disabilitas": disability,
            "hamil": pregnant,
        }
    ).with_columns(pl.col("birth").cast(pl.Date))

    # NIK: 18 04 KK DD(+40 for women) MM YY SSSS, serial unique per (region, birth date).
    people = people.with_columns(
        (
            pl.lit("1804") + pl.col("kec")
            + (pl.col("birth").dt.day() + pl.when(pl.col("male")).then(0).otherwise(40)).cast(pl.String).str.zfill(2)
            + pl.col("birth").dt.month().cast(pl.String).str.zfill(2)
            + (pl.col("birth").dt.year() % 100).cast(pl.String).str.zfill(2)
        ).alias("nik_prefix")
    ).with_columns(
        (pl.col("nik_prefix") + (pl.int_range(pl.len()).over("nik_prefix") + 1).cast(pl.String).str.zfill(4))
        .alias("nik")
    )
    hh = hh.join(villages.select("village_idx", "code", "name", "district_name"), on="village_idx")
    hh = hh.with_columns(
        (
            pl.lit("1804") + pl.col("code").str.slice(6, 2)
            + pl.col("kk_day").cast(pl.String).str.zfill(2)
            + pl.col("kk_month").cast(pl.String).str.zfill(2)
            + (pl.col("kk_year") % 100).cast(pl.String).str.zfill(2)
        ).alias("kk_prefix")
    ).with_columns(
        (pl.col("kk_prefix") + (pl.int_range(pl.len()).over("kk_prefix") + 1).cast(pl.String).str.zfill(4))
        .alias("no_kk"),
        (pl.lit("P3KE") + pl.col("code").str.replace_all(".", "", literal=True)
         + (pl.int_range(pl.len()).over("code") + 1).cast(pl.String).str.zfill(5)).alias("id_keluarga_p3ke"),
        (pl.lit("Dusun ") + ((pl.col("hh_idx") % 5) + 1).cast(pl.String) + pl.lit(", RT 00")
         + ((pl.col("hh_idx") % 9) + 1).cast(pl.String)).alias("alamat"),
    )
    people = people.join(hh, on="hh_idx", how="left").sort("hh_idx", "member")
    has_stunting_risk = (
        people.group_by("hh_idx").agg(
            ((pl.col("age_years") < 5).any() | pl.col("hamil").any()).alias("young_or_pregnant")
        )
    )
    people = people.join(has_stunting_risk, on="hh_idx", how="left")

    flag = {True: "Ya", False: "Tidak"}
    out = people.select(
        pl.col("id_keluarga_p3ke"),
        pl.lit("LAMPUNG").alias("provinsi"),
        pl.lit("LAMPUNG BARAT").alias("kabupaten_kota"),
        pl.col("district_name").str.to_uppercase().alias("kecamatan"),
        pl.col("name").str.to_uppercase().alias("desa_kelurahan"),
        pl.col("code").str.replace_all(".", "", literal=True).alias("kode_kemdagri"),
        pl.col("decile").alias("desil_kesejahteraan"),
        pl.col("alamat"),
        (pl.col("id_keluarga_p3ke") + pl.lit("-") + (pl.col("member") + 1).cast(pl.String).str.zfill(2))
        .alias("id_individu"),
        pl.col("no_kk"),
        pl.col("nik"),
        pl.col("nama").str.to_uppercase(),
        pl.lit("Ya").alias("padan_dukcapil"),
        pl.when(pl.col("male")).then(pl.lit("Laki-laki")).otherwise(pl.lit("Perempuan")).alias("jenis_kelamin"),
        pl.col("hubungan").alias("hubungan_dengan_kepala_keluarga"),
        pl.col("birth").dt.strftime("%d-%m-%Y").alias("tanggal_lahir"),
        "status_kawin", "pekerjaan", "pendidikan", "kepemilikan_rumah", "jenis_atap", "jenis_dinding",
        "jenis_lantai", "sumber_penerangan", "bahan_bakar_memasak", "sumber_air_minum",
        "memiliki_fasilitas_buang_air_besar",
        *[
            pl.col(c).replace_strict(flag, return_dtype=pl.String).alias(c)
            for c in ("disabilitas", "hamil", "penerima_bpnt", "penerima_bpum", "penerima_bst", "penerima_pkh",
                      "penerima_sembako", "penerima_pbi_jkn")
        ],
        (pl.col("young_or_pregnant") & (pl.col("decile") <= 3)).replace_strict(flag, return_dtype=pl.String)
        .alias("resiko_stunting"),
    )

    return DemoDistrict(people=out, villages=villages)


def with_field_errors(people: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Add the errors real exports carry, so the demo shows quarantine at work.

    Excel-mangled NIKs, a NIK with a digit lost, unknown village codes, missing deciles and
    exact duplicate rows. About 0.05% of rows.
    """
    rng = np.random.default_rng(seed + 1)
    n = people.height
    idx = rng.choice(n, size=160, replace=False)
    sci, short, badvil, nodec = idx[:60], idx[60:80], idx[80:110], idx[110:140]
    dup = idx[140:160]
    nik = people["nik"].to_numpy().astype(object)
    nik[sci] = [f"{float(v):.5E}".replace("E+", "E+") for v in nik[sci]]
    nik[short] = [v[:-1] for v in nik[short]]
    kode = people["kode_kemdagri"].to_numpy().astype(object)
    kode[badvil] = [v[:6] + "9" + v[7:] for v in kode[badvil]]
    dec = people["desil_kesejahteraan"].cast(pl.String).to_numpy().astype(object)
    dec[nodec] = ""
    damaged = people.with_columns(
        pl.Series("nik", nik.astype(str)),
        pl.Series("kode_kemdagri", kode.astype(str)),
        pl.Series("desil_kesejahteraan", dec.astype(str)),
    )
    return pl.concat([damaged, damaged[np.sort(dup).tolist()]]).sort("id_individu", maintain_order=True)
