"""The table catalogue: every workspace table's name, and the DDL of the shared ones, in one place.

Capabilities import table names from here instead of writing string literals; snapshot kinds are
the members of :class:`Kind`. Tables whose columns belong to one capability's schema (the
registry's canonical columns) keep their column list there but take their name from here.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Kind",
    "META_TABLE",
    "SNAPSHOTS_TABLE",
    "REGIONS_TABLE",
    "QUARANTINE_TABLE",
    "REGISTRY_TABLE",
    "MEASUREMENTS_TABLE",
    "STUNTING_LOCI_TABLE",
    "RECIPIENTS_TABLE",
    "INTERVENTIONS_TABLE",
    "INDICATOR_VALUES_TABLE",
    "ERASURES_TABLE",
    "ERASED_TABLE",
    "snapshot_column",
    "LEGACY_QUARANTINE_TABLES",
    "DDL",
    "ensure_tables",
]


class Kind(StrEnum):
    """What a snapshot holds (``snapshots.kind``)."""

    registry = "registry"
    measurements = "measurements"
    programs = "programs"
    interventions = "interventions"
    stunting_loci = "stunting_loci"
    indicators = "indicators"


META_TABLE = "lokus_meta"
SNAPSHOTS_TABLE = "snapshots"
REGIONS_TABLE = "regions"
QUARANTINE_TABLE = "quarantine"
REGISTRY_TABLE = "registry"
MEASUREMENTS_TABLE = "growth_measurements"
STUNTING_LOCI_TABLE = "stunting_loci"
RECIPIENTS_TABLE = "program_recipients"
INTERVENTIONS_TABLE = "interventions"
INDICATOR_VALUES_TABLE = "indicator_values"
# lokus.privacy's record of erased rows (erased_at, table_name, snapshot, rows); made by the first erasure
ERASURES_TABLE = "erasures"
# lokus.privacy's tombstone of erased persons: a keyed digest of the NIK (never the NIK itself), the id of the key
# that made it, when; every ingest quarantines the rows of a person in it (reason ``subject_erased``)
ERASED_TABLE = "erased_subjects"

# One quarantine per kind before 0.x: folded into ``quarantine`` when a workspace is opened for writing.
LEGACY_QUARANTINE_TABLES = (
    "registry_quarantine",
    "measurements_quarantine",
    "program_quarantine",
    "interventions_quarantine",
)

DDL: dict[str, str] = {
    META_TABLE: f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)",
    SNAPSHOTS_TABLE: f"""CREATE TABLE IF NOT EXISTS {SNAPSHOTS_TABLE} (
        name VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        source_file VARCHAR,
        sha256 VARCHAR,
        rows_read BIGINT,
        rows BIGINT,
        quarantined BIGINT,
        created_at TIMESTAMP,
        lokus_version VARCHAR,
        details VARCHAR
    )""",
    # Every rejected row of every kind of snapshot: raw cells (JSON, header → text), line, reasons.
    QUARANTINE_TABLE: f"""CREATE TABLE IF NOT EXISTS {QUARANTINE_TABLE} (
        snapshot VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        source_file VARCHAR,
        sheet VARCHAR,
        source_line BIGINT,
        reasons VARCHAR[],
        raw JSON,
        quarantined_at TIMESTAMP
    )""",
    MEASUREMENTS_TABLE: f"""CREATE TABLE IF NOT EXISTS {MEASUREMENTS_TABLE} (
        snapshot VARCHAR NOT NULL, source_line BIGINT, nik VARCHAR, kk VARCHAR, name VARCHAR, sex VARCHAR,
        birth_date DATE, measure_date DATE, age_days INTEGER, weight_kg DOUBLE, lenhei_cm DOUBLE,
        measure VARCHAR, village_code VARCHAR, village_source VARCHAR, posyandu VARCHAR, puskesmas VARCHAR,
        in_registry BOOLEAN, household_id VARCHAR, decile INTEGER,
        clenhei DOUBLE, cmeasure VARCHAR, zlen DOUBLE, flen TINYINT, zwei DOUBLE, fwei TINYINT,
        zwfl DOUBLE, fwfl TINYINT, zbmi DOUBLE, fbmi TINYINT, zscore_reason VARCHAR,
        file_zlen DOUBLE, file_zwei DOUBLE, file_zwfl DOUBLE, zs_disagree BOOLEAN,
        warnings VARCHAR[], extra JSON)""",
    STUNTING_LOCI_TABLE: f"CREATE TABLE IF NOT EXISTS {STUNTING_LOCI_TABLE} (snapshot VARCHAR, village_code VARCHAR)",
    RECIPIENTS_TABLE: f"""CREATE TABLE IF NOT EXISTS {RECIPIENTS_TABLE} (
        snapshot VARCHAR NOT NULL,
        program VARCHAR NOT NULL,
        period VARCHAR,
        source_line BIGINT,
        nik VARCHAR,
        kk VARCHAR,
        name VARCHAR,
        dtks_id VARCHAR,
        village_code VARCHAR,
        matched_by VARCHAR,
        registry_snapshot VARCHAR,
        extra JSON,
        warnings VARCHAR[]
    )""",
    INTERVENTIONS_TABLE: f"""CREATE TABLE IF NOT EXISTS {INTERVENTIONS_TABLE} (
        batch VARCHAR NOT NULL,
        source_line BIGINT,
        nik VARCHAR,
        kk VARCHAR,
        program VARCHAR NOT NULL,
        delivered_on DATE NOT NULL,
        note VARCHAR,
        recorded_at TIMESTAMP
    )""",
    ERASURES_TABLE: f"""CREATE TABLE IF NOT EXISTS {ERASURES_TABLE} (
        erased_at TIMESTAMP, table_name VARCHAR, snapshot VARCHAR, rows BIGINT)""",
    ERASED_TABLE: f"""CREATE TABLE IF NOT EXISTS {ERASED_TABLE} (
        digest VARCHAR NOT NULL, key_id VARCHAR NOT NULL, erased_at TIMESTAMP)""",
    INDICATOR_VALUES_TABLE: f"""CREATE TABLE IF NOT EXISTS {INDICATOR_VALUES_TABLE} (
        region_code VARCHAR, region_name VARCHAR, indicator VARCHAR, year INTEGER, period VARCHAR,
        value DOUBLE, unit VARCHAR, source VARCHAR, publisher VARCHAR, publication VARCHAR, origin VARCHAR)""",
}


# The column naming a row's snapshot, where it is not ``snapshot``: an interventions import is a snapshot named
# by its ``batch`` (``interventions-<sha256>``; ``manual`` for deliveries recorded one by one).
_SNAPSHOT_COLUMNS = {INTERVENTIONS_TABLE: "batch"}


def snapshot_column(table: str) -> str:
    """The column of ``table`` that holds the snapshot a row belongs to (``snapshot``, or ``batch`` for
    interventions)."""
    return _SNAPSHOT_COLUMNS.get(table, "snapshot")


def ensure_tables(con: object, *names: str) -> None:
    """Create the named catalogue tables when absent (call inside a write transaction)."""
    for name in names:
        con.execute(DDL[name])  # type: ignore[attr-defined]
