"""Golden test: every z-score and flag equals the WHO anthro R package on 1,352 edge cases."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import lokus

Z = ["zlen", "zwei", "zwfl", "zbmi"]
F = ["flen", "fwei", "fwfl", "fbmi"]


@pytest.fixture(scope="module")
def ours(reference_input: pl.DataFrame) -> pl.DataFrame:
    return lokus.zscores(reference_input)


def test_same_rows_in_same_order(ours: pl.DataFrame, reference_input: pl.DataFrame) -> None:
    assert ours.height == reference_input.height
    assert ours["id"].to_list() == reference_input["id"].to_list()


@pytest.mark.parametrize("col", Z + F)
def test_z_and_flags_identical(ours: pl.DataFrame, zscore_reference: pl.DataFrame, col: str) -> None:
    got = ours[col].cast(pl.Float64).to_numpy()
    want = zscore_reference[col].cast(pl.Float64).to_numpy()
    assert np.array_equal(np.isnan(got), np.isnan(want)), f"NA pattern of {col} differs"
    bad = np.flatnonzero(~np.isnan(want) & (got != want))
    ids = zscore_reference["id"].to_numpy()[bad[:5]]
    assert bad.size == 0, f"{col}: {bad.size} values differ, first ids {ids}"


@pytest.mark.parametrize("col", ["clenhei", "cbmi"])
def test_cleaned_measures(ours: pl.DataFrame, zscore_reference: pl.DataFrame, col: str) -> None:
    got = ours[col].to_numpy()
    want = zscore_reference[col].cast(pl.Float64).to_numpy()
    assert np.array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    np.testing.assert_allclose(got[ok], want[ok], rtol=1e-9, atol=0)


@pytest.mark.parametrize("col", ["cmeasure", "c9mo_flag", "csex"])
def test_cleaned_codes(ours: pl.DataFrame, zscore_reference: pl.DataFrame, col: str) -> None:
    got = ours[col].cast(pl.String).to_list()
    want = zscore_reference[col].cast(pl.String).to_list()
    assert got == want


def test_unrounded_matches_to_1e9(zscore_reference: pl.DataFrame) -> None:
    """The core before rounding agrees with R's unrounded z (diagnostic columns of the reference)."""
    from lokus.growth import _core
    from lokus.growth._core import compute
    from lokus.growth._inputs import read_measurements

    m = read_measurements(zscore_reference)
    original = _core.round_r2

    def unrounded(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None:
            return x
        np.copyto(out, x)
        return out

    try:
        _core.round_r2 = unrounded  # type: ignore[assignment]
        z = compute(m.sex, m.age_days, m.weight, m.lenhei, m.measure, m.oedema)
    finally:
        _core.round_r2 = original  # type: ignore[assignment]
    for col in Z:
        want = zscore_reference[f"{col}_unrounded"].cast(pl.Float64).to_numpy()
        got = getattr(z, col)
        ok = ~np.isnan(want)
        assert np.array_equal(np.isnan(got), np.isnan(want))
        np.testing.assert_allclose(got[ok], want[ok], rtol=0, atol=1e-9)
