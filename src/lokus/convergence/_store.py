"""Where the convergence capability keeps its settings in the workspace: the user catalogue."""

from __future__ import annotations

from lokus.convergence._catalogue import Catalogue, load_catalogue
from lokus.workspace import Workspace

__all__ = ["store_catalogue", "workspace_catalogue"]

_KEY = "convergence.catalogue"


def store_catalogue(ws: Workspace, cat: Catalogue) -> None:
    """Keep the user part of ``cat`` in the workspace (call inside a transaction)."""
    ws.con.execute("INSERT OR REPLACE INTO lokus_meta VALUES (?, ?)", [_KEY, cat.text])


def workspace_catalogue(ws: Workspace) -> Catalogue:
    """The catalogue stored in the workspace (built-in defaults merged under it)."""
    if not ws.has_table("lokus_meta"):
        return load_catalogue()
    rows = ws.con.execute("SELECT value FROM lokus_meta WHERE key = ?", [_KEY]).fetchall()
    text = rows[0][0] if rows else None
    return load_catalogue(text=text) if text else load_catalogue()
