"""Spark settings a person got wrong: one sentence, never Spark's own exception (needs the Spark session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lokus.engine import SparkSettings, TableLocation, register_tables
from lokus.errors import ConfigError


@pytest.mark.spark
def test_a_table_location_spark_cannot_read_is_one_sentence(spark, tmp_path: Path) -> None:  # noqa: ANN001
    where = tmp_path / "missing" / "registry.parquet"
    settings = SparkSettings(tables={"registry": TableLocation.parse(f"parquet:{where}")})
    with pytest.raises(ConfigError) as err:
        register_tables(spark, settings)
    en = err.value.message("en")
    assert en.startswith("Table registry cannot be read from parquet:") and str(where) in en
    assert "LOKUS_SPARK_TABLES" in err.value.message("id") and "PATH_NOT_FOUND" not in en
