"""The library of criteria a policy can use: small typed classes in one registry.

Each criterion type has a name (the ``type`` in a policy file), a Pydantic model for its
parameters, a kind of value (count, share, flag, score, value), the base aggregates it needs
and how its value is computed from them (an Ibis expression). A policy's ``[[criteria]]`` entry
is a :class:`Criterion`: a column name, a type and checked parameters.

Built-in policies and user files share this registry; :func:`register_criterion` adds one.
The reference for every type is ``docs/methods/policies.md`` (a test keeps it complete).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import ibis
from ibis.expr import types as ir
from pydantic import BaseModel, ConfigDict, Field

from lokus.errors import ConfigError
from lokus.i18n import fmt_int, fmt_number, fmt_pct, register, t_n
from lokus.i18n import t as msg  # ``t`` names an Ibis table in this module

__all__ = [
    "CRITERIA",
    "BaseNeeds",
    "Criterion",
    "CriterionType",
    "criterion_type",
    "describe_value",
    "register_criterion",
]

ValueKind = Literal["count", "share", "flag", "score", "value"]


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(_Params):
    pass


class DecileParams(_Params):
    max_decile: int | None = Field(default=None, ge=1, le=10)


class ShareParams(_Params):
    max_decile: int = Field(ge=1, le=10)
    of: Literal["people", "households"] = "people"


class IndicatorParams(_Params):
    indicator: str
    table: str = "indicator_values"


class IndexParams(_Params):
    components: dict[str, float]
    normalisation: Literal["min-max", "z-score", "rank"] = "min-max"


class Criterion(BaseModel):
    """One ``[[criteria]]`` entry of a policy: the output column ``name``, its ``type`` and params."""

    model_config = ConfigDict(frozen=True)

    name: str
    type: str
    params: dict[str, Any] = Field(default_factory=dict)
    label: dict[str, str] | None = None

    @property
    def kind(self) -> CriterionType:
        return criterion_type(self.type)


@dataclass
class BaseNeeds:
    """The per-village aggregates a policy needs (so a run computes each once)."""

    people: set[int | None] = field(default_factory=set)  # max deciles; None = all residents
    households: set[int | None] = field(default_factory=set)
    growth: bool = False
    stunting_loci: bool = False
    indicators: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (table, indicator)

    def merge(self, other: BaseNeeds) -> None:
        self.people |= other.people
        self.households |= other.households
        self.growth |= other.growth
        self.stunting_loci |= other.stunting_loci
        self.indicators.update(other.indicators)


def people_col(k: int | None) -> str:
    return "_p_all" if k is None else f"_p_le{k}"


def households_col(k: int | None) -> str:
    return "_h_all" if k is None else f"_h_le{k}"


register({
    "loci.deciles": {"id": " desil 1–{k}", "en": "decile-1–{k} "},
    "loci.deciles.one": {"id": " desil 1", "en": "decile-1 "},
    "loci.label.people": {"id": "warga{d}", "en": "{d}residents"},
    "loci.label.households": {"id": "keluarga{d}", "en": "{d}households"},
    # a share's label names the share ("porsi warga desil 1 = 24,1%", apart from the count "warga desil 1");
    # its phrase follows a percentage in a reason ("24,1% warga desil 1")
    "loci.label.share.people": {"id": "porsi warga{d}", "en": "of residents in {d_strip}"},
    "loci.label.share.households": {"id": "porsi keluarga{d}", "en": "of households in {d_strip}"},
    "loci.phrase.share.people": {"id": "warga{d}", "en": "of residents in {d_strip}"},
    "loci.phrase.share.households": {"id": "keluarga{d}", "en": "of households in {d_strip}"},
    "loci.label.extreme_poor": {"id": "warga miskin ekstrem", "en": "extreme-poor residents"},
    "loci.label.stunted": {"id": "balita stunting", "en": "stunted children"},
    "loci.label.stunting_prevalence": {"id": "prevalensi stunting", "en": "stunting prevalence"},
    "loci.label.stunting_locus": {"id": "lokus stunting", "en": "stunting locus"},
    "loci.label.index": {"id": "skor {name}", "en": "{name} score"},
})


def _deciles(k: int | None, lang: str) -> str:
    if k is None:
        return ""
    return t_n("loci.deciles", k, lang, k=k)


def _pct(value: float, lang: str) -> str:
    return fmt_pct(value, lang, 1)


def _count(value: Any, lang: str) -> str:
    """A count with the thousands separator of ``lang`` (1.291 / 1,291); other values as they are."""
    return fmt_int(value, lang) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _default_label(key: str, lang: str, k: int | None = None, **params: Any) -> str:
    d = _deciles(k, lang)
    return msg(key, lang, d=d, d_strip=d.strip(), **params)


@dataclass(frozen=True)
class CriterionType:
    """A criterion type. Subclasses set the class attributes and override the methods."""

    name: ClassVar[str]
    params: ClassVar[type[BaseModel]] = NoParams
    value_kind: ClassVar[ValueKind] = "count"
    description: ClassVar[str] = ""

    def needs(self, c: Criterion) -> BaseNeeds:
        return BaseNeeds()

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        raise NotImplementedError

    def label(self, c: Criterion, lang: str) -> str:
        return c.name

    def describe(self, c: Criterion, value: Any, lang: str) -> str:
        """A short phrase for a reason, e.g. "412 warga desil 1"."""
        return f"{self.label(c, lang)} {value}"


def _label(c: Criterion, lang: str) -> str | None:
    return (c.label or {}).get(lang) or (c.label or {}).get("id")


class People(CriterionType):
    name = "people"
    params: ClassVar[type[BaseModel]] = DecileParams
    description = "Registry residents of the unit in deciles ≤ max_decile (all residents without max_decile)."

    def needs(self, c: Criterion) -> BaseNeeds:
        return BaseNeeds(people={c.params.get("max_decile")})

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        return t[people_col(c.params.get("max_decile"))]

    def label(self, c: Criterion, lang: str) -> str:
        k = c.params.get("max_decile")
        return _label(c, lang) or _default_label("loci.label.people", lang, k)

    def describe(self, c: Criterion, value: Any, lang: str) -> str:
        return f"{_count(value, lang)} {self.label(c, lang)}"


class ExtremePoor(People):
    name = "extreme_poor"
    params = NoParams
    description = "Extreme-poor residents: registry residents in decile 1 (the national P3KE convention)."

    def needs(self, c: Criterion) -> BaseNeeds:
        return BaseNeeds(people={1})

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        return t[people_col(1)]

    def label(self, c: Criterion, lang: str) -> str:
        return _label(c, lang) or msg("loci.label.extreme_poor", lang)


class Households(CriterionType):
    name = "households"
    params = DecileParams
    description = (
        "Households (distinct household_id) of the unit with a member in deciles ≤ max_decile "
        "(all households without max_decile); counted per village and summed up."
    )

    def needs(self, c: Criterion) -> BaseNeeds:
        return BaseNeeds(households={c.params.get("max_decile")})

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        return t[households_col(c.params.get("max_decile"))]

    def label(self, c: Criterion, lang: str) -> str:
        k = c.params.get("max_decile")
        return _label(c, lang) or _default_label("loci.label.households", lang, k)

    def describe(self, c: Criterion, value: Any, lang: str) -> str:
        return f"{_count(value, lang)} {self.label(c, lang)}"


class Share(CriterionType):
    name = "share"
    params = ShareParams
    value_kind = "share"
    description = (
        "Share of the unit's residents (of = \"people\") or households (of = \"households\") in deciles "
        "≤ max_decile, 0–1 rounded to 4 decimals; 0 when the unit has none."
    )

    def needs(self, c: Criterion) -> BaseNeeds:
        k = c.params["max_decile"]
        if c.params.get("of", "people") == "households":
            return BaseNeeds(households={k, None})
        return BaseNeeds(people={k, None})

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        k = c.params["max_decile"]
        col = households_col if c.params.get("of", "people") == "households" else people_col
        part, whole = t[col(k)], t[col(None)]
        return ibis.ifelse(whole > 0, (part / whole.cast("float64")).round(4), 0.0)

    def label(self, c: Criterion, lang: str) -> str:
        k = c.params["max_decile"]
        of = "households" if c.params.get("of") == "households" else "people"
        return _label(c, lang) or _default_label(f"loci.label.share.{of}", lang, k)

    def describe(self, c: Criterion, value: Any, lang: str) -> str:
        k = c.params["max_decile"]
        of = "households" if c.params.get("of") == "households" else "people"
        return f"{_pct(value or 0.0, lang)} {_label(c, lang) or _default_label(f'loci.phrase.share.{of}', lang, k)}"


class StuntedChildren(CriterionType):
    name = "stunted_children"
    description = (
        "Children measured in the growth snapshot (table growth_measurements) with length/height-for-age "
        "z-score zlen < -2 and no flag (flen = 0)."
    )

    def needs(self, c: Criterion) -> BaseNeeds:
        return BaseNeeds(growth=True)

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        return t["_g_stunted"]

    def label(self, c: Criterion, lang: str) -> str:
        return _label(c, lang) or msg("loci.label.stunted", lang)

    def describe(self, c: Criterion, value: Any, lang: str) -> str:
        return f"{_count(value, lang)} {self.label(c, lang)}"


class StuntingPrevalence(CriterionType):
    name = "stunting_prevalence"
    value_kind = "share"
    description = (
        "Stunted children / children with a valid z-score (zlen not null, flen = 0), 0–1 rounded to 4 "
        "decimals; 0 when no child was measured."
    )

    def needs(self, c: Criterion) -> BaseNeeds:
        return BaseNeeds(growth=True)

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        measured = t["_g_measured"]
        return ibis.ifelse(measured > 0, (t["_g_stunted"] / measured.cast("float64")).round(4), 0.0)

    def label(self, c: Criterion, lang: str) -> str:
        return _label(c, lang) or msg("loci.label.stunting_prevalence", lang)

    def describe(self, c: Criterion, value: Any, lang: str) -> str:
        return f"{self.label(c, lang)} {_pct(value or 0.0, lang)}"


class StuntingLocus(CriterionType):
    name = "stunting_locus"
    value_kind = "flag"
    description = (
        "True when the unit is (or, for districts and regencies, contains) a village of the stunting-loci "
        "list (snapshot or file)."
    )

    def needs(self, c: Criterion) -> BaseNeeds:
        return BaseNeeds(stunting_loci=True)

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        return t["_locus"]

    def label(self, c: Criterion, lang: str) -> str:
        return _label(c, lang) or msg("loci.label.stunting_locus", lang)

    def describe(self, c: Criterion, value: Any, lang: str) -> str:
        return self.label(c, lang)


class Indicator(CriterionType):
    name = "indicator"
    params = IndicatorParams
    value_kind = "value"
    description = (
        "Hook for published indicators: the value of `indicator` for the unit's code in a workspace table "
        "(default indicator_values) with columns code, indicator, value; 0 when absent."
    )

    def needs(self, c: Criterion) -> BaseNeeds:
        return BaseNeeds(indicators={f"_i_{c.name}": (c.params.get("table", "indicator_values"), c.params["indicator"])})

    def value(self, c: Criterion, t: ir.Table) -> ir.Value:
        return t[f"_i_{c.name}"]

    def label(self, c: Criterion, lang: str) -> str:
        return _label(c, lang) or c.params["indicator"]


class Index(CriterionType):
    name = "index"
    params = IndexParams
    value_kind = "score"
    description = (
        "Weighted index Σ weight × normalised(component) over other numeric criteria, normalised over the "
        "ranked units by min-max (0–1), z-score (mean 0, sd 1) or rank (percentile 0–1); rounded to 6 "
        "decimals. A negative weight counts a component against the unit."
    )

    def label(self, c: Criterion, lang: str) -> str:
        return _label(c, lang) or msg("loci.label.index", lang, name=c.name.removeprefix("score_"))

    def describe(self, c: Criterion, value: Any, lang: str) -> str:
        return f"{self.label(c, lang)} {fmt_number(value or 0.0, lang, 3)}"


CRITERIA: dict[str, CriterionType] = {}


def register_criterion(kind: CriterionType) -> CriterionType:
    """Add a criterion type to the registry (built-ins and user extensions alike)."""
    CRITERIA[kind.name] = kind
    return kind


for _kind in (People(), ExtremePoor(), Households(), Share(), StuntedChildren(), StuntingPrevalence(),
              StuntingLocus(), Indicator(), Index()):
    register_criterion(_kind)


def criterion_type(name: str) -> CriterionType:
    try:
        return CRITERIA[name]
    except KeyError:
        raise ConfigError("error.config", key="criteria.type", value=name,
                          valid_values=", ".join(sorted(CRITERIA))) from None


def describe_value(c: Criterion, value: Any, lang: str) -> str:
    return c.kind.describe(c, value, lang)
