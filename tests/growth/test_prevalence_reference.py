"""Golden test: prevalence equals the WHO anthro R package for three designs (rates, SE, CI to 1e-6)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from lokus.growth import prevalence

DESIGNS = {
    "simple": {},
    "sw_only": {"weights": "sw"},
    "survey_cluster_strata_sw": {"weights": "sw", "cluster": "cluster", "strata": "strata"},
}


@pytest.mark.parametrize("design", list(DESIGNS))
def test_prevalence_matches_r(design: str, reference_input: pl.DataFrame,
                              prevalence_reference: pl.DataFrame) -> None:
    want = prevalence_reference.filter(pl.col("design") == design).drop("design")
    # R got oedema already standardised (spec §9.4); lokus reads the raw codes (N, Y, 1, blank) itself.
    got = prevalence(reference_input, **DESIGNS[design])
    assert got["Group"].to_list() == want["Group"].to_list()
    assert got.columns == want.columns
    for col in want.columns[1:]:
        if col.endswith("_stdev") and design == "survey_cluster_strata_sw":
            continue  # survey-version dependent (spec §9.4)
        g = got[col].cast(pl.Float64).to_numpy()
        w = want[col].cast(pl.Float64).to_numpy()
        assert np.array_equal(np.isnan(g), np.isnan(w)), f"NA pattern of {col}"
        ok = ~np.isnan(w)
        np.testing.assert_allclose(g[ok], w[ok], rtol=1e-6, atol=1e-12, err_msg=col)
