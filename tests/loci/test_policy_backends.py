"""The same policy expression on every backend: DuckDB always, PySpark when installed.

Tables are created on the backend under test (an unattached memtable would silently run on DuckDB).
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from lokus.engine import backend
from lokus.loci import PolicyInputs, load_policy, rank_policy
from lokus.regions import load_regions
from lokus.workspace import Workspace

from .conftest import GOLDEN_ROWS, GROWTH_ROWS, D

# py4j (PySpark's bridge to the JVM) leaves sockets to the garbage collector, and PySpark's
# toPandas uses options pandas 3 deprecates; neither is ours to fix.
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def _tables() -> dict[str, pa.Table]:
    regions = [r for r in load_regions().all() if r.code == "18" or r.code.startswith("18.")]
    return {
        "regions": pa.Table.from_pylist([r.as_dict() for r in regions]),
        "registry": pa.table({
            "snapshot": [r[0] for r in GOLDEN_ROWS], "nik": [r[1] for r in GOLDEN_ROWS],
            "household_id": [r[2] for r in GOLDEN_ROWS], "village_code": [r[3] for r in GOLDEN_ROWS],
            "decile": pa.array([r[4] for r in GOLDEN_ROWS], pa.int32()),
        }),
        "growth_measurements": pa.table({
            "snapshot": ["g"] * len(GROWTH_ROWS), "village_code": [r[0] for r in GROWTH_ROWS],
            "zlen": pa.array([r[1] for r in GROWTH_ROWS], pa.float64()),
            "flen": pa.array([r[2] for r in GROWTH_ROWS], pa.int32()),
        }),
    }


@pytest.fixture(scope="module")
def spark_backend_or_skip(tmp_path_factory):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from lokus.engine import spark_backend

    session = (
        SparkSession.builder.master("local[1]").appName("lokus-tests")
        .config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false")
        .config("spark.sql.warehouse.dir", str(tmp_path_factory.mktemp("spark-warehouse")))
        .getOrCreate()
    )
    be = spark_backend(session)
    for name, table in _tables().items():
        be.create_table(name, table, overwrite=True)
    session.sparkContext.setLogLevel("ERROR")
    yield be
    session.stop()


def _duckdb(tmp_path):
    ws = Workspace(tmp_path / "ws.duckdb")
    for name, table in _tables().items():
        if name != "regions":
            ws.con.register("_t", table)
            ws.con.execute(f"CREATE TABLE {name} AS SELECT * FROM _t")
            ws.con.unregister("_t")
    return ws


@pytest.mark.slow
@pytest.mark.parametrize("name", ["lampung-barat-2022", "coverage-75", "indeks-gabungan"])
def test_same_result_on_pyspark(spark_backend_or_skip, tmp_path, name):
    policy = load_policy(name)
    inputs = PolicyInputs("s", stunting_codes=(D,), growth_snapshot="g", region="18.04")
    ws = _duckdb(tmp_path)
    try:
        expected = rank_policy(backend(ws.con), policy, inputs)
    finally:
        ws.close()
    got = rank_policy(spark_backend_or_skip, policy, inputs)
    assert got.column_names == expected.column_names
    for column in expected.column_names:
        left, right = got.column(column).to_pylist(), expected.column(column).to_pylist()
        if isinstance(right[0], float):
            assert left == pytest.approx(right, abs=1e-9), column
        else:
            assert left == right, column
