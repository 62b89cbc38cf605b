"""Maps: every village of 18.04 drawn from the packaged boundaries, the loci hatched and labelled."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from lokus.errors import ConfigError
from lokus.maps import boundaries, draw_map, map_data
from lokus.regions import load_regions

VILLAGES = [v.code for v in load_regions().descendants("18.04", "village")]
POVERTY = VILLAGES[:3]
STUNTING = VILLAGES[2:5]


def _ranking() -> pa.Table:
    return pa.Table.from_pylist([
        {"code": c, "rank": i + 1, "selected": True, "residents": 1000 + i, "decile1_people": 10 * (i % 7),
         "decile1_households": 3 * (i % 7), "stunting_locus": c in STUNTING}
        for i, c in enumerate(VILLAGES)
    ])


def _stunting() -> pa.Table:
    # one village without measurements: "no data", never 0
    return pa.Table.from_pylist([{"village_code": c, "measured": 50, "stunted": i % 20} for i, c in
                                 enumerate(VILLAGES[1:])])


def test_boundaries_are_the_136_villages_of_the_kemendagri_list():
    frame = boundaries("18.04")
    assert sorted(frame["code"]) == sorted(VILLAGES)
    assert len(frame) == 136
    assert frame.crs.to_epsg() == 32748
    area_km2 = frame.geometry.area.sum() / 1e6
    assert 2000 < area_km2 < 2200  # the kabupaten is 2,106.5 km2 (PROVENANCE)
    kec = boundaries("18.04", "kecamatan")
    assert len(kec) == 15


def test_svg_draws_every_village_and_marks_the_loci(tmp_path: Path):
    data = map_data(_ranking(), _stunting(), "stunting_prevalence", poverty_loci=POVERTY, sources=["s1"])
    assert data.values[VILLAGES[0]] is None
    drawn = draw_map(data, tmp_path / "m.svg")
    svg = drawn.path.read_text(encoding="utf-8")
    units = set(re.findall(r'id="unit-([0-9.]+)"', svg))
    assert units == set(VILLAGES)
    marked = {m.group(2): m.group(1) for m in re.finditer(r'id="locus-(\w+)-([0-9.]+)"', svg)}
    assert marked == {VILLAGES[0]: "poverty", VILLAGES[1]: "poverty", VILLAGES[2]: "both",
                      VILLAGES[3]: "stunting", VILLAGES[4]: "stunting"}
    names = load_regions()
    for code in marked:  # loci are labelled by name
        assert f'id="label-{code}"' in svg
        assert data.names[code] == names.get(code).name  # drawn as outlined text (white halo)
    assert "tidak ada data" in svg  # the village without measurements


def test_png_and_kecamatan_level(tmp_path: Path):
    data = map_data(_ranking(), None, "decile1_share", level="kecamatan", poverty_loci=POVERTY, lang="en")
    assert len(data.values) == 15
    kec = VILLAGES[0].rsplit(".", 1)[0]
    members = [r for r in _ranking().to_pylist() if r["code"].startswith(kec + ".")]
    expected = sum(r["decile1_people"] for r in members) / sum(r["residents"] for r in members) * 100
    assert data.values[kec] == pytest.approx(expected)
    drawn = draw_map(data, tmp_path / "k.png", lang="en")
    assert drawn.path.read_bytes()[:4] == b"\x89PNG"
    assert len(drawn.units) == 15


def test_bad_indicator_region_and_format_are_one_sentence(tmp_path: Path):
    with pytest.raises(ConfigError) as e:
        map_data(_ranking(), None, "nope")
    assert "stunting_prevalence" in e.value.message("en")
    with pytest.raises(ConfigError):
        map_data(_ranking(), None, "loci", region="18.05")
    with pytest.raises(ConfigError):
        map_data(_ranking(), None, "stunting_prevalence")
    data = map_data(_ranking(), None, "loci", poverty_loci=POVERTY)
    with pytest.raises(ConfigError):
        draw_map(data, tmp_path / "m.jpg")


def test_maps_core_imports_without_matplotlib():
    code = "import sys, lokus.maps; print('matplotlib' in sys.modules, 'geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
