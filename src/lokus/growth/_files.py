"""Reading and writing measurement tables (CSV, XLSX, Parquet) for the growth commands.

Reading is a small spec over the one reader, :func:`lokus.tables.read_frame`: it raises
:class:`lokus.errors.InputFileError` with one sentence (missing, empty, not a table); never a
traceback. Cells are kept as text so that every input value passes through unchanged and the
growth readers decide what is a number. ``xlsxwriter`` is imported only to write XLSX.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from lokus.errors import ConfigError, LokusError, os_reason
from lokus.growth._eppgbm import GROWTH_SPEC
from lokus.i18n import DEFAULT_LANG
from lokus.tables import HeaderMatch, check_frame, detect_format, match_headers, read_frame

__all__ = ["read_table", "growth_match", "write_table", "write_parquet_parts", "check_output", "growth_aliases", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".xlsx", ".xls", ".parquet")


def read_table(
    path: str | Path, *, columns: Mapping[str, str] | None = None, sheet: str | None = None
) -> pl.DataFrame:
    """A measurement file as a Polars frame of text, through the one reader (:mod:`lokus.tables`).

    Every column of the file is kept under its header. Columns of an e-PPGBM export (``JK``,
    ``Tgl Lahir``, ``Tanggal Pengukuran``, ``Berat``, ``Tinggi``, ``Cara Ukur``) and those named by
    ``columns`` (growth field → header, from ``--column``/``--columns``) are also given under the
    growth input names (``sex``, ``birth_date``, …). A line that cannot be split into the header's
    columns, two columns for one field that disagree (``Berat`` and ``BB``) or a date column written in
    both day/month orders stop the read with one sentence (:func:`lokus.tables.check_frame`).
    """
    table = read_frame(path, sheet=sheet)
    table.refuse_bad_lines()
    match = growth_match(table.headers, columns)
    check_frame(table, match, GROWTH_SPEC)
    add = growth_aliases(table.headers, columns, match)
    return table.frame.with_columns(add) if add else table.frame


def growth_match(headers: list[str], columns: Mapping[str, str] | None = None) -> HeaderMatch:
    """The growth input fields found among ``headers`` (e-PPGBM headers, lokus's own names and the
    ``columns`` mapping: growth field → header)."""
    return match_headers(GROWTH_SPEC, headers, detect_format(GROWTH_SPEC, headers), columns)


def growth_aliases(headers: list[str], columns: Mapping[str, str] | None = None,
                   match: HeaderMatch | None = None) -> list[pl.Expr]:
    """The columns added under the growth input names (``sex``, ``birth_date`` …) for a file with
    ``headers``: e-PPGBM headers and the ``columns`` mapping (growth field → header)."""
    match = match or growth_match(headers, columns)
    return [pl.col(headers[i]).alias(name) for name, i in match.columns.items() if headers[i] != name]


def check_output(path: str | Path) -> Path:
    """Raise before any work when ``path`` cannot be written as CSV, XLSX or Parquet (one sentence:
    a wrong extension, or a folder that does not exist)."""
    from lokus.reports import check_output as check

    p = Path(path)
    if p.suffix.lower() not in (".csv", ".xlsx", ".parquet"):
        raise ConfigError("growth.error.output_format", path=str(p), valid_values=".csv, .xlsx, .parquet")
    if p.suffix.lower() != ".parquet":
        check(p)
    elif not p.parent.is_dir():
        check(p.with_suffix(".csv"))  # the same one-sentence folder error
    return p


def write_parquet_parts(path: str | Path, parts: Iterable[pl.DataFrame]) -> int:
    """Write frames with the same columns one after the other to one Parquet file, whole or not at all
    (written beside ``path``, then renamed); the file reads back equal to :func:`write_table` of the frames
    together. Returns the number of rows written."""
    import os

    import pyarrow.parquet as pq

    from lokus.errors import OutputError

    p = check_output(path)
    tmp = p.parent / f".{p.name}.{os.getpid()}.tmp"
    rows = 0
    try:
        writer = None
        try:
            for part in parts:
                table = part.to_arrow()
                if writer is None:
                    writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
                writer.write_table(table.cast(writer.schema))
                rows += part.height
        finally:
            if writer is not None:
                writer.close()
        if writer is None:
            pl.DataFrame().write_parquet(tmp)
        os.replace(tmp, p)
    except LokusError:  # raised while the rows were made (e.g. by the reader): not a write error
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError("error.output.write", path=str(p), detail=os_reason(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return rows


# How a workbook shows the numbers of :func:`lokus.growth.zscores` (display only: the cells keep every
# digit, as CSV and Parquet do): z-scores with the two decimals WHO anthro rounds them to, BMI with
# two and the length/height used with one (the 0.1 cm of a measuring board).
DISPLAY_FORMATS = {
    "zlen": "0.00", "zwei": "0.00", "zwfl": "0.00", "zbmi": "0.00", "cbmi": "0.00", "clenhei": "0.0",
}


def write_table(frame: pl.DataFrame, path: str | Path, *, lang: str = DEFAULT_LANG) -> None:
    """Write CSV or XLSX through :func:`lokus.reports.write_table` (formula-safe, identifiers as
    text), or Parquet, according to the extension of ``path``.

    CSV and Parquet keep WHO anthro's column names (``c*``, ``z*``, ``f*``) and codes. A workbook is
    for people: every header and the ``reason`` of each row in ``lang``, and the numbers shown
    rounded (:data:`DISPLAY_FORMATS`); the reason sentences wrap inside their cells."""
    p = check_output(path)
    if p.suffix.lower() == ".parquet":
        from lokus.errors import OutputError

        try:
            frame.write_parquet(p)
        except OSError as exc:
            raise OutputError("error.output.write", path=str(p), detail=os_reason(exc)) from None
        return
    from lokus.reports import write_table as write

    write(frame, p, lang=lang, topic="growth", labels={"reason": "growth.reason"},
          number_formats=DISPLAY_FORMATS, wrap={"reason": 48.0})
