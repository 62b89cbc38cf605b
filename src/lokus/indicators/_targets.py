"""Targets (indicator, region, value, year, source) and progress against a linear target path.

Built-ins: Inpres 4/2022 (extreme poverty 0% by 2024), Perpres 72/2021 (stunting 14% by 2024),
RPJMN 2020–2024 (Perpres 18/2020; national poverty 6.0–7.0% in 2024, upper bound used).
A user targets file (TOML with ``[[target]]`` tables, or CSV) adds to or overrides them.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from lokus.errors import InputFileError, Phrase, toml_problem
from lokus.indicators import _messages  # noqa: F401  (registers messages)
from lokus.indicators._catalog import Direction, indicator_info
from lokus.indicators._files import numeric_column, read_table
from lokus.indicators._profile import period_rank, resolve_region_code
from lokus.indicators._values import PUBLISHED, all_values

ANY_REGION = "*"
PROGRESS_COLUMNS = [
    "target",
    "indicator",
    "region_code",
    "target_value",
    "target_year",
    "baseline_year",
    "baseline_value",
    "latest_year",
    "latest_period",
    "latest_value",
    "path_value",
    "gap_to_path",
    "remaining",
    "annual_change_observed",
    "annual_reduction_needed",
    "status",
    "latest_source",
    "target_source",
]


@dataclass(frozen=True)
class Target:
    """A target: ``indicator`` should reach ``value`` by ``year`` in ``region`` (``*`` = every region)."""

    indicator: str
    region: str
    value: float
    year: int
    source: str
    name: str = ""
    baseline_year: int | None = None
    baseline_value: float | None = None
    # the source for people in each language (the packaged file's ``source_id``/``source_en``);
    # :func:`target_source_text` picks one, ``source`` when the file gives none
    source_id: str = ""
    source_en: str = ""
    # the name for people in each language (``name_id``/``name_en``; :func:`target_name_text`)
    name_id: str = ""
    name_en: str = ""


def target_source_text(source: str, lang: str) -> str:
    """``source`` of a target in ``lang``: the packaged target with that source gives its
    ``source_<lang>``; any other source (a user's file) is returned as it is."""
    from lokus.i18n import localized

    for target in builtin_targets():
        if target.source == source:
            return localized(target, "source", lang)
    return source


def target_name_text(name: str | None, lang: str) -> str:
    """``name`` of a target in ``lang``: the packaged target with that name gives its ``name_<lang>``;
    any other name (a user's file) is returned as it is."""
    from lokus.i18n import localized

    for target in builtin_targets():
        if target.name == name:
            return localized(target, "name", lang)
    return name or ""


def _target_from(record: dict[str, Any], path: str) -> Target:
    missing = [k for k in ("indicator", "region", "value", "year", "source") if record.get(k) in (None, "")]
    if missing:
        raise InputFileError("error.targets.file", path=path,
                             detail=Phrase("error.targets.missing", columns=", ".join(missing)))
    region = str(record["region"]).strip()
    if region != ANY_REGION:
        region = resolve_region_code(region)
    try:
        value, year = float(record["value"]), int(float(record["year"]))
        base_year = record.get("baseline_year")
        base_value = record.get("baseline_value")
        return Target(
            indicator=str(record["indicator"]).strip(),
            region=region,
            value=value,
            year=year,
            source=str(record["source"]).strip(),
            name=str(record.get("name") or "").strip(),
            baseline_year=int(float(base_year)) if base_year not in (None, "") else None,
            baseline_value=float(base_value) if base_value not in (None, "") else None,
            source_id=str(record.get("source_id") or "").strip(),
            source_en=str(record.get("source_en") or "").strip(),
            name_id=str(record.get("name_id") or "").strip(),
            name_en=str(record.get("name_en") or "").strip(),
        )
    except (TypeError, ValueError):
        detail = f"value/year of target '{record.get('indicator')}' is not a number"
        raise InputFileError("error.targets.file", path=path, detail=detail) from None


def builtin_targets() -> list[Target]:
    """The packaged targets (``data/targets.toml``)."""
    text = resources.files("lokus.indicators").joinpath("data", "targets.toml").read_text(encoding="utf-8")
    return [_target_from(t, "targets.toml") for t in tomllib.loads(text)["target"]]


def read_targets(path: str | os.PathLike[str]) -> list[Target]:
    """Targets from a TOML (``[[target]]`` tables) or CSV file; one-sentence errors."""
    p = Path(path)
    if p.suffix.lower() == ".toml":
        if not p.exists():
            raise InputFileError("error.file.missing", path=str(p))
        try:
            records = tomllib.loads(p.read_text(encoding="utf-8")).get("target", [])
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:  # the library's text: --debug
            raise InputFileError("error.targets.file", path=str(p), detail=toml_problem(exc)) from exc
        if not records:
            raise InputFileError("error.targets.file", path=str(p), detail=Phrase("error.targets.no_tables"))
        return [_target_from(dict(r), str(p)) for r in records]
    df = read_table(p, required=("indicator", "region", "value", "year", "source"))
    df = df.with_columns(numeric_column(df, "value"), numeric_column(df, "year"))
    return [_target_from(r, str(p)) for r in df.to_dicts()]


def targets_for(code: str, targets: list[Target]) -> list[Target]:
    """Targets that apply to ``code``: its own, else the ``*`` ones (a region's own target wins)."""
    own = {t.indicator for t in targets if t.region == code}
    return [t for t in targets if t.region == code or (t.region == ANY_REGION and t.indicator not in own)]


def path_value(target: Target, baseline_year: int, baseline_value: float, year: float) -> float:
    """The linear target path from (baseline_year, baseline_value) to (target.year, target.value)."""
    if target.year <= baseline_year:
        return target.value
    share = min(max((year - baseline_year) / (target.year - baseline_year), 0.0), 1.0)
    return baseline_value + (target.value - baseline_value) * share


def progress(target: Target, code: str, values: pl.DataFrame) -> dict[str, Any]:
    """Latest figure vs the linear path, and the annual reduction still needed (one row)."""
    series = (
        values.filter((pl.col("region_code") == code) & (pl.col("indicator") == target.indicator))
        .with_columns(period_rank().alias("_p"), (pl.col("origin") != PUBLISHED).alias("_user"))
        .sort(["year", "_p", "_user"])
    )
    row: dict[str, Any] = dict.fromkeys(PROGRESS_COLUMNS)
    row.update(
        target=target.name or f"{target.indicator} {target.value:g} by {target.year}",
        indicator=target.indicator,
        region_code=code,
        target_value=target.value,
        target_year=target.year,
        target_source=target.source,
    )
    if series.height == 0:
        row["status"] = "no data"
        return row
    rows = series.to_dicts()
    last = rows[-1]
    if target.baseline_year is not None and target.baseline_value is not None:
        b_year, b_value = target.baseline_year, target.baseline_value
    else:
        pick = [r for r in rows if target.baseline_year is None or r["year"] >= target.baseline_year] or rows
        b_year, b_value = int(pick[0]["year"]), float(pick[0]["value"])
    lv, ly = float(last["value"]), int(last["year"])
    direction = indicator_info(target.indicator).direction
    sign = -1.0 if direction is Direction.higher_is_better else 1.0  # +1: lower is better
    expected = path_value(target, b_year, b_value, ly)
    years_left = target.year - ly
    remaining = lv - target.value
    row.update(
        baseline_year=b_year,
        baseline_value=b_value,
        latest_year=ly,
        latest_period=last["period"],
        latest_value=lv,
        latest_source=last["source"],
        path_value=round(expected, 4),
        gap_to_path=round(lv - expected, 4),
        remaining=round(remaining, 4),
        annual_change_observed=round((lv - b_value) / (ly - b_year), 4) if ly > b_year else None,
        annual_reduction_needed=round(remaining / years_left, 4) if years_left > 0 else None,
    )
    if sign * remaining <= 0:
        row["status"] = "met"
    elif years_left <= 0:
        row["status"] = "missed"
    elif ly <= b_year:
        row["status"] = "baseline only"
    elif sign * (lv - expected) <= 1e-9:
        row["status"] = "on track"
    else:
        row["status"] = "behind"
    return row


def target_progress(
    code: str,
    *,
    targets: list[Target] | None = None,
    values: pl.DataFrame | None = None,
    workspace: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Progress of ``code`` against every target that applies to it (:data:`PROGRESS_COLUMNS`).

    ``status``: ``met`` (latest figure at or past the target), ``missed`` (target year reached
    and not met), ``on track`` (at or better than the linear path at the latest year),
    ``behind``, ``baseline only`` (one figure: no path to compare with yet) or ``no data``.
    ``annual_reduction_needed`` is (latest − target) / years left from the latest figure to the
    target year (NA when the target year is reached).
    """
    dotted = resolve_region_code(code)
    data = values if values is not None else all_values(workspace)
    applicable = targets_for(dotted, targets if targets is not None else builtin_targets())
    rows = [progress(t, dotted, data) for t in applicable]
    schema = (
        {c: pl.Utf8 for c in PROGRESS_COLUMNS}
        | {
            c: pl.Float64
            for c in (
                "target_value",
                "baseline_value",
                "latest_value",
                "path_value",
                "gap_to_path",
                "remaining",
                "annual_change_observed",
                "annual_reduction_needed",
            )
        }
        | {c: pl.Int64 for c in ("target_year", "baseline_year", "latest_year")}
    )
    return pl.DataFrame(rows, schema=schema)


def merge_targets(builtin: list[Target], extra: list[Target]) -> list[Target]:
    """Built-ins plus a user file; a user target replaces a built-in for the same indicator and region."""
    keys = {(t.indicator, t.region) for t in extra}
    return [t for t in builtin if (t.indicator, t.region) not in keys] + extra
