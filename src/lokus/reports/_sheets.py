"""Safe XLSX and CSV writers for tables of text and numbers."""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = ["FORMULA_PREFIXES", "TEXT_COLUMNS", "Sheet", "csv_safe", "write_csv", "write_xlsx"]

FORMULA_PREFIXES = ("=", "+", "-", "@")
# Columns always written as text, whatever their content looks like.
TEXT_COLUMNS = frozenset({"nik", "kk", "head_nik", "no_kk", "household_id", "village_code", "dtks_id"})
_MAX_SHEET_NAME = 31


@dataclass
class Sheet:
    """One worksheet: a name, column headers and rows (lists of cells)."""

    name: str
    columns: list[str]
    rows: list[list[Any]]
    title: str | None = None
    text_columns: frozenset[str] = field(default_factory=lambda: TEXT_COLUMNS)
    # Optional formatting (XLSX only; CSV ignores it). ``headers``: printed headers (e.g. Indonesian),
    # one per column (the keys stay in ``columns``); ``widths``: column widths in characters;
    # ``number_formats``: column → Excel number format (e.g. "#,##0", "0.0%"); ``landscape`` and
    # ``fit_width`` set up printing (the header row is always repeated on every printed page);
    # ``notes``: lines written under the table (e.g. the source).
    headers: list[str] | None = None
    widths: dict[str, float] | None = None
    number_formats: dict[str, str] | None = None
    landscape: bool = False
    fit_width: bool = False
    notes: list[str] = field(default_factory=list)
    wrap: frozenset[str] = frozenset()  # columns whose long texts wrap inside the cell
    row_height: float | None = None  # points, e.g. 30 for a row to sign in

    @classmethod
    def from_table(cls, name: str, table: Any, title: str | None = None) -> Sheet:
        """From a pyarrow table (or anything with ``column_names`` and ``to_pylist``)."""
        columns = list(table.column_names)
        rows = [[r.get(c) for c in columns] for r in table.to_pylist()]
        return cls(name=name, columns=columns, rows=rows, title=title)


def csv_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet cannot read as a formula (``'`` before = + - @)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def write_csv(path: str | os.PathLike[str], sheet: Sheet) -> Path:
    """Write one sheet as UTF-8 CSV (with BOM, so Excel reads it as UTF-8)."""
    p = Path(path)
    with open(p, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([csv_safe(c) for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([csv_safe(v) if isinstance(v, str) else _cell_text(v) for v in row])
    return p


def _sheet_name(name: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:_MAX_SHEET_NAME] or "Sheet"
    out, n = clean, 2
    while out.lower() in used:
        suffix = f" ({n})"
        out = clean[: _MAX_SHEET_NAME - len(suffix)] + suffix
        n += 1
    used.add(out.lower())
    return out


def write_xlsx(path: str | os.PathLike[str], sheets: Sequence[Sheet]) -> Path:
    """Write ``sheets`` to one workbook. Texts are always strings, never formulas or numbers."""
    import xlsxwriter

    p = Path(path)
    workbook = xlsxwriter.Workbook(
        str(p), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    try:
        text = workbook.add_format({"num_format": "@"})
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        heading = workbook.add_format({"bold": True, "font_size": 13})
        used: set[str] = set()
        for sheet in sheets:
            ws = workbook.add_worksheet(_sheet_name(sheet.name, used))
            first = 0
            if sheet.title:
                ws.write_string(0, 0, sheet.title, heading)
                first = 2
            shown = sheet.headers if sheet.headers and len(sheet.headers) == len(sheet.columns) else sheet.columns
            number = {c: workbook.add_format({"num_format": f}) for c, f in (sheet.number_formats or {}).items()}
            wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
            for c in sheet.wrap:
                number.setdefault(c, wrapped)
            for j, name in enumerate(sheet.columns):
                ws.write_string(first, j, shown[j], bold)
                width: float = 18 if name in sheet.text_columns else max(10, min(40, len(shown[j]) + 2))
                if sheet.widths and name in sheet.widths:
                    width = sheet.widths[name]
                ws.set_column(j, j, width, text if name in sheet.text_columns else number.get(name))
            col_width = {c: (sheet.widths or {}).get(c, 18.0) for c in sheet.wrap}
            for i, row in enumerate(sheet.rows, start=first + 1):
                lines = 1
                for j, value in enumerate(row):  # wrapped cells: spreadsheets do not grow the row themselves
                    if sheet.columns[j] in sheet.wrap and isinstance(value, str):
                        lines = max(lines, -(-len(value) // max(1, int(col_width[sheet.columns[j]] * 0.95))))
                height = max(sheet.row_height or 0.0, 15.0 * lines if lines > 1 else 0.0)
                if height:
                    ws.set_row(i, height)
                for j, value in enumerate(row):
                    name = sheet.columns[j]
                    if value is None:
                        continue
                    if isinstance(value, bool):
                        ws.write_string(i, j, _cell_text(value))
                    elif isinstance(value, (int, float)) and name not in sheet.text_columns:
                        ws.write_number(i, j, value, number.get(name))
                    else:
                        ws.write_string(i, j, _cell_text(value),
                                        text if name in sheet.text_columns else number.get(name))
            for k, note in enumerate(sheet.notes):
                ws.write_string(first + len(sheet.rows) + 2 + k, 0, note)
            ws.freeze_panes(first + 1, 0)
            ws.repeat_rows(first)
            if sheet.landscape:
                ws.set_landscape()
            if sheet.fit_width:
                ws.fit_to_pages(1, 0)
            ws.set_paper(9)  # A4
            if sheet.rows:
                ws.autofilter(first, 0, first + len(sheet.rows), max(0, len(sheet.columns) - 1))
    finally:
        workbook.close()
    return p
