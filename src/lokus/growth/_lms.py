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


def round_r2(x: np.ndarray) -> np.ndarray:
    """R (>= 4.0.0) ``round(x, 2)``: the candidate nearer in double precision, ties to the even cent.

    Not ``numpy.round`` nor Python ``round``: those differ from R on decimal ties such as -14.795
    (R gives -14.80). NaN and ±Inf pass through. Ties are rare, so their parity test runs on the few
    rows that need it.
    """
    with np.errstate(all="ignore"):
        a = np.abs(x)
        x10 = a * 100
        i10 = np.floor(x10)
        c10 = np.ceil(x10)
        du = c10 / 100 - a
        dd = a - i10 / 100
        up = du < dd
        tie = np.flatnonzero(du == dd)
        if tie.size:
            up[tie] = np.fmod(i10[tie], 2) == 1
        # i10 + up * (c10 - i10) is i10 or c10 exactly (small integers), so out is xd or xu bit for bit.
        out = (i10 + up * (c10 - i10)) / 100
        np.copysign(out, x, out=out)
    inf = np.isinf(x)
    if inf.any():
        out[inf] = x[inf]
    return out
