"""Charts: a region's trend beside its parents and the target path; the region among its peers.

Matplotlib (Agg backend) is imported inside the chart functions only, so the core stays free of it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl

from lokus.errors import ConfigError
from lokus.i18n import fmt_int, fmt_number, has, t
from lokus.indicators._catalog import indicator_info, resolve_indicator
from lokus.indicators._messages import indicator_label, unit_label
from lokus.indicators._profile import period_rank, ranks, region_profile, scopes_of
from lokus.indicators._targets import Target, builtin_targets, targets_for
from lokus.indicators._values import PUBLISHED, all_values

_FORMATS = (".png", ".svg")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _localise_axis(axis: Any, lang: str) -> None:
    """Tick labels with the decimal and thousands separators of ``lang``."""
    import matplotlib.ticker as mticker

    def label(value: float, _pos: int) -> str:
        return fmt_number(value, lang, 0 if float(value).is_integer() else 1)

    axis.set_major_formatter(mticker.FuncFormatter(label))


def _check_out(out: str | os.PathLike[str]) -> Path:
    p = Path(out)
    if p.suffix.lower() not in _FORMATS:
        raise ConfigError("error.chart.format", path=str(p))
    if p.parent and not p.parent.exists():
        from lokus.reports import make_folder

        make_folder(p.parent)
    return p


def _x(df: pl.DataFrame) -> pl.DataFrame:
    """A numeric time axis: year plus the period's month / 12 (March 2021 → 2021.25)."""
    return df.with_columns((pl.col("year") + period_rank() / 12.0).alias("x"))


def trend_chart(
    code: str,
    indicator: str,
    out: str | os.PathLike[str],
    *,
    values: pl.DataFrame | None = None,
    targets: list[Target] | None = None,
    workspace: str | os.PathLike[str] | None = None,
    lang: str = "id",
) -> Path:
    """Line chart of ``indicator`` for the region, its parents and the nation, with the target path.

    The target path is the straight line from the region's first figure (or the target's own
    baseline) to the target value in the target year. Returns the written path (PNG or SVG).
    """
    path = _check_out(out)
    data = values if values is not None else all_values(workspace)
    profile = _x(region_profile(code, indicator, values=data))
    name = profile.get_column("indicator")[0]
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    try:
        for scope in scopes_of(code):
            series = profile.filter(pl.col("region_code") == scope.code).sort("x")
            if series.height:
                ax.plot(
                    series["x"].to_list(),
                    series["value"].to_list(),
                    marker="o",
                    linewidth=2.2 if scope.role == "region" else 1.2,
                    label=scope.name,
                )
        own = profile.filter(pl.col("scope") == "region").sort("x")
        for target in targets_for(
            scopes_of(code)[0].code, targets if targets is not None else builtin_targets()
        ):
            if target.indicator != name or own.height == 0:
                continue
            b_x = float(target.baseline_year) if target.baseline_year is not None else float(own["x"][0])
            b_v = (
                float(target.baseline_value) if target.baseline_value is not None else float(own["value"][0])
            )
            ax.plot(
                [b_x, float(target.year)],
                [b_v, target.value],
                linestyle="--",
                color="grey",
                label=t("indicators.chart.target_path", lang, name=target.name or indicator_label(target.indicator, lang),
                        value=fmt_number(target.value, lang, 1), year=target.year),
            )
            ax.scatter([float(target.year)], [target.value], marker="*", s=120, color="grey", zorder=3)
        info = indicator_info(name)
        ax.set_title(f"{indicator_label(name, lang)} — {scopes_of(code)[0].name}")
        ax.set_ylabel(unit_label(info.unit, lang) or indicator_label(name, lang))
        _localise_axis(ax.yaxis, lang)
        ax.xaxis.set_major_locator(_integer_locator())
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="best")
        fig.text(
            0.01,
            0.01,
            t("indicators.chart.sources", lang),
            fontsize=7,
            color="grey",
        )
        fig.tight_layout(rect=(0, 0.03, 1, 1))
        fig.savefig(path, format=path.suffix.lower().lstrip("."))
    finally:
        plt.close(fig)
    return path


def peers_chart(
    code: str,
    indicator: str,
    out: str | os.PathLike[str],
    *,
    year: int | None = None,
    values: pl.DataFrame | None = None,
    workspace: str | os.PathLike[str] | None = None,
    lang: str = "id",
) -> Path:
    """Bar chart of ``indicator`` for the region and its peers (same level and parent).

    Uses the latest year and period in which the region has a figure (or ``year``). The region's
    bar is highlighted; its parent's and the nation's values are drawn as reference lines.
    """
    path = _check_out(out)
    data = values if values is not None else all_values(workspace)
    scopes = scopes_of(code)
    region = scopes[0]
    name = resolve_indicator(indicator, sorted(set(data.get_column("indicator").to_list())))
    own = data.filter((pl.col("region_code") == region.code) & (pl.col("indicator") == name))
    if year is not None:
        own = own.filter(pl.col("year") == year)
    if own.height == 0:
        raise ConfigError("error.indicators.no_data", indicator=name, code=region.code, available="-")
    own = own.with_columns(period_rank().alias("_p")).sort(["year", "_p"])
    y, period = int(own["year"][-1]), str(own["period"][-1])
    ranked = ranks(data.filter(pl.col("indicator") == name))
    key = (pl.col("year") == y) & (pl.col("period") == period)
    mine = ranked.filter(key & (pl.col("region_code") == region.code))
    group = mine["peer_group"][0] if mine.height else None
    peers = ranked.filter(key & (pl.col("peer_group") == group)) if group is not None else ranked.head(0)
    codes = peers["region_code"].to_list() or [region.code]
    bars = (
        data.filter((pl.col("indicator") == name) & key & pl.col("region_code").is_in(codes))
        .with_columns((pl.col("origin") != PUBLISHED).alias("_user"))
        .sort(["region_code", "_user"])
        .unique("region_code", keep="first")
        .sort("value", descending=True)
    )
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.3 * bars.height + 1.2)), dpi=110)
    try:
        labels = [n.replace("Kabupaten ", "Kab. ") for n in bars["region_name"].to_list()]
        colors = ["#c0392b" if c == region.code else "#95a5a6" for c in bars["region_code"].to_list()]
        ax.barh(labels, bars["value"].to_list(), color=colors)
        ax.invert_yaxis()
        for scope in scopes[1:]:
            ref = data.filter((pl.col("region_code") == scope.code) & (pl.col("indicator") == name) & key)
            if ref.height:
                ax.axvline(float(ref["value"][0]), linestyle="--", linewidth=1, color="black", alpha=0.6)
                ax.text(float(ref["value"][0]), -0.6, f" {scope.name}", fontsize=7, va="bottom")
        ax.set_title(t("indicators.chart.peers_title", lang, indicator=indicator_label(name, lang), year=y,
                       period=t(f"period.{period}", lang) if has(f"period.{period}") else period,
                       region=region.name, n=fmt_int(len(codes), lang)))
        ax.set_xlabel(unit_label(indicator_info(name).unit, lang) or indicator_label(name, lang))
        _localise_axis(ax.xaxis, lang)
        ax.grid(axis="x", alpha=0.3)
        fig.tight_layout()
        fig.savefig(path, format=path.suffix.lower().lstrip("."))
    finally:
        plt.close(fig)
    return path
