"""Stunting loci: counts, Wilson CI, minimum sample, ranking ties, reasons, row-order independence."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lokus.errors import ConfigError, SchemaError
from lokus.growth import LOCI_COLUMNS, stunting_loci, wilson_interval


def _village(code: str, stunted: int, normal: int, flagged: int = 0) -> pl.DataFrame:
    z = [-2.5] * stunted + [-1.0] * normal + [-7.0] * flagged
    f = [0] * (stunted + normal) + [1] * flagged
    return pl.DataFrame({"village_code": [code] * len(z), "zlen": z, "flen": f})


@pytest.fixture
def table() -> pl.DataFrame:
    return pl.concat([
        _village("A", 6, 14),  # 30 %
        _village("B", 6, 14, flagged=3),  # flagged children are not counted
        _village("C", 9, 21),  # more stunted children: rank 1
        _village("D", 1, 19),  # 5 %: below threshold
        _village("E", 4, 3),  # 7 measured: too few
    ])


def test_counts_rank_and_locus(table: pl.DataFrame) -> None:
    out = stunting_loci(table)
    assert out.columns == list(LOCI_COLUMNS)
    rows = {r["village_code"]: r for r in out.iter_rows(named=True)}
    assert rows["B"]["measured"] == 20 and rows["B"]["stunted"] == 6
    assert rows["C"]["rank"] == 1
    assert rows["A"]["rank"] == rows["B"]["rank"] == 2  # tie shares the rank
    assert rows["D"]["rank"] == 4 and not rows["D"]["is_locus"]
    assert rows["E"]["rank"] is None and not rows["E"]["is_locus"]
    assert [r for r in rows if rows[r]["is_locus"]] == ["C", "A", "B"]
    assert "minimal 10" in rows["E"]["reason"]
    assert "di bawah ambang 20,0%" in rows["D"]["reason"]
    assert rows["C"]["reason"].startswith("Lokus: 9 dari 30")


def test_top_and_english(table: pl.DataFrame) -> None:
    out = stunting_loci(table.to_arrow(), top=1, lang="en")
    assert isinstance(out, pa.Table)
    rows = {r["village_code"]: r for r in out.to_pylist()}
    assert rows["C"]["is_locus"] and not rows["A"]["is_locus"]
    assert "outside the top 1" in rows["A"]["reason"]


def test_wilson_interval_known_value() -> None:
    lo, hi = wilson_interval(np.array([6.0]), np.array([20.0]))
    assert lo[0] == pytest.approx(0.1455, abs=1e-4) and hi[0] == pytest.approx(0.5190, abs=1e-4)


def test_bad_options_and_columns(table: pl.DataFrame) -> None:
    with pytest.raises(ConfigError):
        stunting_loci(table, min_measured=0)
    with pytest.raises(SchemaError):
        stunting_loci(table.drop("flen"))


@settings(max_examples=40, deadline=None)
@given(codes=st.lists(st.sampled_from(["V1", "V2", "V3", "V4"]), min_size=1, max_size=80),
       seed=st.integers(0, 2**32 - 1))
def test_ranking_independent_of_row_order(codes: list[str], seed: int) -> None:
    rng = np.random.default_rng(seed)
    z = np.round(rng.normal(-1.5, 1.5, len(codes)), 2)
    t = pl.DataFrame({"village_code": codes, "zlen": z, "flen": (np.abs(z) > 6).astype(int)})
    a = stunting_loci(t, min_measured=3)
    b = stunting_loci(t.sample(fraction=1.0, shuffle=True, seed=seed % 1000), min_measured=3)
    assert a.equals(b)
    assert set(a["village_code"]) == set(codes)  # no village disappears


def test_reason_numbers_have_thousands_separators() -> None:
    big = _village("A", 1291, 2000)
    out = {lang: stunting_loci(big, lang=lang)["reason"][0] for lang in ("id", "en")}
    assert out["id"].startswith("Lokus: 1.291 dari 3.291")
    assert out["en"].startswith("Locus: 1,291 of 3,291")
