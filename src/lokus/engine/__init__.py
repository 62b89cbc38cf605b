"""The one place that knows engine names.

Analytics are Ibis expressions; :func:`backend` wraps a workspace's DuckDB connection (the
default) and :func:`spark_backend` a PySpark session, so the same expression runs on both.
:func:`connect` turns :class:`EngineSettings` (``--engine``, ``LOKUS_ENGINE``, ``LOKUS_SPARK_*``) into a
backend; on Spark the canonical tables come from the configured Parquet/Delta/Hive locations, so no
DuckDB workspace is needed. :func:`spark_zscores` runs the WHO z-scores on Spark through Arrow batches
calling the same NumPy core as everywhere else.
"""

from __future__ import annotations

from typing import Any

from lokus.engine._settings import ENGINES, EngineSettings, SparkSettings, TableLocation
from lokus.engine._spark import register_tables, spark_session, spark_zscores

__all__ = [
    "ENGINES", "EngineSettings", "SparkSettings", "TableLocation", "backend", "spark_backend", "connect",
    "engine_name", "has_table", "materialise", "drop_temp_table", "spark_session", "register_tables", "spark_zscores", "stunting_counts",
]


def backend(con: Any, memory_limit: str | None = None) -> Any:
    """An Ibis backend over an open DuckDB connection (e.g. ``Workspace.con``).

    ``memory_limit`` (e.g. ``"3GB"``) bounds DuckDB's memory; beyond it DuckDB spills to disk.
    """
    import ibis

    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    return ibis.duckdb.from_connection(con)


def spark_backend(session: Any) -> Any:  # pragma: no cover - exercised only where pyspark exists
    """An Ibis backend over a PySpark session (for work that outgrows one machine)."""
    import ibis

    return ibis.pyspark.connect(session)


def connect(settings: EngineSettings, con: Any = None) -> Any:
    """The Ibis backend ``settings`` describe.

    DuckDB: over ``con`` (a workspace connection; required). Spark: a session from
    ``settings.spark`` with every configured table registered under its canonical name.
    """
    if settings.engine == "spark":  # pragma: no cover - needs Java
        session = spark_session(settings.spark)
        register_tables(session, settings.spark)
        return spark_backend(session)
    if con is None:
        raise ValueError("the DuckDB engine needs a workspace connection")
    return backend(con, settings.memory_limit)


def engine_name(be: Any) -> str:
    """``duckdb`` or ``spark`` for an Ibis backend made here."""
    return "spark" if getattr(be, "name", "") == "pyspark" else str(getattr(be, "name", "duckdb"))


def stunting_counts(measurements: Any) -> Any:
    """Per village: measured children (``zlen`` present, ``flen`` not 1) and stunted ones (``zlen < -2``,
    strict, as WHO) — the one definition of both, as :func:`lokus.growth.stunting_loci` counts a file.

    ``measurements`` is an Ibis table with ``village_code``, ``zlen``, ``flen`` on any backend (one row
    per child: see :func:`lokus.engine.latest_per_child`); the result has ``village_code``,
    ``measured``, ``stunted`` (int64), one row per village.
    """
    z = measurements.zlen.cast("float64")
    valid = z.notnull() & ~z.isnan().fill_null(False) & (measurements.flen.fill_null(0) != 1)
    return measurements.group_by("village_code").aggregate(
        measured=valid.cast("int64").sum(),
        stunted=(valid & (z < -2)).cast("int64").sum(),
    )


def has_table(be: Any, name: str) -> bool:
    """Whether the engine knows a table or view ``name`` (Ibis 12's ``list_tables`` fails on DuckDB 2.0,
    so DuckDB is asked directly)."""
    if getattr(be, "name", "") == "duckdb":
        rows = be.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchall()
        return bool(rows and rows[0][0])
    return name in be.list_tables()


def materialise(be: Any, name: str, expr: Any) -> Any:
    """Compute ``expr`` once into a temporary table ``name`` and return it as an Ibis table.

    DuckDB: a temporary table of the connection. Spark (Ibis cannot make temporary tables there): a
    cached temporary view of the session, computed on first use. Drop it with :func:`drop_temp_table`.
    """
    if getattr(be, "name", "") == "pyspark":  # pragma: no cover - needs Java
        frame = be._session.sql(be.compile(expr)).cache()
        frame.createOrReplaceTempView(name)
        return be.table(name)
    return be.create_table(name, expr, temp=True)


def drop_temp_table(be: Any, name: str) -> None:
    """Drop a temporary table made by :func:`materialise` (or ``be.create_table(..., temp=True)``), if it exists.

    Ibis 12 cannot drop a temporary table on DuckDB 2.0 (it writes ``DROP TABLE IF EXISTS`` with an
    empty name), so DuckDB gets the statement directly; on Spark the cached view is released.
    """
    if getattr(be, "name", "") == "duckdb":
        quoted = '"' + name.replace('"', '""') + '"'
        be.con.execute(f"DROP TABLE IF EXISTS temp.main.{quoted}")
        return
    if getattr(be, "name", "") == "pyspark":  # pragma: no cover - needs Java
        catalog = be._session.catalog
        if catalog.tableExists(name):
            catalog.uncacheTable(name)
            catalog.dropTempView(name)
        return
    be.drop_table(name, force=True)


from lokus.engine._analyses import (  # noqa: E402
    fgt_on,
    input_table,
    latest_per_child,
    rank_stunting,
    stunting_loci_on,
    zscores_file_on_spark,
)

__all__ += ["fgt_on", "input_table", "latest_per_child", "rank_stunting", "stunting_loci_on", "zscores_file_on_spark"]

from lokus.engine._prevalence import prevalence_on  # noqa: E402

__all__ += ["prevalence_on"]
