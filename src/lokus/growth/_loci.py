"""Stunting loci: villages ranked by stunted children, with prevalence, a 95% CI and a reason line.

Pure: takes a table of z-scored measurements (one row per child, e.g. each child's latest measurement)
with ``village_code``, ``zlen`` and ``flen``; returns one row per village. A child counts as measured when
``zlen`` is present and not flagged (``flen != 1``), and as stunted when ``zlen < -2`` (strict, as WHO).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from lokus.errors import ConfigError, SchemaError
from lokus.growth._frames import column_names, like, to_arrow
from lokus.i18n import fmt_int, fmt_number, register, t

__all__ = ["stunting_loci", "rank_village_counts", "wilson_interval", "LOCI_COLUMNS"]

LOCI_COLUMNS = ("village_code", "measured", "stunted", "prevalence", "ci_low", "ci_high", "rank", "is_locus",
                "reason")
_Z975 = 1.959963984540054

register({
    "growth.loci.locus": {
        "id": "Lokus: {stunted} dari {measured} balita terukur pendek ({prev}%; IK95% {low}–{high}%), "
              "peringkat {rank}.",
        "en": "Locus: {stunted} of {measured} measured children stunted ({prev}%; 95% CI {low}–{high}%), "
              "rank {rank}.",
    },
    "growth.loci.too_few": {
        "id": "Bukan lokus: hanya {measured} balita terukur, minimal {minimum}; data belum cukup.",
        "en": "Not a locus: only {measured} measured children, at least {minimum} needed; too little data.",
    },
    "growth.loci.below_threshold": {
        "id": "Bukan lokus: {stunted} dari {measured} balita pendek ({prev}%), di bawah ambang {threshold}%.",
        "en": "Not a locus: {stunted} of {measured} children stunted ({prev}%), below the {threshold}% "
              "threshold.",
    },
    "growth.loci.outside_top": {
        "id": "Bukan lokus: peringkat {rank} ({stunted} balita pendek), di luar {top} desa teratas.",
        "en": "Not a locus: rank {rank} ({stunted} stunted children), outside the top {top} villages.",
    },
})


def wilson_interval(k: np.ndarray, n: np.ndarray, z: float = _Z975) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes of n (proportions; NaN where n == 0)."""
    with np.errstate(all="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
        return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _fmt(x: float, lang: str) -> str:
    return fmt_number(x, lang, 1)


def stunting_loci(table: Any, *, min_measured: int = 10, min_prevalence: float | None = 20.0,
                  top: int | None = None, village_column: str = "village_code", lang: str = "id") -> Any:
    """Rank villages by stunted children; mark stunting loci.

    A village is eligible when it has at least ``min_measured`` measured children. Eligible villages are
    ranked by the number of stunted children, then by prevalence (ties share the rank); a village is a
    locus when eligible, its prevalence is at least ``min_prevalence`` percent (default 20, WHO/UNICEF
    "high"; None to disable) and, when ``top`` is given, its rank is within ``top``. ``prevalence``,
    ``ci_low`` and ``ci_high`` are percent; the CI is the Wilson score interval. ``reason`` is one line in
    ``lang`` ("id" or "en"). Rows without a village code are ignored.
    """
    if min_measured < 1:
        raise ConfigError("growth.error.option", key="min_measured", value=min_measured, valid_values=">= 1")
    if top is not None and top < 1:
        raise ConfigError("growth.error.option", key="top", value=top, valid_values=">= 1")
    names = column_names(table)
    missing = [c for c in (village_column, "zlen", "flen") if c not in names]
    if missing:
        raise SchemaError(path="tabel", missing=", ".join(missing), present=", ".join(names[:12]) or "-")
    frame = pl.from_arrow(to_arrow(table, [village_column, "zlen", "flen"]))
    if isinstance(frame, pl.Series):
        frame = frame.to_frame()
    z, f = pl.col("zlen").cast(pl.Float64), pl.col("flen").cast(pl.Float64)
    measured = z.is_not_null() & z.is_not_nan() & (f.fill_null(0) != 1)
    agg = (
        frame.filter(pl.col(village_column).is_not_null())
        .group_by(pl.col(village_column).cast(pl.String).alias("village_code"))
        .agg(measured.sum().cast(pl.Int64).alias("measured"),
             (measured & (z < -2)).sum().cast(pl.Int64).alias("stunted"))
        .sort("village_code")
    )
    return like(table, rank_village_counts(agg, min_measured=min_measured, min_prevalence=min_prevalence,
                                           top=top, lang=lang).to_arrow())


def rank_village_counts(agg: pl.DataFrame, *, min_measured: int = 10, min_prevalence: float | None = 20.0,
                        top: int | None = None, lang: str = "id") -> pl.DataFrame:
    """The ranking step of :func:`stunting_loci` from per-village counts (``village_code``, ``measured``,
    ``stunted``, int64, one row per village, sorted by ``village_code``) — e.g. aggregated on an engine
    by :func:`lokus.engine.stunting_counts`. Returns the :data:`LOCI_COLUMNS` as a Polars frame."""
    k = agg["stunted"].to_numpy().astype(np.float64)
    n = agg["measured"].to_numpy().astype(np.float64)
    low, high = wilson_interval(k, n)
    with np.errstate(all="ignore"):
        prev = np.where(n > 0, k / n * 100, np.nan)
    eligible = n >= min_measured
    # rank: stunted desc, then prevalence desc; ties share the smallest rank ("min").
    order_key = pl.DataFrame({"k": k, "p": np.nan_to_num(prev, nan=-1.0), "e": eligible})
    # rank among eligible villages only
    elig_idx = np.flatnonzero(eligible)
    ranks = np.full(len(k), -1, dtype=np.int64)
    if elig_idx.size:
        sub = order_key[elig_idx].select(pl.struct(-pl.col("k"), -pl.col("p")).rank("min").alias("r"))
        ranks[elig_idx] = sub.to_series().to_numpy()
    locus = eligible.copy()
    if min_prevalence is not None:
        locus &= prev >= min_prevalence
    if top is not None:
        locus &= (ranks >= 1) & (ranks <= top)
    reasons = []
    for i in range(len(k)):  # one line per village (villages, not children: a few hundred rows)
        params = {"stunted": fmt_int(k[i], lang), "measured": fmt_int(n[i], lang), "rank": fmt_int(ranks[i], lang),
                  "prev": _fmt(prev[i], lang) if not math.isnan(prev[i]) else "-",
                  "low": _fmt(low[i] * 100, lang) if n[i] else "-",
                  "high": _fmt(high[i] * 100, lang) if n[i] else "-",
                  "minimum": fmt_int(min_measured, lang), "top": fmt_int(top, lang),
                  "threshold": _fmt(min_prevalence, lang) if min_prevalence is not None else "-"}
        if locus[i]:
            key = "growth.loci.locus"
        elif not eligible[i]:
            key = "growth.loci.too_few"
        elif min_prevalence is not None and not prev[i] >= min_prevalence:
            key = "growth.loci.below_threshold"
        else:
            key = "growth.loci.outside_top"
        reasons.append(t(key, lang, **params))
    out = agg.with_columns(
        pl.Series("prevalence", prev),
        pl.Series("ci_low", np.where(n > 0, low * 100, np.nan)),
        pl.Series("ci_high", np.where(n > 0, high * 100, np.nan)),
        pl.Series("rank", ranks).replace(-1, None),
        pl.Series("is_locus", locus),
        pl.Series("reason", reasons),
    ).with_columns(pl.col(c).fill_nan(None) for c in ("prevalence", "ci_low", "ci_high"))
    return out.sort(pl.col("rank").is_null(), "rank", "village_code").select(LOCI_COLUMNS)
