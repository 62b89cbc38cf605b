"""DuckDB and Spark give identical results for the fixtures of each analysis that runs on both.

- WHO z-scores: Spark (mapInArrow over Arrow batches, the same NumPy core) against lokus.zscores on the
  1,352 WHO reference cases (which tests/growth checks against the R package);
- stunting counts per village (an Ibis expression);
- the founding-rule policy ranking, with the tables read from Parquet locations through
  ``EngineSettings``/``connect`` (no DuckDB workspace on the Spark side).
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

DATA = Path(__file__).resolve().parents[1] / "growth" / "data"

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


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


@pytest.mark.parametrize("name", ["lampung-barat-2022", "indeks-gabungan"])
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
