"""The packaged indicator files are unchanged copies of the shared, curated ones."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import pytest

SHARED = Path("/work/shared/data/indicators")
FILES = ("poverty.csv", "stunting.csv", "population.csv", "area.csv")


# Columns lokus adds to the packaged copies (texts for people in each language); every other cell is
# the shared copy's, byte for byte.
ADDED = ("publisher_id", "publication_id", "publication_en")


def _without_added(data: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    keep = [j for j, c in enumerate(rows[0]) if c not in ADDED]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[r[j] for j in keep] for r in rows])
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("name", FILES)
def test_packaged_file_matches_shared_copy(name):
    packaged = resources.files("lokus.indicators").joinpath("data", name).read_bytes()
    assert packaged.startswith(b"region_code,region_name,indicator,year,period,value,unit,source")
    if not (SHARED / name).exists():
        pytest.skip("shared data folder not present on this machine")
    shared = (SHARED / name).read_bytes()
    # the shared copy plus the three text columns, nothing changed
    assert packaged.split(b"\r\n", 1)[0].endswith(b",publisher_id,publication_id,publication_en")
    assert _without_added(packaged) == shared


def test_citations_in_both_languages_never_mix_or_stop_short():
    """Every figure with a publication has it in both languages: the Indonesian text carries no English
    connective words and no sentence stops at "listed at" without its address."""
    from lokus.i18n import localized
    from lokus.indicators._values import published_citations

    rows = [r for r in published_citations().to_dicts() if r["publication"]]
    assert len(rows) > 50
    english = ("the book", "listed at", "provincial table", "kabupaten/kota table", "national figure", "figure '",
               "from BPS", "released", "abstract,", "dynamic table", "not checked", "address")
    for r in rows:
        text_id, text_en = localized(r, "publication", "id"), localized(r, "publication", "en")
        assert r["publication_id"] and r["publication_en"], r
        assert not [w for w in english if w in text_id], text_id
        assert not text_id.rstrip().endswith(" at") and not text_en.rstrip().endswith(" at")
        assert "[" not in text_id and "[" not in text_en  # the checking notes stay in `publication`
    ssgi = [r for r in rows if r["region_code"] == "18" and r["indicator"] == "stunting_prevalence_ssgi"
            and r["year"] == 2022]
    assert "https://stunting.go.id/" in ssgi[0]["publication_id"] and "tabel provinsi" in ssgi[0]["publication_id"]
    bappeda = [r for r in published_citations().to_dicts() if "(from BPS data)" in r["publisher"]]
    assert bappeda and all(localized(r, "publisher", "id") == "Bappeda Provinsi Lampung (dari data BPS)"
                           for r in bappeda)
    assert all(localized(r, "publisher", "en") == r["publisher"] for r in bappeda)


def test_every_packaged_figure_cites_its_source_wholly_in_each_language():
    """Population and area figures, and those known only through a relay, too: no English connective of the
    collected ``source`` note reaches Indonesian output, and the relay's address is kept."""
    from lokus.indicators._values import citation, published_citations

    english = (" as reported by", " as compiled in", " as cited by", " via ", "official", " Dec ", "province table",
               "relay:")
    rows = published_citations().to_dicts()
    assert len(rows) > 2000
    for r in rows:
        assert r["publication_id"] and r["publication_en"], r
        text = citation(r["region_code"], r["indicator"], r["year"], r["period"], r["source"], "id")
        assert not [w for w in english if w in text], text
        assert "perantara:" not in citation(r["region_code"], r["indicator"], r["year"], r["period"], r["source"],
                                            "en")
    ssgi = next(r for r in rows if r["region_code"] == "18.04" and r["year"] == 2024
                and r["indicator"] == "stunting_prevalence_ssgi")
    assert citation("18.04", "stunting_prevalence_ssgi", 2024, "annual", ssgi["source"], "id") == (
        "Kemenkes RI (BKPK), Survei Status Gizi Indonesia (SSGI) 2024 dalam Angka, tabel kabupaten/kota")
    area = next(r for r in rows if r["region_code"] == "18.04" and r["indicator"] == "area_km2")
    assert citation("18.04", "area_km2", 2024, area["period"], area["source"], "id").endswith(
        "(16 Desember 2024); perantara: github:cahyadsn/wilayah db/wilayah_luas.sql@b7ad440")
    # a user's figure for the same region and year keeps its own source
    assert citation("18.04", "area_km2", 2024, area["period"], "my survey", "id") == "my survey"


def test_target_names_in_both_languages():
    from lokus.indicators._targets import builtin_targets, target_name_text

    for target in builtin_targets():
        assert target.name_id and target_name_text(target.name, "id") == target.name_id
        assert target_name_text(target.name, "en") == target.name
    assert target_name_text("Inpres 4/2022 extreme poverty", "id") == "Inpres 4/2022 kemiskinan ekstrem"
    assert target_name_text("my target", "id") == "my target"


def test_target_sources_in_both_languages():
    from lokus.indicators._targets import builtin_targets, target_source_text

    for target in builtin_targets():
        text = target_source_text(target.source, "id")
        assert target.source_id and text == target.source_id
        assert not [w for w in ("by 2024", "in 2024", "extreme poverty", "stunting prevalence", "is used")
                    if w in text], text
    assert target_source_text("my own file", "id") == "my own file"


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
