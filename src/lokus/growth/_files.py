"""Reading and writing measurement tables (CSV, XLSX, Parquet) for the growth commands.

Reading raises :class:`lokus.errors.InputFileError` with one sentence (missing, empty, not a table);
never a traceback. CSV and XLSX cells are kept as text so that every input value passes through
unchanged and the growth readers decide what is a number. ``xlsxwriter`` is imported only to write XLSX.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from lokus.errors import ConfigError, InputFileError

__all__ = ["read_table", "write_table", "check_output", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".xlsx", ".xls", ".parquet")


def _not_table(path: Path, detail: str) -> InputFileError:
    return InputFileError("error.file.not_table", path=str(path), detail=detail)


def _cell_text(v: object) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date().isoformat()
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return str(v)


def _read_excel(path: Path) -> pl.DataFrame:
    from python_calamine import CalamineWorkbook

    try:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    except Exception as exc:  # calamine raises several private error types
        raise _not_table(path, type(exc).__name__) from None
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise InputFileError("error.file.empty", path=str(path))
    header = [str(h).strip() if h not in (None, "") else f"column_{i + 1}" for i, h in enumerate(rows[0])]
    data = {h: [_cell_text(r[i]) if i < len(r) else None for r in rows[1:]] for i, h in enumerate(header)}
    return pl.DataFrame(data, schema={h: pl.String for h in header})


def read_table(path: str | Path) -> pl.DataFrame:
    """A Polars frame from a CSV, XLSX/XLS or Parquet file, chosen by content and extension."""
    p = Path(path)
    if not p.is_file():
        raise InputFileError("error.file.missing", path=str(p))
    if p.stat().st_size == 0:
        raise InputFileError("error.file.empty", path=str(p))
    with p.open("rb") as fh:
        head = fh.read(8)
    suffix = p.suffix.lower()
    if head.startswith(b"PAR1"):
        try:
            frame = pl.read_parquet(p)
        except Exception as exc:
            raise _not_table(p, type(exc).__name__) from None
    elif head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
        frame = _read_excel(p)
    elif suffix in (".xlsx", ".xls") and head.lstrip().startswith(b"<"):
        raise _not_table(p, "HTML, bukan Excel / HTML, not Excel")
    elif suffix in (".parquet",):
        raise _not_table(p, "Parquet rusak / damaged Parquet")
    else:
        try:
            frame = pl.read_csv(p, infer_schema=False, separator=_sniff_separator(p), encoding="utf8-lossy")
        except Exception as exc:
            raise _not_table(p, type(exc).__name__) from None
    if frame.height == 0:
        raise InputFileError("error.file.empty", path=str(p))
    return frame


def _sniff_separator(path: Path) -> str:
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        first = fh.readline()
    counts = {sep: first.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","


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


def write_table(frame: pl.DataFrame, path: str | Path) -> None:
    """Write CSV or XLSX through :func:`lokus.reports.write_table` (formula-safe, identifiers as
    text), or Parquet, according to the extension of ``path``."""
    p = check_output(path)
    if p.suffix.lower() == ".parquet":
        from lokus.errors import OutputError

        try:
            frame.write_parquet(p)
        except OSError as exc:
            raise OutputError("error.output.write", path=str(p), detail=exc.strerror or str(exc)) from None
        return
    from lokus.reports import write_table as write

    write(frame, p)
