"""The ``--engine`` and ``--memory-limit`` options shared by the analysis commands, and the backend they name."""

from __future__ import annotations

from typing import Any

import typer

from lokus.workspace._memory import check_memory_limit

ENGINE_OPTION = typer.Option(
    None, "--engine", help="duckdb (default) or spark (LOKUS_SPARK_MASTER, LOKUS_SPARK_TABLES; see docs/engines.md)."
)
MEMORY_OPTION = typer.Option(
    None, "--memory-limit", callback=check_memory_limit,
    help="DuckDB memory limit, e.g. 3GB (spills to disk beyond; default LOKUS_MEMORY_LIMIT).",
)


def engine_settings(engine: str | None, memory_limit: str | None = None) -> Any:
    """:class:`lokus.engine.EngineSettings` from the options (they win over ``LOKUS_ENGINE``/``LOKUS_MEMORY_LIMIT``)."""
    from lokus.engine import EngineSettings

    return EngineSettings.from_env(engine=engine, memory_limit=memory_limit)  # checks LOKUS_MEMORY_LIMIT too


def spark_backend_for(settings: Any) -> Any:
    """The Ibis backend on Spark with the configured tables registered (no workspace is opened)."""
    from lokus.engine import connect

    return connect(settings)
