"""lokus.zscores: table types, pass-through, age from dates, row-level reasons instead of errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lokus
from lokus.errors import ConfigError, SchemaError
from lokus.growth import OUTPUT_COLUMNS, explain_reason
from lokus.tables import AmbiguousColumnError

# Two children: a 400-day-old boy lying, a 3-year-old girl standing. Expected HAZ by hand from
# lenanthro.csv (L = 1): boy day 400 M 77.0812 S 0.03157 → (74.5/77.0812 - 1)/0.03157 = -1.0608;
# girl day 1100 M 95.1482 S 0.04009 → (92/95.1482 - 1)/0.04009 = -0.8253.
ROWS = {
    "child_id": ["A", "B"],
    "sex": [1, 2],
    "age_days": [400, 1100],
    "weight_kg": [9.1, 13.0],
    "lenhei_cm": [74.5, 92.0],
    "measure": ["l", "h"],
    "oedema": ["n", "n"],
}


@pytest.mark.parametrize("make", [pa.table, pl.DataFrame, pd.DataFrame], ids=["pyarrow", "polars", "pandas"])
def test_same_type_rows_and_passthrough(make) -> None:  # noqa: ANN001
    table = make(ROWS)
    out = lokus.zscores(table)
    assert type(out) is type(table)
    names = list(out.column_names) if isinstance(out, pa.Table) else list(out.columns)
    assert names == list(ROWS) + list(OUTPUT_COLUMNS)
    as_pl = pl.from_arrow(out) if isinstance(out, pa.Table) else pl.from_pandas(out) if isinstance(
        out, pd.DataFrame) else out
    assert as_pl["child_id"].to_list() == ["A", "B"]
    assert as_pl["zlen"].to_list() == [-1.06, -0.83]
    assert as_pl["reason"].to_list() == [None, None]


def test_pandas_index_kept() -> None:
    df = pd.DataFrame(ROWS, index=[10, 20])
    out = lokus.zscores(df)
    assert list(out.index) == [10, 20]
    assert out.loc[20, "csex"] == 2


def test_age_from_dates_equals_age_days() -> None:
    base = pl.DataFrame(ROWS)
    dated = base.drop("age_days").with_columns(
        pl.Series("birth_date", ["2023-01-01", "15/06/2020"]),
        pl.Series("measure_date", ["2024-02-05", "2023-06-20"]),
    )
    days = [(pd.Timestamp("2024-02-05") - pd.Timestamp("2023-01-01")).days,
            (pd.Timestamp("2023-06-20") - pd.Timestamp("2020-06-15")).days]
    expect = lokus.zscores(base.with_columns(pl.Series("age_days", days)))
    got = lokus.zscores(dated)
    for col in ("zlen", "zwei", "zwfl", "zbmi"):
        assert got[col].to_list() == expect[col].to_list()


def test_indonesian_codes_and_decimal_commas() -> None:
    t = pl.DataFrame({"sex": ["L", "P"], "age_days": ["400", "1100"], "weight_kg": ["9,1", "13,0"],
                      "lenhei_cm": ["74,5", "92"], "measure": ["Terlentang", "Berdiri"]})
    out = lokus.zscores(t)
    assert out["zlen"].to_list() == [-1.06, -0.83]
    assert out["csex"].to_list() == [1, 2]


def test_bad_rows_get_reasons_not_exceptions() -> None:
    t = pl.DataFrame({
        "sex": ["1", "X", "2", "1", "2"],
        "age_days": ["-3", "400", "400", "abc", "2000"],
        "weight_kg": ["9", "9", "sepuluh", "9", "15"],
        "lenhei_cm": ["74", "74", "74", "74", "100"],
    })
    out = lokus.zscores(t)
    assert out.height == 5
    assert out["reason"].to_list() == ["age_negative", "sex_invalid", "weight_invalid", "age_invalid",
                                       "age_over_60mo"]
    for col in ("zlen", "zwei", "zwfl", "zbmi", "flen", "fwei", "fwfl", "fbmi"):
        assert out[col].null_count() == 5, col
    assert "negatif" in explain_reason("age_negative")
    assert "negative" in explain_reason("age_negative", "en")


def test_missing_values_follow_who_rules() -> None:
    t = pl.DataFrame({"sex": [1, 1, None], "age_days": [None, 400.0, 400.0], "weight_kg": [9.0, None, 9.0],
                      "lenhei_cm": [74.0, 74.0, 74.0]})
    out = lokus.zscores(t)
    # age missing: only weight-for-length is computed (spec §2)
    assert out["zlen"][0] is None and out["zwfl"][0] is not None
    assert out["zlen"][1] is not None and out["zwei"][1] is None
    assert out.row(2, named=True)["zlen"] is None
    assert out["reason"].to_list() == ["age_missing", "weight_missing", "sex_missing"]


def test_standing_under_nine_months_is_not_converted() -> None:
    t = pl.DataFrame({"sex": [1, 1], "age_days": [273.0, 274.0], "weight_kg": [8.0, 8.0],
                      "lenhei_cm": [70.0, 70.0], "measure": ["h", "h"]})
    out = lokus.zscores(t)
    assert out["c9mo_flag"].to_list() == [1, 0]
    assert out["cmeasure"].to_list() == [None, "h"]
    assert out["clenhei"].to_list() == [70.0, 70.7]


def test_oedema_blanks_weight_indices_only() -> None:
    t = pl.DataFrame({"sex": [2], "age_days": [500], "weight_kg": [8.0], "lenhei_cm": [75.0],
                      "oedema": ["Y"]})
    out = lokus.zscores(t).row(0, named=True)
    assert out["zlen"] is not None
    assert out["zwei"] is None and out["zwfl"] is None and out["zbmi"] is None


def test_empty_table_gives_empty_result() -> None:
    t = pa.table({c: pa.array([], type=pa.string()) for c in ("sex", "age_days", "weight_kg", "lenhei_cm")})
    assert lokus.zscores(t).num_rows == 0


def test_missing_columns_named() -> None:
    with pytest.raises(SchemaError) as err:
        lokus.zscores(pl.DataFrame({"sex": [1], "weight_kg": [9.0]}))
    assert "age_days" in err.value.message("en") and "lenhei_cm" in err.value.message("en")


def test_not_a_table() -> None:
    with pytest.raises(ConfigError):
        lokus.zscores([{"sex": 1}])


def test_large_input_uses_threads_same_result() -> None:
    rng = np.random.default_rng(0)
    n = 600_000
    t = pa.table({"sex": rng.integers(1, 3, n), "age_days": rng.uniform(0, 1900, n),
                  "weight_kg": rng.uniform(2, 25, n), "lenhei_cm": rng.uniform(40, 125, n),
                  "measure": rng.choice(["l", "h"], n)})
    whole = lokus.zscores(t)
    part = lokus.zscores(t.slice(500_000))
    assert whole.slice(500_000)["zwfl"].equals(part["zwfl"])


@pytest.mark.parametrize("make", [pa.table, pl.DataFrame, pd.DataFrame], ids=["pyarrow", "polars", "pandas"])
def test_halves_side_by_side_give_the_whole_table_result(make, monkeypatch) -> None:  # noqa: ANN001
    """Large tables are z-scored as two halves on two threads: the same rows, values, reasons and types."""
    import lokus.growth._zscores as zs

    messy = {
        "child_id": [f"C{i}" for i in range(9)],
        "sex": ["m", "F", "2", None, "x", "1", "p", "l", "M"],
        "age_days": [400.0, 1100, -3, float("nan"), None, 2000, 200.5, 731, 60],
        "weight_kg": [9.1, 13, None, 8, 7.5, -1, 6.2, 12, float("inf")],
        "lenhei_cm": [74.5, 92, 70, None, 68, 80, 63, 88, 50],
        "measure": ["l", "h", "H", "q", None, "L", "Berdiri", "l", "h"],
        "oedema": ["n", "y", None, "N", "t", "n", "Y", "n", "n"],
    }
    table = make(messy)
    whole = lokus.zscores(table)
    monkeypatch.setattr(zs, "_SPLIT_ROWS", 2)
    halves = lokus.zscores(table)
    if isinstance(whole, pa.Table):
        assert halves.column("zlen").num_chunks == 2  # the split path ran
        halves, whole = pl.from_arrow(halves), pl.from_arrow(whole)
    if isinstance(whole, pd.DataFrame):
        pd.testing.assert_frame_equal(halves, whole)
    else:  # Polars: NaN equals NaN, null equals null
        assert halves.equals(whole)
    with pytest.raises(SchemaError) as err:  # the error names the table's own columns, as before
        lokus.zscores(make({"child_id": ["A", "B", "C"], "sex": [1, 2, 1], "weight_kg": [9.0, 9.5, 8.0]}))
    assert "child_id" in err.value.message("en")
    # numbers as text, each half written one way (1.234,5 then 1,234.5): still refused, as for the whole column
    two_ways = make({"sex": [1, 2, 1, 2], "age_days": ["1.100,5", "1.000", "1,100.5", "1,000"],
                     "weight_kg": ["9", "10", "9", "10"], "lenhei_cm": ["74", "75", "76", "77"]})
    with pytest.raises(AmbiguousColumnError):
        lokus.zscores(two_ways)


measurement = st.fixed_dictionaries({
    "sex": st.sampled_from([1, 2, None]),
    "age_days": st.one_of(st.none(), st.floats(0, 1900, allow_nan=False)),
    "weight_kg": st.one_of(st.none(), st.floats(0.5, 40, allow_nan=False)),
    "lenhei_cm": st.one_of(st.none(), st.floats(40, 130, allow_nan=False)),
    "measure": st.sampled_from(["l", "h", None]),
    "oedema": st.sampled_from(["n", "y", None]),
})


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(measurement, min_size=1, max_size=40), seed=st.integers(0, 2**32 - 1))
def test_row_order_independent_and_length_kept(rows: list[dict], seed: int) -> None:
    t = pl.DataFrame(rows, schema={"sex": pl.Int64, "age_days": pl.Float64, "weight_kg": pl.Float64,
                                   "lenhei_cm": pl.Float64, "measure": pl.String, "oedema": pl.String})
    perm = np.random.default_rng(seed).permutation(len(rows))
    a = lokus.zscores(t)
    b = lokus.zscores(t[perm])
    assert a.height == len(rows) and b.height == len(rows)
    assert a[perm].equals(b)


def test_r_rounding_of_decimal_ties() -> None:
    from lokus.growth._lms import round_r2

    x = np.array([-14.795, 0.125, 2.675, 5.004, -0.0, np.inf, np.nan, 1.005])
    got = round_r2(x)
    assert got[0] == -14.8 and got[3] == 5.0
    assert math.isinf(got[5]) and math.isnan(got[6])


def test_round_half_up_age() -> None:
    from lokus.growth._core import round_half_up

    assert round_half_up(np.array([730.5, 730.49, 0.5, 24 * 30.4375])).tolist() == [731, 730, 1, 731]


def test_pandas_mixed_object_column() -> None:
    df = pd.DataFrame({"sex": ["L", "P"], "age_days": [400, 500], "weight_kg": [9.1, "sepuluh"],
                       "lenhei_cm": [74.5, None]})
    out = lokus.zscores(df)
    assert out["reason"].tolist() == [None, "weight_invalid;lenhei_missing"]
    assert out["weight_kg"].tolist() == [9.1, "sepuluh"]  # input passes through unchanged
    assert pd.isna(out.loc[1, "zlen"]) and not pd.isna(out.loc[0, "zlen"])
