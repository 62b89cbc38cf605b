"""Indicator figures: the packaged published ones plus those users add to the workspace.

One tidy shape everywhere (:data:`COLUMNS`); every figure carries its ``source``; ``origin`` says
whether it came with lokus (``published``) or from a workspace snapshot (its name).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import polars as pl

from lokus.errors import InputFileError
from lokus.indicators import _messages  # noqa: F401  (registers messages)
from lokus.indicators._catalog import indicator_info, valid_indicator_name
from lokus.indicators._files import numeric_column, read_table_frame, require_columns
from lokus.regions import load_regions, try_normalize_code
from lokus.tables import line_problem
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
# The packaged files' citations for people, one column per language (see :func:`published_citations`).
CITATION_COLUMNS = ("publisher", "publication", "publisher_id", "publication_id", "publication_en")


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
    publisher, publication, source`` and the texts for people: ``publisher_id`` where the Indonesian
    name differs, ``publication_id`` and ``publication_en``: the official title, table and address in
    each language, without the checking notes of ``publication``); empty strings where the data file
    does not say. Pick a language's text with :func:`lokus.i18n.localized`."""
    frames = []
    for name in _FILES:
        text = resources.files("lokus.indicators").joinpath("data", name).read_text(encoding="utf-8")
        df = pl.read_csv(io.StringIO(text), infer_schema=False)
        for column in CITATION_COLUMNS:
            if column not in df.columns:
                df = df.with_columns(pl.lit("").alias(column))
        frames.append(df.select("region_code", "indicator", pl.col("year").cast(pl.Int32), "period",
                                *(pl.col(c).fill_null("") for c in CITATION_COLUMNS), "source"))
    return pl.concat(frames, how="vertical")


# The carriers a ``source`` note names: web addresses and repository files (they read the same in every language).
_CARRIER = re.compile(r"https?://\S+|github:\S+(?: [^@;]*)?@[0-9a-f]{7,40}")


def source_carriers(source: str | None) -> list[str]:
    """The addresses and repository files a figure's ``source`` note names, in order, each once."""
    return list(dict.fromkeys(c.rstrip(".,;)") for c in _CARRIER.findall(source or "")))


@lru_cache(maxsize=1)
def _citation_rows() -> dict[tuple[str, str, int, str], dict[str, str]]:
    return {(r["region_code"], r["indicator"], r["year"], r["period"]): r for r in published_citations().to_dicts()}


def citation(region_code: str, indicator: str, year: int, period: str, source: str | None, lang: str) -> str:
    """The source of one figure for people, wholly in ``lang``.

    A packaged figure: its publication in ``lang`` (``publication_id`` / ``publication_en`` of the data
    file: the publisher's own title, with the connecting words in ``lang``); where the file names no
    official publication, followed by the relay the figure was read from (the addresses its English
    ``source`` note names). A figure a user added: its ``source`` as written."""
    from lokus.i18n import localized, t

    row = _citation_rows().get((region_code, indicator, int(year), period))
    if row is None or row["source"] != source or not (row["publication_id"] or row["publication_en"]):
        return source or ""
    text = localized(row, "publication", lang)
    # the relay is named when it is the only way to check the figure (no official publication in the file)
    carriers = [] if row["publication"] else [c for c in source_carriers(source) if c not in text]
    return t("indicators.citation.relay", lang, what=text, carriers=", ".join(carriers)) if carriers else text


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


@dataclass
class ValuesFile:
    """A user file of figures, checked row by row (:func:`check_values_file`).

    ``values``: the accepted rows in the tidy shape (``origin`` left empty); ``rows_read``: data rows in
    the file, lines that could not be split included; ``rejects``: (line, reason codes, raw cells as
    JSON) of every other row; ``first_error``: the sentence for the first rejected row, used when no row
    is accepted. ``rows_read == values.height + len(rejects)``.
    """

    values: pl.DataFrame
    rows_read: int
    rejects: list[tuple[int, list[str], str]]
    first_error: InputFileError | None

    @property
    def reasons(self) -> dict[str, int]:
        """Reason code → rejected rows carrying it, most frequent first."""
        counts: dict[str, int] = {}
        for _, codes, _ in self.rejects:
            for code in codes:
                counts[code] = counts.get(code, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def check_values_file(path: str | os.PathLike[str], *, columns: Mapping[str, str] | None = None) -> ValuesFile:
    """Read a user CSV/XLSX of figures and check every row (product rule: nothing lost, nothing silent).

    Required columns: ``region_code, indicator, year, value, source``; optional ``region_name``,
    ``period`` (default ``annual``), ``unit``, ``publisher``, ``publication``. A file without the
    ``source`` column, or without a required column, is refused whole (:class:`InputFileError`,
    :class:`SchemaError`). A row is rejected with reason codes ``source_missing`` (empty source),
    ``value_not_number``, ``year_not_number`` (by the decimal rule of :mod:`lokus.tables`),
    ``region_unknown`` (not a Kemendagri code, nor ``ID`` for the nation), ``indicator_invalid``, or
    ``row_malformed`` (a line that cannot be split into the header's columns).
    """
    p = Path(path)
    df, lines, bad_lines = read_table_frame(p, columns=columns, fields=VALUE_FIELDS)
    if "source" not in df.columns:
        raise InputFileError("error.indicators.no_source", path=str(p))
    require_columns(df, p, ("region_code", "indicator", "year", "value", "source"))
    n = df.height
    rows = pl.Series("row", lines, dtype=pl.Int64)  # the file's own line (or sheet row) of each row
    source = df.get_column("source").cast(pl.Utf8).str.strip_chars()
    values = numeric_column(df, "value")
    years = numeric_column(df, "year")
    names = df.get_column("indicator").cast(pl.Utf8).str.strip_chars().str.to_lowercase()
    regions = load_regions()
    codes: list[str | None] = []
    for raw in df.get_column("region_code").cast(pl.Utf8).to_list():  # a few hundred codes, one lookup each
        text = (raw or "").strip()
        code = NATIONAL if text.upper() in (NATIONAL, "INDONESIA") else try_normalize_code(text)
        codes.append(code if code is not None and (code == NATIONAL or code in regions) else None)
    checks = {  # reason code -> rows failing it
        "source_missing": (source.is_null() | (source == "")).to_list(),
        "value_not_number": (values.is_null() | values.is_nan()).fill_null(True).to_list(),
        "year_not_number": (years.is_null() | years.is_nan()).fill_null(True).to_list(),
        "region_unknown": [c is None for c in codes],
        "indicator_invalid": [not (isinstance(x, str) and valid_indicator_name(x)) for x in names.to_list()],
    }
    reasons_of = [[code for code, bad in checks.items() if bad[i]] for i in range(n)]
    ok = pl.Series([not r for r in reasons_of], dtype=pl.Boolean)
    raw_rows = df.to_dicts()
    rejects = [(line, ["row_malformed"], json.dumps({"_line": text, "_error": why}, ensure_ascii=False))
               for line, text, why in bad_lines]
    rejects += [(int(lines[i]), r, json.dumps(raw_rows[i], ensure_ascii=False, default=str))
                for i, r in enumerate(reasons_of) if r]
    rejects.sort(key=lambda rej: rej[0])
    first = _first_error(p, checks, rows, df, names, bad_lines)

    def region_name(code: str) -> str:
        return "Indonesia" if code == NATIONAL else regions.get(code).name

    def optional(column: str, default: pl.Expr) -> pl.Expr:
        if column in df.columns:
            text = pl.col(column).cast(pl.Utf8).str.strip_chars()
            return pl.when(text.is_null() | (text == "")).then(default).otherwise(text)
        return default

    good = df.with_columns(
        pl.Series("region_code", codes, dtype=pl.Utf8),
        names.alias("indicator"),
        years.alias("year"),
        values.alias("value"),
        source.alias("source"),
    ).filter(ok).with_columns(pl.col("year").cast(pl.Int32))
    out = good.with_columns(
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
    return ValuesFile(out.select(COLUMNS).cast(SCHEMA), n + len(bad_lines), rejects, first)  # type: ignore[arg-type]


def _first_error(p: Path, checks: dict[str, list[bool]], rows: pl.Series, df: pl.DataFrame, names: pl.Series,
                 bad_lines: list[tuple[int, str, str]]) -> InputFileError | None:
    """The sentence for the first kind of rejected row (the one a person fixes first)."""
    if bad_lines:
        shown = ", ".join(str(line) for line, _, _ in bad_lines[:10])
        return InputFileError("tables.file.bad_lines", path=str(p), count=len(bad_lines), lines=shown,
                              detail=line_problem(bad_lines[0][2]))
    for code, bad_list in checks.items():
        bad = pl.Series(bad_list, dtype=pl.Boolean)
        if not bad.any():
            continue
        count, row = int(bad.sum()), int(rows.filter(bad)[0])
        if code == "source_missing":
            return InputFileError("error.indicators.empty_source", path=str(p), count=count, row=row)
        if code == "region_unknown":
            raw = df.get_column("region_code").cast(pl.Utf8).filter(bad)[0]
            return InputFileError("error.indicators.bad_region", path=str(p), code=raw, row=row)
        column = {"value_not_number": "value", "year_not_number": "year"}.get(code, "indicator")
        value = (names if column == "indicator" else df.get_column(column).cast(pl.Utf8)).filter(bad)[0]
        return InputFileError("error.indicators.bad_value", path=str(p), count=count, row=row, column=column,
                              value=value)
    return None


def read_values_file(path: str | os.PathLike[str], *, columns: Mapping[str, str] | None = None) -> pl.DataFrame:
    """The figures of a user file in the tidy shape, refusing the file if any row is bad (the sentence
    of the first bad row); :func:`add_values_file` instead quarantines bad rows
    (:func:`check_values_file`)."""
    checked = check_values_file(path, columns=columns)
    if checked.first_error is not None:
        raise checked.first_error
    return checked.values


@dataclass(frozen=True)
class ValuesIngest:
    """What :func:`add_values_file` stored: rows read = rows accepted + quarantined."""

    snapshot: str
    rows_read: int
    rows: int
    quarantined: int
    reasons: dict[str, int]
    unchanged: bool = False


def add_values_file(
    path: str | os.PathLike[str],
    workspace: str | os.PathLike[str] | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    replace: bool = False,
) -> ValuesIngest:
    """Store a user CSV/XLSX of figures in the workspace as snapshot ``indicators:<file stem>``.

    Every row is accepted or quarantined with its reasons (:func:`check_values_file`;
    ``lokus quarantine list --kind indicators``). A file of which no row is accepted is refused with
    the sentence of its first bad row (:class:`InputFileError`), leaving the workspace as it was. The
    same file again is a no-op; a different file under the same name needs ``replace`` (else
    :class:`WorkspaceError` saying what the snapshot holds).
    """
    from lokus import quarantine
    from lokus.workspace import (
        INDICATOR_VALUES_TABLE,
        Workspace,
        ensure_tables,
        require_accepted,
        sha256_file,
    )

    p = Path(path)
    checked = check_values_file(p, columns=columns)
    if checked.values.height == 0 and checked.first_error is not None:
        raise checked.first_error
    name = f"{SNAPSHOT_KIND}:{p.stem}"
    df = checked.values.with_columns(pl.lit(name).alias("origin"))
    sha = sha256_file(p)
    with Workspace(workspace) as ws:
        existing = ws.find_snapshot(name)
        if existing is not None and existing.kind == SNAPSHOT_KIND and existing.sha256 == sha:
            return ValuesIngest(name, int(existing.rows_read or 0), int(existing.rows or 0),
                                int(existing.quarantined or 0), quarantine.reason_counts(ws.con, name), unchanged=True)
        ws.replaceable(name, SNAPSHOT_KIND, replace=replace, source_file=p.name)
        require_accepted(p, checked.rows_read, df.height, checked.reasons, SNAPSHOT_KIND)
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
            quarantine.clear(con, name)
            if checked.rejects:
                import pyarrow as pa

                quarantine.quarantine_arrow(con, snapshot=name, kind=SNAPSHOT_KIND, source_file=str(p), sheet=None,
                                            rows=pa.table({
                    "source_line": pa.array([r[0] for r in checked.rejects], pa.int64()),
                    "reasons": pa.array([r[1] for r in checked.rejects], pa.list_(pa.string())),
                    "raw": pa.array([r[2] for r in checked.rejects], pa.string()),
                }))
            ws.record_snapshot(
                name,
                SNAPSHOT_KIND,
                source_file=str(p),
                sha256=sha,
                rows_read=checked.rows_read,
                rows=df.height,
                quarantined=len(checked.rejects),
            )
    return ValuesIngest(name, checked.rows_read, df.height, len(checked.rejects), checked.reasons)
