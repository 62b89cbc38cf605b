"""One chunk of the country-scale generator behind ``lokus synth``: four Arrow tables for a run of villages.

Tables (see :mod:`lokus.synth._write` for the files):

- ``people``: one row per person, P3KE column names (``lokus ingest registry`` reads it as P3KE
  unchanged): valid NIKs (kecamatan code + birth date, +40 for women + a serial), KK numbers,
  ``id_keluarga_p3ke``, welfare decile, housing, program flags.
- ``households``: one row per household (id, KK, village, decile, size, head's NIK, housing).
- ``measurements``: one row per measured under-five (canonical measurement columns: nik, name, sex,
  birth_date, measure_date, weight_kg, lenhei_cm, measure, village_code, kk), lengths and weights read
  off the WHO tables (:func:`lokus.synth._body.body_from_z`) so that z-scores recover the drawn ones.
- ``recipients``: program recipient lists (program, nik, no_kk, nama, kode_wilayah).

How it is fast: every chunk is generated from its own random stream (seed, chunk number); categorical
columns are small-integer codes drawn from 16-bit random words through lookup tables (no floats, no
per-row Python strings) and written as Arrow dictionary arrays; correlated columns are derived
arithmetically; identifiers are fixed-width byte matrices built from lookup tables of ASCII digit pairs
and whole ``DDMMYY`` dates, handed to Arrow without copying.

NIK and KK serials are unique without any cross-chunk state: a person's serial is ``1 + i mod 9999``
where ``i`` is their index in their kecamatan, and people whose serials coincide (``i`` in different
blocks of 9,999) get birth dates in different residues modulo the number of blocks — a shift of at
most a few days.
"""

from __future__ import annotations

import math
from datetime import date
from statistics import NormalDist

import numpy as np
import pyarrow as pa

from lokus.demo._names import FAMILY, FEMALE, MALE
from lokus.synth._body import body_from_z
from lokus.synth._encode import (
    DATE_FROM,
    dict_array,
    four_digits,
    lut,
    six_digit_dates,
    strings,
    take_rows,
    two_digits,
)
from lokus.synth._plan import SERIAL_MAX, VillagePlan

__all__ = ["PROGRAMS", "TABLES", "generate_chunk"]

REFERENCE_DATE = date(2022, 6, 30)  # the registry's data date (as the demo)
MEASURE_DATE = date(2022, 8, 1)  # bulan timbang Agustus 2022
EXTREME_SHARE = 0.034  # decile 1 share (as the demo: Lampung Barat extreme poverty 2022)
POOR_SHARE = 0.1282  # deciles 1-2 share (poverty rate P0 2021)
MEASURED = 0.85  # share of under-fives measured
_EPOCH = date(1970, 1, 1)
_REF_DAYS = (REFERENCE_DATE - _EPOCH).days
_MEASURE_DAYS = (MEASURE_DATE - _EPOCH).days
_KK_FROM = (date(2005, 1, 1) - _EPOCH).days
_U16 = 65536

_SIZES = np.array([1, 2, 3, 4, 5, 6, 7, 8], dtype=np.int32)
_SIZE_P = np.array([0.08, 0.17, 0.24, 0.25, 0.14, 0.07, 0.03, 0.02])
_SIZE_LUT = _SIZES[lut(np.cumsum(_SIZE_P), 16)]
_SIZE_MEAN = float((_SIZES * _SIZE_P).sum())
_SIZE_VAR = float(((_SIZES - _SIZE_MEAN) ** 2 * _SIZE_P).sum())
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
# (2, 4096) per attribute: row 0 for deciles 1-2, row 1 otherwise; indexed by a 12-bit random number.
_HOUSING_LUT = [np.stack([lut(np.cumsum(pp)), lut(np.cumsum(pr))]).ravel() for _, _, pp, pr in _HOUSING]
_HOUSING_DICTS = {col: pa.array(opts) for col, opts, _, _ in _HOUSING}


def _by_decile(*pairs: tuple[int, float], other: float) -> np.ndarray:
    """A uint32 threshold per decile (index 0-10): P(flag) * 65536, from (highest decile, p) pairs."""
    p = np.full(11, other)
    for top, value in reversed(pairs):
        p[: top + 1] = value
    return np.round(p * _U16).astype(np.uint32)


_FLAGS: tuple[tuple[str, np.ndarray], ...] = (
    ("penerima_bpnt", _by_decile((2, 0.3), (4, 0.1), other=0.02)),
    ("penerima_bpum", _by_decile(other=0.03)),
    ("penerima_bst", _by_decile((3, 0.2), other=0.03)),
    ("penerima_pkh", _by_decile((1, 0.55), (2, 0.4), (4, 0.15), other=0.03)),
    ("penerima_sembako", _by_decile((1, 0.6), (2, 0.45), (4, 0.2), other=0.04)),
    ("penerima_pbi_jkn", _by_decile((2, 0.75), (5, 0.45), other=0.05)),
)
_RELATION = pa.array(["Kepala Keluarga", "Istri", "Suami", "Anak", "Orang Tua"])
# relation code by (role * 2 + head is male): role 0 head, 1 spouse, 2 elder, 3 child
_RELATION_OF = np.array([0, 0, 2, 1, 4, 4, 3, 3], dtype=np.int8)
_KAWIN = pa.array(["Kawin", "Belum Kawin", "Cerai Mati"])
_WORK = pa.array(["Belum/Tidak Bekerja", "Pelajar/Mahasiswa", "Tidak Bekerja", "Petani/Pekebun", "Buruh Tani",
                  "Wiraswasta", "Mengurus Rumah Tangga", "Pedagang", "Buruh Harian Lepas"])
_WORK_ADULT_LUT = (3 + lut(np.cumsum([0.4, 0.15, 0.1, 0.2, 0.05, 0.1, 1.0]))).astype(np.int8)
_SCHOOL = pa.array(["Belum Sekolah", "SD/Sederajat", "SMP/Sederajat", "SMA/Sederajat", "Diploma/S1"])
_SCHOOL_ADULT_LUT = (1 + lut(np.cumsum([0.4, 0.28, 0.25, 0.07, 1.0]))).astype(np.int8)
_GIVEN = tuple(g.upper() for g in (*MALE, *FEMALE))
_FULL_NAMES = [f"{g} {f.upper()}".rstrip() for g in _GIVEN for f in FAMILY]  # FAMILY repeats "" (no family name)
_NAMES_UNIQUE = list(dict.fromkeys(_FULL_NAMES))
# A unique dictionary: Arrow's Parquet writer leaves stray bytes in the dictionary page of a dictionary
# array with repeated values, which made the files differ byte for byte from run to run.
_NAMES = pa.array(_NAMES_UNIQUE)
_NAME_CODE = np.array([{v: i for i, v in enumerate(_NAMES_UNIQUE)}[x] for x in _FULL_NAMES], dtype=np.int16)
_ADDRESS = pa.array([f"Dusun {d}, RT 00{r}" for d in range(1, 6) for r in range(1, 10)])
_YA_TIDAK = pa.array(["Tidak", "Ya"])
_SEX_NAMES = pa.array(["Laki-laki", "Perempuan"])

# Programs: (code, unit, share of eligible listed, share of others listed)
PROGRAMS: tuple[tuple[str, str, float, float], ...] = (
    ("PKH", "household", 0.62, 0.04), ("SEMBAKO", "household", 0.66, 0.05), ("PBI_JKN", "person", 0.78, 0.06),
    ("BLT_DD", "household", 0.55, 0.01), ("PIP", "person", 0.58, 0.03), ("RTLH", "household", 0.18, 0.004),
    ("AIR_BERSIH", "household", 0.25, 0.01), ("SANITASI", "household", 0.3, 0.01),
)
_PROGRAM_NAMES = pa.array([p[0] for p in PROGRAMS])
TABLES = ("people", "households", "measurements", "recipients")


def _words(rng: np.random.Generator, rows: int, n: int) -> np.ndarray:
    """(rows, n) uniform uint16 random words from one call."""
    return np.frombuffer(rng.bytes(2 * rows * n), dtype=np.uint16).reshape(rows, n)


def _below(words: np.ndarray, p: float | np.ndarray) -> np.ndarray:
    """True with probability ``p`` for each uniform 16-bit word."""
    return words < np.round(np.asarray(p) * _U16).astype(np.uint32)


def _dates(days: np.ndarray, female: np.ndarray | int) -> np.ndarray:
    """(n, 3) uint16: ``DDMMYY`` of day numbers, +40 on the day for women (NIK)."""
    table = six_digit_dates()
    flat = table.reshape(-1, 3)
    return take_rows(flat, np.asarray(female, dtype=np.int64) * table.shape[1] + (days - DATE_FROM))


def _date32(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype(np.int32, copy=False), type=pa.int32()).view(pa.date32())


def generate_chunk(plan: VillagePlan, v0: int, v1: int, seed: int, number: int) -> dict[str, pa.Table]:
    """The four tables for villages ``v0:v1`` of ``plan``, from the random stream (seed, number)."""
    rng = np.random.default_rng([seed, 1, number])
    pops = plan.population[v0:v1]
    nv = v1 - v0
    n = int(pops.sum())
    vloc = np.repeat(np.arange(nv, dtype=np.int32), pops)
    vstart = np.cumsum(pops) - pops

    # Households: a running sequence of drawn sizes, also cut at every village boundary.
    k = n // 3 + 16
    sizes = _SIZE_LUT[_words(rng, 1, k)[0]]
    cum = np.cumsum(sizes)
    mark = np.zeros(n, dtype=bool)
    mark[cum[cum < n]] = True
    mark[vstart[pops > 0]] = True
    hstart = np.flatnonzero(mark)
    nh = len(hstart)
    hh = np.repeat(np.arange(nh, dtype=np.int32), np.diff(np.append(hstart, n)))
    hsize = np.diff(np.append(hstart, n))
    member = (np.arange(n) - hstart[hh]).astype(np.int32)
    hv = vloc[hstart]

    # Welfare and decile (fixed national cut points of the standardised latent welfare).
    normal = rng.standard_normal((4, nh), dtype=np.float32)
    welfare = (-plan.effect[v0:v1][hv] + 0.75 * normal[0] - 0.12 * (hsize - _SIZE_MEAN)) / _WELFARE_SD
    hdec = (1 + np.searchsorted(_DECILE_CUTS, welfare, side="left")).astype(np.int8)
    rich = (hdec > 2).astype(np.int32) << 12
    hw = _words(rng, len(_HOUSING) + len(_FLAGS) + 4, nh)
    housing = {col: _HOUSING_LUT[i][rich | (hw[i] >> 4)] for i, (col, _, _, _) in enumerate(_HOUSING)}
    base = len(_HOUSING)
    hflags = {f: hw[base + i] < thr[hdec] for i, (f, thr) in enumerate(_FLAGS)}
    base += len(_FLAGS)
    head_male = _below(hw[base], np.where(hsize == 1, 0.55, 0.9))
    has_spouse = (hsize >= 2) & _below(hw[base + 1], 0.9)
    elder_last = (hsize >= 4) & _below(hw[base + 2], 0.08)
    head_age = np.clip(44 + 12 * normal[1], 19, 90)
    spouse_age = np.clip(head_age - 3 + 4 * normal[2], 17, 90)
    elder_age = np.clip(head_age + 26 + 4 * normal[3], 55, 98)
    child_span = np.clip(head_age - 18, 0.2, 28)

    # People: role 0 head, 1 spouse, 2 elder (last member), 3 child.
    role = np.full(n, 3, dtype=np.int8)
    role[hstart[elder_last] + hsize[elder_last] - 1] = 2
    role[hstart[has_spouse] + 1] = 1
    role[hstart] = 0
    pw = _words(rng, 8, n)
    adult_age = np.stack([head_age, spouse_age, elder_age], axis=1).ravel()
    age = np.where(role < 3, adult_age[hh * 3 + np.minimum(role, 2)],
                   pw[0].astype(np.float32) * (1 / _U16) * child_span[hh])
    hm = head_male[hh]
    male = np.where(role < 2, hm ^ (role == 1), pw[1] < 32768)
    female = ~male
    rel = _RELATION_OF[role * 2 + hm]

    # NIK serials: unique within the kecamatan without cross-chunk state (see the module docstring).
    kec = plan.kec_index[v0:v1][vloc]
    i_kec = np.arange(n) - (vstart - plan.offset_in_kec[v0:v1])[vloc]
    blocks = plan.blocks[kec]
    age_days = np.floor(age * 365.25).astype(np.int64)
    if int(plan.blocks[plan.kec_index[v0:v1]].max()) > 1:
        age_days = age_days - age_days % blocks + i_kec // SERIAL_MAX
    birth = _REF_DAYS - age_days
    serials = four_digits()
    nik = np.empty((n, 8), dtype=np.uint16)
    nik[:, :3] = take_rows(plan.kec_digits, kec)
    nik[:, 3:6] = _dates(birth, female)
    nik.view(np.uint32)[:, 3] = serials[1 + i_kec % SERIAL_MAX]

    # KK: the head's kecamatan index gives the serial; the issue date carries the block.
    head_i = i_kec[hstart]
    hkec = kec[hstart]
    hblocks = plan.blocks[hkec]
    issued = (hw[base + 3].astype(np.int64) * (17 * 365)) >> 16
    issued = _KK_FROM + issued - issued % hblocks + head_i // SERIAL_MAX
    kk = np.empty((nh, 8), dtype=np.uint16)
    kk[:, :3] = take_rows(plan.kec_digits, hkec)
    kk[:, 3:6] = _dates(issued, 0)
    kk.view(np.uint32)[:, 3] = serials[1 + head_i % SERIAL_MAX]

    # id_keluarga_p3ke = P3KE + village digits + household number in the village (6 digits).
    pairs = two_digits()
    vdig = plan.code_digits[v0:v1]
    hnum = np.arange(nh) - np.searchsorted(hv, np.arange(nv))[hv] + 1
    hid = np.empty((nh, 20), dtype=np.uint8)
    hid[:, :4] = np.frombuffer(b"P3KE", dtype=np.uint8)
    hid[:, 4:14] = take_rows(vdig, hv)
    hid[:, 14:] = np.stack([pairs[hnum // 10000 % 100], pairs[hnum // 100 % 100], pairs[hnum % 100]],
                           axis=1).view(np.uint8)
    pid = np.empty((n, 23), dtype=np.uint8)
    pid[:, :20] = take_rows(hid, hh)
    pid[:, 20] = ord("-")
    pid[:, 21:] = pairs[member + 1].view(np.uint8).reshape(n, 2)

    pregnant = female & (age >= 17) & (age <= 42) & _below(pw[2], 0.035)
    disability = _below(pw[3], np.where(age > 60, 0.08, 0.015))
    n_fam = len(FAMILY)
    given = ((pw[4].astype(np.int32) * len(MALE)) >> 16) + np.where(male, 0, len(MALE))
    name_idx = _NAME_CODE[given * n_fam + ((pw[5].astype(np.int32) * n_fam) >> 16)]
    kawin = (role >= 2).astype(np.int8)
    kawin[(role == 0) & ~has_spouse[hh] & (age > 40)] = 2
    work = _WORK_ADULT_LUT[pw[6] >> 4]
    work[age > 70] = 2
    work[age < 19] = 1
    work[age < 6] = 0
    school = _SCHOOL_ADULT_LUT[pw[7] >> 4]
    school[age < 13] = 1
    school[age < 7] = 0
    young_or_pregnant = np.zeros(nh, dtype=bool)
    young_or_pregnant[hh[(age < 5) | pregnant]] = True
    risk = young_or_pregnant & (hdec <= 3)

    vcode_digits = strings(vdig)
    nik_a = strings(nik)
    kk_a = strings(kk)
    hid_a = strings(hid)
    people = pa.table({
        "id_keluarga_p3ke": dict_array(hh, hid_a, np.int32),
        "provinsi": dict_array(plan.prov_idx[v0:v1][vloc], plan.prov_names, np.int32),
        "kabupaten_kota": dict_array(plan.kab_idx[v0:v1][vloc], plan.kab_names, np.int32),
        "kecamatan": dict_array(plan.kec_name_idx[kec], plan.kec_names, np.int32),
        "desa_kelurahan": dict_array(plan.name_idx[v0:v1][vloc], plan.names, np.int32),
        "kode_kemdagri": dict_array(vloc, vcode_digits, np.int32),
        "desil_kesejahteraan": pa.array(hdec[hh]),
        "alamat": dict_array((hh % 5) * 9 + hh % 9, _ADDRESS),
        "id_individu": strings(pid),
        "no_kk": dict_array(hh, kk_a, np.int32),
        "nik": nik_a,
        "nama": dict_array(name_idx, _NAMES),
        "padan_dukcapil": dict_array(np.ones(n, dtype=np.int8), _YA_TIDAK),
        "jenis_kelamin": dict_array(female.view(np.int8), _SEX_NAMES),
        "hubungan_dengan_kepala_keluarga": dict_array(rel, _RELATION),
        "tanggal_lahir": _date32(birth),
        "status_kawin": dict_array(kawin, _KAWIN),
        "pekerjaan": dict_array(work, _WORK),
        "pendidikan": dict_array(school, _SCHOOL),
        **{col: dict_array(housing[col][hh], _HOUSING_DICTS[col]) for col, _, _, _ in _HOUSING},
        "disabilitas": dict_array(disability.view(np.int8), _YA_TIDAK),
        "hamil": dict_array(pregnant.view(np.int8), _YA_TIDAK),
        **{f: dict_array(hflags[f][hh].view(np.int8), _YA_TIDAK) for f, _ in _FLAGS},
        "resiko_stunting": dict_array(risk[hh].view(np.int8), _YA_TIDAK),
    })

    households = pa.table({
        "id_keluarga_p3ke": hid_a,
        "no_kk": kk_a,
        "kode_kemdagri": dict_array(hv, vcode_digits, np.int32),
        "desil_kesejahteraan": pa.array(hdec),
        "jumlah_anggota": pa.array(hsize.astype(np.int16)),
        "nik_kepala_keluarga": strings(take_rows(nik, hstart)),
        **{col: dict_array(housing[col], _HOUSING_DICTS[col]) for col, _, _, _ in _HOUSING},
    })

    measurements = _measurements(rng, plan, v0, v1, vloc, hh, hdec, birth, male, nik, kk, name_idx)
    recipients = _recipients(rng, vloc, hh, hstart, hdec, age, pregnant, disability, hflags, housing,
                             nik, kk, name_idx, vcode_digits)
    return {"people": people, "households": households, "measurements": measurements, "recipients": recipients}


def _measurements(rng: np.random.Generator, plan: VillagePlan, v0: int, v1: int, vloc: np.ndarray, hh: np.ndarray,
                  hdec: np.ndarray, birth: np.ndarray, male: np.ndarray, nik: np.ndarray, kk: np.ndarray,
                  name_idx: np.ndarray) -> pa.Table:
    # Children who can be under five (0-1825 days) on some day of the weighing month.
    young = np.flatnonzero((birth > _MEASURE_DAYS - 1826) & (birth <= _MEASURE_DAYS + 27))
    w = _words(rng, 2, len(young))
    measured_on = _MEASURE_DAYS + ((w[0].astype(np.int32) * 28) >> 16)
    age = measured_on - birth[young]
    keep = (age >= 0) & (age < 1826) & _below(w[1], MEASURED)
    pick, age, measured_on = young[keep], age[keep], measured_on[keep]
    sex = np.where(male[pick], 1, 2)
    shift = -0.35 * plan.effect[v0:v1][vloc[pick]] - 0.3 * (hdec[hh[pick]] <= 2)
    z = rng.standard_normal((2, len(pick)))
    height, weight, recumbent = body_from_z(age, sex, -0.95 + shift + z[0], -0.25 + 0.2 * shift + 0.95 * z[1])
    return pa.table({
        "nik": strings(take_rows(nik, pick)),
        "name": dict_array(name_idx[pick], _NAMES),
        "sex": dict_array(sex - 1, pa.array(["L", "P"])),
        "birth_date": _date32(birth[pick]),
        "measure_date": _date32(measured_on),
        "weight_kg": pa.array(weight),
        "lenhei_cm": pa.array(height),
        "measure": dict_array(np.where(recumbent, 0, 1), pa.array(["l", "h"])),
        "village_code": dict_array(vloc[pick], plan.code_dotted.slice(v0, v1 - v0), np.int32),
        "kk": strings(take_rows(kk, hh[pick])),
    })


def _recipients(rng: np.random.Generator, vloc: np.ndarray, hh: np.ndarray, hstart: np.ndarray, hdec: np.ndarray,
                age: np.ndarray, pregnant: np.ndarray, disability: np.ndarray, hflags: dict[str, np.ndarray],
                housing: dict[str, np.ndarray], nik: np.ndarray, kk: np.ndarray, name_idx: np.ndarray,
                vcodes: pa.Array) -> pa.Table:
    nh, n = len(hstart), len(hh)
    member_pkh = np.zeros(nh, dtype=bool)
    member_pkh[hh[pregnant | (age < 19) | (age >= 60) | disability]] = True
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
    hw = _words(rng, len(PROGRAMS), nh)
    pw = _words(rng, 2, n)
    rows: list[np.ndarray] = []
    progs: list[np.ndarray] = []
    n_person = 0
    for code_idx, (code, unit, hit, miss) in enumerate(PROGRAMS):
        thr = np.array([round(miss * _U16), round(hit * _U16)], dtype=np.uint32)
        if unit == "household":
            listed = hstart[hw[code_idx] < thr[eligible_hh[code].view(np.int8)]]
        else:
            listed = np.flatnonzero(pw[n_person] < thr[eligible_person[code].view(np.int8)])
            n_person += 1
        rows.append(listed)
        progs.append(np.full(len(listed), code_idx, dtype=np.int8))
    who = np.concatenate(rows)
    return pa.table({
        "program": dict_array(np.concatenate(progs), _PROGRAM_NAMES),
        "nik": strings(take_rows(nik, who)),
        "no_kk": strings(take_rows(kk, hh[who])),
        "nama": dict_array(name_idx[who], _NAMES),
        "kode_wilayah": dict_array(vloc[who], vcodes, np.int32),
    })
