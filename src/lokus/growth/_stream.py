"""Stunting prevalence over batches of measurements: millions of rows in bounded memory.

:func:`lokus.growth.prevalence` keeps every row in memory to compute all 135 estimates of
``anthro_prevalence``. For a country's measurements the question is usually just stunting: this module
z-scores one batch at a time (the same :func:`lokus.growth.zscores` core) and keeps only counts per
group, so memory is a few batches whatever the number of rows. Only HAZ is computed.

The numbers are those of ``prevalence``'s simple design (no weights, cluster or strata, spec §9.3):
rows older than 1826 days and rows with an unreadable value are left out, flagged HAZ are not used,
``N`` is the number of rows kept. For 0/1 indicators the sum of squared deviations is written in closed
form, ``n1 (1-p)² + n0 p²``, so standard errors and confidence limits agree with ``prevalence`` to
rounding (about 1e-12 relative), not bit for bit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa

from lokus.growth._core import round_half_up
from lokus.growth._inputs import read_measurements
from lokus.growth._prevalence import AGE_GROUPS
from lokus.growth._tdist import t_quantile
from lokus.growth._zscores import compute_measurements
from lokus.tables import BatchFindings, HeaderMatch

__all__ = ["STUNTING_COLUMNS", "stunting_prevalence"]

_LABELS = (["All"] + [f"Age group: {g}" for g in AGE_GROUPS] + ["Sex: Female", "Sex: Male"]
           + [f"Age + sex: {g}.{s}" for s in ("Female", "Male") for g in AGE_GROUPS])
_K = len(_LABELS)  # 1 + 6 + 2 + 12 = 21
STUNTING_COLUMNS = ("Group", "HAZ_unwpop", "HA_2_r", "HA_2_se", "HA_2_ll", "HA_2_ul", "HA_3_r", "HA_3_se",
                    "HA_3_ll", "HA_3_ul")
_BREAKS = np.array([0, 6, 12, 24, 36, 48, 60], dtype=np.float64) * 30.4375


Counts = tuple[int, np.ndarray, np.ndarray, np.ndarray]


def _batch(batch: Any, source: str, headers: list[str], match: HeaderMatch
           ) -> tuple[BatchFindings, dict[str, Any], list[tuple[str, tuple[str, ...]]], dict[tuple[str, ...], Counts]]:
    """One batch: its findings for the whole input (:func:`lokus.growth._decide.batch_findings`), its number
    styles, and its counts per day/month order of its date columns — the order it shows, and both orders
    for a column whose values do not show one but read differently in each (``03/04/2020``): which one the
    whole input takes is known only after the last batch."""
    from itertools import product

    from lokus.growth._decide import batch_findings
    from lokus.growth._files import growth_aliases

    found, styles = batch_findings(batch, source, headers, match)
    aliases = growth_aliases(headers, None, match)
    frame = _frame(batch).with_columns(aliases) if aliases else batch
    # the date columns read (a column only checked, as birth_date beside age_days, changes no count)
    choices: list[tuple[str, tuple[str, ...]]] = [
        (c, ("dmy", "mdy") if e.sensitive and e.day_first is None and e.month_first is None else (used,))
        for c, (e, used) in sorted(found.dates.items()) if used is not None]
    counts: dict[tuple[str, ...], Counts] = {}
    for combo in product(*(orders for _, orders in choices)):
        counts[combo] = _counts(frame, source, dict(zip([c for c, _ in choices], combo, strict=True)))
    return found, styles, choices, counts


def _frame(batch: Any) -> Any:
    import polars as pl

    if isinstance(batch, pa.RecordBatch):
        batch = pa.Table.from_batches([batch])
    return pl.from_arrow(batch) if isinstance(batch, pa.Table) else pl.DataFrame(batch)


def _counts(batch: Any, source: str, orders: dict[str, str] | None = None) -> Counts:
    """(rows kept, n, stunted, severely stunted) per group for one batch."""
    m = read_measurements(batch, source, {}, threads=1, date_orders=orders or {})
    z = compute_measurements(m, threads=1, haz_only=True)
    with np.errstate(invalid="ignore"):
        keep = ~m.blocked & (np.isnan(m.age_days) | (round_half_up(m.age_days) <= 1826))
        zlen = np.where(z.flen == 1, np.nan, z.zlen)
        used = keep & ~np.isnan(zlen)
        age_group = np.searchsorted(_BREAKS, m.age_days, side="right") - 1  # NaN → 7 (none)
        age_ok = (m.age_days >= 0) & (m.age_days < 60 * 30.4375)
    ag = np.where(age_ok, age_group, -1)
    sx = np.where(m.sex == 2, 0, np.where(m.sex == 1, 1, -1))
    both = np.where((ag >= 0) & (sx >= 0), sx * 6 + ag, -1)
    # one code per partition, offset into the 21 groups
    codes = np.stack([np.zeros(len(ag), np.int64), np.where(ag >= 0, 1 + ag, -1), np.where(sx >= 0, 7 + sx, -1),
                      np.where(both >= 0, 9 + both, -1)])
    z_used = zlen[used]
    out = []
    for x in (None, z_used < -2, z_used < -3):
        total = np.zeros(_K, dtype=np.int64)
        for c in codes[:, used]:
            inside = c >= 0
            total += np.bincount(c[inside], weights=None if x is None else x[inside], minlength=_K).astype(np.int64)
        out.append(total)
    return int(keep.sum()), out[0], out[1], out[2]


def _estimate(big_n: int, n: np.ndarray, hits: np.ndarray) -> tuple[np.ndarray, ...]:
    """Proportion (percent), se and logit CI of the simple design (spec §9.3), from counts."""
    t = t_quantile(0.975, float(big_n - 1))
    with np.errstate(all="ignore"):
        nf = n.astype(np.float64)
        r = hits / nf
        ss = hits * (1 - r) ** 2 + (nf - hits) * r * r
        scale = big_n / (big_n - 1) if big_n > 1 else np.nan
        se = np.sqrt(scale) / nf * np.sqrt(ss)
        se_logit = np.sqrt(scale * (1 / (nf * r * (1 - r))))
        logit = np.log(r / (1 - r))
        ll = 1 / (1 + np.exp(-(logit - t * se_logit)))
        ul = 1 / (1 + np.exp(-(logit + t * se_logit)))
        ll = np.where(r == 0, 0.0, np.where(r == 1, 1.0, ll))
        ul = np.where(r == 0, 0.0, np.where(r == 1, 1.0, ul))
    empty = n == 0
    cols = []
    for arr in (r * 100, se * 100, ll * 100, ul * 100):
        arr = np.asarray(arr, dtype=np.float64)
        arr[empty] = np.nan
        cols.append(arr)
    return tuple(cols)


def stunting_prevalence(batches: Iterable[Any], *, source: str = "tabel") -> pa.Table:
    """Stunting (HAZ < -2) and severe stunting (HAZ < -3) prevalence with 95% CI, batch by batch.

    ``batches`` yields tables of raw measurements (pandas, Polars or pyarrow, the columns of
    :func:`lokus.growth.zscores` or an e-PPGBM export's), e.g.
    ``pyarrow.parquet.ParquetFile(path).iter_batches(1_000_000)``. They are read as ``anthro prevalence``
    reads a file, decided over all batches: two columns for one field that disagree, a date column written in
    both day/month orders or a number column written in two styles refuse the input with the file readers'
    sentences (``source`` names it), and every batch's dates are read in the order their whole column shows.
    Returns one row per standard group of ``anthro_prevalence`` ("All", age groups, sex, age + sex) with the
    columns :data:`STUNTING_COLUMNS` (percent, as ``prevalence``). Memory: three batches (two z-scored on two
    threads while the next is read).
    """
    from lokus.growth._decide import decide, input_checks
    from lokus.growth._files import growth_match
    from lokus.growth._frames import column_names

    big_n = 0
    n = np.zeros(_K, np.int64)
    hit2 = np.zeros(_K, np.int64)
    hit3 = np.zeros(_K, np.int64)
    # per batch: its date columns with the orders counted, and the counts per order
    kept: list[tuple[list[tuple[str, tuple[str, ...]]], dict[tuple[str, ...], Counts]]] = []
    findings: list[tuple[BatchFindings, dict[str, Any]]] = []
    headers: list[str] | None = None
    match: HeaderMatch | None = None
    # Two batches at a time on two threads (parsing and NumPy release the GIL); at most two batches
    # are in memory beside the one being read.
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending: deque[Future[Any]] = deque()

        def collect() -> None:
            found, styles, choices, counts = pending.popleft().result()
            findings.append((found, styles))
            kept.append((choices, counts))

        for batch in batches:
            if isinstance(batch, pa.RecordBatch):
                batch = pa.Table.from_batches([batch])
            if headers is None:
                headers = column_names(batch)
                match = growth_match(headers)
            assert match is not None
            pending.append(pool.submit(_batch, batch, source, headers, match))
            if len(pending) >= 2:
                collect()
        while pending:
            collect()
    if headers is not None and match is not None:
        orders = decide(input_checks(source, headers, match), findings)
        for choices, counts in kept:  # a column read one way only: its order does not change the batch
            kept_rows, bn, b2, b3 = counts[tuple(orders[c] if len(o) > 1 else o[0] for c, o in choices)]
            big_n += kept_rows
            n[:] += bn
            hit2[:] += b2
            hit3[:] += b3
    data: dict[str, pa.Array] = {"Group": pa.array(_LABELS, pa.string()),
                                 "HAZ_unwpop": pa.array(n.astype(np.float64))}
    for stem, hits in (("HA_2", hit2), ("HA_3", hit3)):
        for part, arr in zip(("r", "se", "ll", "ul"), _estimate(big_n, n, hits), strict=True):
            data[f"{stem}_{part}"] = pa.array(arr, from_pandas=True)
    return pa.table(data)
