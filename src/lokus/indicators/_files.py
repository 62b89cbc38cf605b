"""Reading user tables (CSV, Parquet, XLSX/XLS) into Polars with one-sentence errors.

Every column of a CSV is read as text; callers cast what they need, so that a code such as
``18.04`` never becomes the number 18.4 and a bad number can be reported with its row.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from lokus.errors import InputFileError, SchemaError

_CSV = (".csv", ".txt", ".tsv")
_EXCEL = (".xlsx", ".xls", ".xlsm")
_PARQUET = (".parquet", ".pq")


def _closest(missing: Sequence[str], present: Sequence[str]) -> str:
    hits: list[str] = []
    for name in missing:
        hits += difflib.get_close_matches(name, list(present), n=2, cutoff=0.5)
    shown = list(dict.fromkeys(hits)) or list(present)[:6]
    return ", ".join(shown) or "-"


def _read_excel(path: Path) -> pl.DataFrame:
    """First sheet of a workbook, header in the first row, every cell as text (python-calamine)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    if not rows:
        return pl.DataFrame()
    header = [str(h).strip() or f"column_{i + 1}" for i, h in enumerate(rows[0])]

    def text(value: object) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    body = [[text(v) for v in row] + [None] * (len(header) - len(row)) for row in rows[1:]]
    columns = {name: [r[i] for r in body] for i, name in enumerate(header)}
    return pl.DataFrame(columns, schema=dict.fromkeys(header, pl.Utf8))


def read_table(path: str | os.PathLike[str], required: Sequence[str] = ()) -> pl.DataFrame:
    """Read ``path`` as a table; raise :class:`InputFileError`/:class:`SchemaError` in one sentence.

    Header names are stripped of surrounding blanks; ``required`` columns must be present.
    """
    p = Path(path)
    if not p.exists() or not p.is_file():
        raise InputFileError("error.file.missing", path=str(p))
    if p.stat().st_size == 0:
        raise InputFileError("error.file.empty", path=str(p))
    suffix = p.suffix.lower()
    try:
        if suffix in _PARQUET:
            df = pl.read_parquet(p)
        elif suffix in _EXCEL:
            df = _read_excel(p)
        else:
            with open(p, "rb") as fh:
                head = fh.read(4096)
            if b"\x00" in head:
                raise InputFileError("error.file.not_table", path=str(p), detail="binary content")
            sep = "\t" if suffix == ".tsv" or (b"\t" in head and b"," not in head) else ","
            if sep == "," and b";" in head.split(b"\n", 1)[0] and b"," not in head.split(b"\n", 1)[0]:
                sep = ";"
            df = pl.read_csv(
                p, separator=sep, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
            )
    except InputFileError:
        raise
    except Exception as exc:  # polars/calamine raise many kinds; all mean "not a table"
        detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        raise InputFileError("error.file.not_table", path=str(p), detail=detail) from None
    df = df.rename({c: c.strip() for c in df.columns})
    if df.height == 0:
        raise InputFileError("error.file.empty", path=str(p))
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise SchemaError(
            "error.schema", path=str(p), missing=", ".join(missing), present=_closest(missing, df.columns)
        )
    return df


def numeric_column(df: pl.DataFrame, column: str) -> pl.Series:
    """``column`` as Float64; text that is not a number becomes null (callers report it).

    Accepts a decimal comma (``12,5``) as written by Indonesian spreadsheets.
    """
    s = df.get_column(column)
    if s.dtype.is_numeric():
        return s.cast(pl.Float64)
    text = s.cast(pl.Utf8).str.strip_chars()
    text = pl.Series(column, text).str.replace_all(r"^(-?\d+),(\d+)$", "$1.$2")
    return text.cast(pl.Float64, strict=False)
