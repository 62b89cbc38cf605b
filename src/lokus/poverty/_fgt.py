"""Foster–Greer–Thorbecke poverty measures with design-based standard errors.

``P_α = Σ w_i (1 − y_i/z)^α 1[y_i < z] / Σ w_i`` for α = 0 (headcount), 1 (gap), 2 (severity),
plus the headcount below an extreme line. See ``docs/methods/poverty.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from lokus.errors import ConfigError, InputFileError
from lokus.poverty import _messages  # noqa: F401  (registers messages)
from lokus.poverty._design import DesignIndex, design_index, linearised_variance
from lokus.poverty._lines import EXTREME_LINE_MONTHLY_RP
from lokus.tables import ValueKind, parse_values

Z_95 = 1.959963984540054
ALL = "(all)"
MISSING_GROUP = "(NA)"
MEASURES = ("p0", "p1", "p2", "p0_extreme")
FGT_COLUMNS = [
    "group",
    "measure",
    "line",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "n",
    "population",
    "n_psu",
    "n_strata",
    "note",
]


class SurveyDataError(InputFileError, ValueError):
    """Survey microdata that cannot give an estimate: bad consumption, weights or design columns."""

    default_key = "error.poverty.consumption"


@dataclass(frozen=True)
class SurveyDesign:
    """Column names of the survey design; only ``consumption`` is required."""

    consumption: str = "consumption"
    weight: str | None = None
    strata: str | None = None
    psu: str | None = None
    size: str | None = None


def to_polars(data: Any) -> pl.DataFrame:
    """A Polars frame from a Polars, pandas or pyarrow table (or a dict of columns)."""
    if isinstance(data, pl.DataFrame):
        return data
    if hasattr(data, "to_pandas") and hasattr(data, "column_names"):  # pyarrow
        return pl.from_arrow(data)  # type: ignore[return-value]
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # pandas
        return pl.from_pandas(data)
    return pl.DataFrame(data)


def _check_line(value: float) -> float:
    try:
        line = float(value)
    except (TypeError, ValueError):
        raise ConfigError("error.poverty.line", value=value) from None
    if not math.isfinite(line) or line <= 0:
        raise ConfigError("error.poverty.line", value=value)
    return line


def _numeric(df: pl.DataFrame, column: str, kind: ValueKind = ValueKind.DECIMAL) -> np.ndarray:
    """``column`` as float64 (NaN where missing or unreadable); text is read by the one value
    parser of :mod:`lokus.tables` as ``kind`` (money: ``525.000`` = 525000)."""
    s = df.get_column(column)
    if s.dtype.is_numeric():
        return s.cast(pl.Float64).fill_null(float("nan")).to_numpy()
    parsed = parse_values(s, kind, column=column)
    return np.where(parsed.missing | parsed.invalid, np.nan, parsed.values)


def _first_bad(bad: np.ndarray, lines: Sequence[int] | None = None) -> tuple[int, int]:
    """(count, file line of the first): ``lines[i]`` when the reader gave them, else i + 2 (data
    row i under a header row)."""
    first = int(np.flatnonzero(bad)[0])
    return int(bad.sum()), int(lines[first]) if lines is not None else first + 2


def _require(df: pl.DataFrame, column: str | None) -> None:
    if column is not None and column not in df.columns:
        raise SurveyDataError("error.poverty.column", column=column, present=", ".join(df.columns[:12]))


def _weights(df: pl.DataFrame, design: SurveyDesign, lines: Sequence[int] | None = None) -> np.ndarray:
    n = df.height
    w = np.ones(n) if design.weight is None else _numeric(df, design.weight)
    if design.weight is not None:
        bad = ~np.isfinite(w) | (w < 0)
        if bad.any():
            count, row = _first_bad(bad, lines)
            raise SurveyDataError("error.poverty.weight", column=design.weight, count=count, row=row)
    if design.size is not None:
        size = _numeric(df, design.size)
        bad = ~np.isfinite(size) | (size <= 0)
        if bad.any():
            count, row = _first_bad(bad, lines)
            raise SurveyDataError("error.poverty.size", column=design.size, count=count, row=row)
        w = w * size
    return w


def _design_labels(
    df: pl.DataFrame, column: str | None, lines: Sequence[int] | None = None
) -> np.ndarray | None:
    if column is None:
        return None
    s = df.get_column(column).cast(pl.Utf8).str.strip_chars()
    bad = (s.is_null() | (s == "")).to_numpy()
    if bad.any():
        count, row = _first_bad(bad, lines)
        raise SurveyDataError("error.poverty.design", column=column, count=count, row=row)
    return s.to_numpy()


def fgt_indicators(y: np.ndarray, line: float, alpha: int) -> np.ndarray:
    """Per-person FGT contribution ``(1 − y/z)^α · 1[y < z]`` (α = 0, 1, 2)."""
    poor = y < line
    gap = np.where(poor, 1.0 - y / line, 0.0)
    return poor.astype(np.float64) if alpha == 0 else gap**alpha


def fgt(
    data: Any,
    line: float,
    *,
    extreme_line: float | None = EXTREME_LINE_MONTHLY_RP,
    design: SurveyDesign | None = None,
    by: str | None = None,
    groups: Sequence[str] | None = None,
    level: float = 0.95,
    lines: Sequence[int] | None = None,
) -> pl.DataFrame:
    """FGT P0, P1, P2 and the extreme headcount, overall and by ``by``, with linearised SEs.

    ``data`` is household (or person) microdata with per-capita monthly consumption in rupiah.
    ``line``/``extreme_line`` are rupiah per capita per month (``extreme_line=None`` skips the
    extreme headcount). Person-level measures use ``weight × size`` when ``design.size`` is given.
    Rows with an empty ``by`` value form the group ``(NA)``. ``groups`` lists groups to report
    even when absent from the data (their estimates are NA with the note ``no rows``). Returns one
    row per group and measure (:data:`FGT_COLUMNS`); ``ci_low``/``ci_high`` is the
    normal-approximation interval at ``level``, clipped to [0, 1]. ``lines`` (the file line of
    each row, from :func:`lokus.poverty.read_survey`) makes error messages name the right line.
    """
    design = design or SurveyDesign()
    z = _check_line(line)
    z_ext = None if extreme_line is None else _check_line(extreme_line)
    if not 0 < level < 1:
        raise ConfigError("error.config", key="level", value=level, valid_values="0 < level < 1")
    df = to_polars(data)
    for column in (design.consumption, design.weight, design.strata, design.psu, design.size, by):
        _require(df, column)
    if df.height == 0:
        raise SurveyDataError("error.poverty.no_rows")
    y = _numeric(df, design.consumption, ValueKind.MONEY)
    bad = ~np.isfinite(y) | (y <= 0)
    if bad.any():
        count, row = _first_bad(bad, lines)
        raise SurveyDataError("error.poverty.consumption", column=design.consumption, count=count, row=row)
    w = _weights(df, design, lines)
    index = design_index(
        _design_labels(df, design.strata, lines), _design_labels(df, design.psu, lines), df.height
    )

    # Domains: the whole sample (code 0) and each value of ``by`` (codes 1..G).
    if by is not None:
        labels = df.get_column(by).cast(pl.Utf8).fill_null(MISSING_GROUP).to_numpy().astype(str)
        names, codes = np.unique(labels, return_inverse=True)
        names_list = [str(x) for x in names]
    else:
        codes, names_list = np.zeros(df.height, dtype=np.int64), []
    extra = [g for g in (groups or []) if g not in names_list]
    group_names = [ALL, *names_list, *extra]
    n_groups = len(group_names)
    n = df.height
    # Stack the sample once as domain "all" and once under its own group: rows × {all, group}.
    stack_group = (
        np.concatenate([np.zeros(n, dtype=np.int64), codes.astype(np.int64) + 1])
        if by
        else np.zeros(n, dtype=np.int64)
    )
    reps = 2 if by else 1
    stack_w = np.tile(w, reps)
    stack_y = np.tile(y, reps)

    stack_design = DesignIndex(
        np.tile(index.stratum, reps), np.tile(index.psu, reps), index.psu_stratum, index.psus_per_stratum
    )
    n_rows = np.bincount(stack_group, minlength=n_groups)
    specs = [("p0", z, 0), ("p1", z, 1), ("p2", z, 2)]
    if z_ext is not None:
        specs.append(("p0_extreme", z_ext, 0))
    q = _normal_quantile(level)
    frames = []
    for measure, z_line, alpha in specs:  # four measures, each fully vectorised over rows
        d = fgt_indicators(stack_y, z_line, alpha)
        est, var = linearised_variance(d, stack_w, stack_group, n_groups, stack_design)
        x = np.bincount(stack_group, weights=stack_w, minlength=n_groups)
        se = np.sqrt(var)
        frames.append(
            pl.DataFrame(
                {
                    "group": group_names,
                    "measure": [measure] * n_groups,
                    "line": [z_line] * n_groups,
                    "estimate": est,
                    "se": se,
                    "ci_low": np.clip(est - q * se, 0.0, 1.0),
                    "ci_high": np.clip(est + q * se, 0.0, 1.0),
                    "n": n_rows.astype(np.int64),
                    "population": x,
                    "n_psu": [index.n_psu] * n_groups,
                    "n_strata": [index.n_strata] * n_groups,
                    "note": [
                        _note(int(k), float(p), index.has_singleton) for k, p in zip(n_rows, x, strict=True)
                    ],
                },
                nan_to_null=True,
            )
        )
    out = pl.concat(frames)
    order = {m: i for i, m in enumerate(MEASURES)}
    return (
        out.with_columns(
            pl.col("measure").replace_strict(order, return_dtype=pl.Int32).alias("_m"),
            pl.col("group")
            .replace_strict({g: i for i, g in enumerate(group_names)}, return_dtype=pl.Int32)
            .alias("_g"),
        )
        .sort(["_g", "_m"])
        .drop(["_g", "_m"])
        .select(FGT_COLUMNS)
    )


def _note(n_rows: int, population: float, singleton: bool) -> str | None:
    if n_rows == 0:
        return "no rows"
    if population <= 0:
        return "weights sum to 0"
    if singleton:
        return "stratum with a single PSU: SE not defined"
    return None


def _normal_quantile(level: float) -> float:
    """Two-sided standard-normal quantile for ``level`` (bisection on erf; no SciPy needed)."""
    if abs(level - 0.95) < 1e-12:
        return Z_95
    target = 0.5 + level / 2
    lo, hi = 0.0, 10.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
