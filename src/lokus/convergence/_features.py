"""The person table the eligibility rules read: registry fields plus age, age in months and the
household's stunted-child flag from the growth data (when a ``growth_measurements`` table exists).
All Ibis, so it runs on any engine.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

import ibis
from ibis import _

__all__ = ["RULE_FIELDS", "TEXT_FIELDS", "person_table", "stunted_households", "GROWTH_TABLE", "born_by"]

GROWTH_TABLE = "growth_measurements"

# Fields a rule may name (besides the catalogue's [vars]).
RULE_FIELDS = (
    "decile", "sex", "age", "age_months", "pregnant", "disability", "relationship", "roof", "wall", "floor",
    "water_source", "sanitation", "lighting", "cooking_fuel", "housing_ownership", "education", "occupation",
    "receives_pkh", "receives_bpnt", "receives_sembako", "receives_pbi", "receives_bpum", "receives_bst",
    "stunting_risk", "household_stunted", "household_size",
)
TEXT_FIELDS = frozenset(
    {"sex", "relationship", "roof", "wall", "floor", "water_source", "sanitation", "lighting", "cooking_fuel",
     "housing_ownership", "education", "occupation"}
)
_REGISTRY_COLUMNS = (
    "nik", "kk", "household_id", "name", "village_code", "birth_date",
    *[f for f in RULE_FIELDS if f not in ("age", "age_months", "household_stunted", "household_size")],
)


def _age(birth: Any, as_of: date) -> tuple[Any, Any]:
    """Completed years and months at ``as_of`` (portable: no engine date difference)."""
    before = ((birth.month() * 100 + birth.day()) > (as_of.month * 100 + as_of.day)).cast("int32")
    years = (-birth.year() + as_of.year) - before
    months = (-birth.year() + as_of.year) * 12 + (-birth.month() + as_of.month) - (birth.day() > as_of.day).cast("int32")
    return years, months


def born_by(as_of: date, months: int) -> date | None:
    """The last birth date at which a person is at least ``months`` months old at ``as_of``, by the
    completed-months (and, for ``months = 12 × years``, completed-years) arithmetic of :func:`_age`;
    None outside the calendar (years 1–9999).

    ``age_months >= m`` ⇔ ``birth_date <= born_by(as_of, m)`` and ``age >= y`` ⇔
    ``birth_date <= born_by(as_of, 12 * y)`` for every birth date: one date comparison per person
    instead of three date-part extractions (a birthday on 29 February counts from 28 February in
    other years, as in :func:`_age`)."""
    index = as_of.year * 12 + (as_of.month - 1) - months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return None
    return date(year, month + 1, min(as_of.day, calendar.monthrange(year, month + 1)[1]))


def stunted_households(growth: ibis.Table, people: ibis.Table, growth_snapshot: str) -> ibis.Table:
    """Distinct ``household_id`` of ``people`` with a child measured stunted (zlen < −2, flen = 0),
    matched by the child's NIK, or by KK when the growth table has a ``kk`` column."""
    stunted = growth.filter((growth.snapshot == growth_snapshot) & (growth.zlen < -2))
    if "flen" in growth.columns:
        stunted = stunted.filter(stunted.flen.fill_null(0) == 0)
    by_nik = people.filter(people.nik.isin(stunted.nik)).select("household_id")
    if "kk" in growth.columns:
        by_kk = people.filter(people.kk.isin(stunted.filter(stunted.kk.notnull()).kk)).select(
            "household_id"
        )
        by_nik = by_nik.union(by_kk)
    return by_nik.distinct()


def person_table(
    backend: Any,
    *,
    registry_snapshot: str,
    villages: list[str] | None,
    as_of: date,
    growth_snapshot: str | None = None,
    has_growth: bool = False,
    registry_table: str = "registry",
) -> ibis.Table:
    """Registry people of ``villages`` (all when None) with the rule fields; ``has_growth`` says
    whether the backend holds a ``growth_measurements`` table."""
    reg = backend.table(registry_table).filter(_.snapshot == registry_snapshot)
    if villages is not None:
        reg = reg.filter(_.village_code.isin(villages))
    people = reg.select(*_REGISTRY_COLUMNS)
    years, months = _age(people.birth_date, as_of)
    people = people.mutate(age=years, age_months=months)
    if growth_snapshot is None or not has_growth:
        return people.mutate(household_stunted=ibis.literal(False))
    stunted = stunted_households(backend.table(GROWTH_TABLE), people, growth_snapshot)
    return people.mutate(household_stunted=people.household_id.isin(stunted.household_id))
