"""The one writer of files a person gets: CSV, XLSX or JSON, chosen by the file's extension.

Every table a command, the meeting pack or the web app hands to a person goes through
:func:`write_table` (many sheets: :func:`write_workbook`), so that all of them are formula-safe,
keep identifiers (NIK, KK) as text and name the format by the extension.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lokus.i18n import DEFAULT_LANG
from lokus.reports._sheets import Sheet, write_csv, write_xlsx

__all__ = ["FORMATS", "write_table", "write_workbook"]

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    return FORMATS.get(path.suffix.lower(), "csv")


def write_table(
    table: Any,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    lang: str = DEFAULT_LANG,
    title: str | None = None,
    sheet_name: str = "data",
) -> Path:
    """Write one table (pyarrow, or anything with ``column_names``/``to_pylist``) to ``path``.

    The format comes from ``fmt`` or the extension (``.csv``, ``.xlsx``, ``.json``). CSV and JSON
    keep stable snake_case keys; XLSX gets the same columns. Returns the path written.
    """
    p = Path(path)
    kind = _format_of(p, fmt)
    sheet = Sheet.from_table(sheet_name, table, title=title)
    if kind == "xlsx":
        return write_xlsx(p, [sheet])
    if kind == "json":
        rows = [dict(zip(sheet.columns, row, strict=True)) for row in sheet.rows]
        p.write_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        return p
    return write_csv(p, sheet)


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[Sheet]) -> Path:
    """Write several sheets to one XLSX workbook."""
    return write_xlsx(Path(path), sheets)
