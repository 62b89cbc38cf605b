"""The LMS z-score, WHO's restricted ±3 SD rule and R's ``round(x, 2)``, as vectorised NumPy.

References: WHO Multicentre Growth Reference Study Group (2006), *WHO Child Growth Standards:
Length/height-for-age, weight-for-age, weight-for-length, weight-for-height and body mass
index-for-age. Methods and development*, Geneva: WHO, chapter 7 ("Computation of centiles and z-scores");
the formulas are written exactly as in the WHO ``anthro`` R package (``R/z-score-helper.R``), operation by
operation, so that results agree bit for bit.
"""

from __future__ import annotations

import numpy as np

__all__ = ["sd_curve", "z_raw", "z_restricted", "round_r2"]


def sd_curve(m: np.ndarray, l: np.ndarray, s: np.ndarray, k: float) -> np.ndarray:  # noqa: E741
    """The measurement at ``k`` SD: ``M (1 + L S k)^(1/L)``."""
    return m * ((1 + l * s * k) ** (1 / l))


def z_raw(y: np.ndarray, l: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:  # noqa: E741
    """LMS z-score ``((y/M)^L - 1) / (S L)`` (WHO 2006, ch. 7). L is never 0 in the WHO tables."""
    with np.errstate(all="ignore"):
        return ((y / m) ** l - 1) / (s * l)


def z_restricted(y: np.ndarray, l: np.ndarray, m: np.ndarray, s: np.ndarray) -> np.ndarray:  # noqa: E741
    """LMS z-score with WHO's restricted rule beyond ±3 SD (weight-for-age, BMI, weight-for-length).

    Beyond +3: ``3 + (y - SD3pos) / (SD3pos - SD2pos)``; below -3: ``-3 + (y - SD3neg) / (SD2neg - SD3neg)``.
    The SD curves are computed only for the few rows that need them.
    """
    z = z_raw(y, l, m, s)
    with np.errstate(all="ignore"):
        hi = np.flatnonzero(z > 3)
        if hi.size:
            lh, mh, sh = l[hi], m[hi], s[hi]
            sd3 = sd_curve(mh, lh, sh, 3)
            z[hi] = 3 + (y[hi] - sd3) / (sd3 - sd_curve(mh, lh, sh, 2))
        lo = np.flatnonzero(z < -3)
        if lo.size:
            ll, ml, sl = l[lo], m[lo], s[lo]
            sd3 = sd_curve(ml, ll, sl, -3)
            z[lo] = -3 + (y[lo] - sd3) / (sd_curve(ml, ll, sl, -2) - sd3)
    return z


def _round_r2_exact(x: np.ndarray) -> np.ndarray:
    """R's ``round(x, 2)`` operation by operation (``x10``, ``xd``, ``xu``, ``du``, ``dd``)."""
    with np.errstate(all="ignore"):
        a = np.abs(x)
        x10 = a * 100
        i10 = np.floor(x10)
        c10 = np.ceil(x10)
        du = c10 / 100 - a
        dd = a - i10 / 100
        up = (du < dd) | ((du == dd) & (np.fmod(i10, 2) == 1))
        out = (i10 + up * (c10 - i10)) / 100
        np.copysign(out, x, out=out)
    inf = np.isinf(x)
    if inf.any():
        out[inf] = x[inf]
    return out


_NEAR_TIE = 1e-6  # |frac(100|x|) - 0.5| at or below this goes through the exact rule
_BIG = 1e6  # and so does every |x| at or above this


def round_r2(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """R (>= 4.0.0) ``round(x, 2)``: the candidate nearer in double precision, ties to the even cent.

    Not ``numpy.round`` nor Python ``round``: those differ from R on decimal ties such as -14.795
    (R gives -14.80). NaN and ±Inf pass through.

    R compares ``du = xu - |x|`` with ``dd = |x| - xd`` in double precision. Away from a tie the
    answer is plain: round up exactly when the fraction of ``100|x|`` exceeds one half. Rounding errors
    of these quantities are below 1e-9 cent for |x| < 1e6, so only rows whose fraction is within 1e-6
    of one half (and huge values) can depend on them: those few rows take R's rule step by step
    (:func:`_round_r2_exact`). The result equals the step-by-step rule bit for bit.

    ``out`` (same shape as ``x``, float64, not ``x`` itself) receives the result when given.
    """
    with np.errstate(all="ignore"):
        out = np.abs(x, out=out)
        big = out >= _BIG
        out *= 100
        i10 = np.floor(out)
        out -= i10  # the fraction (NaN for NaN and ±Inf)
        frac_hi = out > 0.5
        out -= 0.5
        np.abs(out, out=out)
        near = out <= _NEAR_TIE
        near |= big
        np.add(i10, frac_hi, out=out)  # i10 or i10 + 1 = ceil: both exact integers
        out /= 100
        np.copysign(out, x, out=out)
    hard = np.flatnonzero(near)
    if hard.size:
        out[hard] = _round_r2_exact(x[hard])
    return out
