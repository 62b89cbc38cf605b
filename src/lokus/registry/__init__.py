"""The social registry (DTKS, P3KE, DTSEN): canonical schema, ingest, snapshots (rejected rows: :mod:`lokus.quarantine`)."""

from lokus.registry._diff import SnapshotDiff, diff_snapshots
from lokus.registry._formats import FORMATS, REGISTRY_SPEC
from lokus.registry._ingest import FORMAT_CHOICES, IngestSummary, Progress, ingest_registry
from lokus.registry._reasons import ALL_REASONS, HARD_REASONS, SOFT_REASONS
from lokus.registry._schema import CANONICAL_COLUMNS, REGISTRY_TABLE, Column, registry_ddl

__all__ = [
    "CANONICAL_COLUMNS",
    "REGISTRY_TABLE",
    "Column",
    "registry_ddl",
    "FORMATS",
    "FORMAT_CHOICES",
    "REGISTRY_SPEC",
    "IngestSummary",
    "Progress",
    "ingest_registry",
    "ALL_REASONS",
    "HARD_REASONS",
    "SOFT_REASONS",
    "SnapshotDiff",
    "diff_snapshots",
]
