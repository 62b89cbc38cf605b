"""What a map shows: the boundaries (packaged, offline) and one value per village or kecamatan.

The values come from the workspace through the same cores the commands use: the locus ranking
(``lokus loci``: residents and decile-1 counts per village, the stunting-locus flag) and the detail of
the latest stunting-loci snapshot (``lokus stunting loci``: measured and stunted children per village).
Kecamatan values are recomputed from their villages' numerators and denominators, never averaged.
geopandas is imported only when boundaries are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

from lokus.errors import ConfigError
from lokus.maps import _messages  # noqa: F401  (registers messages)
from lokus.regions import load_regions

__all__ = [
    "BOUNDARY_FILES", "Level", "MAP_INDICATORS", "MapData", "MapIndicator", "boundaries", "map_data",
    "UTM_48S",
]

UTM_48S = "EPSG:32748"
BOUNDARY_FILES = {"village": "lampung_barat_villages.geojson", "kecamatan": "lampung_barat_districts.geojson"}
_COVERED = "18.04"


class Level(StrEnum):
    village = "village"
    kecamatan = "kecamatan"


@dataclass(frozen=True)
class MapIndicator:
    """A mappable indicator: ``value = numerator / denominator * scale`` (or the numerator's sum)."""

    name: str
    source: str  # "ranking" or "stunting"
    numerator: str
    denominator: str | None = None
    scale: float = 1.0
    percent: bool = False

    def title(self, lang: str) -> str:
        from lokus.i18n import t

        return t(f"maps.indicator.{self.name}", lang)


MAP_INDICATORS: dict[str, MapIndicator] = {
    m.name: m
    for m in (
        MapIndicator("loci", "ranking", "rank"),
        MapIndicator("decile1_share", "ranking", "decile1_people", "residents", 100.0, True),
        MapIndicator("decile1_households", "ranking", "decile1_households"),
        MapIndicator("decile1_people", "ranking", "decile1_people"),
        MapIndicator("stunting_prevalence", "stunting", "stunted", "measured", 100.0, True),
        MapIndicator("stunted_children", "stunting", "stunted"),
    )
}


@dataclass
class MapData:
    """One map's content. ``values`` maps unit code → value (None = no data); ``loci`` maps village
    code → a subset of {"poverty", "stunting"}; ``sources`` names the snapshots and policy."""

    indicator: MapIndicator
    region: str
    region_name: str
    level: Level
    values: dict[str, float | None]
    loci: dict[str, frozenset[str]]
    names: dict[str, str]
    sources: list[str] = field(default_factory=list)


def _indicator(name: str) -> MapIndicator:
    key = name.strip().lower().replace("-", "_")
    if key not in MAP_INDICATORS:
        raise ConfigError("error.maps.indicator", value=name, valid_values=", ".join(MAP_INDICATORS))
    return MAP_INDICATORS[key]


def _region(code: str) -> Any:
    reg = load_regions().get(code)
    if not (reg.code == _COVERED or reg.code.startswith(_COVERED + ".")) or reg.level == "village":
        raise ConfigError("error.maps.region", code=code)
    return reg


def boundaries(region: str = _COVERED, level: Level | str = Level.village) -> Any:
    """A GeoDataFrame (``code``, ``name``, ``geometry``) of the villages or kecamatan of ``region``, in
    UTM 48S metres. Kecamatan polygons are the dissolved villages (see ``data/PROVENANCE.md``)."""
    reg = _region(region)
    return _boundaries(reg.code, Level(level).value).copy()


@lru_cache(maxsize=8)
def _boundaries(code: str, level: str) -> Any:
    import geopandas as gpd

    reg = load_regions().get(code)
    path = resources.files("lokus.maps").joinpath("data", BOUNDARY_FILES["village"])
    with resources.as_file(path) as p:
        frame = gpd.read_file(p)
    frame = frame[frame["code"].str.startswith(reg.code + ".")][["code", "name", "parent_code", "geometry"]]
    frame = frame.to_crs(UTM_48S)
    if Level(level) is Level.kecamatan:
        frame = frame.dissolve(by="parent_code", as_index=False)[["parent_code", "geometry"]]
        regions = load_regions()
        frame = frame.rename(columns={"parent_code": "code"})
        frame["name"] = [regions.get(c).name for c in frame["code"]]
    return frame.sort_values("code").reset_index(drop=True)


def _ratio(num: float, den: float | None, ind: MapIndicator) -> float | None:
    if ind.denominator is None:
        return num
    if not den:
        return None
    return num / den * ind.scale


def map_data(
    ranking: Any,
    stunting: Any | None,
    indicator: str,
    *,
    region: str = _COVERED,
    level: Level | str = Level.village,
    poverty_loci: list[str] | None = None,
    sources: list[str] | None = None,
    lang: str = "id",
) -> MapData:
    """Values of ``indicator`` per unit of ``region`` from a locus ranking (pyarrow, the columns of
    ``lokus loci``) and a stunting detail table (``village_code, measured, stunted``; None when the
    workspace has no measurements). ``poverty_loci``: the priority-locus village codes (default:
    the ranking's selected units); stunting loci come from the ranking's ``stunting_locus``.
    """
    ind = _indicator(indicator)
    reg = _region(region)
    lvl = Level(level)
    rows = {str(r["code"]): r for r in ranking.to_pylist()}
    chosen = set(poverty_loci) if poverty_loci is not None else {c for c, r in rows.items() if r.get("selected")}
    loci: dict[str, frozenset[str]] = {}
    for code, r in rows.items():
        kinds = ({"poverty"} if code in chosen else set()) | ({"stunting"} if r.get("stunting_locus") else set())
        if kinds and code.startswith(reg.code + "."):
            loci[code] = frozenset(kinds)
    if ind.source == "stunting":
        if stunting is None:
            raise ConfigError("error.maps.no_data", what="stunting-loci snapshot")
        source_rows = {str(r["village_code"]): r for r in stunting.to_pylist()}
    else:
        source_rows = rows
    villages = [v.code for v in load_regions().descendants(reg.code, "village")]
    per_unit: dict[str, list[float | None]] = {}
    for code in villages:
        unit = code if lvl is Level.village else code.rsplit(".", 1)[0]
        r = source_rows.get(code)
        acc = per_unit.setdefault(unit, [0.0, 0.0, 0.0])  # numerator, denominator, villages with data
        if r is None or r.get(ind.numerator) is None:
            continue
        acc[0] = (acc[0] or 0.0) + float(r[ind.numerator])
        if ind.denominator:
            acc[1] = (acc[1] or 0.0) + float(r.get(ind.denominator) or 0)
        acc[2] = (acc[2] or 0.0) + 1
    values: dict[str, float | None] = {}
    for unit, (num, den, n) in per_unit.items():
        values[unit] = None if not n else _ratio(float(num or 0), den, ind)
    regions = load_regions()
    names = {unit: regions.get(unit).name for unit in per_unit}
    return MapData(ind, reg.code, reg.name, lvl, values, loci, names, list(sources or []))
