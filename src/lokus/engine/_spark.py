"""The Spark side of the engine layer: sessions, table locations, and z-scores through Arrow batches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from lokus.engine._settings import SparkSettings

__all__ = ["spark_session", "register_tables", "spark_zscores"]

# The columns lokus.growth.zscores adds, with their Arrow types (see lokus.growth.OUTPUT_COLUMNS).
_ZSCORE_FIELDS = (
    ("clenhei", pa.float64()), ("cbmi", pa.float64()), ("cmeasure", pa.string()), ("c9mo_flag", pa.int8()),
    ("csex", pa.int8()), ("zlen", pa.float64()), ("flen", pa.int8()), ("zwei", pa.float64()),
    ("fwei", pa.int8()), ("zwfl", pa.float64()), ("fwfl", pa.int8()), ("zbmi", pa.float64()),
    ("fbmi", pa.int8()), ("reason", pa.string()),
)


def spark_session(settings: SparkSettings) -> Any:  # pragma: no cover - needs pyspark and Java
    """Get or create the SparkSession described by ``settings`` (one per process)."""
    import os
    import sys

    from pyspark.sql import SparkSession

    # Python workers (z-scores via mapInArrow) must run the interpreter that has lokus and pyarrow.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(settings.master).appName(settings.app_name)
        .config("spark.sql.shuffle.partitions", str(settings.shuffle_partitions))
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if "spark.driver.extraJavaOptions" not in settings.conf:  # quiet JVM log unless the user set their own
        from pathlib import Path

        log4j = Path(__file__).with_name("log4j2.properties")
        builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j.as_uri()}")
    for key, value in settings.conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def register_tables(session: Any, settings: SparkSettings) -> list[str]:  # pragma: no cover - needs Java
    """Make each configured table a temporary view of its canonical name; returns the names.

    The Kemendagri ``regions`` table ships with lokus: it is registered from the package unless the
    settings name a location for it.
    """
    if "regions" not in settings.tables:
        from lokus.regions import load_regions

        regions = load_regions().all()
        table = pa.table({
            "code": [r.code for r in regions], "name": [r.name for r in regions],
            "parent_code": [r.parent_code for r in regions], "level": [r.level for r in regions],
            "kind": [r.kind for r in regions], "local_kind": [r.local_kind for r in regions],
            "bps_code": [r.bps_code for r in regions],
        })
        session.createDataFrame(table.to_pandas()).createOrReplaceTempView("regions")
    for name, where in settings.tables.items():
        if where.format == "hive":
            frame = session.table(where.location)
        else:
            frame = session.read.format(where.format).load(where.location)
        frame.createOrReplaceTempView(name)
    return sorted({*settings.tables, "regions"})


def _zscore_batches(batches: Iterator[Any]) -> Iterator[Any]:
    from lokus.growth import zscores

    for batch in batches:
        if batch.num_rows == 0:
            continue
        yield from zscores(pa.Table.from_batches([batch])).to_batches()


def spark_zscores(frame: Any) -> Any:  # pragma: no cover - needs Java
    """WHO z-scores on a Spark DataFrame: each Arrow batch goes through :func:`lokus.growth.zscores`
    (the one NumPy implementation), on the executors, via ``mapInArrow``.

    ``frame`` has the columns :func:`lokus.growth.zscores` reads (sex, age_days or birth_date +
    measure_date, weight_kg, lenhei_cm, optionally measure and oedema); the result has every input
    column plus the z-score columns, row for row (Spark does not promise row order).
    """
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    added = dict(_ZSCORE_FIELDS)
    frame = frame.drop(*[c for c in frame.columns if c in added])
    arrow_in = to_arrow_schema(frame.schema)
    fields = [f for f in arrow_in if f.name not in added] + [pa.field(n, t) for n, t in _ZSCORE_FIELDS]
    return frame.mapInArrow(_zscore_batches, from_arrow_schema(pa.schema(fields)))
