"""The registry's normalisation and validation as SQL over a loaded file.

:func:`stage_sql` builds one ``SELECT`` that reads the raw text relation once and yields, per
row: the source line, every canonical column normalised, the row's hard reasons (``__reasons``)
and soft reasons (``__warnings``), a hash of the raw cells (exact-duplicate detection) and the
raw cells themselves (kept for the quarantine). Cross-row checks (duplicates, one NIK in two
households) run afterwards on the staged table (:func:`final_sql`).
"""

from __future__ import annotations

from datetime import date

from lokus._sql import sql_literal
from lokus.nik import kk_problem_sql, placeholder_id_sql
from lokus.registry._formats import REGISTRY_SPEC, STORED
from lokus.registry._villages import village_sql
from lokus.tables import FieldKind, HeaderMatch
from lokus.tables._sqlnorm import decile_reason_plan, field_plan, nik_birth_sql, nik_parts_sql, nik_reason_sql

__all__ = ["stage_sql", "final_sql", "cross_row_sql", "STAGE", "json_object_sql"]

STAGE = "main.__lokus_stage"
DUP = "__lokus_dup"
NIKDUP = "__lokus_nikdup"


def json_object_sql(headers: list[str], columns: list[str], prefix: str = "") -> str:
    """``json_object(header, cell, …)`` for the given raw columns (NULL when there are none)."""
    if not columns:
        return "NULL::JSON"
    pairs = ", ".join(f"{sql_literal(h)}, {prefix}{c}" for h, c in zip(headers, columns, strict=True))
    return f"json_object({pairs})"


def _filtered(items: list[str]) -> str:
    if not items:
        return "[]::VARCHAR[]"
    return f"list_filter([{', '.join(items)}]::VARCHAR[], lambda x: x IS NOT NULL)"


def stage_sql(
    relation: str,
    headers: list[str],
    match: HeaderMatch,
    *,
    today: date,
    district: str | None,
    extra: list[int],
    literal_quotes: str | None = None,
    date_orders: dict[str, str] | None = None,
) -> str:
    """``SELECT`` producing the staged rows from ``relation`` (``__line``, ``c0`` … ``cN``).

    ``extra`` lists the header indices kept in the ``__extra`` JSON (unknown columns);
    ``literal_quotes`` names a relation (``line``) of lines where the reader kept a stray ``"``.

    Four layers, so every regular expression runs once per row: prepare (raw → cleaned text),
    refine, values and per-field reasons, then the reason lists.
    """
    col = {name: f"c{idx}" for name, idx in match.columns.items()}
    raw_cols = [f"c{i}" for i in range(len(headers))]
    plans = {
        f.name: field_plan(f.kind, col[f.name], f.name, date_order=(date_orders or {}).get(f.name, "dmy"))
        for f in REGISTRY_SPEC.fields
        if f.name in col and f.name in STORED
    }
    values: dict[str, str] = {}
    for f in REGISTRY_SPEC.fields:
        if f.name in STORED:
            values[f.name] = plans[f.name].value if f.name in plans else f"NULL::{f.sql_type}"
    # A placeholder or impossible KK / household id never joins people: the person is kept as a
    # household of their own ('single-' + NIK) and the row says why (kk_placeholder, kk_invalid).
    # Both tests are computed once per row in the refine layer (they are used several times).
    kk_raw = values["kk"]
    hh_raw = values["household_id"]
    kk_state = kk_problem_sql(kk_raw)
    hh_bad = f"coalesce({placeholder_id_sql(hh_raw)}, false)"
    shared: list[str] = []
    if "kk" in plans:
        shared.append(f"{kk_state} AS __kk_s")
        kk_state = "__kk_s"
    if "household_id" in plans:
        shared.append(f"{hh_bad} AS __hh_b")
        hh_bad = "__hh_b"
    nik_parts = None
    if "nik" in plans:
        shared.append(f"{nik_parts_sql(values['nik'])} AS __nik_p")
        nik_parts = "__nik_p"
    values["kk"] = f"(CASE WHEN {kk_state} IS NULL THEN {kk_raw} END)"
    values["household_id"] = (
        f"coalesce(CASE WHEN NOT {hh_bad} THEN {hh_raw} END, {values['kk']}, "
        f"CASE WHEN {hh_raw} IS NOT NULL OR {kk_raw} IS NOT NULL THEN 'single-' || {values['nik']} END)"
    )

    layer1 = ["r.__line AS __line"] + [f"r.{c} AS {c}" for c in raw_cols]
    keys = [col[k] for k in ("nik", "household_id", "kk", "name", "birth_date", "village_code") if k in col]
    layer1.append(f"hash({', '.join(keys or raw_cols)}) AS __k")
    layer1 += [f"{expr} AS {name}" for plan in plans.values() for name, expr in plan.prepare.items()]
    village = village_sql(col, "village_code" in plans)
    layer1 += village.layer1
    values["village_code"] = village.value
    layer2 = [f"{expr} AS {name}" for plan in plans.values() for name, expr in plan.refine.items()] + shared

    def unreadable(name: str) -> str:
        return plans[name].unreadable if name in plans else "false"

    flags = [f.name for f in REGISTRY_SPEC.fields if f.kind is FieldKind.FLAG and f.name in plans]
    birth_problem = plans["birth_date"].problem if "birth_date" in plans else None
    birth_problem = birth_problem or "NULL::VARCHAR"
    extra_json = json_object_sql([headers[i] for i in extra], [raw_cols[i] for i in extra])
    layer3 = ["__line", "__k", f"{extra_json} AS __extra"]
    layer3 += [f"{expr} AS {name}" for name, expr in values.items()]
    layer3 += [
        (nik_reason_sql("nik__v", today, nik_parts) if "nik" in plans else sql_literal("nik_missing")) + " AS __nik_reason",
        f"{village.empty} AS __village_empty",
        f"{village.source} AS __village_source",
        (decile_reason_plan("decile") if "decile" in plans else sql_literal("decile_missing"))
        + " AS __decile_reason",
        f"{unreadable('birth_date')} AS __birth_unreadable",
        f"(CASE WHEN {unreadable('birth_date')} THEN {birth_problem} END) AS __birth_problem",
        f"{unreadable('sex')} AS __sex_unreadable",
        "(" + (" OR ".join(unreadable(f) for f in flags) or "false") + ") AS __flag_unreadable",
        f"{kk_state} AS __kk_state",
        f"{hh_bad} AS __hh_placeholder",
    ] + ([f"{nik_parts} AS __nik_p"] if nik_parts else [])

    village_check = (
        "CASE WHEN __village_empty THEN 'village_missing' WHEN village_code IS NULL THEN 'village_unknown' "
    )
    if district:
        village_check += (
            f"WHEN NOT starts_with(village_code, {sql_literal(district + '.')}) THEN 'village_outside_district' "
        )
    village_check += "END"
    hard = [
        "__nik_reason",
        "CASE WHEN household_id IS NULL THEN 'household_missing' END",
        village_check,
        "__decile_reason",
        "CASE WHEN __birth_problem = 'date_two_digit_year' THEN 'birth_date_two_digit_year' "
        f"WHEN __birth_unreadable THEN 'birth_date_invalid' "
        f"WHEN birth_date > DATE {sql_literal(today.isoformat())} THEN 'birth_date_future' END",
    ]
    day, month, yy, sex = nik_birth_sql("nik", "__nik_p" if nik_parts else None)
    soft = [
        f"CASE WHEN __nik_reason IS NULL AND birth_date IS NOT NULL AND (day(birth_date) <> {day} "
        f"OR month(birth_date) <> {month} OR year(birth_date) % 100 <> {yy}) "
        "THEN 'nik_birthdate_mismatch' END",
        f"CASE WHEN __nik_reason IS NULL AND sex IS NOT NULL AND sex <> {sex} THEN 'nik_sex_mismatch' END",
        "CASE WHEN __sex_unreadable THEN 'sex_invalid' END",
        "CASE WHEN __flag_unreadable THEN 'flag_invalid' END",
        "__kk_state",
        "CASE WHEN __hh_placeholder THEN 'household_placeholder' END",
        "CASE WHEN __village_source = 'bps' THEN 'village_code_bps' END",
        "CASE WHEN __village_source = 'name' THEN 'village_from_name' END",
    ]
    if literal_quotes:
        soft.append(f"CASE WHEN __line IN (SELECT line FROM {literal_quotes}) THEN 'quote_literal' END")
    outer = ["__line", *values, "__nik_reason", "__k", "__extra"]
    l1 = f"SELECT {', '.join(layer1)} FROM {relation} r"
    l2 = f"SELECT *{', ' if layer2 else ''}{', '.join(layer2)} FROM ({l1})"
    l3 = f"SELECT {', '.join(layer3)} FROM ({l2}){village.joins}"
    return (
        f"SELECT {', '.join(outer)}, {_filtered(hard)} AS __reasons, {_filtered(soft)} AS __warnings "
        f"FROM ({l3})"
    )


def cross_row_sql(width: int, raw: str) -> list[str]:
    """Small helper tables for the cross-row checks, from the staged table.

    Exact duplicates: rows sharing a hash of a few key cells are candidates; among those, rows
    equal in every raw cell are duplicates (compared exactly, so no hash collision can merge two
    different rows).
    """
    cells = ", ".join(f"c{i}" for i in range(width))
    return [
        f"CREATE OR REPLACE TEMP TABLE {DUP} AS SELECT __line, first_line FROM ("
        f"SELECT __line, min(__line) OVER (PARTITION BY {cells}) AS first_line FROM {raw} "
        f"WHERE __line IN (SELECT __line FROM {STAGE} "
        f"WHERE __k IN (SELECT __k FROM {STAGE} GROUP BY __k HAVING count(*) > 1))) "
        "WHERE __line > first_line",
        # One group-by for both NIK checks: a NIK on several rows (first line kept) and, among
        # those, a NIK in more than one household (rows without a hard reason always have one).
        f"CREATE OR REPLACE TEMP TABLE {NIKDUP} AS SELECT nik, min(__line) AS first_line, "
        "min(household_id) <> max(household_id) AS multi "
        f"FROM {STAGE} WHERE len(__reasons) = 0 GROUP BY nik HAVING count(*) > 1",
    ]


def final_sql() -> str:
    """``SELECT`` of the staged rows with ``__all`` = hard reasons including the cross-row ones."""
    later_copy = "(d.first_line IS NOT NULL)"
    cross = [
        f"CASE WHEN {later_copy} THEN 'duplicate_row' END",
        "CASE WHEN nd.multi THEN 'nik_multiple_households' END",
        f"CASE WHEN NOT nd.multi AND s.__line > nd.first_line AND NOT {later_copy} THEN 'nik_duplicate' END",
    ]
    return (
        f"SELECT s.*, list_concat(s.__reasons, {_filtered(cross)}) AS __all FROM {STAGE} s "
        f"LEFT JOIN {DUP} d ON s.__line = d.__line "
        f"LEFT JOIN {NIKDUP} nd ON len(s.__reasons) = 0 AND s.nik = nd.nik"
    )
