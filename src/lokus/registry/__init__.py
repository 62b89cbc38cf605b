"""The social registry (DTKS, P3KE, DTSEN): canonical schema, ingest, quarantine, snapshots."""

from lokus.registry._schema import CANONICAL_COLUMNS, QUARANTINE_TABLE, REGISTRY_TABLE, Column, registry_ddl

__all__ = ["CANONICAL_COLUMNS", "REGISTRY_TABLE", "QUARANTINE_TABLE", "Column", "registry_ddl"]
