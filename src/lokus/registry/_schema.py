"""Canonical schema of the registry tables in the workspace.

``registry`` holds accepted people (one row per person per snapshot), keyed by ``snapshot``; rejected
rows go to the workspace's one ``quarantine`` table (:mod:`lokus.quarantine`).
"""

from __future__ import annotations

from dataclasses import dataclass

from lokus.workspace import QUARANTINE_TABLE, REGISTRY_TABLE


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    description: str
    required: bool = False


CANONICAL_COLUMNS: tuple[Column, ...] = (
    Column("nik", "VARCHAR", "16-digit NIK, text", required=True),
    Column("kk", "VARCHAR", "family card (Kartu Keluarga) number, text"),
    Column("household_id", "VARCHAR", "household/family key (id_keluarga_p3ke, id_dtks, or KK)", required=True),
    Column("name", "VARCHAR", "full name"),
    Column("sex", "VARCHAR", "L or P"),
    Column("birth_date", "DATE", "date of birth"),
    Column("relationship", "VARCHAR", "relationship to the household head"),
    Column("village_code", "VARCHAR", "Kemendagri village code, dotted", required=True),
    Column("address", "VARCHAR", "address"),
    Column("decile", "INTEGER", "welfare decile 1-10", required=True),
    Column("housing_ownership", "VARCHAR", "housing tenure"),
    Column("roof", "VARCHAR", "roof material"),
    Column("wall", "VARCHAR", "wall material"),
    Column("floor", "VARCHAR", "floor material"),
    Column("lighting", "VARCHAR", "source of lighting"),
    Column("cooking_fuel", "VARCHAR", "cooking fuel"),
    Column("water_source", "VARCHAR", "drinking-water source"),
    Column("sanitation", "VARCHAR", "toilet facility"),
    Column("occupation", "VARCHAR", "work"),
    Column("education", "VARCHAR", "schooling"),
    Column("disability", "BOOLEAN", "has a disability"),
    Column("pregnant", "BOOLEAN", "currently pregnant"),
    Column("receives_pkh", "BOOLEAN", "receives PKH"),
    Column("receives_bpnt", "BOOLEAN", "receives BPNT"),
    Column("receives_sembako", "BOOLEAN", "receives Sembako"),
    Column("receives_bpum", "BOOLEAN", "receives BPUM"),
    Column("receives_bst", "BOOLEAN", "receives BST"),
    Column("receives_pbi", "BOOLEAN", "receives PBI-JKN"),
    Column("stunting_risk", "BOOLEAN", "family at risk of stunting (P3KE resiko_stunting)"),
)
# Bookkeeping columns added to every accepted row: snapshot VARCHAR, source_line BIGINT,
# extra JSON (unknown columns, kept), warnings VARCHAR[] (soft reason codes).


def registry_ddl() -> list[str]:
    """CREATE statements for the registry and quarantine tables (idempotent)."""
    from lokus.workspace import DDL

    cols = ",\n    ".join(f"{c.name} {c.sql_type}" for c in CANONICAL_COLUMNS)
    return [
        f"""CREATE TABLE IF NOT EXISTS {REGISTRY_TABLE} (
    snapshot VARCHAR NOT NULL,
    source_line BIGINT,
    {cols},
    extra JSON,
    warnings VARCHAR[]
)""",
        DDL[QUARANTINE_TABLE],
    ]
