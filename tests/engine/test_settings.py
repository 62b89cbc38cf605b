"""Engine settings from the environment (no Spark needed)."""

from __future__ import annotations

import pytest

from lokus.engine import ENGINES, EngineSettings, TableLocation, connect
from lokus.errors import ConfigError


def test_defaults_are_duckdb_and_local_spark() -> None:
    s = EngineSettings.from_env({})
    assert s.engine == "duckdb" and s.memory_limit is None
    assert s.spark.master == "local[2]" and s.spark.tables == {}
    assert ENGINES == ("duckdb", "spark")


def test_cluster_settings_parse() -> None:
    s = EngineSettings.from_env({
        "LOKUS_ENGINE": "Spark", "LOKUS_SPARK_MASTER": "spark://head:7077",
        "LOKUS_SPARK_TABLES": "registry=parquet:/data/reg, growth_measurements=delta:s3a://lake/growth,"
                              "recipients=hive:dtks.recipients,regions=/data/regions.parquet",
        "LOKUS_SPARK_CONF": "spark.executor.memory=8g", "LOKUS_MEMORY_LIMIT": "3GB",
    })
    assert s.engine == "spark" and s.memory_limit == "3GB"
    assert s.spark.master == "spark://head:7077"
    assert s.spark.conf == {"spark.executor.memory": "8g"}
    assert s.spark.tables["registry"] == TableLocation(format="parquet", location="/data/reg")
    assert s.spark.tables["growth_measurements"] == TableLocation(format="delta", location="s3a://lake/growth")
    assert s.spark.tables["recipients"] == TableLocation(format="hive", location="dtks.recipients")
    assert s.spark.tables["regions"].format == "parquet"


def test_overrides_win_and_bad_values_are_one_sentence() -> None:
    assert EngineSettings.from_env({"LOKUS_ENGINE": "spark"}, engine="duckdb").engine == "duckdb"
    with pytest.raises(ConfigError) as err:
        EngineSettings.from_env({"LOKUS_ENGINE": "flink"})
    assert "duckdb, spark" in err.value.message("en")
    with pytest.raises(ConfigError):
        EngineSettings.from_env({"LOKUS_SPARK_TABLES": "registry"})


def test_duckdb_connect_sets_the_memory_limit() -> None:
    import duckdb

    con = duckdb.connect()
    be = connect(EngineSettings.from_env({}, memory_limit="300MB"), con)
    assert be.name == "duckdb"
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit.replace(" ", "").upper() in ("300.0MB", "286.1MIB", "300MB")


def test_a_bad_memory_limit_is_refused_by_the_settings_themselves() -> None:
    """Python and web callers get the same sentence as the CLI (not DuckDB's parser error later)."""
    import pytest

    from lokus.engine import EngineSettings
    from lokus.errors import ConfigError

    for bad in ("lots", "0GB", "3XB"):
        with pytest.raises(ConfigError) as e:
            EngineSettings.from_env(environ={"LOKUS_MEMORY_LIMIT": bad})
        assert "LOKUS_MEMORY_LIMIT" in e.value.message("en")
    assert EngineSettings.from_env(environ={}, memory_limit=" 3GB ").memory_limit == "3GB"
