"""Design-based variance of weighted ratio means by Taylor linearisation.

Estimator of a (domain) mean of ``d``: ``R_g = Σ w_k d_k 1[k∈g] / Σ w_k 1[k∈g]``. Its linearised
score is ``u_k = w_k 1[k∈g] (d_k − R_g) / X_g`` with ``X_g = Σ w_k 1[k∈g]``. With PSUs ``i`` drawn
with replacement within strata ``h`` (``n_h`` PSUs), summing the score per PSU, ``e_hi = Σ_{k∈hi} u_k``:

    V(R_g) = Σ_h n_h/(n_h − 1) · Σ_i (e_hi − ē_h)²
           = Σ_h n_h/(n_h − 1) · (Σ_i e_hi² − (Σ_i e_hi)² / n_h)

which is what Stata ``svy: mean`` / ``svy, subpop()`` and R ``survey::svymean``/``svyby`` compute.
Domains use the whole design (a PSU with no member of the domain contributes ``e_hi = 0``).
Without PSUs each row is its own PSU; without strata there is one stratum. A stratum with a
single PSU makes the variance undefined: the standard error is NA (Stata's default behaviour).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class DesignIndex:
    """Integer codes of a design: stratum and PSU per row, and the number of PSUs per stratum."""

    stratum: IntArray  # per row, 0..H-1
    psu: IntArray  # per row, 0..P-1 (unique across strata)
    psu_stratum: IntArray  # per PSU, its stratum
    psus_per_stratum: IntArray  # per stratum, n_h

    @property
    def n_strata(self) -> int:
        return int(self.psus_per_stratum.size)

    @property
    def n_psu(self) -> int:
        return int(self.psu_stratum.size)

    @property
    def has_singleton(self) -> bool:
        return bool((self.psus_per_stratum < 2).any())


def design_index(strata: npt.ArrayLike | None, psu: npt.ArrayLike | None, n: int) -> DesignIndex:
    """Codes for ``strata`` and ``psu`` labels (either may be None)."""
    if strata is None:
        h = np.zeros(n, dtype=np.int64)
    else:
        _, h = np.unique(np.asarray(strata).astype(str), return_inverse=True)
        h = h.astype(np.int64)
    if psu is None:
        p_label = np.arange(n, dtype=np.int64)
    else:
        _, p_label = np.unique(np.asarray(psu).astype(str), return_inverse=True)
    # A PSU is identified within its stratum: combine the two codes.
    combined = h * (int(np.max(p_label, initial=0)) + 1) + p_label.astype(np.int64)
    _, first, p = np.unique(combined, return_index=True, return_inverse=True)
    psu_stratum = h[first]
    n_h = np.bincount(psu_stratum, minlength=int(h.max(initial=0)) + 1).astype(np.int64)
    return DesignIndex(h, p.astype(np.int64), psu_stratum.astype(np.int64), n_h)


def ratio_means(
    d: FloatArray, w: FloatArray, group: IntArray, n_groups: int
) -> tuple[FloatArray, FloatArray]:
    """Weighted domain means ``R_g`` and domain weight totals ``X_g`` (R is NaN when X is 0)."""
    x = np.bincount(group, weights=w, minlength=n_groups)
    y = np.bincount(group, weights=w * d, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(x > 0, y / np.where(x > 0, x, 1.0), np.nan)
    return r.astype(np.float64), x.astype(np.float64)


def linearised_variance(
    d: FloatArray, w: FloatArray, group: IntArray, n_groups: int, design: DesignIndex
) -> tuple[FloatArray, FloatArray]:
    """Domain means and their Taylor-linearised variances (NaN with a singleton stratum or X = 0)."""
    r, x = ratio_means(d, w, group, n_groups)
    safe_x = np.where(x > 0, x, 1.0)
    r0 = np.nan_to_num(r)
    u = w * (d - r0[group]) / safe_x[group]
    # e_{p,g}: scores summed per (PSU, domain) pair that occurs; absent pairs are 0 and add nothing
    # to Σ e² or Σ e, so the sparse sums below equal the dense formula.
    key = design.psu * n_groups + group
    pairs, inverse = np.unique(key, return_inverse=True)
    e = np.bincount(inverse, weights=u, minlength=pairs.size)
    pair_psu = pairs // n_groups
    pair_group = pairs % n_groups
    pair_stratum = design.psu_stratum[pair_psu]
    n_strata = design.n_strata
    sg = pair_stratum * n_groups + pair_group
    sum_e = np.bincount(sg, weights=e, minlength=n_strata * n_groups).reshape(n_strata, n_groups)
    sum_e2 = np.bincount(sg, weights=e * e, minlength=n_strata * n_groups).reshape(n_strata, n_groups)
    n_h = design.psus_per_stratum.astype(np.float64)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(n_h > 1, n_h / (n_h - 1), np.nan)
        per_stratum = factor * (sum_e2 - sum_e**2 / n_h)
    v = per_stratum.sum(axis=0)
    v = np.where(x > 0, np.maximum(v, 0.0), np.nan)
    return r, v
