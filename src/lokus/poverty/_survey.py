"""Survey microdata files for ``lokus poverty fgt``: a small spec over the one reader.

The file is read by :func:`lokus.tables.read_frame` (delimiter, encoding, header row, quotes);
the consumption column is read as **money** and the weight and household-size columns as
**decimals** by the one value parser (:mod:`lokus.tables._values`): ``525.000`` rupiah is
525000, a weight ``106,92`` is 106.92, and a money column written two ways is refused.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from lokus.poverty._fgt import SurveyDataError, SurveyDesign
from lokus.tables import (
    ValueKind,
    check_frame,
    header_named,
    parse_values,
    read_frame,
    rename_mapped,
    repeated_headers,
)

__all__ = ["SURVEY_FIELDS", "Survey", "read_survey"]

SURVEY_FIELDS = ("consumption", "weight", "strata", "psu", "size", "by")
_KINDS = {"consumption": ValueKind.MONEY, "weight": ValueKind.DECIMAL, "size": ValueKind.DECIMAL}


@dataclasses.dataclass(frozen=True)
class Survey:
    """A survey file ready for :func:`lokus.poverty.fgt`: ``frame``, the ``design`` and ``by``
    column names in it, and the file ``lines`` of its rows (for messages)."""

    frame: pl.DataFrame
    design: SurveyDesign
    by: str | None
    lines: list[int]


def read_survey(
    path: str | os.PathLike[str],
    design: SurveyDesign | None = None,
    *,
    by: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> Survey:
    """A :class:`Survey` for :func:`lokus.poverty.fgt` from a survey file.

    ``columns`` maps a design field (``consumption``, ``weight``, ``strata``, ``psu``, ``size``,
    ``by``) to the header as written; it wins over the names in ``design``. The consumption,
    weight and size columns come back as Float64 (null where empty or unreadable, which
    :func:`~lokus.poverty.fgt` reports with its line). Raises one-sentence errors for a missing
    column, a line that cannot be split, or a money column written two ways.
    """
    design = design or SurveyDesign()
    p = Path(path)
    table = read_frame(p, sheet=sheet)
    table.refuse_bad_lines()
    # a column named by an option is matched as the reader compares headers ("Y" names "y", "kode desa"
    # names "Kode Desa"); a name no header matches stays as given, for the one sentence below
    headers = [h.strip() for h in table.headers]
    design = SurveyDesign(*(_named(headers, getattr(design, f)) for f in ("consumption", "weight", "strata", "psu",
                                                                           "size")))
    by = _named(headers, by)
    # two columns for a design column (consumption twice) that disagree: one sentence, as every reader
    used = (design.consumption, design.weight, design.strata, design.psu, design.size, by)
    check_frame(table, repeated_headers(table.headers, [c for c in used if c is not None and c not in (columns or {})]))
    df = table.frame.rename({c: c.strip() for c in table.frame.columns})
    if columns:
        df = rename_mapped(df, columns, SURVEY_FIELDS)
        design = dataclasses.replace(design, **{k: k for k in columns if k != "by"})
        by = "by" if "by" in columns else by
    for column in (design.consumption, design.weight, design.strata, design.psu, design.size, by):
        if column is not None and column not in df.columns:
            raise SurveyDataError("error.poverty.column", column=column, present=", ".join(df.columns[:12]))
    numbers = []
    for field, kind in _KINDS.items():
        column = getattr(design, field)
        if column is None:
            continue
        parsed = parse_values(df.get_column(column), kind, column=column, path=str(p))
        values = np.where(parsed.missing | parsed.invalid, np.nan, parsed.values)
        numbers.append(pl.Series(column, values, dtype=pl.Float64).fill_nan(None))
    return Survey(df.with_columns(numbers), design, by, table.lines)


def _named(headers: list[str], column: str | None) -> Any:
    return None if column is None else (header_named(headers, column) or column)
