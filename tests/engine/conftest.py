"""One local Spark session for the whole test session (local[2], two shuffle partitions, 2 GB driver).

Every Spark test of the suite uses this fixture (tests/engine/ only), so CI starts Spark once.

Skipped with its reason where pyspark or a Java runtime is missing — except when ``LOKUS_REQUIRE_SPARK=1``
(``.ci/run`` sets it after installing both): then a missing Spark fails the tests, so CI can never pass with the
parity suite silently skipped.
"""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    required = os.environ.get("LOKUS_REQUIRE_SPARK") == "1"
    try:
        import pyspark  # noqa: F401
    except ImportError:
        if required:
            pytest.fail("LOKUS_REQUIRE_SPARK=1 but pyspark is not installed (pip install -e '.[dev]')")
        pytest.skip("pyspark is not installed")
    if shutil.which("java") is None:
        if required:
            pytest.fail("LOKUS_REQUIRE_SPARK=1 but no Java runtime (apt-get install default-jre-headless)")
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
