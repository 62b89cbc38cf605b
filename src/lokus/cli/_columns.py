"""``--column FIELD="Header"`` (repeatable) and ``--columns map.toml`` for every command that reads
a user file; the mapping itself is :func:`lokus.tables.column_map`."""

from __future__ import annotations

from pathlib import Path

import typer

COLUMN_OPTION = typer.Option(
    None,
    "--column",
    help='Map a field to a header lokus does not know: FIELD="Header as written" '
    '(repeatable), e.g. --column decile="Desil Kesejahteraan (1-10)".',
)
COLUMNS_OPTION = typer.Option(
    None, "--columns", help='TOML file of FIELD = "Header as written" lines (see docs/reference/input-files.md).'
)


def mapping(column: list[str] | None, columns: Path | None) -> dict[str, str] | None:
    """The column mapping given on the command line (None when there is none)."""
    from lokus.tables import column_map

    if not column and columns is None:
        return None
    return column_map(column or [], columns)
