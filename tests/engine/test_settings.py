"""Engine settings from the environment (no Spark needed)."""

from __future__ import annotations

from pathlib import Path

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


@pytest.mark.parametrize("master", ["foo", "local[x]", "spark:/head", "http://head:7077", "local[2"])
def test_a_master_url_spark_would_refuse_is_one_sentence_before_java_starts(master: str) -> None:
    with pytest.raises(ConfigError) as err:
        EngineSettings.from_env({"LOKUS_SPARK_MASTER": master})
    assert "LOKUS_SPARK_MASTER" in err.value.message("en") and "spark://host:7077" in err.value.message("id")


@pytest.mark.parametrize("master", ["local", "local[2]", "local[*]", "local[4,2]", "yarn", "spark://head:7077",
                                    "k8s://https://head:6443", "local-cluster[2,1,1024]"])
def test_master_urls_spark_takes_pass(master: str) -> None:
    assert EngineSettings.from_env({"LOKUS_SPARK_MASTER": master}).spark.master == master


@pytest.mark.parametrize("value", ["x", "0", "-2", "1.5"])
def test_bad_shuffle_partitions_are_one_sentence(value: str) -> None:
    with pytest.raises(ConfigError) as err:
        EngineSettings.from_env({"LOKUS_SPARK_SHUFFLE_PARTITIONS": value})
    assert "LOKUS_SPARK_SHUFFLE_PARTITIONS" in err.value.message("en")
    assert EngineSettings.from_env({"LOKUS_SPARK_SHUFFLE_PARTITIONS": " 16 "}).spark.shuffle_partitions == 16


def test_spark_that_cannot_start_is_one_sentence_without_java_output(tmp_path: Path) -> None:
    """No Java (JAVA_HOME pointing nowhere): one sentence naming the log file, none of spark-submit's output."""
    import os
    import subprocess
    import sys

    pytest.importorskip("pyspark")
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java"), "LOKUS_WORKSPACE": str(tmp_path / "ws.duckdb"),
           "TMPDIR": str(tmp_path)}  # the kept log goes to the test's folder
    env.pop("LOKUS_DEBUG", None)
    for lang, words in (("id", "Spark tidak bisa dimulai"), ("en", "Spark could not start")):
        res = subprocess.run([sys.executable, "-m", "lokus.cli.main", "--lang", lang, "loci", "--engine", "spark"],
                             capture_output=True, text=True, env=env, timeout=120)
        assert res.returncode == 2, res.stderr
        assert res.stderr.startswith(("Galat:", "Error:")) and words in res.stderr, res.stderr
        assert res.stderr.strip().count("\n") == 0, res.stderr
        assert not any(w in res.stderr for w in ("spark-class", "JAVA_GATEWAY", "PySpark", "Internal")), res.stderr
        log = res.stderr.rsplit(": ", 1)[1].rstrip(").\n")
        assert Path(log).parent == tmp_path and "java" in Path(log).read_text()


@pytest.mark.parametrize(("variable", "value"), [("LOKUS_SPARK_TABLES", "registry"), ("LOKUS_SPARK_TABLES", "registry="),
                                                 ("LOKUS_SPARK_CONF", "spark.executor.memory"),
                                                 ("LOKUS_SPARK_CONF", "=8g")])
def test_a_bad_pair_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(ConfigError) as err:
        EngineSettings.from_env({variable: value})
    assert err.value.message("en").startswith(f"'{value}' is not a valid {variable};")


def _closed_port() -> int:
    import socket

    with socket.socket() as s:  # a port nobody listens on (bound, then released)
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_cluster_master_out_of_reach_is_one_sentence_at_once() -> None:
    """No JVM is started for a master nobody answers at: it would retry for about 86 s first."""
    import time

    from lokus.engine._spark import check_master_reachable

    port = _closed_port()
    start = time.perf_counter()
    with pytest.raises(ConfigError) as err:
        check_master_reachable(f"spark://127.0.0.1:{port}")
    assert time.perf_counter() - start < 5
    en, idn = err.value.message("en"), err.value.message("id")
    assert en == (f"The Spark master spark://127.0.0.1:{port} cannot be reached at 127.0.0.1:{port} "
                  "(the connection was refused); check LOKUS_SPARK_MASTER and the network.")
    assert "sambungan ditolak" in idn and "LOKUS_SPARK_MASTER" in idn
    with pytest.raises(ConfigError) as err:
        check_master_reachable("spark://no-such-host.invalid:7077", timeout=2)
    assert "(unknown host)" in err.value.message("en")
    with pytest.raises(ConfigError):
        check_master_reachable(f"k8s://https://127.0.0.1:{port}")


def test_a_master_that_answers_or_is_local_passes() -> None:
    import socket

    from lokus.engine._spark import _master_addresses, check_master_reachable

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        check_master_reachable(f"spark://127.0.0.1:{_closed_port()},127.0.0.1:{port}")  # one of two (HA) answers
    for master in ("local[2]", "local[*]", "yarn"):
        check_master_reachable(master)
    assert _master_addresses("k8s://https://api.example:6443") == [("api.example", 6443)]
    assert _master_addresses("k8s://api.example") == [("api.example", 443)]
