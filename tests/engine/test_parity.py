"""DuckDB and Spark give identical results for the fixtures of each analysis that runs on both.

- WHO z-scores: Spark (mapInArrow over Arrow batches, the same NumPy core) against lokus.zscores on the
  1,352 WHO reference cases (which tests/growth checks against the R package);
- stunting counts per village (an Ibis expression);
- the founding-rule policy ranking (every built-in policy shape: founding rule, coverage, composite
  index), with the tables read from Parquet locations through ``EngineSettings``/``connect`` (no DuckDB
  workspace on the Spark side) — this also replaces the old tests/loci/test_policy_backends.py;
- ``lokus anthro zscores``, ``lokus anthro prevalence``, ``lokus stunting loci`` and ``lokus poverty fgt`` with ``--engine spark``
  against the same commands on DuckDB/files, and the engine functions behind them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lokus.engine import EngineSettings, backend, connect, spark_zscores, stunting_counts
from lokus.growth import zscores
from lokus.loci import PolicyInputs, load_policy, rank_policy
from lokus.regions import load_regions

from ..loci.conftest import GOLDEN_ROWS, GROWTH_ROWS, D
from ._fixtures import SPARK_MARKS

DATA = Path(__file__).resolve().parents[1] / "growth" / "data"

pytestmark = SPARK_MARKS


@pytest.fixture
def views(spark):
    """Drop the temporary views a test registers, so later tests on the same session see their own tables."""
    yield
    for name in ("registry", "growth_measurements", "regions", "stunting_loci"):
        spark.catalog.dropTempView(name)


def _assert_same(got: pa.Table, expected: pa.Table) -> None:
    assert got.column_names == expected.column_names
    assert got.num_rows == expected.num_rows
    for name in expected.column_names:
        left, right = got.column(name).to_pylist(), expected.column(name).to_pylist()
        if any(isinstance(v, float) for v in right):
            assert left == pytest.approx(right, abs=1e-12, nan_ok=True), name
        else:
            assert left == right, name


def _reference_input() -> pa.Table:
    import pyarrow.csv as pacsv

    cols = ["id", "sex", "age_days", "weight_kg", "lenhei_cm", "measure", "oedema"]
    opts = pacsv.ConvertOptions(include_columns=cols, column_types={c: pa.string() for c in ("sex", "measure", "oedema")})
    return pacsv.read_csv(DATA / "anthro_zscores_reference.csv", convert_options=opts)


def test_zscores_on_spark_equal_the_numpy_core(spark) -> None:
    table = _reference_input()
    expected = zscores(table).sort_by("id")
    frame = spark.createDataFrame(table.to_pandas()).repartition(3)  # several batches, several tasks
    got = pa.Table.from_pandas(spark_zscores(frame).toPandas(), preserve_index=False).sort_by("id")
    got = got.select(expected.column_names).cast(expected.schema)
    _assert_same(got, expected)


def _growth() -> pa.Table:
    return pa.table({
        "snapshot": ["g"] * len(GROWTH_ROWS), "village_code": [r[0] for r in GROWTH_ROWS],
        "zlen": pa.array([r[1] for r in GROWTH_ROWS], pa.float64()),
        "flen": pa.array([r[2] for r in GROWTH_ROWS], pa.int32()),
    })


def test_stunting_counts_identical(spark) -> None:
    from lokus.engine import spark_backend

    con = duckdb.connect()
    con.register("growth", _growth())
    expected = stunting_counts(backend(con).table("growth")).order_by("village_code").to_pyarrow()
    be = spark_backend(spark)
    be.create_table("growth_parity", _growth(), overwrite=True)
    got = stunting_counts(be.table("growth_parity")).order_by("village_code").to_pyarrow()
    _assert_same(got.cast(expected.schema), expected)
    assert expected.to_pylist()[0] == {"village_code": "18.04.04.2002", "measured": 4, "stunted": 1}


def _write_tables(root: Path) -> dict[str, str]:
    regions = [r for r in load_regions().all() if r.code == "18" or r.code.startswith("18.")]
    tables = {
        "regions": pa.Table.from_pylist([r.as_dict() for r in regions]),
        "registry": pa.table({
            "snapshot": [r[0] for r in GOLDEN_ROWS], "nik": [r[1] for r in GOLDEN_ROWS],
            "household_id": [r[2] for r in GOLDEN_ROWS], "village_code": [r[3] for r in GOLDEN_ROWS],
            "decile": pa.array([r[4] for r in GOLDEN_ROWS], pa.int32()),
        }),
        "growth_measurements": _growth(),
    }
    where = {}
    for name, table in tables.items():
        path = root / f"{name}.parquet"
        pq.write_table(table, path)
        where[name] = f"parquet:{path}"
    return where


@pytest.mark.parametrize("name", ["lampung-barat-2022", "coverage-75", "indeks-gabungan"])
def test_policy_ranking_identical_from_parquet_locations(spark, views, tmp_path: Path, name: str) -> None:
    where = _write_tables(tmp_path)
    policy = load_policy(name)
    inputs = PolicyInputs("s", stunting_codes=(D,), growth_snapshot="g", region="18.04")

    con = duckdb.connect()
    for table, location in where.items():
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{location.split(':', 1)[1]}')")
    expected = rank_policy(backend(con), policy, inputs)

    env = {"LOKUS_ENGINE": "spark", "LOKUS_SPARK_MASTER": "local[2]",
           "LOKUS_SPARK_TABLES": ",".join(f"{k}={v}" for k, v in where.items())}
    be = connect(EngineSettings.from_env(env))
    got = rank_policy(be, policy, inputs)
    _assert_same(got, expected)


def test_loci_command_same_on_both_engines(spark, views, tmp_path: Path, cli, workspace_path: Path, monkeypatch) -> None:
    """`lokus loci --engine spark` reads the tables from LOKUS_SPARK_TABLES (no workspace) and prints
    the same ranking as `lokus loci` on the DuckDB workspace holding the same rows."""
    import json

    from lokus.workspace import Workspace

    from ..loci.conftest import insert_registry

    where = _write_tables(tmp_path)
    with Workspace(workspace_path) as ws:
        insert_registry(ws, list(GOLDEN_ROWS), snapshot="s")
    args = ("--lang", "en", "loci", "--registry", "s", "--stunting-loci", "none", "--district", "18.04",
            "--format", "json")
    duck = cli(*args, "--memory-limit", "500MB")
    assert duck.exit_code == 0, duck.stdout + duck.stderr
    monkeypatch.setenv("LOKUS_SPARK_TABLES", ",".join(f"{k}={v}" for k, v in where.items() if k != "regions"))
    monkeypatch.setenv("LOKUS_SPARK_MASTER", "local[2]")
    sp = cli(*args, "--engine", "spark")
    assert sp.exit_code == 0, sp.stdout + sp.stderr
    assert json.loads(sp.stdout) == json.loads(duck.stdout)
    bad = cli(*args, "--engine", "flink")
    assert bad.exit_code != 0 and "duckdb, spark" in bad.stdout + bad.stderr


def _spark_env(monkeypatch, **tables: Path) -> None:
    monkeypatch.setenv("LOKUS_SPARK_MASTER", "local[2]")
    monkeypatch.setenv("LOKUS_SPARK_TABLES", ",".join(f"{k}=parquet:{v}" for k, v in tables.items()))


def test_zscores_command_same_on_both_engines(spark, views, tmp_path: Path, cli, monkeypatch) -> None:
    """`lokus anthro zscores in.csv --engine spark` writes the same file as without it (input order kept)."""
    import polars as pl

    source = tmp_path / "in.csv"
    pl.from_arrow(_reference_input()).write_csv(source)
    duck = cli("--lang", "en", "anthro", "zscores", source, "--out", tmp_path / "duck.csv")
    assert duck.exit_code == 0, duck.stdout + duck.stderr
    _spark_env(monkeypatch)
    sp = cli("--lang", "en", "anthro", "zscores", source, "--out", tmp_path / "spark.csv", "--engine", "spark")
    assert sp.exit_code == 0, sp.stdout + sp.stderr
    assert sp.stderr.replace("spark.csv", "duck.csv") == duck.stderr  # the same summary (rows, reasons, stunted)
    assert (tmp_path / "spark.csv").read_text() == (tmp_path / "duck.csv").read_text()


def test_stunting_loci_same_on_both_engines(spark, views, tmp_path: Path, cli, workspace_path: Path,
                                            monkeypatch) -> None:
    """`lokus stunting loci --engine spark` (measurements from a Parquet location, no workspace) prints the
    same loci as on the DuckDB workspace; the engine function agrees with the workspace one."""
    import json

    from lokus.engine import stunting_loci_on

    from ._fixtures import measurement_workspace, measurements

    measurement_workspace(workspace_path)
    location = tmp_path / "growth.parquet"
    pq.write_table(measurements(), location)
    args = ("--lang", "en", "stunting", "loci", "--district", "18.04", "--min-children", "3",
            "--threshold", "10", "--format", "json")
    duck = cli(*args, "--memory-limit", "500MB")
    assert duck.exit_code == 0, duck.stdout + duck.stderr
    _spark_env(monkeypatch, growth_measurements=location)
    sp = cli(*args, "--engine", "spark")
    assert sp.exit_code == 0, sp.stdout + sp.stderr
    assert json.loads(sp.stdout) == json.loads(duck.stdout)
    assert any(row["is_locus"] for row in json.loads(sp.stdout))
    refused = cli(*args, "--engine", "spark", "--snapshot", "x")
    assert refused.exit_code != 0 and "Traceback" not in refused.stdout + refused.stderr

    be = connect(EngineSettings.from_env({"LOKUS_ENGINE": "spark",
                                          "LOKUS_SPARK_TABLES": f"growth_measurements=parquet:{location}"}))
    con = duckdb.connect()
    con.register("growth_measurements", measurements())
    got = stunting_loci_on(be, region="18.04", min_measured=3, lang="en")
    expected = stunting_loci_on(backend(con), region="18.04", min_measured=3, lang="en")
    assert got.table.equals(expected.table) and got.loci == expected.loci


def test_fgt_same_on_both_engines(spark, views, tmp_path: Path, cli, monkeypatch) -> None:
    """FGT with every design shape on Spark equals lokus.poverty.fgt; `lokus poverty fgt --engine spark`
    prints the same table as the file path."""
    import json

    import polars as pl

    from lokus.engine import fgt_on, spark_backend
    from lokus.poverty import fgt

    from ._fixtures import survey
    from .test_analyses import DESIGNS, assert_frames_equal

    location = tmp_path / "survey.parquet"
    pq.write_table(survey(), location)
    be = spark_backend(spark)
    table = be.read_parquet(str(location))
    for design, by in DESIGNS:
        expected = fgt(pl.from_arrow(survey()), 750_000, design=design, by=by)
        assert_frames_equal(fgt_on(table, 750_000, design=design, by=by), expected)

    args = ("--lang", "en", "poverty", "fgt", location, "--line", "750000", "--weight", "weight", "--strata",
            "strata", "--psu", "psu", "--size", "size", "--by", "village", "--format", "json")
    duck = cli(*args)
    assert duck.exit_code == 0, duck.stdout + duck.stderr
    _spark_env(monkeypatch)
    sp = cli(*args, "--engine", "spark")
    assert sp.exit_code == 0, sp.stdout + sp.stderr
    left, right = json.loads(sp.stdout), json.loads(duck.stdout)
    assert [(r["group"], r["measure"], r["n"]) for r in left] == [(r["group"], r["measure"], r["n"]) for r in right]
    for a, b in zip(left, right, strict=True):
        for key in ("estimate", "se", "ci_low", "ci_high", "population"):
            assert a[key] == pytest.approx(b[key], rel=1e-9, abs=1e-12), key


def test_prevalence_same_on_both_engines(spark, views, tmp_path: Path, cli, monkeypatch) -> None:
    """Prevalence on Spark (simple and survey designs) equals lokus.growth.prevalence; `lokus anthro prevalence
    --engine spark` prints the same table as the file path."""
    import json

    import polars as pl

    from lokus.engine import prevalence_on, spark_backend
    from lokus.growth import prevalence

    from .test_analyses import assert_frames_equal, prevalence_input

    table = prevalence_input()
    location = tmp_path / "m.parquet"
    pq.write_table(table, location)
    be = spark_backend(spark)
    on_spark = be.read_parquet(str(location))
    # the simple design here, the survey design through the command below; every design on DuckDB in
    # test_analyses.py (the same sums): each design is a full pass on Spark (about a minute on 2 cores)
    expected = prevalence(pl.from_arrow(table))
    assert_frames_equal(prevalence_on(be, on_spark), expected, rel=1e-8)

    source = tmp_path / "m.csv"
    pl.from_arrow(table).write_csv(source)
    args = ("--lang", "en", "anthro", "prevalence", source, "--by", "village", "--weight", "w", "--cluster", "cl",
            "--strata", "st", "--format", "json")
    duck = cli(*args)
    assert duck.exit_code == 0, duck.stdout + duck.stderr
    _spark_env(monkeypatch)
    sp = cli(*args, "--engine", "spark")
    assert sp.exit_code == 0, sp.stdout + sp.stderr
    left, right = json.loads(sp.stdout), json.loads(duck.stdout)
    assert [r["Group"] for r in left] == [r["Group"] for r in right]
    for a, b in zip(left, right, strict=True):
        for key, value in b.items():
            if isinstance(value, float):
                assert a[key] == pytest.approx(value, rel=1e-8, abs=1e-9), key
            else:
                assert a[key] == value, key
