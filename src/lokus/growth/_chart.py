"""Growth chart of one child: length/height-for-age over the WHO 2006 curves, for the village midwife.

Matplotlib is imported only when a chart is drawn, through its object-oriented API (``Figure`` +
the Agg canvas): no pyplot, no global backend switch. Titles and labels are in Bahasa Indonesia
(``lang="en"`` for English).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from lokus.errors import ConfigError, InputFileError, SchemaError
from lokus.growth._core import DAYS_PER_MONTH
from lokus.growth._frames import column_names, to_arrow
from lokus.growth._inputs import read_measurements
from lokus.growth._lms import sd_curve
from lokus.growth._tables import age_table
from lokus.growth._zscores import compute_measurements
from lokus.i18n import register, t

__all__ = ["growth_chart", "reference_curves", "ID_COLUMNS"]

ID_COLUMNS = ("child_id", "id", "id_anak", "NIK", "nik")
SD_LINES = (-3, -2, 0, 2, 3)
register({
    "growth.chart.title": {
        "id": "Panjang/Tinggi Badan menurut Umur (PB/U, TB/U)",
        "en": "Length/height-for-age",
    },
    "growth.chart.boy": {
        "id": "Laki-laki",
        "en": "Boy",
    },
    "growth.chart.girl": {
        "id": "Perempuan",
        "en": "Girl",
    },
    "growth.chart.child": {
        "id": "Anak",
        "en": "Child",
    },
    "growth.chart.x": {
        "id": "Umur (bulan)",
        "en": "Age (months)",
    },
    "growth.chart.y": {
        "id": "Panjang/tinggi badan (cm)",
        "en": "Length/height (cm)",
    },
    "growth.chart.median": {
        "id": "Median",
        "en": "Median",
    },
    "growth.chart.points": {
        "id": "Pengukuran anak",
        "en": "Child's measurements",
    },
    "growth.chart.stunted": {
        "id": "Pendek (< -2 SD)",
        "en": "Stunted (< -2 SD)",
    },
    "growth.chart.source": {
        "id": "Standar WHO 2006 (Permenkes No. 2 Tahun 2020); panjang badan < 24 bulan, tinggi badan ≥ 24 bulan",
        "en": "WHO Child Growth Standards 2006; length under 24 months, height from 24 months",
    },
})


def reference_curves(sex: int) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """Age in months (days 0…1826) and the length/height at -3, -2, 0, +2, +3 SD from the LMS table."""
    if sex not in (1, 2):
        raise ConfigError("growth.error.option", key="sex", value=sex, valid_values="1, 2")
    tab = age_table("len")
    days = np.arange(tab.m.shape[1])
    curves = {k: sd_curve(tab.m[sex - 1], tab.l[sex - 1], tab.s[sex - 1], k) for k in SD_LINES}
    return days / DAYS_PER_MONTH, curves


def _pick_id_column(names: list[str], id_column: str | None) -> str:
    if id_column:
        from lokus.tables import header_named

        found = header_named(names, id_column)  # as the reader compares headers ("nik" names "NIK")
        if found is None:
            raise SchemaError(path="tabel", missing=id_column, present=", ".join(names[:12]))
        return found
    for c in ID_COLUMNS:
        if c in names:
            return c
    raise SchemaError(path="tabel", missing=" / ".join(ID_COLUMNS), present=", ".join(names[:12]))


def growth_chart(table: Any, child: str, out: str | Path, *, id_column: str | None = None,
                 lang: str = "id", source: str = "tabel") -> Path:
    """Draw the child's length/height-for-age chart to ``out`` (.png or .svg); returns the path."""
    out = Path(out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise ConfigError("growth.error.output_format", path=str(out), valid_values=".png, .svg")
    def text(key: str) -> str:
        return t(f"growth.chart.{key}", lang)

    names = column_names(table)
    col = _pick_id_column(names, id_column)
    frame = table if isinstance(table, pl.DataFrame) else pl.DataFrame(pl.from_arrow(to_arrow(table)))
    ids = frame[col].cast(pl.String)
    rows = frame.filter(ids == str(child))
    if rows.height == 0:
        # No example ids in the message: they may be NIKs (personal data) and end up in logs.
        raise InputFileError("growth.error.no_child", column=col, child=child, path=source,
                             count=ids.drop_nulls().n_unique())
    m = read_measurements(rows, source)
    z = compute_measurements(m, threads=1)
    months = m.age_days / DAYS_PER_MONTH
    ok = ~np.isnan(months) & ~np.isnan(z.clenhei) & (months >= 0) & (months < 60) & ~m.blocked
    if not ok.any():
        raise InputFileError("growth.error.no_measurement", child=child)
    sexes = z.csex[ok & (z.csex > 0)]
    sex = int(sexes[0]) if sexes.size else 0
    _draw(out, text, child, sex, months[ok], z.clenhei[ok], z.zlen[ok])
    return out


def _draw(out: Path, text: Callable[[str], str], child: str, sex: int, months: np.ndarray, lenhei: np.ndarray,
          zlen: np.ndarray) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 6), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    styles = {-3: ("#b2182b", "--"), -2: ("#ef8a62", "-"), 0: ("#1a9850", "-"), 2: ("#ef8a62", "-"),
              3: ("#b2182b", "--")}
    for s in (1, 2) if sex == 0 else (sex,):
        x, curves = reference_curves(s)
        for k, y in curves.items():
            colour, dash = styles[k]
            label = text("median") if k == 0 else f"{k:+d} SD"
            ax.plot(x, y, color=colour, linestyle=dash, linewidth=1.2 if k else 1.8,
                    label=label if s == (sex or 1) else None)
            if s == (sex or 1):
                ax.annotate(label, (x[-1], y[-1]), xytext=(4, 0), textcoords="offset points",
                            fontsize=8, color=colour, va="center")
    order = np.argsort(months)
    ax.plot(months[order], lenhei[order], color="#2166ac", linewidth=1, zorder=3)
    stunted = ~np.isnan(zlen) & (zlen < -2)
    ax.scatter(months[~stunted], lenhei[~stunted], color="#2166ac", s=36, zorder=4, label=text("points"))
    if stunted.any():
        ax.scatter(months[stunted], lenhei[stunted], color="#b2182b", marker="s", s=40, zorder=5,
                   label=text("stunted"))
    ax.axvline(24, color="#999999", linewidth=0.6, linestyle=":")
    sex_label = {1: text("boy"), 2: text("girl")}.get(sex, "")
    ax.set_title(f"{text('title')}\n{text('child')}: {child}" + (f" ({sex_label})" if sex_label else ""))
    ax.set_xlabel(text("x"))
    ax.set_ylabel(text("y"))
    ax.set_xlim(0, 62)
    ax.set_xticks(range(0, 61, 6))
    ax.grid(True, color="#eeeeee", linewidth=0.6)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    fig.text(0.01, 0.01, text("source"), fontsize=7, color="#666666")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    fig.savefig(str(out), format=out.suffix.lower().lstrip("."))
