"""Draw a map (PNG or SVG), offline, readable in grey-scale print.

Classes use a sequential palette whose lightness falls monotonically (light = low), so the order
survives a grey-scale copy; the loci are marked by hatching (poverty ``///``, stunting ``\\\\\\``,
both ``xxx``) and a heavy outline, never by colour alone; villages without data are white with dots.
Each village or kecamatan is its own patch with ``gid`` ``unit-<code>`` (and each locus
``locus-<kind>-<code>``), so an SVG can be checked for what it draws. Matplotlib is imported here only.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lokus.errors import ConfigError
from lokus.i18n import fmt_int, fmt_number, t
from lokus.maps._data import Level, MapData, boundaries

__all__ = ["DrawnMap", "draw_map"]

_FORMATS = (".png", ".svg")
_PALETTE = "YlOrBr"  # lightness decreases monotonically: readable in grey
_HATCH = {"poverty": "////", "stunting": "\\\\\\\\", "both": "xxxx"}
_TINT = {"poverty": "#f4a582", "stunting": "#92c5de", "both": "#b2abd2"}


@dataclass
class DrawnMap:
    """What was drawn: the file, every unit code, and the locus codes marked (by kind)."""

    path: Path
    units: list[str]
    loci: dict[str, list[str]]


def _kind(kinds: frozenset[str]) -> str:
    return "both" if len(kinds) > 1 else next(iter(kinds))


def _breaks(values: list[float], classes: int = 5) -> list[float]:
    """Quantile class limits, rounded to readable numbers and made strictly increasing."""
    vals = sorted(values)
    if not vals:
        return [0.0, 1.0]
    lo, hi = vals[0], vals[-1]
    if hi <= lo:
        return [lo, lo + 1]
    cuts = [lo]
    for k in range(1, classes):
        q = vals[min(len(vals) - 1, int(round(k * (len(vals) - 1) / classes)))]
        step = 10 ** math.floor(math.log10(max(abs(hi - lo), 1e-9))) / 10
        q = round(q / step) * step
        if q > cuts[-1] and q < hi:
            cuts.append(q)
    cuts.append(hi)
    return cuts


def _label(value: float, percent: bool, lang: str) -> str:
    if percent:
        return fmt_number(value, lang, 1)
    return fmt_int(value, lang) if abs(value - round(value)) < 1e-9 or value >= 100 else fmt_number(value, lang, 1)


def _patches(geom: Any) -> list[Any]:
    from matplotlib.path import Path as MPath

    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    paths = []
    for poly in polys:
        verts: list[tuple[float, float]] = []
        codes: list[Any] = []
        for ring in [poly.exterior, *poly.interiors]:
            coords = list(ring.coords)
            verts.extend(coords)
            codes.extend([MPath.MOVETO] + [MPath.LINETO] * (len(coords) - 2) + [MPath.CLOSEPOLY])
        paths.append(MPath(verts, codes))
    return [MPath.make_compound_path(*paths)]


def _scale_bar(ax: Any, lang: str) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    span_km = (x1 - x0) / 1000
    nice = next(n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200) if n >= span_km / 6)
    left, base = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    h = (y1 - y0) * 0.008
    half = nice * 500
    ax.add_patch(_rect(left, base, half, h, "black"))
    ax.add_patch(_rect(left + half, base, half, h, "white"))
    for x, text in ((left, "0"), (left + half, fmt_number(nice / 2, lang, 0 if nice % 2 == 0 else 1)),
                    (left + 2 * half, f"{nice} km")):
        ax.text(x, base + 2.5 * h, text, ha="center", va="bottom", fontsize=7)


def _rect(x: float, y: float, w: float, h: float, color: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=color, edgecolor="black", linewidth=0.6, zorder=5)


def _north(ax: Any, lang: str) -> None:
    ax.annotate(
        t("maps.north", lang), xy=(0.95, 0.97), xytext=(0.95, 0.87), xycoords="axes fraction",
        ha="center", va="center", fontsize=11, fontweight="bold",
        arrowprops={"facecolor": "black", "edgecolor": "black", "width": 3, "headwidth": 10, "headlength": 10},
    )


def draw_map(
    data: MapData,
    out: str | os.PathLike[str],
    *,
    lang: str = "id",
    title: str | None = None,
    figsize: tuple[float, float] = (8.0, 6.6),
    dpi: int = 150,
    label_loci: bool = True,
    also: list[str | os.PathLike[str]] | None = None,
) -> DrawnMap:
    """Draw ``data`` to ``out`` (.png or .svg), and the same figure to each of ``also``; return what was
    drawn."""
    path = Path(out)
    outputs = [path, *(Path(a) for a in also or [])]
    for p in outputs:
        if p.suffix.lower() not in _FORMATS:
            raise ConfigError("error.maps.format", path=str(p))
    from lokus.reports import make_folder

    for p in outputs:  # before drawing: a path below a file is one sentence, not a wasted render
        make_folder(p.parent)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import patheffects
    from matplotlib.colors import BoundaryNorm
    from matplotlib.patches import Patch, PathPatch

    frame = boundaries(data.region, data.level)
    villages = boundaries(data.region, Level.village) if data.level is Level.kecamatan else frame
    kec = frame if data.level is Level.kecamatan else frame.dissolve(by="parent_code", as_index=False)
    categorical = data.indicator.name == "loci"

    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    from matplotlib.colors import ListedColormap

    base = matplotlib.colormaps[_PALETTE]
    cmap = ListedColormap([base(0.05 + 0.65 * i / 255) for i in range(256)])  # darkest class still shows hatching
    present = [v for v in data.values.values() if v is not None]
    cuts = _breaks(present)
    norm = BoundaryNorm(cuts, cmap.N)
    units: list[str] = []
    for code, geom in zip(frame["code"], frame.geometry, strict=True):
        value = data.values.get(code)
        face: Any
        if categorical:
            kinds = data.loci.get(code)
            face = _TINT[_kind(kinds)] if kinds else "#f2f2f2"
            hatch = None
        elif value is None:
            face, hatch = "white", "..."
        else:
            face, hatch = cmap(norm(value)), None
        for mpath in _patches(geom):
            ax.add_patch(PathPatch(mpath, facecolor=face, edgecolor="#555555", linewidth=0.3, hatch=hatch,
                                   gid=f"unit-{code}"))
        units.append(code)
    for geom in kec.geometry:
        for mpath in _patches(geom):
            ax.add_patch(PathPatch(mpath, facecolor="none", edgecolor="#222222", linewidth=1.0))
    marked: dict[str, list[str]] = {"poverty": [], "stunting": [], "both": []}
    matplotlib.rcParams["hatch.linewidth"] = 0.8
    by_code = dict(zip(villages["code"], villages.geometry, strict=True))
    for code, kinds in sorted(data.loci.items()):
        geom = by_code.get(code)
        if geom is None:
            continue
        kind = _kind(kinds)
        for mpath in _patches(geom):
            ax.add_patch(PathPatch(mpath, facecolor="none", edgecolor="black", linewidth=1.4,
                                   hatch=_HATCH[kind], gid=f"locus-{kind}-{code}", zorder=3))
        marked[kind].append(code)
        if label_loci:
            pt = geom.representative_point()
            ax.text(pt.x, pt.y, data.names.get(code) or code, fontsize=5.5, ha="center", va="center", zorder=6,
                    gid=f"label-{code}",
                    path_effects=[patheffects.withStroke(linewidth=2.2, foreground="white")])
    xmin, ymin, xmax, ymax = frame.total_bounds
    pad = (xmax - xmin) * 0.03
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad * 3, ymax + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_linewidth(0.5)
    _scale_bar(ax, lang)
    _north(ax, lang)

    handles: list[Any] = []
    if not categorical:
        for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
            lab = f"{_label(lo, data.indicator.percent, lang)} – {_label(hi, data.indicator.percent, lang)}"
            handles.append(Patch(facecolor=cmap(norm((lo + hi) / 2)), edgecolor="#555555", label=lab))
        if any(v is None for v in data.values.values()):
            handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="...",
                                 label=t("maps.legend.no_data", lang)))
    else:
        handles.append(Patch(facecolor="#f2f2f2", edgecolor="#555555", label=t("maps.legend.other", lang)))
    for kind in ("poverty", "stunting", "both"):
        if marked[kind]:
            handles.append(Patch(facecolor=_TINT[kind] if categorical else "none", edgecolor="black",
                                 hatch=_HATCH[kind],
                                 label=f"{t('maps.legend.' + kind, lang)} ({len(marked[kind])})"))
    handles.append(Patch(facecolor="none", edgecolor="#222222", linewidth=1.0, label=t("maps.legend.kecamatan", lang)))
    legend_title = None if categorical else data.indicator.title(lang)
    ax.legend(handles=handles, loc="lower right", fontsize=7, title=legend_title, title_fontsize=7.5,
              frameon=True, framealpha=0.95, handlelength=2.2, handleheight=1.4)
    by = t(f"maps.by.{data.level.value}", lang)
    ax.set_title(title or f"{data.indicator.title(lang)} {by}\n{data.region_name} ({data.region})",
                 fontsize=11, loc="left")
    fig.text(0.01, 0.005, t("maps.credit", lang, sources="; ".join(data.sources) or "-"), fontsize=6,
             ha="left", va="bottom", wrap=True)
    for p in outputs:
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # SVG text stays text (searchable, editable)
            fig.savefig(p, dpi=dpi, metadata={"Date": None} if p.suffix.lower() == ".svg" else None)
    plt.close(fig)
    return DrawnMap(path, units, {k: v for k, v in marked.items() if v})
