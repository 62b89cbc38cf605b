"""Indicator figures: the packaged published ones plus those users add to the workspace.

One tidy shape everywhere (:data:`COLUMNS`); every figure carries its ``source``; ``origin`` says
whether it came with lokus (``published``) or from a workspace snapshot (its name).
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

import polars as pl

from lokus.errors import InputFileError
from lokus.indicators import _messages  # noqa: F401  (registers messages)
from lokus.indicators._catalog import indicator_info, valid_indicator_name
from lokus.indicators._files import numeric_column, read_table, read_table_lines
from lokus.regions import load_regions, try_normalize_code
from lokus.workspace import INDICATOR_VALUES_TABLE

COLUMNS = [
    "region_code", "region_name", "indicator", "year", "period", "value", "unit", "source", "publisher",
    "publication", "origin",
]
NATIONAL = "ID"
PUBLISHED = "published"
SNAPSHOT_KIND = "indicators"
TABLE = INDICATOR_VALUES_TABLE
_FILES = ("poverty.csv", "stunting.csv", "population.csv", "area.csv")

# Order of periods within a year, for trends (unknown periods sort first).
PERIOD_ORDER = {
    "annual": 0,
    "march": 3,
    "mid-year estimate": 6,
    "september (census)": 9,
    "september": 9,
    "december (semester ii)": 12,
}

SCHEMA = {
    "region_code": pl.Utf8,
    "region_name": pl.Utf8,
    "indicator": pl.Utf8,
    "year": pl.Int32,
    "period": pl.Utf8,
    "value": pl.Float64,
    "unit": pl.Utf8,
    "source": pl.Utf8,
    "publisher": pl.Utf8,
    "publication": pl.Utf8,
    "origin": pl.Utf8,
}
# Optional columns: the official body behind a figure and the publication it appeared in (the packaged
# poverty and stunting files carry them; ``source`` may name a relay such as a news page).
OPTIONAL = ("publisher", "publication")


def empty_values() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


@lru_cache(maxsize=1)
def published_values() -> pl.DataFrame:
    """The packaged figures (``data/*.csv``, see ``data/PROVENANCE.md``)."""
    frames = []
    for name in _FILES:
        text = resources.files("lokus.indicators").joinpath("data", name).read_text(encoding="utf-8")
        frames.append(pl.read_csv(io.StringIO(text), infer_schema=False))
    df = pl.concat(frames, how="diagonal")
    return df.select(
        pl.col("region_code"),
        pl.col("region_name"),
        pl.col("indicator"),
        pl.col("year").cast(pl.Int32),
        pl.col("period"),
        pl.col("value").cast(pl.Float64),
        pl.col("unit"),
        pl.col("source"),
        pl.col("publisher"),
        pl.col("publication"),
        pl.lit(PUBLISHED).alias("origin"),
    )


@lru_cache(maxsize=1)
def published_citations() -> pl.DataFrame:
    """Publisher and publication of each packaged figure (``region_code, indicator, year, period,
    publisher, publication, source``); empty strings where the data file does not say."""
    frames = []
    for name in _FILES:
        text = resources.files("lokus.indicators").joinpath("data", name).read_text(encoding="utf-8")
        df = pl.read_csv(io.StringIO(text), infer_schema=False)
        for column in ("publisher", "publication"):
            if column not in df.columns:
                df = df.with_columns(pl.lit("").alias(column))
        frames.append(df.select("region_code", "indicator", pl.col("year").cast(pl.Int32), "period",
                                pl.col("publisher").fill_null(""), pl.col("publication").fill_null(""), "source"))
    return pl.concat(frames, how="vertical")


def workspace_values(path: str | os.PathLike[str] | None) -> pl.DataFrame:
    """Figures users added to the workspace at ``path`` (none when it or the table is absent)."""
    from lokus.workspace import Workspace, resolve_workspace_path

    resolved = resolve_workspace_path(path)
    if not resolved.exists():
        return empty_values()
    with Workspace(resolved, read_only=True) as ws:
        if not ws.has_table(TABLE):
            return empty_values()
        # A fresh cursor: DuckDB 2 refuses new work while an earlier execute() result is open.
        present = set(ws.con.cursor().sql(f"SELECT * FROM {TABLE} LIMIT 0").columns)
        select = ", ".join(c if c in present else f"NULL AS {c}" for c in COLUMNS)
        frame = ws.con.cursor().sql(f"SELECT {select} FROM {TABLE}").pl()
    return frame.cast(SCHEMA)  # type: ignore[arg-type]


def all_values(
    workspace: str | os.PathLike[str] | None = None, *, include_workspace: bool = True
) -> pl.DataFrame:
    """Published figures plus the workspace's (if any)."""
    frames = [published_values()]
    if include_workspace:
        frames.append(workspace_values(workspace))
    return pl.concat(frames, how="vertical")


VALUE_FIELDS = ("region_code", "region_name", "indicator", "year", "period", "value", "unit", "source")


def read_values_file(path: str | os.PathLike[str], *, columns: Mapping[str, str] | None = None) -> pl.DataFrame:
    """Validate a user CSV of figures and return it in the tidy shape (``origin`` left empty).

    Required columns: ``region_code, indicator, year, value, source``; optional ``region_name``,
    ``period`` (default ``annual``) and ``unit``. A file without ``source`` is refused.
    """
    p = Path(path)
    df = read_table(p, columns=columns, fields=VALUE_FIELDS)
    if "source" not in df.columns:
        raise InputFileError("error.indicators.no_source", path=str(p))
    df, lines = read_table_lines(
        p, required=("region_code", "indicator", "year", "value", "source"), columns=columns, fields=VALUE_FIELDS
    )
    rows = pl.Series("row", lines)  # the file's own line (or sheet row) of each row
    source = df.get_column("source").cast(pl.Utf8).str.strip_chars()
    bad = source.is_null() | (source == "")
    if bad.any():
        raise InputFileError(
            "error.indicators.empty_source", path=str(p), count=int(bad.sum()), row=int(rows.filter(bad)[0])
        )
    values = numeric_column(df, "value")
    years = numeric_column(df, "year")
    for column, series in (("value", values), ("year", years)):
        bad = series.is_null() | series.is_nan()
        if bad.any():
            raw = df.get_column(column).cast(pl.Utf8).filter(bad)[0]
            raise InputFileError(
                "error.indicators.bad_value",
                path=str(p),
                count=int(bad.sum()),
                row=int(rows.filter(bad)[0]),
                column=column,
                value=raw,
            )
    regions = load_regions()
    codes: list[str] = []
    raw_codes = df.get_column("region_code").cast(pl.Utf8).to_list()
    for i, raw in enumerate(raw_codes):  # region codes: a few hundred at most, one lookup each
        text = (raw or "").strip()
        code = NATIONAL if text.upper() in (NATIONAL, "INDONESIA") else try_normalize_code(text)
        if code is None or (code != NATIONAL and code not in regions):
            raise InputFileError("error.indicators.bad_region", path=str(p), code=raw, row=i + 2)
        codes.append(code)
    names = df.get_column("indicator").cast(pl.Utf8).str.strip_chars().str.to_lowercase()
    bad_names = ~names.map_elements(valid_indicator_name, return_dtype=pl.Boolean)
    if bad_names.any():
        raise InputFileError(
            "error.indicators.bad_value",
            path=str(p),
            count=int(bad_names.sum()),
            row=int(rows.filter(bad_names)[0]),
            column="indicator",
            value=names.filter(bad_names)[0],
        )

    def region_name(code: str) -> str:
        return "Indonesia" if code == NATIONAL else regions.get(code).name

    def optional(column: str, default: pl.Expr) -> pl.Expr:
        if column in df.columns:
            text = pl.col(column).cast(pl.Utf8).str.strip_chars()
            return pl.when(text.is_null() | (text == "")).then(default).otherwise(text)
        return default

    out = df.with_columns(
        pl.Series("region_code", codes),
        names.alias("indicator"),
        years.cast(pl.Int32).alias("year"),
        values.alias("value"),
        source.alias("source"),
    ).with_columns(
        optional("region_name", pl.col("region_code").map_elements(region_name, return_dtype=pl.Utf8)).alias(
            "region_name"
        ),
        optional("period", pl.lit("annual")).alias("period"),
        optional(
            "unit", pl.col("indicator").map_elements(lambda n: indicator_info(n).unit, return_dtype=pl.Utf8)
        ).alias("unit"),
        optional("publisher", pl.lit(None, dtype=pl.Utf8)).alias("publisher"),
        optional("publication", pl.lit(None, dtype=pl.Utf8)).alias("publication"),
        pl.lit(None, dtype=pl.Utf8).alias("origin"),
    )
    return out.select(COLUMNS).cast(SCHEMA)  # type: ignore[arg-type]


def add_values_file(
    path: str | os.PathLike[str],
    workspace: str | os.PathLike[str] | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    replace: bool = False,
) -> tuple[str, int]:
    """Store a user CSV of figures in the workspace as snapshot ``indicators:<file stem>``.

    The same file again is a no-op; a different file under the same name needs ``replace``
    (else :class:`WorkspaceError` saying what the snapshot holds); a file without rows is refused.
    Returns (snapshot name, rows stored).
    """
    from lokus.workspace import (
        INDICATOR_VALUES_TABLE,
        Workspace,
        ensure_tables,
        require_accepted,
        sha256_file,
    )

    p = Path(path)
    df = read_values_file(p, columns=columns)
    name = f"{SNAPSHOT_KIND}:{p.stem}"
    df = df.with_columns(pl.lit(name).alias("origin"))
    sha = sha256_file(p)
    with Workspace(workspace) as ws:
        existing = ws.find_snapshot(name)
        if existing is not None and existing.kind == SNAPSHOT_KIND and existing.sha256 == sha:
            return name, int(existing.rows or 0)
        ws.replaceable(name, SNAPSHOT_KIND, replace=replace, source_file=p.name)
        require_accepted(p, df.height, df.height, {}, SNAPSHOT_KIND)
        with ws.transaction() as con:
            ensure_tables(con, INDICATOR_VALUES_TABLE)
            for column in OPTIONAL:  # workspaces made before these columns existed
                con.execute(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {column} VARCHAR")
            con.execute(f"DELETE FROM {TABLE} WHERE origin = ?", [name])
            arrow_rows = df.to_arrow()
            con.register("_lokus_new_values", arrow_rows)
            cols = ", ".join(COLUMNS)
            con.execute(f"INSERT INTO {TABLE} ({cols}) SELECT {cols} FROM _lokus_new_values")
            con.unregister("_lokus_new_values")
            ws.record_snapshot(
                name,
                SNAPSHOT_KIND,
                source_file=str(p),
                sha256=sha,
                rows_read=df.height,
                rows=df.height,
                quarantined=0,
            )
    return name, df.height
