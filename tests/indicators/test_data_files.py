"""The packaged indicator files are unchanged copies of the shared, curated ones."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

SHARED = Path("/work/shared/data/indicators")
FILES = ("poverty.csv", "stunting.csv", "population.csv", "area.csv")


@pytest.mark.parametrize("name", FILES)
def test_packaged_file_matches_shared_copy(name):
    packaged = resources.files("lokus.indicators").joinpath("data", name).read_bytes()
    assert packaged.startswith(b"region_code,region_name,indicator,year,period,value,unit,source")
    if not (SHARED / name).exists():
        pytest.skip("shared data folder not present on this machine")
    assert packaged == (SHARED / name).read_bytes()


def test_provenance_note_is_packaged():
    text = resources.files("lokus.indicators").joinpath("data", "PROVENANCE.md").read_text(encoding="utf-8")
    assert "indicators/poverty.csv" in text and "BPS `1801`" in text
