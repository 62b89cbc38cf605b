"""A region beside its parents and the nation, over time, with its rank among its peers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import polars as pl

from lokus.errors import ConfigError
from lokus.indicators._catalog import resolve_indicator
from lokus.indicators._values import NATIONAL, PERIOD_ORDER, PUBLISHED, all_values
from lokus.regions import is_national, load_regions, normalize_code

PROFILE_COLUMNS = [
    "indicator",
    "year",
    "period",
    "scope",
    "region_code",
    "region_name",
    "value",
    "unit",
    "change",
    "rank",
    "peers",
    "peer_group",
    "source",
    "origin",
]


@dataclass(frozen=True)
class Scope:
    """One column of a profile: the region itself, one of its parents, or the nation."""

    role: str  # region, province, regency, district, nation
    code: str
    name: str


def resolve_region_code(code: str) -> str:
    """Dotted Kemendagri code, or ``ID`` for the nation (``ID`` or any of the words every command takes
    for the whole country, :func:`lokus.regions.is_national`); :class:`RegionError` when unknown."""
    text = str(code).strip()
    if text.upper() == NATIONAL or is_national(text):
        return NATIONAL
    return load_regions().get(normalize_code(text)).code


def scopes_of(code: str) -> list[Scope]:
    """The region, its ancestors from the nearest up to the province, then the nation."""
    dotted = resolve_region_code(code)
    if dotted == NATIONAL:
        return [Scope("nation", NATIONAL, "Indonesia")]
    regions = load_regions()
    region = regions.get(dotted)
    out = [Scope("region", region.code, region.name)]
    out += [Scope(a.level, a.code, a.name) for a in reversed(regions.ancestors(region.code))]
    out.append(Scope("nation", NATIONAL, "Indonesia"))
    return out


def _peer_group() -> pl.Expr:
    code = pl.col("region_code")
    return (
        pl.when(code == NATIONAL)
        .then(pl.lit(None, dtype=pl.Utf8))
        .when(code.str.contains(r"\."))
        .then(code.str.replace(r"\.[^.]+$", ""))
        .otherwise(pl.lit("*"))
    )


def period_rank() -> pl.Expr:
    """Sort key for the period within a year (March before September)."""
    return pl.col("period").str.to_lowercase().replace_strict(PERIOD_ORDER, default=0, return_dtype=pl.Int32)


def ranks(values: pl.DataFrame) -> pl.DataFrame:
    """Rank of each region among its peers (same level, same parent) per indicator, year, period.

    Rank 1 is the highest value (for poverty and stunting: the worst). One figure per region is
    ranked: the published one when a user figure exists for the same key too. A figure without
    peers of the same key (rank 1 of 1) gets no rank.
    """
    keys = ["indicator", "year", "period", "region_code"]
    one = (
        values.with_columns((pl.col("origin") != PUBLISHED).alias("_user"))
        .sort([*keys, "_user"])
        .unique(subset=keys, keep="first", maintain_order=True)
        .with_columns(_peer_group().alias("peer_group"))
        .filter(pl.col("peer_group").is_not_null() & pl.col("value").is_not_null())
    )
    group = ["indicator", "year", "period", "peer_group"]
    return (
        one.with_columns(
            pl.col("value").rank(method="min", descending=True).over(group).cast(pl.Int32).alias("rank"),
            pl.len().over(group).cast(pl.Int32).alias("peers"),
        )
        .filter(pl.col("peers") > 1)
        .select([*keys, "rank", "peers", "peer_group"])
    )


def _peer_label(group: str | None) -> str | None:
    if group is None:
        return None
    if group == "*":
        return "provinces"
    region = load_regions().get(group)
    children = {"province": "regencies", "regency": "districts", "district": "villages"}[region.level]
    return f"{children} of {region.name}"


def region_profile(
    code: str,
    indicator: str | None = None,
    *,
    values: pl.DataFrame | None = None,
    workspace: str | os.PathLike[str] | None = None,
) -> pl.DataFrame:
    """Figures for ``code``, its parents and the nation, one row per figure (:data:`PROFILE_COLUMNS`).

    ``indicator`` limits to one indicator (aliases such as ``stunting`` allowed); otherwise every
    indicator the region itself has a figure for (for a region without figures, such as a village,
    those of its nearest parent that has some). ``change`` is the difference to the previous
    figure of the same region, indicator and period. ``rank``/``peers`` place the figure among the
    regions of the same level and parent (provinces among provinces).
    """
    scopes = scopes_of(code)
    data = values if values is not None else all_values(workspace)
    codes = [s.code for s in scopes]
    in_scopes = data.filter(pl.col("region_code").is_in(codes))
    # Indicators of the region itself; for a kecamatan or village without figures, of its
    # nearest parent that has some (its parents' figures are then shown).
    available: list[str] = []
    for scope in scopes:
        available = sorted(set(in_scopes.filter(pl.col("region_code") == scope.code)["indicator"].to_list()))
        if available:
            break
    if indicator is not None:
        wanted = [resolve_indicator(indicator, sorted(set(data.get_column("indicator").to_list())))]
        if wanted[0] not in set(in_scopes.get_column("indicator").to_list()):
            raise ConfigError(
                "error.indicators.no_data",
                indicator=wanted[0],
                code=scopes[0].code,
                available=", ".join(available) or "-",
            )
    else:
        wanted = available
    if not wanted:
        raise ConfigError("error.indicators.no_data", indicator="-", code=scopes[0].code, available="-")
    role = pl.DataFrame(
        {"region_code": codes, "scope": [s.role for s in scopes], "_scope_order": list(range(len(scopes)))}
    )
    rows = data.filter(pl.col("region_code").is_in(codes) & pl.col("indicator").is_in(wanted))
    rows = rows.join(role, on="region_code", how="left").with_columns(period_rank().alias("_period_order"))
    rows = rows.sort(["indicator", "region_code", "origin", "_period_order", "year"]).with_columns(
        (pl.col("value") - pl.col("value").shift(1).over(["indicator", "region_code", "period", "origin"]))
        .round(4)
        .alias("change")
    )
    rows = rows.join(
        ranks(data.filter(pl.col("indicator").is_in(wanted))),
        on=["indicator", "year", "period", "region_code"],
        how="left",
    )
    rows = rows.sort(["indicator", "year", "_period_order", "_scope_order", "origin"])
    labels = {g: _peer_label(g) for g in rows.get_column("peer_group").unique().to_list()}
    rows = rows.with_columns(
        pl.col("peer_group").replace_strict(labels, default=None, return_dtype=pl.Utf8).alias("peer_group")
    )
    return rows.select(PROFILE_COLUMNS)


def latest(values: pl.DataFrame, code: str, indicator: str) -> dict[str, Any] | None:
    """The most recent figure of ``indicator`` for ``code`` (published preferred on ties), or None."""
    rows = (
        values.filter((pl.col("region_code") == code) & (pl.col("indicator") == indicator))
        .with_columns(period_rank().alias("_p"), (pl.col("origin") != PUBLISHED).alias("_user"))
        .sort(["year", "_p", "_user"], descending=[True, True, False])
    )
    return rows.drop(["_p", "_user"]).row(0, named=True) if rows.height else None
