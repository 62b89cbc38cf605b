"""Reading and writing measurement tables (CSV, XLSX, Parquet) for the growth commands.

Reading is a small spec over the one reader, :func:`lokus.tables.read_frame`: it raises
:class:`lokus.errors.InputFileError` with one sentence (missing, empty, not a table); never a
traceback. Cells are kept as text so that every input value passes through unchanged and the
growth readers decide what is a number. ``xlsxwriter`` is imported only to write XLSX.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from lokus.errors import ConfigError, InputFileError
from lokus.growth._eppgbm import GROWTH_SPEC
from lokus.tables import detect_format, match_headers, read_frame

__all__ = ["read_table", "write_table", "check_output", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".xlsx", ".xls", ".parquet")


def read_table(
    path: str | Path, *, columns: Mapping[str, str] | None = None, sheet: str | None = None
) -> pl.DataFrame:
    """A measurement file as a Polars frame of text, through the one reader (:mod:`lokus.tables`).

    Every column of the file is kept under its header. Columns of an e-PPGBM export (``JK``,
    ``Tgl Lahir``, ``Tanggal Pengukuran``, ``Berat``, ``Tinggi``, ``Cara Ukur``) and those named by
    ``columns`` (growth field → header, from ``--column``/``--columns``) are also given under the
    growth input names (``sex``, ``birth_date``, …). A line that cannot be split into the header's
    columns stops the read with one sentence naming it.
    """
    table = read_frame(path, sheet=sheet)
    table.refuse_bad_lines()
    headers = table.headers
    fmt = detect_format(GROWTH_SPEC, headers)
    match = match_headers(GROWTH_SPEC, headers, fmt, columns)
    add = [pl.col(headers[i]).alias(name) for name, i in match.columns.items() if headers[i] != name]
    return table.frame.with_columns(add) if add else table.frame


def check_output(path: str | Path) -> Path:
    """Raise before any work when ``path`` cannot be written as CSV, XLSX or Parquet."""
    p = Path(path)
    if p.suffix.lower() not in (".csv", ".xlsx", ".parquet"):
        raise ConfigError("growth.error.output_format", path=str(p), valid_values=".csv, .xlsx, .parquet")
    if not p.parent.exists():
        raise InputFileError("error.file", path=str(p), detail="folder tidak ada / folder does not exist")
    return p


def write_table(frame: pl.DataFrame, path: str | Path) -> None:
    """Write CSV, XLSX or Parquet according to the extension of ``path``."""
    p = check_output(path)
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        frame.write_parquet(p)
    elif suffix == ".csv":
        frame.write_csv(p)
    else:
        _write_xlsx(frame, p)


def _write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True, "strings_to_numbers": False})
    try:
        sheet = workbook.add_worksheet("data")
        bold = workbook.add_format({"bold": True})
        for j, name in enumerate(frame.columns):
            sheet.write_string(0, j, name, bold)
        for j, series in enumerate(frame.iter_columns()):
            numeric = series.dtype.is_numeric() or series.dtype == pl.Boolean
            for i, value in enumerate(series.to_list(), start=1):
                if value is None:
                    continue
                if numeric:
                    sheet.write_number(i, j, float(value))
                else:
                    sheet.write_string(i, j, str(value))
        sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
