"""One SQL string literal for the whole package (DuckDB and Spark SQL both double a quote inside one)."""

from __future__ import annotations

import os

__all__ = ["sql_literal"]


def sql_literal(value: str | os.PathLike[str] | None) -> str:
    """``value`` as a single-quoted SQL literal (``'`` doubled); ``None`` → ``NULL``; a path → its text.

    For names and paths written into SQL text where a bound parameter cannot go (DDL, ``read_csv`` arguments,
    constant columns of an ``INSERT … SELECT``)."""
    if value is None:
        return "NULL"
    return "'" + os.fspath(value).replace("'", "''") + "'"
