"""Fixtures for the growth tests: the WHO reference outputs (copied from shared/, see data/README)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def zscore_reference() -> pl.DataFrame:
    """1,352 cases with the output of the WHO anthro R package (anthro_zscores)."""
    return pl.read_csv(DATA / "anthro_zscores_reference.csv", infer_schema_length=None,
                       schema_overrides={"sex": pl.String, "measure": pl.String, "oedema": pl.String,
                                         "cmeasure": pl.String})


@pytest.fixture(scope="session")
def prevalence_reference() -> pl.DataFrame:
    """anthro_prevalence on the same cases for the designs simple, sw_only, survey_cluster_strata_sw."""
    return pl.read_csv(DATA / "anthro_prevalence_reference.csv", infer_schema_length=None)


@pytest.fixture(scope="session")
def reference_input(zscore_reference: pl.DataFrame) -> pl.DataFrame:
    """The reference cases as lokus input columns."""
    return zscore_reference.select(
        "id", "sex", "age_days", "weight_kg", "lenhei_cm", "measure", "oedema", "cluster", "strata", "sw"
    )
