"""The synthetic district is realistic and deterministic."""

import polars as pl
import pytest

from lokus.demo import generate, with_field_errors
from lokus.nik import check_nik


@pytest.fixture(scope="module")
def district():
    return generate(2022)


def test_all_real_villages_and_population(district):
    people = district.people
    assert people["kode_kemdagri"].n_unique() == 136
    assert abs(people.height - 313_756) < 2_000
    sizes = people.group_by("id_keluarga_p3ke").len()["len"]
    assert 3.2 < sizes.mean() < 4.0


def test_deciles_calibrated_to_published_rates(district):
    decile = district.people["desil_kesejahteraan"]
    assert (decile == 1).mean() == pytest.approx(0.034, abs=0.002)
    assert (decile <= 2).mean() == pytest.approx(0.1282, abs=0.003)


def test_villages_differ_a_lot(district):
    share = district.people.group_by("kode_kemdagri").agg((pl.col("desil_kesejahteraan") == 1).mean().alias("s"))
    assert share["s"].max() > 5 * 0.034
    assert share["s"].min() < 0.01


def test_niks_valid_unique_and_match_sex(district):
    people = district.people
    assert people["nik"].n_unique() == people.height
    sample = people.sample(2000, seed=1)
    for nik, sex in zip(sample["nik"], sample["jenis_kelamin"], strict=True):
        assert check_nik(nik) is None
        assert (int(nik[6:8]) > 40) == (sex == "Perempuan")


def test_deterministic_for_a_seed(district):
    again = generate(2022)
    assert again.people.equals(district.people)
    assert not generate(7).people.head(50).equals(district.people.head(50))


def test_field_errors_are_few_and_known(district):
    damaged = with_field_errors(district.people, 2022)
    assert damaged.height == district.people.height + 20
    assert damaged["nik"].str.contains("E+", literal=True).sum() == 60
