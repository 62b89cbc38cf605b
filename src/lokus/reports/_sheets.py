"""Safe XLSX and CSV writers for tables of text and numbers.

One cell rule for every file and every stream a person gets: a text that starts with a character a
spreadsheet reads as the start of a formula or a control (``=``, ``+``, ``-``, ``@``, tab, carriage
return, line feed) is never a formula. In CSV (a file or standard output) it gets a leading ``'``
(:func:`safe_text`), the only marker CSV has. In XLSX it is a string cell with Excel's "quote
prefix" (the leading apostrophe a person types): the text stays exactly as it is and is never
evaluated, not even after the cell is edited. Numbers stay numbers; identifiers (NIK, KK,
household ids, region codes) are always text.

One exception: a text that is a plain negative number written the ordinary way passes unchanged
(:data:`PLAIN_NUMBER`): a minus sign, ASCII digits with an optional decimal point and fraction (or a
point and a fraction), and an optional exponent — ``-3``, ``-0.5``, ``-.5``, ``-3.``, ``-1e-3``,
``-2.5E+10``. A spreadsheet reads such a cell as the number it is, exactly as it reads ``3``; it
cannot refer to a cell or call a function. Everything else starting with a guarded character keeps
the guard, among them ``-2+3`` and ``-A1`` (formulas), ``-inf``/``-nan`` (Excel reads them as names:
``#NAME?``), ``-0,5`` and ``-1.234`` written with other separators than the one above (only the
ordinary shape is recognised, to keep the rule exact), ``- 3`` and ``-3 `` (spaces), and every text
starting with ``+`` (``+62…`` phone numbers would lose their ``+`` and digits as numbers).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = [
    "FORMULA_PREFIXES", "PLAIN_NUMBER", "TEXT_COLUMNS", "Sheet", "cell_value", "csv_safe", "csv_text",
    "is_text_column", "needs_guard", "safe_text", "write_csv", "write_xlsx",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# A plain negative number written the ordinary way: passes the formula guard unchanged (see above).
# ASCII digits only (``\d`` would accept other scripts' digits); used with ``fullmatch``, and by the
# columnar writer anchored as ``^…$`` (the Rust regex's ``$`` is the end of the text).
PLAIN_NUMBER = r"-(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)
# Columns always written as text, whatever their content looks like.
TEXT_COLUMNS = frozenset({
    "nik", "kk", "head_nik", "no_kk", "household_id", "village_code", "dtks_id", "code", "parent_code",
    "bps_code", "region_code", "nik_ibu", "mother_nik",
})
_MAX_SHEET_NAME = 31


def is_text_column(name: str, extra: frozenset[str] = TEXT_COLUMNS) -> bool:
    """Whether column ``name`` holds identifiers that must stay text (NIK, KK, codes)."""
    low = name.lower()
    return low in extra or low.endswith(("_nik", "_kk", "_code")) or low.startswith(("nik_", "kk_"))


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula or a control: it starts with one of
    :data:`FORMULA_PREFIXES` and is not a plain negative number (:data:`PLAIN_NUMBER`)."""
    return text.startswith(FORMULA_PREFIXES) and _PLAIN_NUMBER.fullmatch(text) is None


def safe_text(text: str) -> str:
    """``text`` with a leading ``'`` when it starts like a formula or a control character (a plain
    negative number such as ``-3`` or ``-0.5`` passes unchanged: :func:`needs_guard`)."""
    return "'" + text if needs_guard(text) else text


def csv_safe(value: Any) -> Any:
    """A cell that a spreadsheet cannot read as a formula: texts through :func:`safe_text`."""
    if isinstance(value, str):
        return safe_text(value)
    return value


def cell_value(value: Any) -> Any:
    """A plain Python value for a cell: None, bool, int, float, or str (dates as ISO text)."""
    if value is None:
        return None
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return cell_value(value.item())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _csv_cell(value: Any, text_column: bool) -> str:
    v = cell_value(value)
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)  # True / False, as lokus's CSV always had
    if isinstance(v, (int, float)) and not text_column:
        return repr(v) if isinstance(v, float) else str(v)
    return safe_text(str(v))


@dataclass
class Sheet:
    """One worksheet: a name, column headers and rows (lists of cells)."""

    name: str
    columns: list[str]
    rows: list[list[Any]]
    title: str | None = None
    text_columns: frozenset[str] = field(default_factory=lambda: TEXT_COLUMNS)
    headers: list[str] | None = None  # shown instead of ``columns`` in XLSX (translated)
    note: str | None = None  # one line under the table (e.g. which snapshots it used)
    # Optional formatting (XLSX only; CSV ignores it). ``widths``: column widths in characters;
    # ``number_formats``: column → Excel number format (e.g. "#,##0", "0.0%"); ``landscape`` and
    # ``fit_width`` set up printing (the header row is always repeated on every printed page);
    # ``notes``: more lines written under the table (e.g. the source).
    widths: dict[str, float] | None = None
    number_formats: dict[str, str] | None = None
    landscape: bool = False
    fit_width: bool = False
    notes: list[str] = field(default_factory=list)
    wrap: frozenset[str] = frozenset()  # columns whose long texts wrap inside the cell
    row_height: float | None = None  # points, e.g. 30 for a row to sign in
    # For people (XLSX only; CSV and JSON keep the values and snake_case keys): ``labels`` maps a
    # column of codes to the catalogue family that names them (``change`` → ``loci_change``: the
    # cell ``enters`` shows ``t("loci_change.enters")``, see :func:`lokus.i18n.label`); ``topic``
    # picks a capability's own headers first (:func:`lokus.i18n.header`).
    labels: dict[str, str] | None = None
    topic: str | None = None
    # Several tables on one sheet (XLSX only): with ``table_header=False`` no header row is written
    # above ``rows`` and the sheet gets neither a filter nor frozen panes (a filter over tables with
    # different columns would sort them into each other); ``header_rows`` (indexes into ``rows``) are
    # written in the header style, ``span_rows`` hold one text (a heading or a note) in their first
    # cell, written across all columns and wrapped.
    table_header: bool = True
    header_rows: frozenset[int] = frozenset()
    span_rows: frozenset[int] = frozenset()

    @classmethod
    def from_table(cls, name: str, table: Any, title: str | None = None, note: str | None = None) -> Sheet:
        """From a pyarrow/polars/pandas table, a list of dicts, or anything with ``column_names``
        and ``to_pylist``."""
        columns, dicts = rows_of(table)
        rows = [[r.get(c) for c in columns] for r in dicts]
        return cls(name=name, columns=columns, rows=rows, title=title, note=note)


def rows_of(data: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and row dicts from a pyarrow/polars/pandas table or a list of dicts."""
    if isinstance(data, list):
        cols: list[str] = []
        for row in data:
            cols.extend(k for k in row if k not in cols)
        return cols, data
    if hasattr(data, "to_pylist") and hasattr(data, "column_names"):  # pyarrow
        return list(data.column_names), data.to_pylist()
    if hasattr(data, "to_dicts"):  # polars
        return list(data.columns), data.to_dicts()
    if hasattr(data, "to_dict"):  # pandas
        return [str(c) for c in data.columns], data.to_dict(orient="records")
    raise TypeError(f"cannot write {type(data)!r} as a table")


class _Lines(io.StringIO):
    """A text buffer that turns the "\r\n" ending each CSV row into "\n"."""

    def write(self, text: str) -> int:
        return super().write(text[:-2] + "\n" if text.endswith("\r\n") else text)


def csv_text(columns: Sequence[str], rows: Sequence[Sequence[Any]], text_columns: frozenset[str] = TEXT_COLUMNS) -> str:
    """CSV text (header + rows) with every cell through the one cell rule."""
    buf = _Lines()
    # "\r\n" so that the writer quotes any field holding a CR or an LF (with "\n" alone a bare CR
    # would stay unquoted and split the row); each row then ends in "\n", as lokus's CSV always did.
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([safe_text(str(c)) for c in columns])
    text = [is_text_column(c, text_columns) for c in columns]
    for row in rows:
        writer.writerow([_csv_cell(v, text[j]) for j, v in enumerate(row)])
    return buf.getvalue()


def write_csv(path: str | os.PathLike[str], sheet: Sheet) -> Path:
    """Write one sheet as UTF-8 CSV (with BOM, so Excel reads it as UTF-8)."""
    p = Path(path)
    with open(p, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(csv_text(sheet.columns, sheet.rows, sheet.text_columns))
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


_HEADER_WRAP = 24  # header characters a column is widened for; the header row wraps longer ones
_DECIMALS = re.compile(r"0(?:\.(0+))?")


def _shown_length(raw: Any, number_format: str | None) -> int:
    """How many characters a cell shows: a float under a fixed-decimals format (``0.00``) shows those
    decimals only, whatever digits it keeps."""
    value = cell_value(raw)
    if value is None:
        return 0
    match = _DECIMALS.fullmatch(number_format or "")
    if match and isinstance(value, float):
        return len(f"{value:.{len(match.group(1) or '')}f}")
    return len(str(value))


def _labelled(sheet: Sheet, lang: str) -> list[list[Any]]:
    """The rows of ``sheet`` with the codes of its ``labels`` columns as catalogue texts in ``lang``
    (each distinct code looked up once)."""
    from lokus.i18n import label

    todo = [(j, (sheet.labels or {})[c]) for j, c in enumerate(sheet.columns) if c in (sheet.labels or {})]
    cache: dict[tuple[int, Any], Any] = {}
    out = []
    for row in sheet.rows:
        row = list(row)
        for j, enum in todo:
            if j < len(row) and row[j] is not None:
                value = cell_value(row[j])
                key = (j, value)
                if key not in cache:
                    cache[key] = label(enum, value, lang, sep="; ")
                row[j] = cache[key]
        out.append(row)
    return out


XLSX_MAX_ROWS = 1_048_576  # rows of an Excel sheet, header included
# Characters of ordinary text per unit of column width: a unit is the width of "0", and words of mixed
# letters are narrower (Calibri 11 in Excel; DejaVu Sans, LibreOffice's stand-in, fits ~1.13). Kept a
# little under what fits so a wrapped cell is never cut.
_CHARS_PER_WIDTH = 1.1
LINE_HEIGHT = 15.0  # points per line of 11-point text (Excel's default row)


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapping cell ``width`` units wide: words wrap whole, as spreadsheets
    wrap them (not characters over width, which made rows a line or two taller than their text)."""
    per_line = max(1, int(width * _CHARS_PER_WIDTH))
    return sum(max(1, len(textwrap.wrap(part, per_line, break_long_words=True, break_on_hyphens=False)))
               for part in text.split("\n"))


def write_xlsx(path: str | os.PathLike[str], sheets: Sequence[Sheet], *, lang: str | None = None) -> Path:
    """Write ``sheets`` to one workbook. Texts are always strings, never formulas or numbers."""
    import xlsxwriter

    from lokus.i18n import DEFAULT_LANG, header, yes_no

    p = Path(path)
    for sheet in sheets:  # XlsxWriter would drop the rows beyond the last one without a word
        notes = len(([sheet.note] if sheet.note else []) + list(sheet.notes))
        if (2 if sheet.title else 0) + 1 + len(sheet.rows) + (notes + 1 if notes else 0) > XLSX_MAX_ROWS:
            from lokus.errors import OutputError
            from lokus.i18n import fmt_int

            raise OutputError("error.output.xlsx_rows", path=str(p), rows=fmt_int(len(sheet.rows), lang or "id"),
                              limit=fmt_int(XLSX_MAX_ROWS, lang or "id"))
    workbook = xlsxwriter.Workbook(
        str(p), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
                 "nan_inf_to_errors": False},
    )
    try:
        text = workbook.add_format({"num_format": "@"})
        # A text starting like a formula keeps its exact content but is marked "typed as text"
        # (Excel's leading apostrophe, quotePrefix): never evaluated, not even after editing.
        quoted = workbook.add_format({"quote_prefix": True})
        quoted_text = workbook.add_format({"num_format": "@", "quote_prefix": True})
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                    "quote_prefix": True})
        heading = workbook.add_format({"bold": True, "font_size": 13, "quote_prefix": True})
        small = workbook.add_format({"italic": True, "font_color": "#555555", "quote_prefix": True})
        used: set[str] = set()
        for sheet in sheets:
            ws = workbook.add_worksheet(_sheet_name(sheet.name, used))
            first = 0
            if sheet.title:
                ws.write_string(0, 0, sheet.title, heading)
                first = 2
            heads = sheet.headers if sheet.headers and len(sheet.headers) == len(sheet.columns) else [
                header(c, lang, sheet.topic) if lang else c for c in sheet.columns]
            rows = _labelled(sheet, lang or DEFAULT_LANG) if sheet.labels else sheet.rows
            is_text = [is_text_column(c, sheet.text_columns) for c in sheet.columns]
            number = {c: workbook.add_format({"num_format": f}) for c, f in (sheet.number_formats or {}).items()}
            wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
            for c in sheet.wrap:
                number.setdefault(c, wrapped)
            # with wrapped (taller) rows every cell sits at the top of its row, level with the wrapped text
            top = workbook.add_format({"valign": "top"}) if sheet.wrap else None
            top_text = workbook.add_format({"num_format": "@", "valign": "top"}) if sheet.wrap else text
            sample = [r for k, r in enumerate(rows[:200]) if k not in sheet.span_rows]
            header_lines = 1
            body = first + 1 if sheet.table_header else first  # the sheet row of rows[0]
            for j, name in enumerate(heads):
                column = sheet.columns[j]
                if sheet.table_header:
                    ws.write_string(first, j, str(name), bold)
                shown = (sheet.number_formats or {}).get(column)
                longest = max([min(len(str(name)), _HEADER_WRAP)]  # a longer header wraps in its cell
                              + [_shown_length(r[j], shown) for r in sample if j < len(r)])
                width: float = max(18 if is_text[j] else 8, min(50, longest + 2))
                if sheet.widths and column in sheet.widths:
                    width = sheet.widths[column]
                ws.set_column(j, j, width, text if is_text[j] else number.get(column))
                header_lines = max(header_lines, len(textwrap.wrap(str(name), max(1, int(width * 0.9)))))
            if header_lines > 1 and sheet.table_header:  # the header row wraps; spreadsheets do not grow it
                ws.set_row(first, 15.0 * header_lines)
            col_width = {c: (sheet.widths or {}).get(c, 18.0) for c in sheet.wrap}
            all_width = [float((sheet.widths or {}).get(c, 18.0)) for c in sheet.columns]
            spanned = workbook.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
            for i, row in enumerate(rows, start=body):
                k = i - body
                if k in sheet.span_rows:  # a heading or note across the sheet's width, wrapped
                    cell = str(cell_value(row[0]) or "") if row else ""
                    lines = wrapped_lines(cell, sum(all_width))
                    if lines > 1:
                        ws.set_row(i, LINE_HEIGHT * lines)
                    if len(sheet.columns) > 1:
                        ws.merge_range(i, 0, i, len(sheet.columns) - 1, cell, spanned)
                    else:
                        ws.write_string(i, 0, cell, spanned)
                    continue
                if k in sheet.header_rows:  # the header row of one of the sheet's tables
                    lines = max([1] + [len(textwrap.wrap(str(v), max(1, int(all_width[j] * 0.9))))
                                       for j, v in enumerate(row) if v is not None])
                    if lines > 1:
                        ws.set_row(i, 15.0 * lines)
                    for j, v in enumerate(row):
                        if v is not None:
                            ws.write_string(i, j, str(v), bold)
                    continue
                lines = 1
                for j, raw in enumerate(row):  # wrapped cells: spreadsheets do not grow the row themselves
                    if sheet.columns[j] in sheet.wrap and isinstance(raw, str):
                        lines = max(lines, wrapped_lines(raw, col_width[sheet.columns[j]]))
                height = max(sheet.row_height or 0.0, LINE_HEIGHT * lines if lines > 1 else 0.0)
                if height:
                    ws.set_row(i, height)
                for j, raw in enumerate(row):
                    value = cell_value(raw)
                    if value is None:
                        continue
                    fmt = number.get(sheet.columns[j]) or top
                    if isinstance(value, bool):
                        ws.write_string(i, j, yes_no(value, lang or "id"), top)
                    elif isinstance(value, (int, float)) and not is_text[j]:
                        ws.write_number(i, j, value, fmt)
                    else:
                        cell = str(value)
                        if needs_guard(cell):
                            ws.write_string(i, j, cell, quoted_text if is_text[j] else quoted)
                        else:
                            ws.write_string(i, j, cell, top_text if is_text[j] else fmt)
            if sheet.table_header:
                ws.freeze_panes(first + 1, 0)
                ws.repeat_rows(first)
            if sheet.landscape:
                ws.set_landscape()
            if sheet.fit_width:
                ws.fit_to_pages(1, 0)
            ws.set_paper(9)  # A4
            if sheet.rows and sheet.table_header:
                ws.autofilter(first, 0, first + len(sheet.rows), max(0, len(sheet.columns) - 1))
            for k, note in enumerate(([sheet.note] if sheet.note else []) + list(sheet.notes)):
                ws.write_string(body + len(sheet.rows) + 1 + k, 0, note, small)
    finally:
        workbook.close()
    return p
