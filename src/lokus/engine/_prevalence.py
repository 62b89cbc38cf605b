"""``anthro_prevalence`` on an engine: per-row work on Arrow batches, group sums as Ibis aggregates.

Each Arrow batch goes through :func:`prevalence_rows` (the one WHO core, then the same per-row
indicators as :func:`lokus.growth.prevalence`: flagged z-scores dropped, oedema as −3.1); the engine sums
``n, Σw, Σwx, Σwx², Σw², Σw²x, Σw²x²`` of every indicator per group (and per stratum/PSU for a survey
design); :func:`_finish` turns those sums into the estimates of :mod:`lokus.growth._estimators` (simple,
hybrid and survey designs, the same formulas written on sums). The result has the rows and columns of
:func:`lokus.growth.prevalence`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["prevalence_on", "prevalence_rows", "VARIABLES"]


def _variables() -> list[tuple[str, bool]]:
    from lokus.growth._prevalence import CUTOFFS, INDICATORS

    out: list[tuple[str, bool]] = []
    for label, _ in INDICATORS:
        out += [(f"{label}{suffix}", True) for suffix, _ in CUTOFFS]
        out.append((label, False))
    return out + [("HA_2_WH_2", True), ("HA_2_WH2", True)]


VARIABLES = _variables()  # (stem, proportion?) in the order of the output columns


def prevalence_rows(batch: pa.Table, *, weights: str | None = None, cluster: str | None = None,
                    strata: str | None = None, by: Sequence[str] = (), source: str = "tabel",
                    date_orders: Mapping[str, str] | None = None) -> pa.Table:
    """Per row: ``keep``, age group ``ag`` (0…5, −1), sex ``sx`` (0 Female, 1 Male, −1), weight ``w``
    (``w_bad`` when negative or unreadable), ``cl``/``st``/``by<i>`` as text, and ``v<j>`` for every
    indicator of :data:`VARIABLES` (null where not usable), exactly as :func:`lokus.growth.prevalence`.
    ``date_orders``: the day/month order of each date column, decided over the whole input (see
    :mod:`lokus.growth._decide`, which has also refused number columns written two ways); without it the
    batch is read as a table of its own."""
    import polars as pl

    from lokus.growth._core import round_half_up
    from lokus.growth._inputs import read_measurements
    from lokus.growth._parse import parse_number
    from lokus.growth._prevalence import _OEDEMA_Z, CUTOFFS, INDICATORS, _age_group_codes
    from lokus.growth._zscores import compute_measurements

    decided = date_orders is not None
    styles: dict[str, dict[str, str]] | None = {} if decided else None  # decided: no batch refuses on its own
    m = read_measurements(batch, source, styles, date_orders=date_orders)
    z = compute_measurements(m)
    n = batch.num_rows
    keep = ~m.blocked & (np.isnan(m.age_days) | (round_half_up(m.age_days) <= 1826))
    cols: dict[str, Any] = {}
    if weights:
        w, _, w_bad = parse_number(pl.Series(weights, batch.column(weights).cast(pa.string()).to_pylist()),
                                   weights, styles, path=source)
        bad = (w < 0) | w_bad
        w = np.where(np.isnan(w), 0.0, w)
    else:
        w, bad = np.ones(n), np.zeros(n, dtype=bool)
    for name, col in (("cl", cluster), ("st", strata)):
        if col:
            values = batch.column(col).cast(pa.string())
            keep &= ~np.asarray(values.is_null().to_numpy(zero_copy_only=False))
            cols[name] = values
    for i, col in enumerate(by):
        cols[f"by{i}"] = batch.column(col).cast(pa.string())
    sx = np.where(m.sex == 2, 0, np.where(m.sex == 1, 1, -1))
    data: dict[str, Any] = {"keep": keep, "ag": _age_group_codes(m.age_days), "sx": sx.astype(np.int64),
                            "w": w, "w_bad": bad, **cols}
    prev: dict[str, np.ndarray] = {}
    j = 0
    for label, col in INDICATORS:
        zz = getattr(z, col).copy()
        zz[getattr(z, "f" + col[1:]) == 1] = np.nan
        if label == "HA":
            summ = zz
            prev[label] = zz
        else:
            summ = zz.copy()
            summ[m.oedema] = np.nan
            zz[m.oedema] = np.nan
            prev[label] = np.where(m.oedema, _OEDEMA_Z, zz)
        zp = prev[label]
        for _, cut in CUTOFFS:
            with np.errstate(invalid="ignore"):
                data[f"v{j}"] = np.where(np.isnan(zp), np.nan, (zp < cut) if cut < 0 else (zp > cut)).astype(float)
            j += 1
        data[f"v{j}"] = summ
        j += 1
    zl, zw = prev["HA"], prev["WH"]
    either = np.isnan(zl) | np.isnan(zw)
    with np.errstate(invalid="ignore"):
        for hit in ((zl < -2) & (zw < -2), (zl < -2) & (zw > 2)):
            data[f"v{j}"] = np.where(either, np.nan, hit.astype(float))
            j += 1
    arrays = {k: (pa.array(v, from_pandas=True) if isinstance(v, np.ndarray) else v) for k, v in data.items()}
    return pa.table(arrays)


def _row_schema(batch_schema: pa.Schema, weights: str | None, cluster: str | None, strata: str | None,
                by: Sequence[str]) -> pa.Schema:
    fields = [pa.field("keep", pa.bool_()), pa.field("ag", pa.int64()), pa.field("sx", pa.int64()),
              pa.field("w", pa.float64()), pa.field("w_bad", pa.bool_())]
    fields += [pa.field(name, pa.string()) for name, col in (("cl", cluster), ("st", strata)) if col]
    fields += [pa.field(f"by{i}", pa.string()) for i in range(len(by))]
    fields += [pa.field(f"v{j}", pa.float64()) for j in range(len(VARIABLES))]
    return pa.schema(fields)


def _rows_table(be: Any, table: Any, opts: dict[str, Any]) -> tuple[Any, Any]:
    """The per-row table on the engine (and a function that releases it)."""
    schema = _row_schema(pa.schema([]), opts["weights"], opts["cluster"], opts["strata"], opts["by"])
    if getattr(be, "name", "") == "pyspark":
        from pyspark.sql.pandas.types import from_arrow_schema

        frame = be._session.sql(str(be.compile(table)))

        def fn(batches: Iterator[Any]) -> Iterator[Any]:
            for b in batches:
                if b.num_rows:
                    yield from prevalence_rows(pa.Table.from_batches([b]), **opts).cast(schema).to_batches()

        rows = frame.mapInArrow(fn, from_arrow_schema(schema)).cache()
        name = "lokus_prevalence_rows"
        rows.createOrReplaceTempView(name)
        return be.table(name), rows.unpersist
    import shutil
    import tempfile
    from pathlib import Path

    import pyarrow.parquet as pq

    # DuckDB: the rows stream through a temporary Parquet file (bounded memory), then DuckDB scans it.
    folder = Path(tempfile.mkdtemp(prefix="lokus-prev-"))
    path = folder / "rows.parquet"
    with pq.ParquetWriter(path, schema) as writer:
        # DuckDB 2.0 streams through the relation API (Ibis 12's to_pyarrow_batches calls a removed method)
        for b in be.con.sql(str(be.compile(table))).to_arrow_reader(1_000_000):
            if b.num_rows:
                writer.write_table(prevalence_rows(pa.Table.from_batches([b]), **opts).cast(schema))
    return be.read_parquet(str(path)), lambda: shutil.rmtree(folder, ignore_errors=True)


def _sums(rows: Any, keys: list[str]) -> pa.Table:
    w = rows.w
    aggs: dict[str, Any] = {"_rows": rows.count()}
    for j in range(len(VARIABLES)):
        x = rows[f"v{j}"]
        ok = x.notnull()
        aggs |= {f"n_{j}": ok.cast("int64").sum(), f"sw_{j}": ok.ifelse(w, 0.0).sum(), f"swx_{j}": (w * x).sum(),
                 f"swx2_{j}": (w * x * x).sum(), f"sw2_{j}": ok.ifelse(w * w, 0.0).sum(),
                 f"sw2x_{j}": (w * w * x).sum(), f"sw2x2_{j}": (w * w * x * x).sum()}
    return rows.group_by(keys).aggregate(**aggs).to_pyarrow()


def prevalence_on(be: Any, table: Any, *, by: str | Sequence[str] | None = None, weights: str | None = None,
                  cluster: str | None = None, strata: str | None = None, source: str = "tabel",
                  columns: Mapping[str, str] | None = None) -> Any:
    """:func:`lokus.growth.prevalence` of the Ibis ``table`` on the engine ``be`` (DuckDB or Spark);
    a Polars frame with the same rows and columns.

    The table is read as ``anthro prevalence`` reads a file: its columns matched to the growth fields
    (e-PPGBM headers; ``columns``: field → column, from ``--column``), and, in one pass over the table before
    the z-scores, two columns for one field that disagree, a date column in both day/month orders and a number
    column in two styles refused with the file readers' sentences; each date column is read in the order its
    whole column shows (:mod:`lokus.growth._decide`)."""
    from lokus.engine._decide import decide_on
    from lokus.errors import ConfigError, SchemaError
    from lokus.growth._files import growth_match
    from lokus.growth._inputs import missing_columns
    from lokus.growth._prevalence import AGE_GROUPS
    from lokus.tables import header_named

    names = list(table.columns)
    # each option names its column as the reader compares headers ("Kode Desa" names "kode_desa")
    by_cols = [header_named(names, c) or c for c in ([by] if isinstance(by, str) else list(by or []))]
    weights, cluster, strata = (header_named(names, c) or c if c else c for c in (weights, cluster, strata))
    missing = [c for c in (*by_cols, *[c for c in (weights, cluster, strata) if c]) if c not in names]
    missing += missing_columns([*names, *growth_match(names, columns).columns])
    if missing:
        raise SchemaError(path=source, missing=", ".join(missing), present=", ".join(names[:12]) or "-")
    match, orders = decide_on(be, table, source, columns, weights)
    added = {name: table[names[i]] for name, i in match.columns.items() if names[i] != name}
    if added:
        table = table.mutate(**added)
    opts = {"weights": weights, "cluster": cluster, "strata": strata, "by": by_cols, "source": source,
            "date_orders": orders}
    rows, release = _rows_table(be, table, opts)
    try:
        kept = rows.filter(rows.keep)
        design_keys = [k for k, c in (("st", strata), ("cl", cluster)) if c]
        head = kept.aggregate(n=kept.count(), w_bad=rows.w_bad.cast("int64").sum(),
                              not_one=(kept.w != 1).cast("int64").sum()).to_pyarrow().to_pylist()[0]
        if head["w_bad"]:
            raise ConfigError("growth.error.option", key=f"--weight ({weights})", value="< 0 / teks",
                              valid_values="bobot >= 0")
        big_n = int(head["n"] or 0)
        kind = "simple" if not (cluster or strata) and not head["not_one"] else (
            "hybrid" if not (cluster or strata) else "survey")
        psu_table = None
        if kind == "survey":
            psu_table = kept.group_by(design_keys).aggregate(_rows=kept.count()).to_pyarrow()
            if cluster and psu_table.num_rows and len(set(psu_table.column("cl").to_pylist())) == 1:
                cluster = None  # one cluster: every row its own PSU, as the R package
                design_keys = [k for k in design_keys if k != "cl"]
                psu_table = kept.group_by(design_keys).aggregate(_rows=kept.count()).to_pyarrow() \
                    if design_keys else kept.aggregate(_rows=kept.count()).to_pyarrow()
        groupings: list[tuple[list[str], Any, list[str] | None]] = [(["All"], None, None)]
        groupings.append(([f"Age group: {g}" for g in AGE_GROUPS], kept.ag, None))
        groupings.append((["Sex: Female", "Sex: Male"], kept.sx, None))
        groupings.append(([f"Age + sex: {g}.{s}" for s in ("Female", "Male") for g in AGE_GROUPS],
                          ((kept.ag >= 0) & (kept.sx >= 0)).ifelse(kept.sx * len(AGE_GROUPS) + kept.ag, -1), None))
        for i, col in enumerate(by_cols):
            values = kept.select(v=kept[f"by{i}"]).distinct().to_pyarrow().column("v").to_pylist()
            uniq = sorted(v for v in values if v is not None)
            if not uniq:
                continue
            groupings.append(([f"{col}: {v}" for v in uniq], kept[f"by{i}"], uniq))
        from lokus.growth._tdist import t_quantile

        psu_info = _psu_info(psu_table, cluster is not None, big_n) if kind == "survey" else None
        df = (psu_info["n_psu"] - psu_info["n_strata"]) if psu_info else big_n - 1
        t = t_quantile(0.975, float(df))
        labels: list[str] = []
        estimates: dict[str, list[float]] = {}
        for group_labels, code, values in groupings:
            k = len(group_labels)
            labels += group_labels
            g = kept.mutate(_code=code if code is not None else 0)
            sums = _sums(g, ["_code", *design_keys] if kind == "survey" else ["_code"])
            codes = sums.column("_code").to_pylist()
            if values is not None:
                index = {v: i for i, v in enumerate(values)}
                cidx = np.array([index.get(c, -1) if c is not None else -1 for c in codes], dtype=np.int64)
            else:
                cidx = np.array([-1 if c is None else int(c) for c in codes], dtype=np.int64)
            ok = (cidx >= 0) & (cidx < k)
            _finish(sums, cidx, ok, k, kind, big_n, t, psu_info, design_keys, estimates)
        return _assemble(labels, estimates)
    finally:
        release()


def _psu_info(psu_table: Any, real_psus: bool, big_n: int) -> dict[str, Any]:
    """PSUs per stratum of the kept rows: each (stratum, cluster) pair, or each row without clusters."""
    strata = psu_table.column("st").to_pylist() if "st" in psu_table.column_names else [""] * psu_table.num_rows
    rows = np.asarray(psu_table.column("_rows").to_numpy(zero_copy_only=False), dtype=np.float64)
    names = sorted(set(strata))
    h = np.array([names.index(s) for s in strata], dtype=np.int64)
    n_h = np.bincount(h, weights=None if real_psus else rows, minlength=len(names)).astype(np.float64)
    return {"strata": names, "n_h": n_h, "n_psu": int(n_h.sum()), "n_strata": len(names), "real": real_psus}


def _finish(sums: pa.Table, cidx: np.ndarray, ok: np.ndarray, k: int, kind: str, big_n: int, t: float,
            psu: dict[str, Any] | None, design_keys: list[str], columns: dict[str, list[float]]) -> None:
    """The estimates of every variable for the ``k`` groups, from the engine's sums (see module doc)."""
    from lokus.growth._estimators import interval

    c = cidx[ok]
    scale = big_n / (big_n - 1) if big_n > 1 else np.nan

    def col(name: str) -> np.ndarray:
        return np.nan_to_num(np.asarray(sums.column(name).to_numpy(zero_copy_only=False), dtype=np.float64))[ok]

    def tot(values: np.ndarray) -> np.ndarray:
        return np.bincount(c, weights=values, minlength=k)

    if psu is not None:
        strata = sums.column("st").to_pylist() if "st" in design_keys else [""] * sums.num_rows
        hcell = np.array([psu["strata"].index(s) for s in strata], dtype=np.int64)[ok]
        n_h = psu["n_h"]
        nh = len(n_h)
    for j, (stem, proportion) in enumerate(VARIABLES):
        n, sw, swx, swx2 = tot(col(f"n_{j}")), tot(col(f"sw_{j}")), tot(col(f"swx_{j}")), tot(col(f"swx2_{j}"))
        with np.errstate(all="ignore"):
            r = swx / sw
            if kind == "simple":
                ss = np.maximum(swx2 - 2 * r * swx + r * r * n, 0.0)
                se = np.sqrt(scale) / n * np.sqrt(ss)
                stdev = np.sqrt(ss / (n - 1))
            else:
                sw2, sw2x, sw2x2 = tot(col(f"sw2_{j}")), tot(col(f"sw2x_{j}")), tot(col(f"sw2x2_{j}"))
                if kind == "hybrid":
                    var = scale * np.maximum(sw2x2 - 2 * r * sw2x + r * r * sw2, 0.0) / (sw * sw)
                else:
                    assert psu is not None
                    rc, swc = r[c], sw[c]
                    e = (col(f"swx_{j}") - rc * col(f"sw_{j}")) / swc  # Σ of the scores in each cell
                    key = c * nh + hcell
                    t1 = np.bincount(key, weights=e, minlength=k * nh).reshape(k, nh)
                    if psu["real"]:
                        e2 = e * e
                    else:
                        e2 = (col(f"sw2x2_{j}") - 2 * rc * col(f"sw2x_{j}") + rc * rc * col(f"sw2_{j}")) / (swc * swc)
                    t2 = np.bincount(key, weights=e2, minlength=k * nh).reshape(k, nh)
                    centre = t1 / n_h
                    lonely = n_h == 1
                    if lonely.any():
                        centre[:, lonely] = (t1.sum(axis=1) / psu["n_psu"])[:, None]
                    sc = np.where(n_h > 1, n_h / np.maximum(n_h - 1, 1), 1.0)
                    var = ((t2 - 2 * centre * t1 + n_h * centre * centre) * sc).sum(axis=1)
                    var = np.maximum(var, 0.0)
                se = np.sqrt(var)
                stdev = np.sqrt(np.maximum(swx2 - 2 * r * swx + r * r * sw, 0.0) / sw * n / (n - 1))
            r, se, ll, ul = interval(r, se, n, t, scale, simple=kind == "simple", proportion=proportion)
        empty = n == 0
        for arr in (r, se, ll, ul, stdev):
            arr[empty] = np.nan
        pop = np.where(empty, 0.0, sw if kind != "simple" else n)
        parts = {"r": r, "se": se, "ll": ll, "ul": ul}
        if proportion:
            for p, arr in parts.items():
                columns.setdefault(f"{stem}_{p}", []).extend(arr)
            if stem.endswith("_3") and stem[:-2] in ("HA", "WA", "BMI", "WH"):
                columns.setdefault(f"{stem[:-2]}Z_pop", []).extend(pop)
                columns.setdefault(f"{stem[:-2]}Z_unwpop", []).extend(n)
            if stem == "HA_2_WH_2":
                columns.setdefault(f"{stem}_pop", []).extend(pop)
                columns.setdefault(f"{stem}_unwpop", []).extend(n)
        else:
            for p, arr in (*parts.items(), ("stdev", stdev)):
                columns.setdefault(f"{stem}_{p}", []).extend(arr)


def _assemble(labels: list[str], columns: dict[str, list[float]]) -> Any:
    import polars as pl

    from lokus.growth._prevalence import prevalence_table

    frame = pl.from_arrow(prevalence_table(labels, columns))
    assert isinstance(frame, pl.DataFrame)
    return frame
