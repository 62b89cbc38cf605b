"""The one place that knows engine names.

Analytics are Ibis expressions; :func:`backend` wraps a workspace's DuckDB connection (the
default) and :func:`spark_backend` a PySpark session, so the same expression runs on both.
"""

from __future__ import annotations

from typing import Any

__all__ = ["backend", "spark_backend", "drop_temp_table"]


def backend(con: Any) -> Any:
    """An Ibis backend over an open DuckDB connection (e.g. ``Workspace.con``)."""
    import ibis

    return ibis.duckdb.from_connection(con)


def spark_backend(session: Any) -> Any:  # pragma: no cover - exercised only where pyspark exists
    """An Ibis backend over a PySpark session (for work that outgrows one machine)."""
    import ibis

    return ibis.pyspark.connect(session)


def drop_temp_table(be: Any, name: str) -> None:
    """Drop a temporary table made with ``be.create_table(..., temp=True)``, if it exists.

    Ibis 12 cannot drop a temporary table on DuckDB 2.0 (it writes ``DROP TABLE IF EXISTS`` with an
    empty name), so DuckDB gets the statement directly.
    """
    if getattr(be, "name", "") == "duckdb":
        quoted = '"' + name.replace('"', '""') + '"'
        be.con.execute(f"DROP TABLE IF EXISTS temp.main.{quoted}")
        return
    be.drop_table(name, force=True)
