"""``anthro prevalence`` of a file in batches: memory bounded by the batch, the numbers of :func:`prevalence`.

Every estimate of ``anthro_prevalence`` is a function of sums per group: ``n``, ``Σw``, ``Σwx`` (the mean
``r``), then, once ``r`` is known, ``Σ(x - r)²`` (simple design) or ``Σs²`` and ``Σ w/Σw (x - r)²``
(weights only). :func:`prevalence` sums each with ``numpy.bincount``, one row after the other in file order.
Here the file is read twice over, in batches:

1. each batch is z-scored (the one core) and its per-row variables (:func:`lokus.growth._prevalence.variables`)
   are made on two threads; ``n``, ``Σw`` and ``Σwx`` are carried on from batch to batch, each batch's rows
   added to the total so far one after the other (``numpy.add.at``: the same additions in the same order as
   one ``bincount`` over the file); the variables go to a spill folder on disk;
2. the spill is read back batch by batch to sum the squared deviations from the final means, the same way.

So every number is bit for bit that of :func:`prevalence` (a test compares them). Memory: a few batches, the
sums per group, and the distinct values of the ``--by`` columns; the spill takes about 70 bytes per row on disk.

A survey design (``cluster`` or ``strata``) stays whole-file: its variance needs every PSU's totals per group
(as many as rows when there is no cluster column); it is read with :func:`read_table` and computed by
:func:`prevalence`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from lokus.growth._batches import NUMBER_ORDER, batch_sizes, in_batches, merge_styles, raise_mixed, read_again
from lokus.growth._estimators import Estimate, from_sums, spread_terms
from lokus.growth._files import growth_aliases, growth_match
from lokus.tables import BatchChecks, BatchFindings

__all__ = ["prevalence_file"]

Progress = Callable[[str, "float | None"], None]
_STANDARD = 4  # All, age group, sex, age + sex


@dataclass
class _Batch:
    """One batch's rows used (kept): group codes, weights and variables; plus what decides for the file."""

    rows: int
    ag: np.ndarray
    sx: np.ndarray
    by: list[pl.Series]  # each --by column's text, kept rows
    w: np.ndarray
    x: list[np.ndarray]  # the variables of prevalence._prevalence.variables, kept rows
    styles: dict[str, dict[str, str]] = field(default_factory=dict)
    found: BatchFindings = field(default_factory=BatchFindings)
    w_bad: bool = False
    w_not_one: bool = False


def _batch(frame: pl.DataFrame, aliases: list[Any], by: Sequence[str], weights: str | None, source: str,
           checks: BatchChecks) -> _Batch:
    """Per-row work of one batch, exactly as :func:`lokus.growth.prevalence` does it for the whole file."""
    from lokus.errors import SchemaError
    from lokus.growth._core import round_half_up
    from lokus.growth._inputs import read_measurements
    from lokus.growth._parse import parse_number
    from lokus.growth._prevalence import _age_group_codes, variables
    from lokus.growth._zscores import compute_measurements

    found = BatchFindings(frame.height)
    as_written = frame
    if aliases:
        frame = frame.with_columns(aliases)
    names = frame.columns
    missing = [c for c in (*by, *([weights] if weights else [])) if c not in names]
    if missing:
        raise SchemaError(path=source, missing=", ".join(missing), present=", ".join(names[:12]) or "-")
    styles: dict[str, dict[str, str]] = {}
    m = read_measurements(frame, source, styles, threads=1, dates=found, date_orders=checks.dates.given)
    checks.check(as_written, found)  # the date columns not read (age_days given), the duplicate columns
    z = compute_measurements(m, threads=1)
    keep = ~m.blocked & (np.isnan(m.age_days) | (round_half_up(m.age_days) <= 1826))
    idx = np.flatnonzero(keep)
    w_bad = False
    if weights:
        w, _, bad = parse_number(frame[weights], None, styles, path=source)
        w_bad = bool((w < 0).any() or bad.any())
        w = np.where(np.isnan(w), 0.0, w)[idx]  # R: missing weights become 0
    else:
        w = np.ones(len(idx))
    ag = _age_group_codes(m.age_days[idx])
    sex = m.sex[idx]
    sx = np.where(sex == 2, 0, np.where(sex == 1, 1, -1))
    return _Batch(rows=len(idx), ag=ag.astype(np.int8), sx=sx.astype(np.int8),
                  by=[frame[c].gather(idx) for c in by], w=w, x=[x for x, _ in variables(z, m.oedema[idx], idx)],
                  styles=styles, found=found, w_bad=w_bad, w_not_one=bool((w != 1).any()))


def _partition_codes(ag: np.ndarray, sx: np.ndarray, by_codes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Group codes per partition (as :func:`lokus.growth._prevalence._groupings`): All, age, sex, age + sex,
    then each ``--by`` column; -1 for none."""
    ag64, sx64 = ag.astype(np.int64), sx.astype(np.int64)
    both = np.where((ag64 >= 0) & (sx64 >= 0), sx64 * 6 + ag64, -1)
    return [np.zeros(len(ag), np.int64), ag64, sx64, both, *by_codes]


class _Sums:
    """Per partition and variable: ``n``, ``Σw``, ``Σwx`` (pass 1), then the two spread sums (pass 2)."""

    def __init__(self, n_vars: int) -> None:
        self.n_vars = n_vars
        self.sizes = [1, 6, 2, 12]
        self.n: list[list[np.ndarray]] = []
        self.sw: list[list[np.ndarray]] = []
        self.swx: list[list[np.ndarray]] = []
        self.square: list[list[np.ndarray]] = []
        self.spread: list[list[np.ndarray]] = []
        for k in self.sizes:
            self._add_partition(k)

    def _add_partition(self, k: int) -> None:
        for part in (self.n, self.sw, self.swx, self.square, self.spread):
            part.append([np.zeros(k, np.int64 if part is self.n else np.float64) for _ in range(self.n_vars)])
        # Σw and Σwx are carried as floats, added one row after the other (``numpy.add.at`` is unbuffered and
        # goes in order: the additions ``bincount`` makes over the whole file, in its order); a count of rows
        # or of ones is added as a whole number, exact in any order.

    def grow(self, p: int, k: int) -> None:
        """Partition ``p`` has ``k`` groups now (new ``--by`` values: new groups at the end, sums 0)."""
        while len(self.sizes) <= p:
            self.sizes.append(0)
            self._add_partition(0)
        if k > self.sizes[p]:
            extra = k - self.sizes[p]
            for part in (self.n, self.sw, self.swx, self.square, self.spread):
                part[p] = [np.concatenate((a, np.zeros(extra, a.dtype))) for a in part[p]]
            self.sizes[p] = k

    def first(self, codes: list[np.ndarray], w: np.ndarray | None, xs: list[np.ndarray]) -> None:
        """Pass 1 for one batch. ``w`` None: no weights (every weight 1), so ``Σw`` is the count and ``Σwx`` of a
        0/1 indicator the count of ones, both exact whatever the order; only the means' ``Σx`` are summed."""
        inside = [code >= 0 for code in codes]
        for j, x in enumerate(xs):
            ok = ~np.isnan(x)
            indicator = _is_indicator(j)
            for p, code in enumerate(codes):
                valid = ok & inside[p]
                c = code[valid]
                n = np.bincount(c, minlength=len(self.n[p][j]))
                self.n[p][j] += n
                if w is None:
                    self.sw[p][j] += n
                    if indicator:
                        self.swx[p][j] += np.bincount(c[x[valid] == 1], minlength=len(n))
                    else:
                        np.add.at(self.swx[p][j], c, x[valid])
                else:
                    wv = w[valid]
                    np.add.at(self.sw[p][j], c, wv)
                    np.add.at(self.swx[p][j], c, wv * x[valid])

    def second(self, kind: str, codes: list[np.ndarray], w: np.ndarray, xs: list[np.ndarray],
               means: list[list[np.ndarray]], js: range) -> None:
        """Pass 2 for one batch and the variables ``js``: the spread sums from the final means, added in file
        order (each variable's sums are touched by one thread only)."""
        inside = [code >= 0 for code in codes]
        for j in js:
            x = xs[j]
            ok = ~np.isnan(x)
            for p, code in enumerate(codes):
                valid = ok & inside[p]
                c = code[valid]
                with np.errstate(all="ignore"):
                    square, spread = spread_terms(kind, c, x[valid], w[valid], means[p][j], self.sw[p][j])
                np.add.at(self.square[p][j], c, square)
                if kind != "simple":
                    np.add.at(self.spread[p][j], c, spread)

    def reorder(self, p: int, order: np.ndarray) -> None:
        """Put partition ``p``'s groups in ``order`` (positions of the old groups)."""
        for part in (self.n, self.sw, self.swx, self.square, self.spread):
            part[p] = [a[order] for a in part[p]]


def _spill(folder: Path, i: int, b: _Batch, by_ids: Sequence[np.ndarray]) -> None:
    """The batch's kept rows on disk: codes, weights, and the variables (0/1 indicators as int8, -1 for NaN)."""
    arrays: dict[str, Any] = {"ag": b.ag, "sx": b.sx}
    if b.w_not_one:  # else every weight is 1
        arrays["w"] = b.w
    for k, ids in enumerate(by_ids):
        arrays[f"by{k}"] = ids
    for j, x in enumerate(b.x):
        if _is_indicator(j):
            arrays[f"x{j}"] = np.where(np.isnan(x), -1, x).astype(np.int8)
        else:
            arrays[f"x{j}"] = x
    np.savez(folder / f"{i:07d}.npz", **arrays)


def _is_indicator(j: int) -> bool:
    """Variable ``j`` is a 0/1 indicator (not a mean z-score): see :func:`lokus.growth._prevalence.variables`."""
    return j >= 28 or j % 7 != 6


def _unspill(path: Path, n_vars: int, n_by: int) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], np.ndarray,
                                                           list[np.ndarray]]:
    with np.load(path) as data:
        xs = []
        for j in range(n_vars):
            x = data[f"x{j}"]
            xs.append(np.where(x < 0, np.nan, x).astype(np.float64) if _is_indicator(j) else x)
        ag = data["ag"]
        w = data["w"] if "w" in data.files else np.ones(len(ag))
        return ag, data["sx"], [data[f"by{k}"] for k in range(n_by)], w, xs


def prevalence_file(input: str | Path, *, by: str | Sequence[str] | None = None, weights: str | None = None,
                    cluster: str | None = None, strata: str | None = None, columns: Mapping[str, str] | None = None,
                    memory_limit: str | None = None, progress: Progress | None = None,
                    block_bytes: int | None = None) -> pl.DataFrame:
    """:func:`lokus.growth.prevalence` of the measurement file ``input`` (a Polars frame, the same rows and
    numbers), read in batches (see the module doc; a survey design is read whole). ``progress`` gets
    ``("prevalence", fraction read)`` then ``("spread", fraction done)``."""
    by_cols = [by] if isinstance(by, str) else list(by or [])
    if cluster or strata:
        from lokus.growth._files import read_table
        from lokus.growth._prevalence import prevalence

        return prevalence(read_table(input, columns=columns), by=by_cols or None, weights=weights,  # type: ignore[no-any-return]
                          cluster=cluster, strata=strata, source=str(input))
    block, rows = batch_sizes(memory_limit)
    if block_bytes:
        block, rows = block_bytes, max(1, block_bytes // 40)
    return read_again(lambda plain, orders: _prevalence_batches(input, by_cols, weights, columns, memory_limit,
                                                               progress, block, rows, plain, orders))


def _prevalence_batches(input: str | Path, by: list[str], weights: str | None, columns: Mapping[str, str] | None,
                        memory_limit: str | None, progress: Progress | None, block: int, rows: int,
                        plain: bool, orders: dict[str, str] | None = None) -> pl.DataFrame:
    from lokus.errors import ConfigError
    from lokus.growth._eppgbm import GROWTH_SPEC
    from lokus.growth._prevalence import AGE_GROUPS, prevalence_columns
    from lokus.tables import header_named, read_batches

    source = str(input)
    folder = Path(tempfile.mkdtemp(prefix="lokus-prevalence-"))
    try:
        n_vars = 30
        sums = _Sums(n_vars)
        seen: list[dict[str, int]] = [{} for _ in by]  # --by value → group, in order of appearance
        styles: dict[str, dict[str, str]] = {}
        big_n = batches = 0
        w_bad = not_one = False
        with read_batches(input, batch_rows=rows, block_bytes=block, memory_limit=memory_limit,
                          plain=plain) as table:
            table.refuse_bad_lines()
            # each option names its column as the reader compares headers ("Kode Desa" names "kode_desa")
            by = [header_named(table.headers, c) or c for c in by]
            weights = (header_named(table.headers, weights) or weights) if weights else weights
            match = growth_match(table.headers, columns)
            aliases = growth_aliases(table.headers, columns, match)
            checks = BatchChecks(table, match, GROWTH_SPEC, orders)
            fractions: list[float] = []

            def frames() -> Iterator[pl.DataFrame]:
                for frame, fraction in table:
                    fractions.append(fraction)
                    yield frame

            for b in in_batches(frames(), lambda f: _batch(f, aliases, by, weights, source, checks)):
                merge_styles(styles, b.styles)
                checks.merge(b.found)
                w_bad |= b.w_bad
                not_one |= b.w_not_one
                big_n += b.rows
                by_ids = []
                for k, values in enumerate(b.by):
                    ids = seen[k]
                    for v in values.drop_nulls().unique(maintain_order=True).to_list():
                        ids.setdefault(v, len(ids))
                    by_ids.append(values.replace_strict(ids, default=-1, return_dtype=pl.Int64).to_numpy()
                                  if ids else np.full(len(values), -1, np.int64))
                    sums.grow(_STANDARD + k, len(ids))
                sums.first(_partition_codes(b.ag, b.sx, by_ids), b.w if weights else None, b.x)
                _spill(folder, batches, b, by_ids)
                batches += 1
                if progress is not None:
                    progress("prevalence", fractions[batches - 1])
            checks.finish()  # while the file is open: the line of a disagreement
        raise_mixed(styles, (*NUMBER_ORDER, *([weights] if weights else [])), path=source)
        if w_bad:
            raise ConfigError("growth.error.option", key=f"--weight ({weights})", value="< 0 / teks",
                              valid_values="bobot >= 0")
        kind = "hybrid" if weights and not_one else "simple"
        # the --by groups in sorted order, as prevalence() sorts the distinct values
        rank: list[np.ndarray] = []
        by_labels: list[list[str]] = []
        for k, ids in enumerate(seen):
            values = pl.Series(list(ids), dtype=pl.String)
            order = values.arg_sort().to_numpy()
            sums.reorder(_STANDARD + k, order)
            position = np.empty(len(order), np.int64)
            position[order] = np.arange(len(order))
            rank.append(position)
            by_labels.append([f"{by[k]}: {v}" for v in values.gather(order).to_list()])
        with np.errstate(all="ignore"):  # an empty group: 0 / 0, as in prevalence()
            means = [[swx / sw for sw, swx in zip(sums.sw[p], sums.swx[p], strict=True)]
                     for p in range(len(sums.sizes))]
        halves = (range(0, n_vars // 2), range(n_vars // 2, n_vars))
        with ThreadPoolExecutor(max_workers=2) as pool:  # NumPy releases the GIL in most of this work
            loading = pool.submit(_unspill, folder / f"{0:07d}.npz", n_vars, len(by)) if batches else None
            for i in range(batches):
                assert loading is not None
                ag, sx, first_seen, w, xs = loading.result()
                if i + 1 < batches:
                    loading = pool.submit(_unspill, folder / f"{i + 1:07d}.npz", n_vars, len(by))
                codes = _partition_codes(ag, sx, [np.where(c >= 0, rank[k][np.maximum(c, 0)], -1) if len(rank[k])
                                                  else c for k, c in enumerate(first_seen)])
                done = [pool.submit(sums.second, kind, codes, w, xs, means, js) for js in halves]
                for f in done:
                    f.result()
                if progress is not None:
                    progress("spread", (i + 1) / batches)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    partitions: list[list[str]] = [["All"], [f"Age group: {g}" for g in AGE_GROUPS], ["Sex: Female", "Sex: Male"],
                                   [f"Age + sex: {g}.{s}" for s in ("Female", "Male") for g in AGE_GROUPS]]
    used = list(range(_STANDARD))
    for k, labels in enumerate(by_labels):
        if labels:  # a --by column with no value in the rows used adds no group
            partitions.append(labels)
            used.append(_STANDARD + k)
    df = float(big_n - 1)

    def estimates(p: int) -> Iterator[Estimate]:
        q = used[p]
        for j in range(n_vars):
            n = sums.n[q][j].astype(np.float64)
            with np.errstate(all="ignore"):
                yield from_sums(kind, big_n, df, n, sums.sw[q][j], means[q][j], sums.square[q][j],
                                sums.spread[q][j], proportion=_is_indicator(j))

    frame = pl.from_arrow(prevalence_columns(partitions, estimates))
    assert isinstance(frame, pl.DataFrame)
    return frame
