"""Core functions of lokus.indicators: values, ranks, targets, comparisons."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lokus.errors import ConfigError, InputFileError, SchemaError
from lokus.indicators import (
    Target,
    compare_poverty_counts,
    compare_stunting,
    path_value,
    published_values,
    ranks,
    read_targets,
    read_values_file,
    region_profile,
    target_progress,
)


def test_published_values_have_sources_and_expected_rows():
    v = published_values()
    assert v.filter(pl.col("source").is_null() | (pl.col("source") == "")).height == 0
    assert v.filter(pl.col("indicator") == "poverty_rate_p0").height == 6 * 15 + 6 * 2 + 5 * 2
    lb = v.filter((pl.col("region_code") == "18.04") & (pl.col("indicator") == "population_total"))
    assert 313_756 in lb.get_column("value").to_list()


def _fake(values: list[float]) -> pl.DataFrame:
    n = len(values)
    return pl.DataFrame(
        {
            "region_code": [f"18.{i + 1:02d}" for i in range(n)],
            "region_name": [f"R{i}" for i in range(n)],
            "indicator": ["x"] * n,
            "year": [2024] * n,
            "period": ["March"] * n,
            "value": values,
            "unit": ["percent"] * n,
            "source": ["test"] * n,
            "origin": ["published"] * n,
        },
        schema_overrides={"year": pl.Int32},
    )


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=15), st.randoms(use_true_random=False)
)
def test_ranks_do_not_depend_on_row_order(values, rnd):
    df = _fake(values)
    order = list(range(df.height))
    rnd.shuffle(order)
    a = ranks(df).sort("region_code")
    b = ranks(df[order]).sort("region_code")
    assert a.equals(b)
    assert a.get_column("rank").min() == 1 and a.get_column("peers").max() == len(values)
    top = max(values)
    assert all(r == 1 for r, v in zip(a["rank"], df.sort("region_code")["value"], strict=True) if v == top)


def test_profile_for_nation_and_bad_inputs():
    nat = region_profile("ID", "poverty", values=published_values())
    assert set(nat.get_column("scope")) == {"nation"}
    with pytest.raises(ConfigError):
        region_profile("18.04", "nope", values=published_values())


def test_linear_target_path():
    t = Target("x", "*", 14.0, 2024, "test")
    assert path_value(t, 2021, 24.4, 2021) == pytest.approx(24.4)
    assert path_value(t, 2021, 24.4, 2022) == pytest.approx(24.4 - 10.4 / 3)
    assert path_value(t, 2021, 24.4, 2030) == pytest.approx(14.0)


def test_progress_statuses():
    values = _fake([20.0]).with_columns(pl.lit("18.04").alias("region_code"))
    later = values.with_columns(pl.lit(2025, dtype=pl.Int32).alias("year"), pl.lit(17.0).alias("value"))
    data = pl.concat([values, later])
    rows = target_progress(
        "18.04",
        values=data,
        targets=[
            Target("x", "*", 10.0, 2030, "t", baseline_year=2024),
            Target("x", "18.04", 18.0, 2026, "t2"),
        ],
    )
    # the region's own target wins over "*"
    assert rows.height == 1
    r = rows.row(0, named=True)
    assert r["status"] == "met" and r["remaining"] == pytest.approx(-1.0)
    rows = target_progress("18.04", values=data, targets=[Target("x", "*", 10.0, 2030, "t")])
    r = rows.row(0, named=True)
    # path from 20 (2024) to 10 (2030): 18.33 in 2025; 17 is ahead → on track; (17-10)/5 a year still needed
    assert r["status"] == "on track" and r["annual_reduction_needed"] == pytest.approx(7 / 5)
    assert r["annual_change_observed"] == pytest.approx(-3.0)
    assert (
        target_progress("18.04", values=data, targets=[Target("y", "*", 1, 2030, "t")])["status"][0]
        == "no data"
    )


def test_read_targets_csv_and_errors(tmp_path: Path):
    f = tmp_path / "t.csv"
    f.write_text(
        'indicator,region,value,year,source\nstunting_prevalence_ssgi,1804,"12,5",2026,RPJMD\n',
        encoding="utf-8",
    )
    (t,) = read_targets(f)
    assert t.region == "18.04" and t.value == 12.5 and t.year == 2026
    g = tmp_path / "t2.csv"
    g.write_text("indicator,region,value,year\nx,18.04,1,2026\n", encoding="utf-8")
    with pytest.raises(SchemaError):
        read_targets(g)
    with pytest.raises(InputFileError):
        read_targets(tmp_path / "missing.toml")


def test_read_values_file_defaults(tmp_path: Path):
    f = tmp_path / "v.csv"
    f.write_text(
        "region_code,indicator,year,value,source\nID,Poverty_Rate_P0,2025,8.47,BPS\n", encoding="utf-8"
    )
    row = read_values_file(f).row(0, named=True)
    assert row["region_name"] == "Indonesia" and row["period"] == "annual" and row["unit"] == "percent"
    assert row["indicator"] == "poverty_rate_p0"


def test_compare_functions_are_pure_tables():
    v = published_values()
    table = pl.DataFrame(
        {"region_code": ["18.04", "18.13"], "prevalence": [18.0, 25.0], "source": ["lokus z-scores", None]}
    )
    out = compare_stunting(table, values=v)
    assert out.height == 2 and out["admin_source"].to_list() == ["lokus z-scores", "e-PPGBM / lokus z-scores"]
    assert out.filter(pl.col("region_code") == "18.04")["survey_value"][0] == 20.5
    counts = compare_poverty_counts("18.71", extreme_poor=20_000, values=v)
    r = counts.row(0, named=True)
    assert r["survey_indicator"] == "extreme_poverty_rate" and r["admin_value"] == 20_000
    assert r["survey_value"] is not None and r["difference"] == pytest.approx(20_000 - r["survey_value"])
    none = compare_poverty_counts("18.04.04", extreme_poor=10, values=v)
    assert none["survey_value"][0] is None
    # ``method`` is a sentence in the output language (Bahasa Indonesia by default), never English in id
    assert none["method"][0] == "tidak ada angka persentase penduduk miskin ekstrem untuk 18.04.04"
    en = compare_poverty_counts("18.04.04", extreme_poor=10, values=v, lang="en")["method"][0]
    assert en.startswith("no ") and en.endswith(" figure for 18.04.04") and "extreme_poverty_rate" not in en
    assert compare_stunting(18.0, "18.04", values=v)["method"][0].startswith("administratif − survei")
    assert compare_stunting(18.0, "18.04", values=v, lang="en")["method"][0].startswith("admin − survey")


def test_compare_notes_say_why_in_both_languages():
    from lokus.indicators._messages import compare_note

    v = published_values()
    st = compare_stunting(18.0, "18.04.04", values=v).row(0, named=True)
    assert st["survey_region_code"] == "18.04" and st["note"] == "survey_of_parent"
    assert compare_stunting(18.0, "18.04", values=v)["note"][0] is None
    ext = compare_poverty_counts("18.04.04", extreme_poor=10, values=v).row(0, named=True)
    assert ext["survey_value"] is None and ext["note"] == "no_rate"
    assert compare_poverty_counts("18.71", extreme_poor=10, values=v)["note"][0] is None
    assert compare_note(st, "id") == (
        "Prevalensi stunting: 18.04.04 Balik Bukit tidak punya angka survei sendiri; yang dipakai angka "
        "prevalensi stunting (SSGI) 18.04 Kabupaten Lampung Barat (wilayah terdekat yang punya).")
    assert compare_note(st, "en").startswith("Stunting prevalence: 18.04.04 Balik Bukit has no survey figure")
    assert compare_note(ext, "id").startswith("Miskin ekstrem: BPS tidak punya angka persentase penduduk miskin")
    assert compare_note(ext, "en").startswith("Extreme poor: BPS has no extreme poverty rate figure for 18.04.04")


def test_a_regency_without_its_own_ssgi_figure_is_told_so():
    from lokus.indicators._messages import compare_note

    row = compare_stunting(20.0, "18.02", values=published_values()).row(0, named=True)
    assert row["survey_region_code"] == "18" and row["note"] == "survey_of_parent"
    assert "18 Lampung" in compare_note(row, "en") and "has no survey figure of its own" in compare_note(row, "en")
