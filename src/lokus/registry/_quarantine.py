"""Reading back the quarantine: every rejected row with its reasons, in the analyst's language."""

from __future__ import annotations

import json
import os
from typing import Any

from lokus.i18n import DEFAULT_LANG, t
from lokus.registry import _reasons  # noqa: F401  (registers reason messages)
from lokus.registry._formats import REGISTRY_SPEC
from lokus.registry._schema import QUARANTINE_TABLE
from lokus.tables import match_headers
from lokus.workspace import Workspace

__all__ = ["export_quarantine", "quarantine_rows", "resolve_snapshot"]

KIND = "registry"


def resolve_snapshot(ws: Workspace, snapshot: str | None) -> str:
    """``snapshot`` if it is a registry snapshot, else the latest one (WorkspaceError when none)."""
    if snapshot is not None:
        return ws.snapshot(snapshot, KIND).name
    return ws.latest_snapshot(KIND).name


def _key_columns(raw_keys: list[str], fmt: str) -> dict[str, str]:
    """Raw header → canonical field for the identifying fields (nik, name, village, household)."""
    try:
        match = match_headers(REGISTRY_SPEC, raw_keys, fmt)
    except KeyError:
        return {}
    wanted = ("nik", "name", "household_id", "village_code", "decile")
    return {raw_keys[i]: name for name, i in match.columns.items() if name in wanted}


def quarantine_rows(
    ws: Workspace, snapshot: str | None = None, *, lang: str = DEFAULT_LANG, flatten_raw: bool = False
) -> list[dict[str, Any]]:
    """The quarantined rows of ``snapshot``, as :func:`_rows` reads them. Quarantined rows hold NIKs
    and names: a non-empty answer is a personal-data view, audited (``quarantine.list``); the
    workspace must be open for writing."""
    rows = _rows(ws, snapshot, lang=lang, flatten_raw=flatten_raw)
    if rows:
        from lokus.privacy import audit

        audit(ws, "quarantine.list", target=rows[0]["snapshot"], rows=len(rows))
    return rows


def export_quarantine(
    ws: Workspace, path: str | os.PathLike[str], snapshot: str | None = None, *, lang: str = DEFAULT_LANG,
    fmt: str | None = None, action: str = "quarantine.export",
) -> int:
    """Write every quarantined row of ``snapshot`` with all its raw cells to ``path`` (CSV/XLSX: one
    ``raw:<header>`` column each; JSON: ``raw`` as an object) through :func:`lokus.reports.write_table`,
    then audit the export. Returns the number of rows written."""
    from lokus.reports import Audit, format_of, write_table

    kind = format_of(path, fmt)
    rows = _rows(ws, snapshot, lang=lang, flatten_raw=kind != "json")
    target = rows[0]["snapshot"] if rows else (snapshot or "*")
    write_table(rows, path, lang=lang, sheet_name="karantina",
                audit=Audit(ws, action, target=target, rows=len(rows)))
    return len(rows)


def _rows(
    ws: Workspace, snapshot: str | None = None, *, lang: str = DEFAULT_LANG, flatten_raw: bool = False
) -> list[dict[str, Any]]:
    """The quarantined rows of ``snapshot`` (default: the latest registry snapshot), by line.

    Each row has snapshot, source_file, sheet, source_line, reasons (codes, comma-separated),
    messages (in ``lang``), the identifying raw cells (nik, name, household_id, village_code,
    decile) and ``raw``: all raw cells as a dict, or one ``raw:<header>`` column each with
    ``flatten_raw`` (for CSV).
    """
    if not ws.has_table(QUARANTINE_TABLE):
        resolve_snapshot(ws, snapshot)  # raises: no registry snapshot yet
        return []
    name = resolve_snapshot(ws, snapshot)
    info = ws.snapshot(name)
    fmt = json.loads(info.details or "{}").get("format", "canonical")
    rows = ws.con.execute(
        f"SELECT snapshot, source_file, sheet, source_line, reasons, raw FROM {QUARANTINE_TABLE} "
        "WHERE snapshot = ? ORDER BY source_line",
        [name],
    ).fetchall()
    out: list[dict[str, Any]] = []
    keys: dict[str, str] | None = None
    for snap, source_file, sheet, line, reasons, raw_text in rows:
        raw = json.loads(raw_text) if raw_text else {}
        if keys is None and raw and "_line" not in raw:
            keys = _key_columns(list(raw), fmt)
        row: dict[str, Any] = {
            "snapshot": snap,
            "source_file": source_file,
            "sheet": sheet,
            "source_line": line,
            "reasons": ", ".join(reasons or []),
            "messages": "; ".join(t(f"reason.{r}", lang) for r in reasons or []),
        }
        ident = {field: None for field in ("nik", "name", "household_id", "village_code", "decile")}
        for header, field in (keys or {}).items():
            ident[field] = raw.get(header)
        row.update(ident)
        if flatten_raw:
            row.update({f"raw:{k}": v for k, v in raw.items()})
        else:
            row["raw"] = raw
        out.append(row)
    return out
