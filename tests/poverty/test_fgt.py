"""FGT measures and their linearised standard errors against hand computation."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lokus.errors import ConfigError, LokusError
from lokus.poverty import ALL, EXTREME_LINE_MONTHLY_RP, SurveyDataError, SurveyDesign, fgt


def _get(out: pl.DataFrame, measure: str, group: str = ALL, column: str = "estimate"):
    return out.filter((pl.col("group") == group) & (pl.col("measure") == measure)).get_column(column)[0]


def test_unweighted_fgt_by_hand():
    # y = 50, 100, 150, 200 with z = 100: only 50 is poor (y < z is strict).
    # P0 = 1/4; P1 = (1 - 50/100)/4 = 0.125; P2 = 0.5²/4 = 0.0625.
    out = fgt({"consumption": [50.0, 100.0, 150.0, 200.0]}, 100, extreme_line=None)
    assert _get(out, "p0") == pytest.approx(0.25)
    assert _get(out, "p1") == pytest.approx(0.125)
    assert _get(out, "p2") == pytest.approx(0.0625)
    assert set(out.get_column("measure")) == {"p0", "p1", "p2"}


def test_weighted_person_level_by_hand():
    # Household weights 10, 20 and sizes 4, 1: person weights 40 and 20.
    # Only the first household is poor (gap 1 - 60/100 = 0.4).
    # P0 = 40/60; P1 = 40*0.4/60; P2 = 40*0.16/60.
    data = {"pc": [60.0, 150.0], "w": [10.0, 20.0], "hh": [4, 1]}
    out = fgt(data, 100, design=SurveyDesign("pc", weight="w", size="hh"), extreme_line=None)
    assert _get(out, "p0") == pytest.approx(40 / 60)
    assert _get(out, "p1") == pytest.approx(40 * 0.4 / 60)
    assert _get(out, "p2") == pytest.approx(40 * 0.16 / 60)
    assert _get(out, "p0", column="population") == pytest.approx(60)


def test_srs_standard_error_closed_form():
    # No design: each row is a PSU in one stratum, w = 1. u_k = (d_k - p)/n, so
    # V = n/(n-1) Σ u_k² = p(1-p)/(n-1).
    y = [50.0, 80.0, 120.0, 150.0, 200.0, 90.0, 300.0, 400.0]
    out = fgt({"consumption": y}, 100, extreme_line=None)
    p, n = 3 / 8, 8
    assert _get(out, "p0", column="se") == pytest.approx(math.sqrt(p * (1 - p) / (n - 1)))


DESIGN = pl.DataFrame(
    {
        "c": [100.0, 200.0, 300.0, 400.0, 500.0, 600.0],
        "w": [1.0, 2.0, 1.0, 2.0, 1.0, 1.0],
        "h": ["a", "a", "a", "b", "b", "b"],
        "p": ["1", "1", "2", "3", "4", "4"],
        "v": ["x", "y", "x", "y", "x", "y"],
    }
)


def test_stratified_cluster_standard_error_by_hand():
    # z = 350: rows 1-3 are poor. X = Σw = 8, Y = 1 + 2 + 1 = 4, P0 = 0.5.
    # Scores u_k = w_k (d_k - 0.5) / 8 = 1/16, 1/8, 1/16, -1/8, -1/16, -1/16.
    # PSU totals: stratum a: e_1 = 3/16, e_2 = 1/16 (mean 1/8); stratum b: e_3 = -1/8, e_4 = -1/8.
    # V = 2/1 * ((1/16)² + (1/16)²) + 2/1 * 0 = 1/64, so SE = 1/8.
    out = fgt(DESIGN, 350, design=SurveyDesign("c", "w", "h", "p"), extreme_line=None)
    assert _get(out, "p0") == pytest.approx(0.5)
    assert _get(out, "p0", column="se") == pytest.approx(0.125)
    assert _get(out, "p0", column="n_psu") == 4
    assert _get(out, "p0", column="n_strata") == 2
    lo, hi = _get(out, "p0", column="ci_low"), _get(out, "p0", column="ci_high")
    assert lo == pytest.approx(0.5 - 1.959963984540054 * 0.125)
    assert hi == pytest.approx(0.5 + 1.959963984540054 * 0.125)


def _dense_domain_se(y, w, h, p, g, group, z):
    """Brute-force reference: the textbook formula with explicit loops (test only)."""
    d = (y < z).astype(float)
    in_g = g == group
    x = (w * in_g).sum()
    r = (w * d * in_g).sum() / x
    u = w * in_g * (d - r) / x
    v = 0.0
    for stratum in np.unique(h):
        psus = np.unique(p[h == stratum])
        e = np.array([u[(h == stratum) & (p == psu)].sum() for psu in psus])
        n_h = len(psus)
        v += n_h / (n_h - 1) * ((e - e.mean()) ** 2).sum()
    return r, math.sqrt(v)


def test_domain_standard_errors_match_dense_formula():
    rng = np.random.default_rng(7)
    n = 200
    y = rng.lognormal(12.5, 0.5, n)
    w = rng.uniform(50, 300, n)
    h = rng.integers(0, 4, n).astype(str)
    p = np.char.add(h, rng.integers(0, 5, n).astype(str))
    g = rng.choice(["a", "b", "c"], n)
    z = float(np.quantile(y, 0.3))
    df = pl.DataFrame({"y": y, "w": w, "h": h, "p": p, "g": g})
    out = fgt(df, z, design=SurveyDesign("y", "w", "h", "p"), by="g", extreme_line=None)
    for group in ("a", "b", "c"):
        r, se = _dense_domain_se(y, w, h, p, g, group, z)
        assert _get(out, "p0", group) == pytest.approx(r)
        assert _get(out, "p0", group, "se") == pytest.approx(se)


def test_extreme_headcount_uses_default_line():
    out = fgt({"consumption": [300_000.0, 330_000.0, 500_000.0]}, 550_000)
    assert _get(out, "p0_extreme", column="line") == pytest.approx(10_739 * 30.4375)
    assert _get(out, "p0_extreme") == pytest.approx(1 / 3)
    assert EXTREME_LINE_MONTHLY_RP == pytest.approx(326_868.3125)


def test_singleton_stratum_gives_na_se_with_note():
    df = DESIGN.with_columns(pl.Series("h", ["a", "a", "a", "b", "b", "c"]), pl.Series("p", list("123456")))
    out = fgt(df, 350, design=SurveyDesign("c", "w", "h", "p"), extreme_line=None)
    assert _get(out, "p0") == pytest.approx(0.5)
    assert _get(out, "p0", column="se") is None
    assert "single PSU" in _get(out, "p0", column="note")


def test_empty_groups_are_na_not_errors():
    df = DESIGN.with_columns(pl.when(pl.col("v") == "x").then(0.0).otherwise(pl.col("w")).alias("w"))
    out = fgt(df, 350, design=SurveyDesign("c", "w"), by="v", groups=["x", "y", "z"], extreme_line=None)
    assert _get(out, "p0", "x") is None and _get(out, "p0", "x", "note") == "weights sum to 0"
    assert _get(out, "p0", "z") is None and _get(out, "p0", "z", "note") == "no rows"
    assert _get(out, "p0", "y") is not None


@pytest.mark.parametrize("bad", [0.0, -5.0, None])
def test_zero_negative_or_missing_consumption_is_one_sentence(bad):
    with pytest.raises(SurveyDataError) as info:
        fgt({"consumption": [100.0, bad, 300.0]}, 200)
    message = info.value.message("en")
    assert "row 3" in message and message.count(".") <= 2


def test_missing_weight_is_one_sentence():
    with pytest.raises(SurveyDataError, match="w"):
        fgt({"c": [100.0, 200.0], "w": [1.0, None]}, 150, design=SurveyDesign("c", "w"))


def test_missing_column_and_bad_line():
    with pytest.raises(SurveyDataError):
        fgt({"c": [100.0]}, 150, design=SurveyDesign("consumption"))
    for line in (0, -1, float("nan"), "abc"):
        with pytest.raises(ConfigError):
            fgt({"consumption": [100.0]}, line)
    with pytest.raises(LokusError):
        fgt({"consumption": []}, 100)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(1.0, 1e6, allow_nan=False), st.floats(0.1, 1e3, allow_nan=False)),
        min_size=2,
        max_size=40,
    ),
    st.floats(1.0, 1e6),
    st.randoms(use_true_random=False),
)
def test_properties_ordering_bounds_and_row_order(rows, line, rnd):
    df = pl.DataFrame({"c": [r[0] for r in rows], "w": [r[1] for r in rows]})
    out = fgt(df, line, design=SurveyDesign("c", "w"), extreme_line=None)
    p0, p1, p2 = (_get(out, m) for m in ("p0", "p1", "p2"))
    assert 0 <= p2 <= p1 + 1e-12 <= p0 + 2e-12 <= 1 + 2e-12
    order = list(range(len(rows)))
    rnd.shuffle(order)
    shuffled = fgt(df[order], line, design=SurveyDesign("c", "w"), extreme_line=None)
    for column in ("estimate", "se"):
        a, b = out.get_column(column).to_numpy(), shuffled.get_column(column).to_numpy()
        assert np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True)
