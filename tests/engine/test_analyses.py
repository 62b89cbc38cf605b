"""The engine versions of the analyses (Ibis expressions) equal the workspace/file versions, on DuckDB.

Quick (no Spark): the Spark side of the same functions is in test_parity.py.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from lokus.engine import backend, fgt_on, stunting_loci_on
from lokus.poverty import SurveyDesign, fgt

from ._fixtures import measurement_workspace, measurements, survey

DESIGNS = [
    (SurveyDesign(), None),
    (SurveyDesign("consumption", "weight", "strata", "psu", "size"), "village"),
    (SurveyDesign("consumption", "weight", "strata", None, "size"), "village"),
    (SurveyDesign("consumption", "weight", None, "psu", None), None),
]


def assert_frames_equal(got: pl.DataFrame, expected: pl.DataFrame, rel: float = 1e-9) -> None:
    assert got.columns == expected.columns
    assert got.height == expected.height
    for name in expected.columns:
        left, right = got[name].to_list(), expected[name].to_list()
        if expected[name].dtype.is_float():
            a = np.array([np.nan if v is None else v for v in left], dtype=float)
            b = np.array([np.nan if v is None else v for v in right], dtype=float)
            assert np.allclose(a, b, rtol=rel, atol=1e-12, equal_nan=True), name
        else:
            assert left == right, name


@pytest.mark.parametrize(("design", "by"), DESIGNS)
def test_fgt_on_an_engine_equals_fgt(design: SurveyDesign, by: str | None) -> None:
    con = duckdb.connect()
    con.register("survey", survey())
    expected = fgt(pl.from_arrow(survey()), 750_000, design=design, by=by)
    got = fgt_on(backend(con).table("survey"), 750_000, design=design, by=by)
    assert_frames_equal(got, expected)


def test_fgt_on_refuses_bad_consumption_with_a_sentence() -> None:
    from lokus.poverty import SurveyDataError

    con = duckdb.connect()
    con.execute("CREATE TABLE s AS SELECT * FROM (VALUES (100.0), (0.0), (NULL)) t(consumption)")
    with pytest.raises(SurveyDataError, match="2"):
        fgt_on(backend(con).table("s"), 500.0)


def test_stunting_loci_on_an_engine_equals_the_workspace(workspace_path: Path) -> None:
    from lokus.measurements import derive_stunting_loci
    from lokus.workspace import Workspace

    measurement_workspace(workspace_path)
    with Workspace(workspace_path, read_only=True) as ws:
        expected = derive_stunting_loci(ws, region="18.04", min_measured=3, min_prevalence=10.0, lang="en")
    con = duckdb.connect()
    con.register("growth_measurements", measurements())
    got = stunting_loci_on(backend(con), region="18.04", min_measured=3, min_prevalence=10.0, lang="en")
    assert (got.measurements, got.loci, got.children, got.stunted) == (
        expected.measurements, expected.loci, expected.children, expected.stunted)
    assert expected.measurements == "m-2022" and expected.children > 10
    assert got.table.equals(expected.table)


@pytest.mark.parametrize("word", ["national", "semua"])
def test_stunting_loci_of_the_whole_country(workspace_path: Path, word: str) -> None:
    """The whole country: every village of Indonesia, one row each; the district's villages as the district has them."""
    import polars as pl

    from lokus.measurements import derive_stunting_loci
    from lokus.regions import load_regions
    from lokus.workspace import Workspace

    measurement_workspace(workspace_path)
    with Workspace(workspace_path, read_only=True) as ws:
        district = derive_stunting_loci(ws, region="18.04", min_measured=3, min_prevalence=10.0, lang="en")
        country = derive_stunting_loci(ws, region=word, min_measured=3, min_prevalence=10.0, lang="en")
    assert country.table.num_rows == len(load_regions().all("village")) == 83_762
    counts = ["village_code", "measured", "stunted", "prevalence", "ci_low", "ci_high"]
    whole = pl.from_arrow(country.table)
    mine = whole.filter(pl.col("village_code").str.starts_with("18.04."))
    assert mine.select(counts).equals(pl.from_arrow(district.table).select(counts))
    # every measured child of the snapshot (43 of the fixture's 50: three without a length, four flagged),
    # also those of villages outside 18.04 or not in the code list (which have no row)
    assert country.children == 43 > district.children and country.stunted >= district.stunted
    assert sorted(whole.filter("is_locus")["village_code"]) == country.loci
    ranked = whole.filter(pl.col("rank").is_not_null()).sort("rank")
    assert ranked["rank"][0] == 1 and ranked["stunted"].is_sorted(descending=True)  # one ranking, country-wide


PREVALENCE_DESIGNS = [{}, {"by": "village"}, {"weights": "w"}, {"weights": "w", "cluster": "cl", "strata": "st"},
                      {"strata": "st"}, {"cluster": "cl"}]


def prevalence_input():
    """The 1,352 WHO reference cases (string codes, missing values) with weights, clusters, strata, villages."""
    import pyarrow as pa

    from .test_parity import _reference_input

    table = _reference_input()
    rng = np.random.default_rng(3)
    n = table.num_rows
    return (table.append_column("w", pa.array(np.round(rng.uniform(0.5, 3, n), 2)))
            .append_column("cl", pa.array(rng.choice(["c1", "c2", "c3", "c4", "c5"], n)))
            .append_column("st", pa.array(rng.choice(["s1", "s2"], n)))
            .append_column("village", pa.array(rng.choice(["18.04.04.2002", "18.04.04.2006", None], n))))


@pytest.mark.parametrize("design", PREVALENCE_DESIGNS)
def test_prevalence_on_an_engine_equals_prevalence(design: dict) -> None:
    from lokus.engine import prevalence_on
    from lokus.growth import prevalence

    table = prevalence_input()
    con = duckdb.connect()
    con.register("m", table)
    be = backend(con)
    expected = prevalence(pl.from_arrow(table), **design)
    assert_frames_equal(prevalence_on(be, be.table("m"), **design), expected, rel=1e-8)


def test_fgt_on_matches_option_names_as_the_reader_compares_headers() -> None:
    con = duckdb.connect()
    con.register("survey", survey())
    design = SurveyDesign("consumption", "weight", "strata", "psu", "size")
    expected = fgt_on(backend(con).table("survey"), 750_000, design=design, by="village")
    upper = SurveyDesign("CONSUMPTION", "Weight", "Strata", "PSU", "Size")
    assert_frames_equal(fgt_on(backend(con).table("survey"), 750_000, design=upper, by="Village"), expected)
