"""The analyses that run on any engine: Ibis expressions for the heavy part, NumPy for the small rest.

Each function takes an Ibis table (or backend) on DuckDB or Spark and returns the same result the
workspace/file path gives, so one set of fixtures checks both (``tests/engine/``):

- :func:`input_table`: a command-line source as an Ibis table: a table the engine knows by name
  (``LOKUS_SPARK_TABLES``) or a CSV/Parquet file read by the engine itself;
- :func:`stunting_loci_on`: ``lokus stunting loci`` — each child's latest measurement (a window),
  measured/stunted children per village (:func:`lokus.engine.stunting_counts`), then the ranking of
  :func:`lokus.growth.rank_village_counts` on the per-village counts;
- :func:`fgt_on`: ``lokus poverty fgt`` — the FGT indices as weighted sums per (stratum, PSU, group),
  then the linearised variance of :mod:`lokus.poverty._design` on those sums;
- :func:`zscores_file_on_spark`: ``lokus anthro zscores`` with ``--engine spark`` — Spark reads the file,
  the one NumPy WHO core runs on Arrow batches (:func:`lokus.engine.spark_zscores`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from lokus.poverty._lines import EXTREME_LINE_MONTHLY_RP

__all__ = ["input_table", "latest_per_child", "rank_stunting", "stunting_loci_on", "fgt_on", "zscores_file_on_spark"]


def input_table(be: Any, source: str) -> Any:
    """``source`` as an Ibis table on ``be``: a table the engine knows by that name, else a file
    (``.csv`` read as text with a header row; Parquet otherwise: a file or a folder of files)."""
    from lokus.engine import has_table
    from lokus.errors import InputFileError

    if has_table(be, source):
        return be.table(source)
    path = Path(source)
    if "://" not in source and not path.exists():
        raise InputFileError("error.file.missing", path=source)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        if getattr(be, "name", "") == "pyspark":
            frame = spark_csv(be._session, source)
            name = "lokus_input_" + str(abs(hash(source)))
            frame.createOrReplaceTempView(name)
            return be.table(name)
        return be.read_csv(source, all_varchar=True)
    return be.read_parquet(source)


def spark_csv(session: Any, source: str) -> Any:  # pragma: no cover - needs Java
    """A CSV file read by Spark as text, its columns named as lokus names a file's headers (a header written
    twice is ``Berat`` and ``Berat_2``, as :func:`lokus.tables.read_frame` has it; Spark would name both
    after their positions, ``Berat3`` and ``Berat5``, and lose the field)."""
    from lokus.tables._load import _unique_headers

    read = session.read.option("inferSchema", False)
    first = read.option("header", False).csv(source).first()
    frame = read.option("header", True).csv(source)
    if first is None:
        return frame
    return frame.toDF(*_unique_headers(list(first)))


# --------------------------------------------------------------------------------------------------
# Stunting loci


def latest_per_child(m: Any) -> Any:
    """Each child's latest measurement with a length/height (an Ibis table on any engine): a child is its
    NIK, else name + birth date + village; the latest is the greatest ``measure_date``, then
    ``source_line``. A table without those columns (one row per child, made by hand) is used as it is."""
    import ibis

    if not {"nik", "name", "birth_date", "measure_date", "source_line"} <= set(m.columns):
        return m
    m = m.filter(m.zlen.notnull())
    fallback = (m["name"].fill_null("") + "|" + m.birth_date.cast("string").fill_null("") + "|"
                + m.village_code.fill_null(""))
    child = ibis.coalesce(m.nik, fallback)
    rn = ibis.row_number().over(group_by=child, order_by=[ibis.desc(m.measure_date), ibis.desc(m.source_line)])
    return m.mutate(_rn=rn).filter(lambda t: t._rn == 0).drop("_rn")


def stunting_loci_on(
    be: Any,
    *,
    measurements: str | None = None,
    region: str | None = None,
    min_measured: int = 10,
    min_prevalence: float | None = 20.0,
    top: int | None = None,
    lang: str = "id",
    table: str = "growth_measurements",
) -> Any:
    """Stunting loci of ``region`` from the measurement table on ``be``: a
    :class:`lokus.measurements.StuntingLociResult` (``snapshot`` None: a view). The one computation of
    ``lokus stunting loci``: :func:`lokus.measurements.derive_stunting_loci` runs it on the workspace.

    ``measurements`` is a snapshot in ``table`` (default: the greatest name, as on a cluster). ``region``
    is a Kemendagri code (default :func:`lokus.loci.default_region`) or the whole country (``national``,
    ``all``, ``semua``: every village).
    """
    from lokus.loci._inputs import TableSnapshots
    from lokus.measurements import StuntingLociResult

    name = TableSnapshots(be)._pick(table, measurements or "latest")
    full, loci, children, stunted = rank_stunting(be.table(table), name, region, min_measured=min_measured,
                                                  min_prevalence=min_prevalence, top=top, lang=lang)
    return StuntingLociResult(None, name, full, loci, children, stunted)


def rank_stunting(
    m: Any, snapshot: str, region: str | None, *, min_measured: int, min_prevalence: float | None,
    top: int | None, lang: str,
) -> tuple[Any, list[str], int, int]:
    """(one row per village of ``region`` as a pyarrow table, the loci, measured children, stunted
    children) for measurement snapshot ``snapshot`` of the Ibis table ``m`` on any engine.

    The heavy part — each child's latest measurement (a window) and the per-village counts of
    :func:`lokus.engine.stunting_counts` — runs on the engine; the ranking of
    :func:`lokus.growth.rank_village_counts` runs on the per-village counts (one row per village)."""
    import polars as pl

    from lokus.engine import stunting_counts
    from lokus.growth import rank_village_counts
    from lokus.loci import default_region, require_data_in
    from lokus.regions import is_national, load_regions

    regions = load_regions()
    national = region is not None and is_national(region)
    code = None if national else regions.get(default_region(region)).code
    require_data_in(m, snapshot, code, kind="measurements")  # a region without children: one sentence
    m = m.filter((m.snapshot == snapshot) & m.village_code.notnull())  # as lokus.growth.stunting_loci
    if code is not None:
        m = m.filter(m.village_code.startswith(code + "."))
    counts = stunting_counts(latest_per_child(m)).order_by("village_code").to_pyarrow()
    agg = pl.from_arrow(counts)
    assert isinstance(agg, pl.DataFrame)
    agg = agg.with_columns(pl.col("measured").cast(pl.Int64), pl.col("stunted").cast(pl.Int64))
    ranked = rank_village_counts(agg, min_measured=min_measured, min_prevalence=min_prevalence, top=top, lang=lang)
    villages = regions.all("village") if code is None else regions.descendants(code, "village")
    full = pl.DataFrame({"village_code": [v.code for v in villages]}, schema={"village_code": pl.String}).join(
        ranked, on="village_code", how="left").with_columns(
        pl.col("measured").fill_null(0), pl.col("stunted").fill_null(0), pl.col("is_locus").fill_null(False),
    )
    loci = sorted(full.filter(pl.col("is_locus"))["village_code"].to_list())
    children, stunted = int(agg["measured"].sum()), int(agg["stunted"].sum())
    return full.sort("village_code").to_arrow(), loci, children, stunted


# --------------------------------------------------------------------------------------------------
# FGT poverty measures


def fgt_on(
    t: Any,
    line: float,
    *,
    extreme_line: float | None = EXTREME_LINE_MONTHLY_RP,
    design: Any = None,
    by: str | None = None,
    level: float = 0.95,
) -> Any:
    """:func:`lokus.poverty.fgt` on an Ibis table (any engine): the weighted sums per (stratum, PSU,
    group) are one aggregate on the engine; the Taylor-linearised variance is finished in NumPy on
    those sums (a few rows per PSU). Same columns and rows as :func:`lokus.poverty.fgt`.

    The consumption, weight and size columns must be numbers (or text the engine casts: plain
    ``525000``, not ``525.000``); rows that break the rules are refused as by ``fgt`` (the row is
    not named: the engine has no line numbers).
    """
    import ibis
    import polars as pl

    from lokus.poverty._fgt import (
        ALL,
        FGT_COLUMNS,
        MISSING_GROUP,
        SurveyDataError,
        SurveyDesign,
        _check_line,
        _normal_quantile,
        _note,
    )
    from lokus.tables import header_named

    design = design or SurveyDesign()
    headers = list(t.columns)  # an option names its column as the reader compares headers ("Y" names "y")
    def named(column: str | None) -> str | None:
        return None if column is None else header_named(headers, column) or column

    design = SurveyDesign(named(design.consumption) or design.consumption, named(design.weight),
                          named(design.strata), named(design.psu), named(design.size))
    by = named(by)
    z = _check_line(line)
    z_ext = None if extreme_line is None else _check_line(extreme_line)
    for column in (design.consumption, design.weight, design.strata, design.psu, design.size, by):
        if column is not None and column not in t.columns:
            raise SurveyDataError("error.poverty.column", column=column, present=", ".join(list(t.columns)[:12]))

    y = t[design.consumption].cast("float64")
    w = t[design.weight].cast("float64") if design.weight else y.isnull().ifelse(1.0, 1.0)  # a column of 1
    size = t[design.size].cast("float64") if design.size else None

    def label(col: str | None) -> Any:
        return t[col].cast("string").strip() if col else ibis.literal("")

    h, p = label(design.strata), label(design.psu)
    checks = {"n": t.count(), "bad_y": (y.isnull() | (y <= 0)).cast("int64").sum()}
    if design.weight:
        checks["bad_w"] = (w.isnull() | (w < 0)).cast("int64").sum()
    if size is not None:
        checks["bad_size"] = (size.isnull() | (size <= 0)).cast("int64").sum()
    for key, col in (("bad_h", design.strata), ("bad_p", design.psu)):
        if col:
            checks[key] = (t[col].isnull() | (label(col) == "")).cast("int64").sum()
    counts = t.aggregate(**checks).to_pyarrow().to_pylist()[0]
    if not counts["n"]:
        raise SurveyDataError("error.poverty.no_rows")
    for key, msg, column in (("bad_y", "error.poverty.consumption", design.consumption),
                             ("bad_w", "error.poverty.weight", design.weight),
                             ("bad_size", "error.poverty.size", design.size),
                             ("bad_h", "error.poverty.design", design.strata),
                             ("bad_p", "error.poverty.design", design.psu)):
        if counts.get(key):
            raise SurveyDataError(msg, column=column, count=counts[key], row="-")

    g = t[by].cast("string").fill_null(MISSING_GROUP) if by else ibis.literal(ALL)
    base = t.mutate(_y=y, _w=w * size if size is not None else w, _h=h, _p=p, _g=g)
    y, weight = base._y, base._w
    specs: list[tuple[str, float, int]] = [("p0", z, 0), ("p1", z, 1), ("p2", z, 2)]
    if z_ext is not None:
        specs.append(("p0_extreme", z_ext, 0))
    sums: dict[str, Any] = {"rows": base.count(), "B": weight.sum()}
    for i, (_, zl, alpha) in enumerate(specs):
        poor = y < zl
        gap = 1.0 - y / zl
        d = poor.cast("float64") if alpha == 0 else poor.ifelse(gap**alpha, 0.0)
        sums[f"A{i}"] = (weight * d).sum()
        if not design.psu:  # each row its own PSU: squares summed per stratum instead
            sums[f"Q{i}"] = (weight * weight * d * d).sum()
            sums[f"P{i}"] = (weight * weight * d).sum()
    if not design.psu:
        sums["W2"] = (weight * weight).sum()
    keys = ["_h", "_p"] if design.psu else ["_h"]
    whole = base.group_by(keys).aggregate(**sums).to_pyarrow()
    parts = [("all", whole)]
    if by:
        parts.append(("by", base.group_by([*keys, "_g"]).aggregate(**sums).to_pyarrow()))

    # Design: PSUs per stratum over the whole sample (each row its own PSU without --psu).
    h_all = np.asarray(whole.column("_h").to_pylist(), dtype=object).astype(str)
    strata, h_code_all = np.unique(h_all, return_inverse=True)
    rows_all = np.asarray(whole.column("rows").to_numpy(zero_copy_only=False), dtype=np.float64)
    n_h = np.bincount(h_code_all, weights=None if design.psu else rows_all, minlength=len(strata)).astype(np.float64)
    n_psu = int(n_h.sum())
    singleton = bool((n_h < 2).any())
    factor = np.where(n_h > 1, n_h / np.maximum(n_h - 1, 1), np.nan)
    q = _normal_quantile(level)

    # Groups: ALL, then the by-values in sorted order.
    names: list[str] = []
    if by:
        names = sorted(set(parts[1][1].column("_g").to_pylist()))
    group_names = [ALL, *names]
    frames = []
    for i, (measure, zl, _) in enumerate(specs):
        est = np.full(len(group_names), np.nan)
        var = np.full(len(group_names), np.nan)
        pop = np.zeros(len(group_names))
        nrows = np.zeros(len(group_names), dtype=np.int64)
        for kind, tab in parts:
            gl = ["(all)"] * tab.num_rows if kind == "all" else tab.column("_g").to_pylist()
            gidx = np.array([0 if kind == "all" else group_names.index(v) for v in gl], dtype=np.int64)
            hc = np.searchsorted(strata, np.asarray(tab.column("_h").to_pylist(), dtype=object).astype(str))
            col = {c: np.asarray(tab.column(c).to_numpy(zero_copy_only=False), dtype=np.float64)
                   for c in tab.column_names if c not in ("_h", "_p", "_g")}
            k = len(group_names)
            x = np.bincount(gidx, weights=col["B"], minlength=k)
            a = np.bincount(gidx, weights=col[f"A{i}"], minlength=k)
            n_g = np.bincount(gidx, weights=col["rows"], minlength=k)
            sel = np.unique(gidx)
            with np.errstate(invalid="ignore", divide="ignore"):
                r = np.where(x > 0, a / np.where(x > 0, x, 1.0), np.nan)
                r0, sx = np.nan_to_num(r), np.where(x > 0, x, 1.0)
                e = (col[f"A{i}"] - r0[gidx] * col["B"]) / sx[gidx]
                cell = hc * k + gidx
                sum_e = np.bincount(cell, weights=e, minlength=len(strata) * k).reshape(len(strata), k)
                if design.psu:
                    e2 = e * e
                else:
                    e2 = (col[f"Q{i}"] - 2 * r0[gidx] * col[f"P{i}"] + r0[gidx] ** 2 * col["W2"]) / sx[gidx] ** 2
                sum_e2 = np.bincount(cell, weights=e2, minlength=len(strata) * k).reshape(len(strata), k)
                v = (factor[:, None] * (sum_e2 - sum_e**2 / n_h[:, None])).sum(axis=0)
                v = np.where(x > 0, np.maximum(v, 0.0), np.nan)
            est[sel], var[sel], pop[sel], nrows[sel] = r[sel], v[sel], x[sel], n_g[sel].astype(np.int64)
        se = np.sqrt(var)
        frames.append(pl.DataFrame({
            "group": group_names, "measure": [measure] * len(group_names), "line": [zl] * len(group_names),
            "estimate": est, "se": se, "ci_low": np.clip(est - q * se, 0.0, 1.0),
            "ci_high": np.clip(est + q * se, 0.0, 1.0), "n": nrows, "population": pop,
            "n_psu": [n_psu] * len(group_names), "n_strata": [len(strata)] * len(group_names),
            "note": [_note(int(c), float(pp), singleton) for c, pp in zip(nrows, pop, strict=True)],
        }, nan_to_null=True))
    out = pl.concat(frames)
    order = {m: i for i, (m, _, _) in enumerate(specs)}
    return (
        out.with_columns(
            pl.col("measure").replace_strict(order, return_dtype=pl.Int32).alias("_m"),
            pl.col("group").replace_strict({gn: i for i, gn in enumerate(group_names)}, return_dtype=pl.Int32)
            .alias("_g"),
        ).sort(["_g", "_m"]).drop(["_g", "_m"]).select(FGT_COLUMNS)
    )


# --------------------------------------------------------------------------------------------------
# WHO z-scores, file to file, on Spark


def zscores_file_on_spark(be: Any, source: str, columns: Mapping[str, str] | None = None) -> Any:
    """WHO z-scores of every row of ``source`` (a CSV/Parquet file or a table the engine knows),
    computed on Spark through Arrow batches by the one NumPy core after the whole input's column checks
    (:func:`lokus.engine.spark_zscores`); a Polars frame in input order (``lokus.growth.classify`` and
    ``write_table`` finish it as on DuckDB)."""
    import polars as pl

    from lokus.engine._spark import spark_zscores

    session = be._session
    path = Path(source)
    if source in be.list_tables():  # Spark only
        frame = session.table(source)
    elif path.suffix.lower() in (".csv", ".txt", ".tsv"):
        frame = spark_csv(session, source)
    else:
        frame = session.read.parquet(source)
    result = pl.from_arrow(spark_zscores(frame, source=source, columns=columns).toArrow())
    assert isinstance(result, pl.DataFrame)
    return result
