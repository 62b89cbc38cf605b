"""Maps: a choropleth of an indicator by village or kecamatan on the packaged Kemendagri boundaries.

Offline (the boundaries ship in ``data/``, see ``data/PROVENANCE.md``), with legend, scale bar, north
arrow and the loci labelled and hatched so that a grey-scale print still shows them. geopandas and
matplotlib are imported only when a map is drawn.
"""

from lokus.maps._data import (
    BOUNDARY_FILES,
    MAP_INDICATORS,
    Level,
    MapData,
    MapIndicator,
    boundaries,
    map_data,
)
from lokus.maps._draw import DrawnMap, draw_map
from lokus.maps._inputs import LocusTables, locus_tables

__all__ = [
    "BOUNDARY_FILES", "DrawnMap", "Level", "LocusTables", "MAP_INDICATORS", "MapData", "MapIndicator",
    "boundaries", "draw_map", "locus_tables", "map_data",
]
