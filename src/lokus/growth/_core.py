"""WHO 2006 z-scores for whole columns: the algorithm of the WHO ``anthro`` R package (v1.1.0).

Every step follows ``shared/docs/who-anthro-algorithm.md`` (sections in brackets). Inputs are already
cleaned NumPy arrays (see :mod:`lokus.growth._inputs`): ``sex`` 0 (missing) / 1 / 2, ``age_days``
float with NaN, ``weight`` and ``lenhei`` float with NaN, ``measure`` 0 (missing) / 1 ("l") / 2 ("h"),
``oedema`` bool. No Python loop runs per row.
"""

from __future__ import annotations

import ctypes
import os
import platform
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lokus.growth._lms import round_r2, z_raw, z_restricted
from lokus.growth._tables import AGE_DAYS_MAX, LEN_KEY_MIN, age_table, length_tables

__all__ = ["DAYS_PER_MONTH", "FLAG_NA", "MEASURE_L", "MEASURE_H", "ZScores", "compute", "round_half_up"]

DAYS_PER_MONTH = 30.4375  # 365.25 / 12
MEASURE_L, MEASURE_H = 1, 2
_CHUNK = 32_768  # rows per block: temporaries (256 KiB each) stay in cache; blocks run on threads. 131,072
# measured 35% more CPU on 400k rows (0.13 against 0.084 s on one thread, this 2-core machine)


@dataclass(frozen=True)
class ZScores:
    """Output columns, named as in ``anthro_zscores``. Flags are int8 0/1, with -1 for NA (z is NaN)."""

    clenhei: np.ndarray
    cbmi: np.ndarray
    cmeasure: np.ndarray  # int8: 0 NA, 1 "l", 2 "h"
    c9mo_flag: np.ndarray  # int8 0/1
    csex: np.ndarray  # int8: 0 NA, 1, 2
    zlen: np.ndarray
    flen: np.ndarray
    zwei: np.ndarray
    fwei: np.ndarray
    zwfl: np.ndarray
    fwfl: np.ndarray
    zbmi: np.ndarray
    fbmi: np.ndarray


def round_half_up(age: np.ndarray) -> np.ndarray:
    """``anthro``'s ``round_up``: ``floor(x) + (x - floor(x) >= 0.5)``; 730.5 → 731 [§2]."""
    f = np.floor(age)
    return f + ((age - f) >= 0.5)


FLAG_NA = -1


def _flag(z: np.ndarray, low: float, high: float, out: np.ndarray | None = None) -> np.ndarray:
    """1 when the rounded z is outside [low, high] (strictly), 0 inside, -1 (NA) when z is NaN [§6.3].

    Written into ``out`` (int8, same length) when given."""
    f = np.empty(len(z), dtype=np.int8) if out is None else out
    as_bool = f.view(np.bool_)
    with np.errstate(invalid="ignore"):
        np.less(z, low, out=as_bool)
        as_bool |= z > high
    np.copyto(f, FLAG_NA, where=np.isnan(z))
    return f


def _age_indicator(name: str, y: np.ndarray, flat_idx: np.ndarray, valid: np.ndarray,
                   restricted: bool, out: np.ndarray | None = None) -> np.ndarray:
    """Age-indexed z-score [§7.0]: exact (sex, day) lookup, measure <= 0 → NA, mask, round.

    ``flat_idx`` = (sex - 1) * 1827 + day, 0 where the row is not valid.
    """
    tab = age_table(name)
    m = np.take(tab.m.ravel(), flat_idx)
    s = np.take(tab.s.ravel(), flat_idx)
    with np.errstate(all="ignore"):
        y = np.where(y > 0, y, np.nan)
        if not restricted and tab.l_is_one:
            z = (y / m - 1) / s  # = ((y/M)^1 - 1) / (S * 1), bit for bit
        else:
            l = np.take(tab.l.ravel(), flat_idx)  # noqa: E741
            z = z_restricted(y, l, m, s) if restricted else z_raw(y, l, m, s)
    z[~valid] = np.nan
    return round_r2(z, out)


def _whz(weight: np.ndarray, clenhei: np.ndarray, sex: np.ndarray, age_rd: np.ndarray,
         cmeasure: np.ndarray, base_valid: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Weight-for-length/height [§7.1]: table by age (or measure, or 87 cm), 0.1 cm interpolation."""
    tabs = length_tables()
    size = tabs.l.shape[-1]
    age_na = np.isnan(age_rd)
    with np.errstate(invalid="ignore"):
        use_h = (age_rd >= 731) if not age_na.any() else np.where(
            age_na, np.where(cmeasure != 0, cmeasure == MEASURE_H, clenhei >= 87), age_rd >= 731)
        in_range = np.where(use_h, (clenhei >= 65) & (clenhei <= 120), (clenhei >= 45) & (clenhei <= 110))
        valid = base_valid & in_range  # in_range is False where clenhei is NaN
        c10 = clenhei * 10
        low_key = np.trunc(c10)
        upp_key = np.trunc(c10 + 1)
        low = low_key / 10
        diff = (clenhei - low) / 0.1
        base = (use_h * 2 + (sex.astype(np.intp) - 1)) * size - LEN_KEY_MIN
        li = np.where(valid, base + low_key, 0).astype(np.intp)
        ui = np.where(valid, base + np.minimum(upp_key, LEN_KEY_MIN + size - 1), 0).astype(np.intp)
    interp = diff > 0
    lms = []
    for arr in (tabs.l, tabs.m, tabs.s):
        flat = arr.ravel()
        lo_v = np.take(flat, li)
        up_v = np.take(flat, ui)
        with np.errstate(invalid="ignore"):
            lms.append(np.where(interp, lo_v + diff * (up_v - lo_v), lo_v))
    z = z_restricted(weight, lms[0], lms[1], lms[2])
    z[~valid] = np.nan
    return round_r2(z, out)


def _compute_block(sex: np.ndarray, age_days: np.ndarray, weight: np.ndarray, lenhei: np.ndarray,
                   measure: np.ndarray, oedema: np.ndarray, *, haz_only: bool = False,
                   out: dict[str, np.ndarray] | None = None) -> ZScores:
    """One block of rows. With ``out`` (one array per :class:`ZScores` field, of this block's length)
    the results are written into those arrays, which the returned :class:`ZScores` holds."""
    n = len(sex)
    dst = out if out is not None else {f: np.empty(n, dtype=_DTYPES[f]) for f in _FIELDS}
    sex = sex.astype(np.int8, copy=False)
    age_rd = round_half_up(age_days)
    with np.errstate(invalid="ignore", divide="ignore"):
        age_mo = age_days / DAYS_PER_MONTH
        # [§3] standing under 9 months (unrounded): measure becomes NA, no +0.7 cm.
        c9 = (measure == MEASURE_H) & (age_mo < 9)
        cmeasure = dst["cmeasure"]
        np.copyto(cmeasure, measure, casting="unsafe")
        np.copyto(cmeasure, 0, where=c9)
        # [§4] length/height standardisation on the rounded age.
        plus = (age_rd < 731) & (cmeasure == MEASURE_H)
        minus = (age_rd >= 731) & (cmeasure == MEASURE_L)
        clenhei = dst["clenhei"]
        np.copyto(clenhei, lenhei)
        np.add(lenhei, 0.7, out=clenhei, where=plus)
        np.subtract(lenhei, 0.7, out=clenhei, where=minus)
        # [§5] BMI for every row.
        h = np.divide(clenhei, 100)
        cbmi = dst["cbmi"]
        cbmi.fill(np.nan)  # a zero length has no BMI
        np.divide(weight, h * h, out=cbmi, where=h > 0)
        # [§2, §7.0] age validity: known age, known sex, 0 <= day <= 1826 (the tables), < 60 months.
        has_sex = sex > 0
        age_ok = has_sex & (age_rd >= 0) & (age_rd <= AGE_DAYS_MAX) & (age_mo < 60)
    np.copyto(dst["c9mo_flag"], c9)
    np.copyto(dst["csex"], sex)
    flat_idx = np.where(age_ok, (sex.astype(np.intp) - 1) * (AGE_DAYS_MAX + 1) + age_rd, 0).astype(np.intp)
    no_oedema = ~oedema
    _age_indicator("len", clenhei, flat_idx, age_ok, restricted=False, out=dst["zlen"])
    if haz_only:  # [§7.0] HAZ needs neither weight nor oedema: the other indicators stay NA
        for name in ("zwei", "zwfl", "zbmi"):
            dst[name].fill(np.nan)
    else:
        _age_indicator("wei", weight, flat_idx, age_ok & no_oedema, restricted=True, out=dst["zwei"])
        _age_indicator("bmi", cbmi, flat_idx, age_ok & no_oedema, restricted=True, out=dst["zbmi"])
        # [§7.1.4] WHZ needs no age, but a known age must be < 60 months (and day <= 1856).
        with np.errstate(invalid="ignore"):
            whz_age_ok = np.isnan(age_days) | ((age_rd <= 1856) & (age_mo < 60))
        _whz(weight, clenhei, sex, age_rd, cmeasure, has_sex & no_oedema & whz_age_ok, out=dst["zwfl"])
    for z_name, f_name, low, high in _FLAG_LIMITS:
        _flag(dst[z_name], low, high, out=dst[f_name])
    return ZScores(**dst)


_MALLOC_ENV = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_")
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)


@lru_cache(maxsize=1)
def reuse_freed_memory() -> bool:
    """Ask glibc's ``malloc`` (Linux) to keep freed blocks for reuse: arrays of up to 32 MB from the heap
    rather than mapped anew, and up to 128 MB of free heap kept rather than returned at once. Without it
    every temporary of a block of rows (256 KB) is mapped, faulted in page by page and unmapped again:
    400,000 rows took 0.14 s with 215,000 page faults against 0.115 s with 50,000, for about 45 MB more peak
    memory (``bench/RESULTS.md``, session 8). Once per process; nothing where the C library is not glibc
    or where the ``MALLOC_*`` environment variables already say how ``malloc`` should behave. Returns
    whether the settings were made."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc" or any(v in os.environ for v in _MALLOC_ENV):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)) and bool(libc.mallopt(_M_TRIM_THRESHOLD, 128 << 20))
    except (OSError, AttributeError):
        return False


def compute(sex: np.ndarray, age_days: np.ndarray, weight: np.ndarray, lenhei: np.ndarray,
            measure: np.ndarray, oedema: np.ndarray, *, threads: int = 2, haz_only: bool = False) -> ZScores:
    """All four indicators with flags and cleaned inputs, for equal-length 1-D arrays.

    With ``haz_only`` only length/height-for-age is computed (the others are NA): what stunting needs.

    Large inputs are cut into blocks computed on ``threads`` threads (NumPy releases the GIL); the
    result does not depend on the block size, since rows are independent.
    """
    reuse_freed_memory()
    n = len(sex)
    arrays = [np.asarray(a) for a in (sex, age_days, weight, lenhei, measure, oedema)]
    if any(len(a) != n for a in arrays):
        raise ValueError("all input arrays must have the same length")
    arrays = [arrays[0].astype(np.int8), *(a.astype(np.float64) for a in arrays[1:4]),
              arrays[4].astype(np.int8), arrays[5].astype(bool)]
    if n <= _CHUNK:
        return _compute_block(*arrays, haz_only=haz_only)
    # Equal blocks, a multiple of ``threads`` of them, so that both threads finish together
    # (400k rows: 4 blocks of 100k rather than 3 of 131,072 and one of 6,784).
    per_thread = -(-n // (_CHUNK * max(threads, 1)))
    blocks_n = per_thread * max(threads, 1)
    size = -(-n // blocks_n)
    bounds = list(range(0, n, size)) + [n]

    # Each block writes straight into its rows of the output columns: no parts, no copies.
    out = {f: np.empty(n, dtype=_DTYPES[f]) for f in _FIELDS}

    def store(i: int) -> None:
        rows = slice(bounds[i], bounds[i + 1])
        _compute_block(*(a[rows] for a in arrays), haz_only=haz_only, out={f: arr[rows] for f, arr in out.items()})

    blocks = range(len(bounds) - 1)
    if threads <= 1:
        for i in blocks:
            store(i)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(store, blocks))
    return ZScores(**out)


_FIELDS = tuple(ZScores.__dataclass_fields__)
_DTYPES = {f: (np.int8 if f in ("cmeasure", "c9mo_flag", "csex", "flen", "fwei", "fwfl", "fbmi") else np.float64)
           for f in _FIELDS}
# [§6.3] flag limits per indicator: |z| beyond these is flagged.
_FLAG_LIMITS = (("zlen", "flen", -6, 6), ("zwei", "fwei", -6, 5), ("zwfl", "fwfl", -5, 5), ("zbmi", "fbmi", -5, 5))
