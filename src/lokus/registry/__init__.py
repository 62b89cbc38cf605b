"""The social registry (DTKS, P3KE, DTSEN): canonical schema, ingest, quarantine, snapshots."""

from lokus.registry._diff import SnapshotDiff, diff_snapshots
from lokus.registry._formats import FORMATS, REGISTRY_SPEC
from lokus.registry._ingest import FORMAT_CHOICES, IngestSummary, Progress, ingest_registry
from lokus.registry._quarantine import export_quarantine, quarantine_rows, resolve_snapshot
from lokus.registry._reasons import ALL_REASONS, HARD_REASONS, SOFT_REASONS
from lokus.registry._schema import CANONICAL_COLUMNS, QUARANTINE_TABLE, REGISTRY_TABLE, Column, registry_ddl

__all__ = [
    "CANONICAL_COLUMNS",
    "REGISTRY_TABLE",
    "QUARANTINE_TABLE",
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
    "export_quarantine",
    "quarantine_rows",
    "resolve_snapshot",
]
