import pytest

from lokus.errors import RegionError
from lokus.regions import load_regions, normalize_code, try_normalize_code


@pytest.mark.parametrize(
    "raw, dotted",
    [
        ("1804042001", "18.04.04.2001"),
        ("18.04.04.2001", "18.04.04.2001"),
        ("18 04 04 2001", "18.04.04.2001"),
        (" 18.04 ", "18.04"),
        ("1804", "18.04"),
        ("18", "18"),
        (1804042001, "18.04.04.2001"),
        ("1804042001.0", "18.04.04.2001"),
        ("'1804042001", "18.04.04.2001"),
    ],
)
def test_normalize_spellings(raw, dotted):
    assert normalize_code(raw) == dotted


@pytest.mark.parametrize("raw", ["", "abc", "180", "18.4", "18.04.04.201", "1.80404E+09", None])
def test_malformed_codes(raw):
    assert try_normalize_code(raw) is None


def test_lampung_barat_counts():
    regions = load_regions()
    lb = regions.get("18.04")
    assert lb.name == "Kabupaten Lampung Barat"
    assert lb.bps_code == "1801"
    assert len(regions.descendants("18.04", "district")) == 15
    villages = regions.descendants("18.04", "village")
    assert len(villages) == 136
    assert sum(v.kind == "kelurahan" for v in villages) == 5
    assert sum(v.local_kind == "pekon" for v in villages) == 131


def test_national_counts():
    regions = load_regions()
    assert len(regions.all("province")) == 38
    assert len(regions.all("regency")) == 514
    assert len(regions.all("village")) == 83762


def test_bps_crosswalk_differs_from_kemendagri():
    regions = load_regions()
    assert regions.from_bps("1801").code == "18.04"
    assert regions.from_bps("1804").code != "18.04"


def test_unknown_code_message():
    with pytest.raises(RegionError) as info:
        load_regions().get("99.99")
    assert "99.99" in info.value.message("en")


def test_table_holds_the_regions_of_all_as_columns():
    """``Regions.table(level)``: the same regions, fields and order as ``all(level)``, as whole columns."""
    from lokus.regions import load_regions

    regions = load_regions()
    for level in ("province", "regency", "district", "village", None):
        rows = regions.table(level).to_pylist()
        assert rows == [r.as_dict() for r in regions.all(level)]
