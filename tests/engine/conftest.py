"""One local Spark session for the whole test session (local[2], two shuffle partitions, 2 GB driver).

Every Spark test of the suite uses this fixture (tests/engine/ only), so CI starts Spark once.

Skipped with its reason where pyspark or a Java runtime is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime (apt-get install default-jre-headless)")
    from lokus.engine import SparkSettings, spark_session

    settings = SparkSettings(
        master="local[2]", shuffle_partitions=2,
        conf={"spark.sql.warehouse.dir": str(tmp_path_factory.mktemp("spark-warehouse")),
              "spark.driver.memory": "2g", "spark.sql.adaptive.enabled": "false"},
    )
    session = spark_session(settings)
    yield session
    session.stop()
