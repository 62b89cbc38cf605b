"""The one place that knows engine names.

Analytics are Ibis expressions; :func:`backend` wraps a workspace's DuckDB connection (the
default) and :func:`spark_backend` a PySpark session, so the same expression runs on both.
"""

from __future__ import annotations

from typing import Any

__all__ = ["backend", "spark_backend"]


def backend(con: Any) -> Any:
    """An Ibis backend over an open DuckDB connection (e.g. ``Workspace.con``)."""
    import ibis

    return ibis.duckdb.from_connection(con)


def spark_backend(session: Any) -> Any:  # pragma: no cover - exercised only where pyspark exists
    """An Ibis backend over a PySpark session (for work that outgrows one machine)."""
    import ibis

    return ibis.pyspark.connect(session)
