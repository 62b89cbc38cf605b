"""The registered indicators: a small frozen record per indicator, shared by built-ins and users."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from lokus.errors import ConfigError


class Direction(StrEnum):
    """Which way is better. Ranks are always by value, highest first (rank 1 = highest)."""

    lower_is_better = "lower_is_better"
    higher_is_better = "higher_is_better"
    neutral = "neutral"


class Basis(StrEnum):
    """Where a figure comes from: a sample survey, an administrative register, a census or a map."""

    survey = "survey"
    administrative = "administrative"
    census = "census"
    geospatial = "geospatial"


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    direction: Direction
    basis: Basis
    description: str


_BUILTIN = [
    Indicator(
        "poverty_rate_p0",
        "percent",
        Direction.lower_is_better,
        Basis.survey,
        "Share of people below the BPS poverty line (P0, headcount), BPS Susenas.",
    ),
    Indicator(
        "poor_population",
        "thousand persons",
        Direction.lower_is_better,
        Basis.survey,
        "Number of people below the BPS poverty line, BPS Susenas.",
    ),
    Indicator(
        "extreme_poverty_rate",
        "percent",
        Direction.lower_is_better,
        Basis.survey,
        "Share of people below the extreme poverty line (US$1.90 PPP 2011 a day), BPS Susenas.",
    ),
    Indicator(
        "extreme_poor_population",
        "thousand persons",
        Direction.lower_is_better,
        Basis.survey,
        "Number of people below the extreme poverty line, BPS Susenas.",
    ),
    Indicator(
        "stunting_prevalence_ssgi",
        "percent of children under 5",
        Direction.lower_is_better,
        Basis.survey,
        "Share of children under 5 with height-for-age z < -2, Kemenkes SSGI.",
    ),
    Indicator(
        "stunting_prevalence_ski",
        "percent of children under 5",
        Direction.lower_is_better,
        Basis.survey,
        "Share of children under 5 with height-for-age z < -2, Kemenkes SKI 2023 "
        "(a different survey from SSGI; do not compare the two directly).",
    ),
    Indicator(
        "population_total",
        "persons",
        Direction.neutral,
        Basis.administrative,
        "Population (Dukcapil register, census or BPS estimate; see each row's source).",
    ),
    Indicator("population_male", "persons", Direction.neutral, Basis.administrative, "Male population."),
    Indicator("population_female", "persons", Direction.neutral, Basis.administrative, "Female population."),
    Indicator("area_km2", "km2", Direction.neutral, Basis.geospatial, "Land area (BIG)."),
]

INDICATORS: dict[str, Indicator] = {i.name: i for i in _BUILTIN}

# Aliases people type; the first word of each group is what they mean.
ALIASES: dict[str, str] = {
    "poverty": "poverty_rate_p0",
    "p0": "poverty_rate_p0",
    "extreme_poverty": "extreme_poverty_rate",
    "stunting": "stunting_prevalence_ssgi",
    "ssgi": "stunting_prevalence_ssgi",
    "ski": "stunting_prevalence_ski",
    "population": "population_total",
    "area": "area_km2",
}

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def indicator_info(name: str) -> Indicator:
    """The registered indicator, or a neutral record for a user-added name."""
    return INDICATORS.get(name) or Indicator(
        name, "", Direction.neutral, Basis.survey, "User-added indicator."
    )


def resolve_indicator(name: str, available: list[str] | None = None) -> str:
    """The indicator name for ``name`` (aliases allowed); :class:`ConfigError` listing valid names."""
    key = name.strip().lower().replace("-", "_")
    key = ALIASES.get(key, key)
    valid = sorted(set(available if available is not None else INDICATORS))
    if key not in valid:
        raise ConfigError("error.indicators.unknown", name=name, valid_values=", ".join(valid))
    return key


def valid_indicator_name(name: str) -> bool:
    """A user indicator name: lower-case letters, digits and underscores."""
    return bool(_NAME.match(name))
