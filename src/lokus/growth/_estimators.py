"""Estimators of ``anthro_prevalence`` (spec §9.3), vectorised over the groups of one partition.

``codes`` assigns each row a group 0…K-1 (or -1 for none); every function returns arrays of length K.
Three designs, chosen as the WHO package does:

* **simple** (no weights, cluster or strata): sample mean, ``se = sqrt(N/(N-1)) / n * sqrt(Σ(x-r)²)``,
  df = N - 1, logit CI ``plogis(logit(p) ± t sqrt(N/(N-1) / (n p (1-p))))``.
* **hybrid** (weights only): ratio estimator ``Σwx/Σw``, linearisation variance
  ``N/(N-1) Σ s_i²`` with ``s_i = w_i (x_i - r) / Σw``, df = N - 1.
* **survey** (cluster and/or strata): the same scores totalled per PSU, stratified ultimate-cluster
  variance ``Σ_h n_h/(n_h-1) Σ_i (z_hi - z̄_h)²``, df = #PSU - #strata (R ``survey``, lonely PSU "adjust").

N is the number of rows of the whole (filtered) data set, not of the group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lokus.growth._tdist import t_quantile

__all__ = ["Design", "Estimate", "estimate", "from_sums", "spread_terms"]


@dataclass(frozen=True)
class Design:
    """The sample design of the filtered rows. ``psu``/``stratum_of_psu`` only for the survey path."""

    kind: str  # "simple" | "hybrid" | "survey"
    n_rows: int
    weights: np.ndarray | None = None
    psu: np.ndarray | None = None  # PSU index 0…P-1 per row
    stratum_of_psu: np.ndarray | None = None  # stratum index 0…H-1 per PSU

    @property
    def df(self) -> float:
        if self.kind == "survey" and self.psu is not None and self.stratum_of_psu is not None:
            return float(len(self.stratum_of_psu) - len(np.unique(self.stratum_of_psu)))
        return float(self.n_rows - 1)


@dataclass(frozen=True)
class Estimate:
    pop: np.ndarray
    unwpop: np.ndarray
    r: np.ndarray
    se: np.ndarray
    ll: np.ndarray
    ul: np.ndarray
    stdev: np.ndarray


def _survey_var(design: Design, codes: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Stratified ultimate-cluster variance of the per-row ``scores`` for each of the ``k`` groups."""
    psu, strat = design.psu, design.stratum_of_psu
    if psu is None or strat is None:
        raise ValueError("survey design without PSUs")
    n_psu = len(strat)
    inside = codes >= 0
    totals = np.bincount(codes[inside] * n_psu + psu[inside], weights=scores[inside],
                         minlength=k * n_psu).reshape(k, n_psu)
    n_h = np.bincount(strat).astype(np.float64)
    h_means = np.stack([np.bincount(strat, weights=row, minlength=len(n_h)) for row in totals]) / n_h
    centre = h_means[:, strat]
    lonely = n_h[strat] == 1
    if lonely.any():  # survey.lonely.psu = "adjust": centre a lone PSU at the grand mean of PSU totals
        centre[:, lonely] = (totals.sum(axis=1) / n_psu)[:, None]
    scale = np.where(n_h > 1, n_h / np.maximum(n_h - 1, 1), 1.0)[strat]
    return ((totals - centre) ** 2 * scale).sum(axis=1)


def interval(
    r: np.ndarray, se: np.ndarray, n: np.ndarray, t: float, scale: float, *, simple: bool, proportion: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Estimate, standard error and 95% limits per group, as WHO ``anthro`` reports them.

    ``r``, ``se``, ``n``: float arrays of one length (groups); ``t``: the Student t quantile for the design's
    degrees of freedom; ``scale``: N/(N-1). A mean gets the Wald interval ``r ± t·se``. A proportion (0/1
    indicator, ``r`` in 0..1) gets the logit interval of R ``survey::svyciprop(method = "logit")`` — for the
    simple design with the binomial variance ``scale / (n·r·(1-r))`` on the logit scale, as WHO ``anthro``'s
    ``anthro_prevalence`` computes it — and 0/1 limits at r = 0/1; proportions are returned in percent.
    Called with NumPy floating-point errors silenced by the caller (empty groups give NaN).
    """
    if not proportion:
        return r, se, r - t * se, r + t * se
    se_logit = np.sqrt(scale * (1 / (n * r * (1 - r)))) if simple else se / (r * (1 - r))
    logit = np.log(r / (1 - r))
    ll = 1 / (1 + np.exp(-(logit - t * se_logit)))
    ul = 1 / (1 + np.exp(-(logit + t * se_logit)))
    ll = np.where(r == 0, 0.0, np.where(r == 1, 1.0, ll))
    ul = np.where(r == 0, 0.0, np.where(r == 1, 1.0, ul))
    return r * 100, se * 100, ll * 100, ul * 100


def estimate(design: Design, codes: np.ndarray, x: np.ndarray, k: int, proportion: bool) -> Estimate:
    """Mean (z-score) or proportion (0/1 indicator, returned in percent) of ``x`` per group."""
    valid = (codes >= 0) & ~np.isnan(x)
    c, xv = codes[valid], x[valid]
    n = np.bincount(c, minlength=k).astype(np.float64)
    with np.errstate(all="ignore"):
        if design.kind == "simple":
            w = np.ones_like(xv)
        else:
            if design.weights is None:
                raise ValueError("weighted design without weights")
            w = design.weights[valid]
        sw = np.bincount(c, weights=w, minlength=k)
        r = np.bincount(c, weights=w * xv, minlength=k) / sw
        first, second = spread_terms(design.kind, c, xv, w, r, sw)
        if design.kind == "simple":
            spread = np.bincount(c, weights=first, minlength=k)
            square = spread
        elif design.kind == "hybrid":
            square = np.bincount(c, weights=first, minlength=k)
            spread = np.bincount(c, weights=second, minlength=k)
        else:
            full = np.zeros(len(x))
            full[valid] = w * (xv - r[c]) / sw[c]
            square = _survey_var(design, np.where(valid, codes, -1), full, k)
            spread = np.bincount(c, weights=second, minlength=k)
    return from_sums(design.kind, design.n_rows, design.df, n, sw, r, square, spread, proportion)


def spread_terms(kind: str, c: np.ndarray, xv: np.ndarray, w: np.ndarray, r: np.ndarray, sw: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Per used row, the terms summed per group once the means ``r`` are known: the squared deviation
    ``(x - r)²`` (simple design), or the squared linearisation score ``s² = (w (x - r) / Σw)²`` (weighted),
    and the weighted squared deviation ``w / Σw · (x - r)²`` of the SD. ``c``: group of each row."""
    dev = xv - r[c]
    if kind == "simple":
        return dev * dev, dev * dev
    s = w * dev / sw[c]
    return s * s, w / sw[c] * dev * dev


def from_sums(kind: str, big_n: int, df: float, n: np.ndarray, sw: np.ndarray, r: np.ndarray, square: np.ndarray,
              spread: np.ndarray, proportion: bool) -> Estimate:
    """The estimates from the per-group sums: ``n`` rows used, ``sw`` = Σw, ``r`` = Σwx / Σw, ``square`` = Σ of
    the first term of :func:`spread_terms` (simple, hybrid; the variance itself for a survey) and ``spread`` =
    Σ of its second (the SD's). Summed row by row in file order, they are exactly those of one pass."""
    t = t_quantile(0.975, df)
    with np.errstate(all="ignore"):
        scale = big_n / (big_n - 1) if big_n > 1 else np.nan  # one row: no variance (R gives NaN)
        if kind == "simple":
            se = np.sqrt(scale) / n * np.sqrt(square)
            stdev = np.sqrt(square / (n - 1))
        else:
            var = scale * square if kind == "hybrid" else square
            se = np.sqrt(var)
            stdev = np.sqrt(spread * n / (n - 1))
        r, se, ll, ul = interval(r, se, n, t, scale, simple=kind == "simple", proportion=proportion)
    empty = n == 0
    for arr in (r, se, ll, ul, stdev):
        arr[empty] = np.nan
    pop = sw if kind != "simple" else n
    return Estimate(pop=np.where(empty, 0.0, pop), unwpop=n, r=r, se=se, ll=ll, ul=ul, stdev=stdev)
