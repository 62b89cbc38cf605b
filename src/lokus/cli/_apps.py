"""Command groups shared by several capabilities (each adds its own commands)."""

from __future__ import annotations

import typer

ingest_app = typer.Typer(help="Load files into the workspace.", no_args_is_help=True)
