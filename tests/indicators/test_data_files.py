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


def test_publisher_and_publication_are_carried():
    from lokus.indicators._values import published_values

    df = published_values()
    poverty = df.filter(df["indicator"].str.starts_with("poverty") | df["indicator"].str.contains("poor"))
    assert poverty.height > 0 and poverty["publisher"].null_count() == 0
    # Only population/area rows lack a publisher column in the shared files.
    lb = df.filter((df["region_code"] == "18.04") & (df["indicator"] == "stunting_prevalence_ssgi"))
    assert lb.height > 0 and (lb["publisher"] == "Kemenkes RI").all()
