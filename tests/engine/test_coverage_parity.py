"""Coverage and gaps give identical results on DuckDB (the workspace) and on Spark (no workspace).

The fixture is the convergence one (tests/convergence/fixture.py: a registry of real villages and the
recipient lists of several programs, period 2024-06, one delivery recorded); the Spark side reads the
same rows from Parquet locations (``LOKUS_SPARK_TABLES``). Programs without a list stay "no data" (null)
on both engines.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from lokus.engine import EngineSettings, connect

from ._fixtures import SPARK_MARKS

pytestmark = SPARK_MARKS

TODAY = date(2024, 7, 15)
TABLES = ("registry", "program_recipients", "interventions")


@pytest.fixture
def tables(spark, tmp_path: Path, workspace_path: Path):
    """The convergence fixture in a DuckDB workspace and as Parquet files: ``{table: location}``."""
    from lokus.convergence import add_intervention, ingest_programs
    from lokus.registry import ingest_registry
    from lokus.workspace import Workspace
    from tests.convergence import fixture

    with Workspace(workspace_path) as ws:
        ingest_registry(ws, fixture.write_registry(tmp_path / "reg.csv"), snapshot="reg-2024", fmt="canonical",
                        today=TODAY)
        for code, path in fixture.write_lists(tmp_path).items():
            ingest_programs(ws, path, program=code, period="2024-06", today=TODAY)
        nik = ws.con.execute("SELECT min(nik) FROM registry").fetchone()[0]
        add_intervention(ws, program="PKH", delivered_on=date(2024, 6, 1), nik=nik)
        where = {}
        for name in TABLES:
            ws.con.execute(f"COPY {name} TO '{tmp_path / name}.parquet' (FORMAT parquet)")
            where[name] = f"parquet:{tmp_path / name}.parquet"
    yield where
    for name in (*TABLES, "regions"):
        spark.catalog.dropTempView(name)


def test_coverage_identical_on_spark_without_a_workspace(spark, tables, workspace_path: Path) -> None:
    """compute_coverage(None, backend=Spark) — default region (the priority loci, ranked on Spark) —
    gives the same coverage by program (nulls for programs without data), per-village gaps and gap pairs."""
    from lokus.convergence import compute_coverage
    from lokus.engine import backend
    from lokus.workspace import Workspace

    be = connect(EngineSettings.from_env({"LOKUS_ENGINE": "spark", "LOKUS_SPARK_SHUFFLE_PARTITIONS": "2",
                                          "LOKUS_SPARK_TABLES": ",".join(f"{k}={v}" for k, v in tables.items())}))
    got = compute_coverage(None, backend=be)
    with Workspace(workspace_path, read_only=True) as ws:
        expected = compute_coverage(ws, backend=backend(ws.con))
        want = (expected.by_program().to_pylist(), expected.by_village().to_pylist(),
                sorted(expected.gap_pairs().to_pyarrow().to_pylist(), key=lambda r: (r["household_id"], r["program"])),
                expected.villages, expected.lists, expected.as_of, expected.no_data)
        expected.close()
    have = (got.by_program().to_pylist(), got.by_village().to_pylist(),
            sorted(got.gap_pairs().to_pyarrow().to_pylist(), key=lambda r: (r["household_id"], r["program"])),
            got.villages, got.lists, got.as_of, got.no_data)
    got.close()
    for name, left, right in zip(("by_program", "by_village", "gap_pairs", "villages", "lists", "as_of", "no_data"),
                                 have, want, strict=True):
        assert left == right, name
    by_program = {r["program"]: r for r in want[0]}
    assert want[6], "the fixture keeps a program without data"
    assert all(by_program[code]["covered_units"] is None for code in want[6])
    assert any(r["gap_units"] for r in want[0]) and want[1]


def test_gaps_command_same_on_both_engines(spark, tables, cli, monkeypatch) -> None:
    """`lokus gaps --engine spark` (tables from LOKUS_SPARK_TABLES, no workspace) prints the same per-village
    gaps as `lokus gaps` on the workspace; options that need the workspace are refused in one sentence."""
    args = ("--lang", "en", "gaps", "--region", "all", "--by", "village", "--format", "json")
    duck = cli(*args)
    assert duck.exit_code == 0, duck.stdout + duck.stderr
    monkeypatch.setenv("LOKUS_SPARK_MASTER", "local[2]")
    monkeypatch.setenv("LOKUS_SPARK_TABLES", ",".join(f"{k}={v}" for k, v in tables.items()))
    sp = cli(*args, "--engine", "spark")
    assert sp.exit_code == 0, sp.stdout + sp.stderr
    assert json.loads(sp.stdout) == json.loads(duck.stdout)
    for extra in (("--by", "household"), ("--save-meeting", "m1"), ("--since", "m0")):
        refused = cli("--lang", "en", "gaps", "--region", "all", *extra, "--engine", "spark")
        assert refused.exit_code != 0 and "--engine duckdb" in refused.stdout + refused.stderr
        assert "Traceback" not in refused.stdout + refused.stderr
