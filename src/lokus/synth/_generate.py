"""The vectorised country-scale generator behind ``lokus synth``.

Layout written under ``out`` (one Parquet file per table, one row group per chunk):

- ``people.parquet``: one row per person, P3KE column names (``lokus ingest registry`` reads it as
  P3KE unchanged): valid NIKs (kecamatan code + birth date, +40 for women + a serial), KK numbers,
  ``id_keluarga_p3ke``, welfare decile, housing, program flags.
- ``households.parquet``: one row per household (id, KK, village, decile, size, head's NIK, housing).
- ``measurements.parquet``: one row per measured under-five (canonical measurement columns: nik,
  name, sex, birth_date, measure_date, weight_kg, lenhei_cm, measure, village_code, kk), lengths and
  weights read off the WHO tables so that z-scores recover the drawn ones.
- ``recipients.parquet``: program recipient lists (program, nik, no_kk, nama, kode_wilayah).
- ``manifest.json``: the arguments, counts and timing.

How it scales: villages are taken in code order and cut into chunks of about ``chunk_rows`` people;
each chunk is generated from its own random stream (seed, chunk number) with NumPy arrays only, and
strings (NIK, KK, ids) are built as fixed-width byte matrices handed to Arrow without copying. Only
``workers + 1`` chunks are in memory at once. NIK and KK serials are unique without any cross-chunk
state: a person's serial is ``1 + i mod 9999`` where ``i`` is their index in their kecamatan, and
people whose serials coincide (``i`` in different blocks of 9,999) get birth dates in different
residues modulo the number of blocks — a shift of at most a few days.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from lokus.demo._names import FAMILY, FEMALE, MALE
from lokus.errors import ConfigError
from lokus.synth import _messages  # noqa: F401  (registers the messages)

__all__ = ["SynthSummary", "VillagePlan", "plan_villages", "synthesize"]

REFERENCE_DATE = date(2022, 6, 30)  # the registry's data date (as the demo)
MEASURE_DATE = date(2022, 8, 1)  # bulan timbang Agustus 2022
EXTREME_SHARE = 0.034  # decile 1 share (as the demo: Lampung Barat extreme poverty 2022)
POOR_SHARE = 0.1282  # deciles 1-2 share (poverty rate P0 2021)
MEASURED = 0.85  # share of under-fives measured
SERIAL_MAX = 9999
_EPOCH = date(1970, 1, 1)
_REF_DAYS = (REFERENCE_DATE - _EPOCH).days
_MEASURE_DAYS = (MEASURE_DATE - _EPOCH).days
_KK_FROM = (date(2005, 1, 1) - _EPOCH).days

_SIZES = np.array([1, 2, 3, 4, 5, 6, 7, 8])
_SIZE_CDF = np.cumsum([0.08, 0.17, 0.24, 0.25, 0.14, 0.07, 0.03, 0.02])
_SIZE_MEAN = float((_SIZES * np.diff(np.concatenate([[0], _SIZE_CDF]))).sum())
_SIZE_VAR = float(((_SIZES - _SIZE_MEAN) ** 2 * np.diff(np.concatenate([[0], _SIZE_CDF]))).sum())
_WELFARE_SD = math.sqrt(0.45**2 + 0.75**2 + 0.12**2 * _SIZE_VAR)
_DECILE_CUTS = np.array(
    [NormalDist().inv_cdf(q) for q in [EXTREME_SHARE, POOR_SHARE, *(POOR_SHARE + (1 - POOR_SHARE) * np.arange(1, 8) / 8)]]
)

# Household attributes: (column, options, p for deciles 1-2, p otherwise) — as the demo district.
_HOUSING: tuple[tuple[str, tuple[str, ...], tuple[float, ...], tuple[float, ...]], ...] = (
    ("kepemilikan_rumah", ("Milik Sendiri", "Sewa", "Bebas Sewa"), (0.7, 0.05, 0.25), (0.88, 0.07, 0.05)),
    ("jenis_atap", ("Genteng", "Seng", "Asbes", "Ijuk/Rumbia"), (0.3, 0.5, 0.1, 0.1), (0.6, 0.3, 0.09, 0.01)),
    ("jenis_dinding", ("Tembok", "Kayu/Papan", "Bambu"), (0.35, 0.5, 0.15), (0.8, 0.18, 0.02)),
    ("jenis_lantai", ("Keramik", "Semen", "Kayu/Papan", "Tanah"), (0.1, 0.45, 0.25, 0.2), (0.55, 0.37, 0.06, 0.02)),
    ("sumber_penerangan", ("Listrik PLN", "Listrik Non-PLN", "Bukan Listrik"), (0.8, 0.12, 0.08), (0.98, 0.02, 0.0)),
    ("bahan_bakar_memasak", ("Gas LPG", "Kayu Bakar", "Minyak Tanah"), (0.45, 0.52, 0.03), (0.85, 0.14, 0.01)),
    ("sumber_air_minum", ("Air Kemasan/Isi Ulang", "Ledeng", "Sumur Terlindung", "Sumur Tak Terlindung",
                          "Mata Air", "Sungai"), (0.05, 0.1, 0.35, 0.2, 0.2, 0.1), (0.3, 0.2, 0.35, 0.05, 0.09, 0.01)),
    ("memiliki_fasilitas_buang_air_besar", ("Sendiri", "Bersama", "Tidak Ada"), (0.55, 0.25, 0.2), (0.92, 0.06, 0.02)),
)
_FLAGS = ("penerima_bpnt", "penerima_bpum", "penerima_bst", "penerima_pkh", "penerima_sembako", "penerima_pbi_jkn")
_RELATION = ("Kepala Keluarga", "Istri", "Suami", "Anak", "Orang Tua")
_KAWIN = ("Kawin", "Belum Kawin", "Cerai Mati")
_WORK = ("Belum/Tidak Bekerja", "Pelajar/Mahasiswa", "Tidak Bekerja", "Petani/Pekebun", "Buruh Tani", "Wiraswasta",
         "Mengurus Rumah Tangga", "Pedagang", "Buruh Harian Lepas")
_WORK_ADULT_CDF = np.cumsum([0.4, 0.15, 0.1, 0.2, 0.05, 0.1])
_SCHOOL = ("Belum Sekolah", "SD/Sederajat", "SMP/Sederajat", "SMA/Sederajat", "Diploma/S1")
_SCHOOL_ADULT_CDF = np.cumsum([0.4, 0.28, 0.25, 0.07])
_GIVEN = tuple(g.upper() for g in (*MALE, *FEMALE))
_NAMES = pa.array([f"{g} {f.upper()}" for g in _GIVEN for f in FAMILY])
_ADDRESS = pa.array([f"Dusun {d}, RT 00{r}" for d in range(1, 6) for r in range(1, 10)])
_YA_TIDAK = pa.array(["Tidak", "Ya"])

# Programs: (code, unit, share of eligible listed, share of others listed)
PROGRAMS: tuple[tuple[str, str, float, float], ...] = (
    ("PKH", "household", 0.62, 0.04), ("SEMBAKO", "household", 0.66, 0.05), ("PBI_JKN", "person", 0.78, 0.06),
    ("BLT_DD", "household", 0.55, 0.01), ("PIP", "person", 0.58, 0.03), ("RTLH", "household", 0.18, 0.004),
    ("AIR_BERSIH", "household", 0.25, 0.01), ("SANITASI", "household", 0.3, 0.01),
)
_PROGRAM_NAMES = pa.array([p[0] for p in PROGRAMS])
TABLES = ("people", "households", "measurements", "recipients")


class SynthError(ConfigError):
    """Bad arguments for the generator."""


@dataclass(frozen=True)
class VillagePlan:
    """The villages of the region in code order, their synthetic population and poverty effect."""

    codes: list[str]  # dotted Kemendagri village codes
    names: list[str]  # village names, upper case
    kecamatan: list[str]  # kecamatan names, upper case
    kabupaten: list[str]
    provinsi: list[str]
    kec_index: np.ndarray  # int64 kecamatan number of each village
    kec_digits: np.ndarray  # uint8 (n_kecamatan, 6): the first six NIK digits of each kecamatan
    population: np.ndarray  # int64 people per village (sums to the requested people)
    effect: np.ndarray  # float64 poverty effect (higher = poorer)
    kelurahan: np.ndarray  # bool
    offset_in_kec: np.ndarray  # int64 people of earlier villages of the same kecamatan
    blocks: np.ndarray  # int64 per kecamatan: ceil(people / 9999), at least 1

    @property
    def villages(self) -> int:
        return len(self.codes)


@dataclass
class SynthSummary:
    region: str
    people: int
    seed: int
    villages: int
    villages_with_people: int
    chunks: int
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def people_per_second(self) -> float:
        return self.people / self.seconds if self.seconds > 0 else float("inf")

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"people_per_second": round(self.people_per_second)}


def _ascii_digits(values: np.ndarray, width: int) -> np.ndarray:
    """``values`` (non-negative ints) as a (n, width) uint8 matrix of ASCII digits, zero-padded."""
    v = values.astype(np.int64, copy=False)
    out = np.empty((len(v), width), dtype=np.uint8)
    for k in range(width):
        out[:, width - 1 - k] = 48 + (v // 10**k) % 10
    return out


def _strings(mat: np.ndarray) -> pa.Array:
    """A fixed-width byte matrix as an Arrow string array (no per-value Python objects)."""
    n, width = mat.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    data = np.ascontiguousarray(mat)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def _dict(indices: np.ndarray, dictionary: pa.Array) -> pa.DictionaryArray:
    width = np.int8 if len(dictionary) < 128 else np.int16 if len(dictionary) < 32768 else np.int32
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(width, copy=False)), dictionary)


def _pick(rng: np.random.Generator, poor: np.ndarray, p_poor: tuple[float, ...], p_rich: tuple[float, ...]) -> np.ndarray:
    u = rng.random(len(poor))
    a = np.searchsorted(np.cumsum(p_poor), u, side="right")
    b = np.searchsorted(np.cumsum(p_rich), u, side="right")
    return np.minimum(np.where(poor, a, b), len(p_poor) - 1)


def _date_parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(day, month, year) of day numbers since 1970-01-01 (integer civil-from-days, proleptic Gregorian)."""
    z = days.astype(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return day, month, year


def plan_villages(region: str, people: int, seed: int = 2022) -> VillagePlan:
    """The villages of ``region`` (a province, regency, kecamatan or village code, or ``national``)
    with ``people`` synthetic people spread over them (lognormal village sizes; kelurahan larger).

    Raises :class:`SynthError` for an unknown region or fewer people than villages need.
    """
    from lokus.regions import load_regions, normalize_code

    regions = load_regions()
    if region.strip().lower() in ("national", "nasional", "indonesia"):
        villages = regions.all("village")
        label = "national"
    else:
        try:
            code = normalize_code(region)
        except Exception:  # noqa: BLE001 - any unreadable code is the user's input
            raise SynthError("error.synth.region", region=region) from None
        if code not in regions:
            raise SynthError("error.synth.region", region=region)
        villages = [regions.get(code)] if regions.get(code).level == "village" else regions.descendants(code, "village")
        label = code
    villages = sorted(villages, key=lambda v: v.code)
    if not villages:
        raise SynthError("error.synth.region", region=region)
    if people < 1:
        raise SynthError("error.synth.people", people=people)
    del label
    names: dict[str, str] = {}

    def name(code: str) -> str:
        if code not in names:
            n = regions.get(code).name
            for prefix in ("Kabupaten ", "Kab. "):
                n = n.removeprefix(prefix)
            names[code] = n.upper()
        return names[code]

    codes = [v.code for v in villages]
    kec_codes = [c[:8] for c in codes]
    kec_unique, kec_index = np.unique(np.array(kec_codes), return_inverse=True)
    kec_digits = np.frombuffer("".join(k.replace(".", "") for k in kec_unique).encode(), dtype=np.uint8)
    rng = np.random.default_rng([seed, 0])
    n = len(villages)
    kel = np.array([v.kind == "kelurahan" for v in villages])
    weight = rng.lognormal(0.0, 0.45, size=n) * np.where(kel, 2.0, 1.0)
    pop = np.floor(weight / weight.sum() * people).astype(np.int64)
    rest = people - int(pop.sum())
    pop[np.argsort(-weight, kind="stable")[:rest]] += 1
    effect = rng.normal(0.0, 0.45, size=n) - np.where(kel, 0.5, 0.0)
    poorest = rng.random(n) < 0.04
    effect[poorest & ~kel] += 1.3  # a few much poorer villages
    kec_pop = np.bincount(kec_index, weights=pop, minlength=len(kec_unique)).astype(np.int64)
    village_start = np.cumsum(pop) - pop
    kec_first = np.searchsorted(kec_index, np.arange(len(kec_unique)))
    offset_in_kec = village_start - village_start[kec_first][kec_index]
    return VillagePlan(
        codes=codes,
        names=[v.name.upper() for v in villages],
        kecamatan=[name(c[:8]) for c in codes],
        kabupaten=[name(c[:5]) for c in codes],
        provinsi=[name(c[:2]) for c in codes],
        kec_index=kec_index.astype(np.int64),
        kec_digits=kec_digits.reshape(len(kec_unique), 6),
        population=pop,
        effect=effect,
        kelurahan=kel,
        offset_in_kec=offset_in_kec.astype(np.int64),
        blocks=np.maximum(1, -(-kec_pop // SERIAL_MAX)),
    )


def _chunks(pop: np.ndarray, chunk_rows: int) -> list[tuple[int, int]]:
    """Contiguous village ranges of about ``chunk_rows`` people each (whole villages)."""
    cum = np.cumsum(pop)
    total = int(cum[-1]) if len(cum) else 0
    cuts = np.searchsorted(cum, np.arange(chunk_rows, total, chunk_rows), side="left") + 1
    bounds = np.unique(np.concatenate([[0], cuts, [len(pop)]]))
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True) if cum[b - 1] - (cum[a - 1] if a else 0) > 0]


def _chunk(plan: VillagePlan, v0: int, v1: int, seed: int, number: int) -> dict[str, pa.Table]:
    """Generate the four tables for villages ``v0:v1`` from the random stream (seed, number)."""
    rng = np.random.default_rng([seed, 1, number])
    pops = plan.population[v0:v1]
    nv = v1 - v0
    n = int(pops.sum())
    vloc = np.repeat(np.arange(nv), pops)
    vstart = np.cumsum(pops) - pops

    # Households: a running sequence of drawn sizes, also cut at every village boundary.
    k = n // 3 + 16
    sizes = _SIZES[np.minimum(np.searchsorted(_SIZE_CDF, rng.random(k), side="right"), 7)]
    cum = np.cumsum(sizes)
    mark = np.zeros(n, dtype=bool)
    mark[cum[cum < n]] = True
    mark[vstart[pops > 0]] = True
    hh = np.cumsum(mark) - 1
    hstart = np.flatnonzero(mark)
    nh = len(hstart)
    hsize = np.diff(np.append(hstart, n))
    member = np.arange(n) - hstart[hh]
    hv = vloc[hstart]
    size = hsize[hh]

    # Welfare and decile (fixed national cut points of the standardised latent welfare).
    welfare = (-plan.effect[v0:v1][hv] + rng.normal(0.0, 0.75, nh) - 0.12 * (hsize - _SIZE_MEAN)) / _WELFARE_SD
    hdec = (1 + np.searchsorted(_DECILE_CUTS, welfare, side="left")).astype(np.int8)
    poor = hdec <= 2
    housing = {col: _pick(rng, poor, pp, pr) for col, _, pp, pr in _HOUSING}
    u = rng.random((len(_FLAGS), nh))
    p_flag = {
        "penerima_bpnt": np.select([hdec <= 2, hdec <= 4], [0.3, 0.1], 0.02),
        "penerima_bpum": np.full(nh, 0.03),
        "penerima_bst": np.where(hdec <= 3, 0.2, 0.03),
        "penerima_pkh": np.select([hdec == 1, hdec == 2, hdec <= 4], [0.55, 0.4, 0.15], 0.03),
        "penerima_sembako": np.select([hdec == 1, hdec == 2, hdec <= 4], [0.6, 0.45, 0.2], 0.04),
        "penerima_pbi_jkn": np.select([hdec <= 2, hdec <= 5], [0.75, 0.45], 0.05),
    }
    hflags = {f: u[i] < p_flag[f] for i, f in enumerate(_FLAGS)}

    # People.
    head_age = np.clip(rng.normal(44, 12, nh), 19, 90)
    head_male = rng.random(nh) < np.where(hsize == 1, 0.55, 0.9)
    has_spouse = (hsize >= 2) & (rng.random(nh) < 0.9)
    elder_last = (hsize >= 4) & (rng.random(nh) < 0.08)
    is_head = member == 0
    is_spouse = (member == 1) & has_spouse[hh]
    is_elder = (member == size - 1) & elder_last[hh] & ~is_head & ~is_spouse
    child = ~is_head & ~is_spouse & ~is_elder
    ha = head_age[hh]
    hm = head_male[hh]
    r = rng.random((3, n))
    age = np.where(is_head, ha, 0.0)
    age = np.where(is_spouse, np.clip(ha - 3 + 4 * rng.standard_normal(n), 17, 90), age)
    age = np.where(is_elder, np.clip(ha + 26 + 4 * rng.standard_normal(n), 55, 98), age)
    age = np.where(child, r[0] * np.clip(ha - 18, 0.2, 28), age)
    male = np.where(is_head, hm, np.where(is_spouse, ~hm, r[1] < 0.5))
    rel = np.select([is_head, is_spouse & hm, is_spouse, is_elder], [0, 1, 2, 4], 3).astype(np.int8)

    # NIK serials: unique within the kecamatan without cross-chunk state (see the module docstring).
    kec = plan.kec_index[v0:v1][vloc]
    i_kec = plan.offset_in_kec[v0:v1][vloc] + (np.arange(n) - vstart[vloc])
    blocks = plan.blocks[kec]
    age_days = np.floor(age * 365.25).astype(np.int64)
    age_days = age_days - age_days % blocks + i_kec // SERIAL_MAX
    birth = _REF_DAYS - age_days
    bday, bmonth, byear = _date_parts(birth)
    nik = np.empty((n, 16), dtype=np.uint8)
    nik[:, :6] = plan.kec_digits[kec]
    nik[:, 6:8] = _ascii_digits(bday + np.where(male, 0, 40), 2)
    nik[:, 8:10] = _ascii_digits(bmonth, 2)
    nik[:, 10:12] = _ascii_digits(byear % 100, 2)
    nik[:, 12:] = _ascii_digits(1 + i_kec % SERIAL_MAX, 4)

    # KK: the head's kecamatan index gives the serial; the issue date carries the block.
    head_i = i_kec[hstart]
    hkec = kec[hstart]
    hblocks = plan.blocks[hkec]
    issued = rng.integers(0, 17 * 365, nh)
    issued = _KK_FROM + issued - issued % hblocks + head_i // SERIAL_MAX
    kday, kmonth, kyear = _date_parts(issued)
    kk = np.empty((nh, 16), dtype=np.uint8)
    kk[:, :6] = plan.kec_digits[hkec]
    kk[:, 6:8] = _ascii_digits(kday, 2)
    kk[:, 8:10] = _ascii_digits(kmonth, 2)
    kk[:, 10:12] = _ascii_digits(kyear % 100, 2)
    kk[:, 12:] = _ascii_digits(1 + head_i % SERIAL_MAX, 4)

    # id_keluarga_p3ke = P3KE + village digits + household number in the village (6 digits).
    vdig = np.frombuffer("".join(c.replace(".", "") for c in plan.codes[v0:v1]).encode(), dtype=np.uint8)
    vdig = vdig.reshape(nv, 10)
    hnum = np.arange(nh) - np.searchsorted(hv, hv, side="left") + 1
    hid = np.empty((nh, 20), dtype=np.uint8)
    hid[:, :4] = np.frombuffer(b"P3KE", dtype=np.uint8)
    hid[:, 4:14] = vdig[hv]
    hid[:, 14:] = _ascii_digits(hnum, 6)
    pid = np.empty((n, 23), dtype=np.uint8)
    pid[:, :20] = hid[hh]
    pid[:, 20] = ord("-")
    pid[:, 21:] = _ascii_digits(member + 1, 2)

    female = ~male
    pregnant = female & (age >= 17) & (age <= 42) & (r[2] < 0.035)
    disability = rng.random(n) < np.where(age > 60, 0.08, 0.015)
    n_fam = len(FAMILY)
    given = np.where(male, rng.integers(0, len(MALE), n), len(MALE) + rng.integers(0, len(FEMALE), n))
    name_idx = given * n_fam + rng.integers(0, n_fam, n)
    kawin = np.where(is_head | is_spouse, 0, 1)
    kawin = np.where(is_head & ~has_spouse[hh] & (age > 40), 2, kawin)
    work = np.select([age < 6, age < 19, age > 70], [0, 1, 2],
                     3 + np.minimum(np.searchsorted(_WORK_ADULT_CDF, rng.random(n), side="right"), 5))
    school = np.select([age < 7, age < 13], [0, 1],
                       1 + np.minimum(np.searchsorted(_SCHOOL_ADULT_CDF, rng.random(n), side="right"), 3))
    young_or_pregnant = np.bincount(hh, weights=((age < 5) | pregnant), minlength=nh) > 0
    risk = young_or_pregnant & (hdec <= 3)

    village_dicts = {
        "provinsi": pa.array(plan.provinsi[v0:v1]),
        "kabupaten_kota": pa.array(plan.kabupaten[v0:v1]),
        "kecamatan": pa.array(plan.kecamatan[v0:v1]),
        "desa_kelurahan": pa.array(plan.names[v0:v1]),
    }
    vcode_digits = _strings(vdig)
    nik_a = _strings(nik)
    kk_a = _strings(kk)
    hid_a = _strings(hid)
    people_cols: dict[str, pa.Array] = {
        "id_keluarga_p3ke": hid_a.take(pa.array(hh)),
        **{c: _dict(vloc, d) for c, d in village_dicts.items()},
        "kode_kemdagri": _dict(vloc, vcode_digits),
        "desil_kesejahteraan": pa.array(hdec[hh]),
        "alamat": _dict((hh % 5) * 9 + hh % 9, _ADDRESS),
        "id_individu": _strings(pid),
        "no_kk": kk_a.take(pa.array(hh)),
        "nik": nik_a,
        "nama": _dict(name_idx, _NAMES),
        "padan_dukcapil": _dict(np.ones(n, dtype=np.int8), _YA_TIDAK),
        "jenis_kelamin": _dict(np.where(male, 0, 1), pa.array(["Laki-laki", "Perempuan"])),
        "hubungan_dengan_kepala_keluarga": _dict(rel, pa.array(_RELATION)),
        "tanggal_lahir": pa.array(birth.astype(np.int32), type=pa.int32()).cast(pa.date32()),
        "status_kawin": _dict(kawin, pa.array(_KAWIN)),
        "pekerjaan": _dict(work, pa.array(_WORK)),
        "pendidikan": _dict(school, pa.array(_SCHOOL)),
        **{col: _dict(housing[col][hh], pa.array(opts)) for col, opts, _, _ in _HOUSING},
        "disabilitas": _dict(disability.astype(np.int8), _YA_TIDAK),
        "hamil": _dict(pregnant.astype(np.int8), _YA_TIDAK),
        **{f: _dict(hflags[f][hh].astype(np.int8), _YA_TIDAK) for f in _FLAGS},
        "resiko_stunting": _dict(risk[hh].astype(np.int8), _YA_TIDAK),
    }
    people = pa.table(people_cols)

    households = pa.table({
        "id_keluarga_p3ke": hid_a,
        "no_kk": kk_a,
        "kode_kemdagri": _dict(hv, vcode_digits),
        "desil_kesejahteraan": pa.array(hdec),
        "jumlah_anggota": pa.array(hsize.astype(np.int16)),
        "nik_kepala_keluarga": nik_a.take(pa.array(hstart)),
        **{col: _dict(housing[col], pa.array(opts)) for col, opts, _, _ in _HOUSING},
    })

    measurements = _measurements(rng, plan, v0, v1, vloc, hh, hdec, birth, male, nik_a, kk_a, name_idx)
    recipients = _recipients(rng, vloc, hh, hstart, hdec, age, pregnant, disability, hflags, housing,
                             nik_a, kk_a, name_idx, vcode_digits)
    return {"people": people, "households": households, "measurements": measurements, "recipients": recipients}


def _measurements(rng: np.random.Generator, plan: VillagePlan, v0: int, v1: int, vloc: np.ndarray, hh: np.ndarray,
                  hdec: np.ndarray, birth: np.ndarray, male: np.ndarray, nik_a: pa.Array, kk_a: pa.Array,
                  name_idx: np.ndarray) -> pa.Table:
    from lokus.growth._tables import LEN_KEY_MIN, age_table, length_tables

    measured_on = _MEASURE_DAYS + rng.integers(0, 28, len(birth))
    age = measured_on - birth
    pick = np.flatnonzero((age >= 0) & (age < 1826) & (rng.random(len(birth)) < MEASURED))
    age = age[pick]
    sex = np.where(male[pick], 1, 2)
    shift = -0.35 * plan.effect[v0:v1][vloc[pick]] - 0.3 * (hdec[hh[pick]] <= 2)
    zl = -0.95 + shift + rng.standard_normal(len(pick))
    zw = -0.25 + 0.2 * shift + 0.95 * rng.standard_normal(len(pick))
    lt = age_table("len")
    m, s = lt.m[sex - 1, age], lt.s[sex - 1, age]
    height = np.round(m * (1 + s * zl), 1)
    recumbent = age < 731
    tables = length_tables()
    t = np.where(recumbent, 0, 1)
    key = np.clip(np.round(height * 10).astype(np.int64) - LEN_KEY_MIN, 0, tables.m.shape[-1] - 1)
    lw, mw, sw = (x[t, sex - 1, key] for x in (tables.l, tables.m, tables.s))
    with np.errstate(invalid="ignore"):
        weight = mw * (1 + lw * sw * zw) ** (1 / lw)
    weight = np.round(np.where(np.isnan(weight), m / 8.0, weight), 1)
    take = pa.array(pick)
    dotted = pa.array(plan.codes[v0:v1])
    return pa.table({
        "nik": nik_a.take(take),
        "name": _dict(name_idx[pick], _NAMES),
        "sex": _dict(sex - 1, pa.array(["L", "P"])),
        "birth_date": pa.array(birth[pick].astype(np.int32)).cast(pa.date32()),
        "measure_date": pa.array(measured_on[pick].astype(np.int32)).cast(pa.date32()),
        "weight_kg": pa.array(weight),
        "lenhei_cm": pa.array(height),
        "measure": _dict(np.where(recumbent, 0, 1), pa.array(["l", "h"])),
        "village_code": _dict(vloc[pick], dotted),
        "kk": kk_a.take(pa.array(hh[pick])),
    })


def _recipients(rng: np.random.Generator, vloc: np.ndarray, hh: np.ndarray, hstart: np.ndarray, hdec: np.ndarray,
                age: np.ndarray, pregnant: np.ndarray, disability: np.ndarray, hflags: dict[str, np.ndarray],
                housing: dict[str, np.ndarray], nik_a: pa.Array, kk_a: pa.Array, name_idx: np.ndarray,
                vcodes: pa.Array) -> pa.Table:
    nh = len(hstart)
    member_pkh = np.bincount(hh, weights=(pregnant | (age < 19) | (age >= 60) | disability), minlength=nh) > 0
    floor, wall, roof = housing["jenis_lantai"], housing["jenis_dinding"], housing["jenis_atap"]
    eligible_hh = {
        "PKH": (hdec <= 4) & member_pkh,
        "SEMBAKO": hdec <= 4,
        "BLT_DD": (hdec == 1) & ~hflags["penerima_pkh"] & ~hflags["penerima_sembako"],
        "RTLH": (hdec <= 3) & ((floor == 3) | (wall == 2) | (roof == 3)),
        "AIR_BERSIH": (hdec <= 3) & (housing["sumber_air_minum"] >= 3),
        "SANITASI": (hdec <= 3) & (housing["memiliki_fasilitas_buang_air_besar"] != 0),
    }
    pdec = hdec[hh]
    eligible_person = {"PBI_JKN": pdec <= 5, "PIP": (pdec <= 3) & (age >= 6) & (age < 19)}
    rows: list[np.ndarray] = []
    progs: list[np.ndarray] = []
    for code_idx, (code, unit, hit, miss) in enumerate(PROGRAMS):
        if unit == "household":
            el = eligible_hh[code]
            listed = hstart[rng.random(nh) < np.where(el, hit, miss)]
        else:
            el = eligible_person[code]
            listed = np.flatnonzero(rng.random(len(hh)) < np.where(el, hit, miss))
        rows.append(listed)
        progs.append(np.full(len(listed), code_idx, dtype=np.int8))
    who = np.concatenate(rows)
    take = pa.array(who)
    return pa.table({
        "program": _dict(np.concatenate(progs), _PROGRAM_NAMES),
        "nik": nik_a.take(take),
        "no_kk": kk_a.take(pa.array(hh[who])),
        "nama": _dict(name_idx[who], _NAMES),
        "kode_wilayah": _dict(vloc[who], vcodes),
    })


def synthesize(
    region: str,
    people: int,
    out: str | Path,
    *,
    seed: int = 2022,
    chunk_rows: int = 1_000_000,
    workers: int = 2,
    compression: str = "snappy",
    progress: Callable[[int, int], None] | None = None,
) -> SynthSummary:
    """Generate ``people`` synthetic people over the real villages of ``region`` and write the
    four tables as Parquet under ``out`` (created; existing files of the same names are replaced).

    ``progress(done_people, total_people)`` is called after each chunk is written. At most
    ``workers + 1`` chunks (of about ``chunk_rows`` people) are in memory at once.
    Raises :class:`SynthError` for an unknown region or a bad size.
    """
    if chunk_rows < 1:
        raise SynthError("error.synth.people", people=chunk_rows)
    started = time.perf_counter()
    plan = plan_villages(region, people, seed)
    outdir = Path(out)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SynthError("error.synth.out", path=str(outdir), detail=exc.strerror or str(exc)) from None
    chunks = _chunks(plan.population, chunk_rows)
    summary = SynthSummary(
        region=region if region.lower() in ("national", "nasional", "indonesia") else plan.codes[0][: len(region)],
        people=people, seed=seed, villages=plan.villages,
        villages_with_people=int((plan.population > 0).sum()), chunks=len(chunks),
        rows=dict.fromkeys(TABLES, 0),
    )
    writers: dict[str, pq.ParquetWriter] = {}
    done = 0
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            pending: list[Future[dict[str, pa.Table]]] = []
            queue = iter(enumerate(chunks))
            for _ in range(max(1, workers) + 1):
                nxt = next(queue, None)
                if nxt is not None:
                    pending.append(pool.submit(_chunk, plan, nxt[1][0], nxt[1][1], seed, nxt[0]))
            while pending:
                tables = pending.pop(0).result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.append(pool.submit(_chunk, plan, nxt[1][0], nxt[1][1], seed, nxt[0]))
                for name, table in tables.items():
                    if name not in writers:
                        path = outdir / f"{name}.parquet"
                        dict_cols = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
                        writers[name] = pq.ParquetWriter(
                            path, table.schema, compression=compression, use_dictionary=dict_cols
                        )
                        summary.files[name] = str(path)
                    writers[name].write_table(table, row_group_size=max(table.num_rows, 1))
                    summary.rows[name] += table.num_rows
                done += tables["people"].num_rows
                if progress is not None:
                    progress(done, people)
    finally:
        for w in writers.values():
            w.close()
    summary.seconds = time.perf_counter() - started
    with open(outdir / "manifest.json", "w", encoding="utf-8") as fh:
        json.dump(summary.as_json() | {"chunk_rows": chunk_rows}, fh, indent=2)
    return summary
