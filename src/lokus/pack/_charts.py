"""The pack's trend charts: the district beside its province and the nation, one panel per indicator.

Rules: localised title and axes; every year on the axis labelled; a line joins only consecutive years
(a missing year leaves a gap, never a line across it); the target as a marked point; layout
constrained so no title is clipped. Grey-scale safe: each area has its own marker and line style.
Matplotlib is imported here only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lokus.i18n import fmt_number, register, t

__all__ = ["trend_chart"]

register({
    "pack.chart.title": {"id": "Tren dibanding provinsi dan nasional", "en": "Trend beside province and nation"},
    "pack.chart.year": {"id": "Tahun", "en": "Year"},
    "pack.chart.percent": {"id": "Persen", "en": "Percent"},
    "pack.chart.target": {"id": "Target {year}: {value}", "en": "Target {year}: {value}"},
    "pack.chart.gap": {"id": "Garis terputus: tidak ada angka untuk tahun itu.",
                       "en": "Broken line: no figure for that year."},
})

_STYLE = {"region": ("o", "-", "#b2182b"), "province": ("s", "--", "#2166ac"), "nation": ("^", ":", "#4d4d4d")}


def _segments(points: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive years."""
    runs: list[list[tuple[int, float]]] = []
    for year, value in sorted(points):
        if runs and year == runs[-1][-1][0] + 1:
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    return runs


def trend_chart(
    panels: list[dict[str, Any]], out: Path, *, lang: str = "id", scope_names: dict[str, str] | None = None,
) -> Path:
    """``panels``: ``{"title", "series": {scope: [(year, value)]}, "target": (year, value) | None}``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(8.0, 3.4), layout="constrained", squeeze=False)
    for ax, panel in zip(axes[0], panels, strict=True):
        years: set[int] = set()
        for scope, points in panel["series"].items():
            if not points:
                continue
            marker, style, color = _STYLE.get(scope, ("o", "-", "black"))
            label = (scope_names or {}).get(scope, scope)
            for i, run in enumerate(_segments(points)):
                xs, ys = [p[0] for p in run], [p[1] for p in run]
                ax.plot(xs, ys, linestyle=style, marker=marker, color=color, markersize=5, linewidth=1.6,
                        label=label if i == 0 else None)
            years |= {p[0] for p in points}
        target = panel.get("target")
        if target:
            ax.plot([target[0]], [target[1]], marker="*", markersize=11, color="black", linestyle="none",
                    label=t("pack.chart.target", lang, year=target[0], value=fmt_number(target[1], lang, 1) + "%"))
            years.add(int(target[0]))
        if years:
            ticks = list(range(min(years), max(years) + 1))
            ax.set_xticks(ticks, [str(y) for y in ticks], fontsize=8)
            ax.set_xlim(min(ticks) - 0.4, max(ticks) + 0.4)
        ax.set_title(panel["title"], fontsize=9.5, loc="left", wrap=True)
        ax.set_xlabel(t("pack.chart.year", lang), fontsize=8)
        ax.set_ylabel(t("pack.chart.percent", lang), fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: fmt_number(v, lang, 0)))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=7, loc="lower left", frameon=True, framealpha=0.9)
    fig.suptitle(t("pack.chart.title", lang), fontsize=11)
    from lokus.reports import make_folder

    make_folder(out.parent)
    fig.savefig(out, dpi=200)
    plt.close(fig)
    return out
