"""The social registry (DTKS, P3KE, DTSEN): canonical schema, ingest, quarantine, snapshots."""

from lokus.registry._schema import CANONICAL_COLUMNS, REGISTRY_TABLE, QUARANTINE_TABLE, Column

__all__ = ["CANONICAL_COLUMNS", "REGISTRY_TABLE", "QUARANTINE_TABLE", "Column"]
