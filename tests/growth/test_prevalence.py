"""prevalence: grouping by a column, oedema and flag rules, bad options."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

from lokus.errors import ConfigError, SchemaError
from lokus.growth import prevalence

T = pl.DataFrame({
    "village_code": ["A", "A", "A", "B", "B", None],
    "sex": [1, 2, 1, 2, 1, 2],
    "age_days": [400, 500, 700, 900, 1500, 600],
    "weight_kg": [9.0, 8.0, 10.0, 11.0, 15.0, 8.0],
    "lenhei_cm": [70.0, 71.0, 80.0, 84.0, 100.0, 72.0],
    "oedema": ["n", "n", "y", "n", "n", "n"],
})


def test_by_column_groups_and_all() -> None:
    out = prevalence(T, by="village_code", standard_groups=False)
    assert out["Group"].to_list() == ["All", "village_code: A", "village_code: B"]
    assert out["HAZ_unwpop"].to_list() == [6, 3, 2]
    # oedema: counted below -3 SD for weight-for-length, left out of the mean
    assert out["WHZ_unwpop"][1] == 3
    assert out["WH_3_r"][1] == pytest.approx(100 / 3)


def test_pandas_in_pandas_out_and_columns() -> None:
    out = prevalence(T.to_pandas())
    assert isinstance(out, pd.DataFrame)
    assert out.shape == (21, 135)  # Group + 134 estimates, as the R output


def test_bad_weight_and_missing_column() -> None:
    with pytest.raises(ConfigError):
        prevalence(T.with_columns(pl.Series("w", [1.0, -1.0, 1.0, 1.0, 1.0, 1.0])), weights="w")
    with pytest.raises(SchemaError):
        prevalence(T, by="kampung")


def test_degenerate_inputs_do_not_crash() -> None:
    invalid = pl.DataFrame({"sex": ["X", "X"], "age_days": [1, 2], "weight_kg": [1.0, 2.0],
                            "lenhei_cm": [50.0, 50.0]})
    out = prevalence(invalid)
    assert out["HAZ_unwpop"][0] == 0 and out["HA_2_r"][0] is None
    one = prevalence(invalid.with_columns(pl.Series("sex", [1, 2])).head(1))
    assert one["HAZ_unwpop"][0] == 1
