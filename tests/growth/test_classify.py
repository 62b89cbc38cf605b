"""Permenkes 2/2020 categories: interval boundaries, flags, oedema."""

from __future__ import annotations

import polars as pl
import pytest

from lokus.growth import classify


def _one(col: str, z: float | None, flag: int | None = 0, oedema: str = "n") -> str | None:
    base = {"zlen": [0.0], "flen": [0], "zwei": [0.0], "fwei": [0], "zwfl": [0.0], "fwfl": [0],
            "zbmi": [0.0], "fbmi": [0], "oedema": [oedema]}
    zc = {"cat_tb_u": "zlen", "cat_bb_u": "zwei", "cat_bb_tb": "zwfl", "cat_imt_u": "zbmi"}[col]
    base[zc] = [z]
    base["f" + zc[1:]] = [flag]
    return classify(pl.DataFrame(base, schema_overrides={zc: pl.Float64}))[col][0]


@pytest.mark.parametrize(("z", "label"), [
    (-3.01, "Sangat Pendek"), (-3.0, "Pendek"), (-2.01, "Pendek"), (-2.0, "Normal"), (3.0, "Normal"),
    (3.01, "Tinggi"),
])
def test_tb_u(z: float, label: str) -> None:
    assert _one("cat_tb_u", z) == label


@pytest.mark.parametrize(("z", "label"), [
    (-3.5, "Berat Badan Sangat Kurang"), (-2.5, "Berat Badan Kurang"), (1.0, "Berat Badan Normal"),
    (1.01, "Risiko Berat Badan Lebih"),
])
def test_bb_u(z: float, label: str) -> None:
    assert _one("cat_bb_u", z) == label


@pytest.mark.parametrize(("z", "label"), [
    (-3.01, "Gizi Buruk"), (-2.01, "Gizi Kurang"), (-2.0, "Gizi Baik"), (1.0, "Gizi Baik"),
    (1.01, "Berisiko Gizi Lebih"), (2.0, "Berisiko Gizi Lebih"), (2.01, "Gizi Lebih"), (3.0, "Gizi Lebih"),
    (3.01, "Obesitas"),
])
def test_bb_tb(z: float, label: str) -> None:
    assert _one("cat_bb_tb", z) == label


def test_flagged_and_missing_have_no_category() -> None:
    assert _one("cat_tb_u", -7.0, flag=1) is None
    assert _one("cat_tb_u", None, flag=None) is None


def test_oedema_is_severe_for_weight_indices() -> None:
    assert _one("cat_bb_tb", None, flag=None, oedema="y") == "Gizi Buruk"
    assert _one("cat_tb_u", -1.0, oedema="y") == "Normal"


def test_raw_measurements_are_zscored_first_and_english() -> None:
    t = pl.DataFrame({"sex": [1], "age_days": [400], "weight_kg": [9.1], "lenhei_cm": [74.5]})
    out = classify(t, lang="en")
    assert out["cat_tb_u"][0] == "Normal" and "zlen" in out.columns
