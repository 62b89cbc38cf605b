"""The workspace: one DuckDB file holding every dataset snapshot and what was done with it.

``--workspace PATH``, else ``LOKUS_WORKSPACE``, else ``./lokus.duckdb``. Every write runs in one
transaction (:meth:`Workspace.transaction`): an interrupted or failed command leaves the previous
state intact. The table catalogue (names, DDL, snapshot kinds) lives here too.
"""

from lokus.workspace._catalogue import (
    DDL,
    ERASED_TABLE,
    ERASURES_TABLE,
    INDICATOR_VALUES_TABLE,
    INTERVENTIONS_TABLE,
    LEGACY_QUARANTINE_TABLES,
    MEASUREMENTS_TABLE,
    META_TABLE,
    QUARANTINE_TABLE,
    RECIPIENTS_TABLE,
    REGIONS_TABLE,
    REGISTRY_TABLE,
    SNAPSHOTS_TABLE,
    STUNTING_LOCI_TABLE,
    Kind,
    ensure_tables,
    snapshot_column,
)
from lokus.workspace._workspace import (
    DEFAULT_WORKSPACE,
    SameFileOtherDistrictError,
    SnapshotInfo,
    Workspace,
    check_snapshot_name,
    describe_snapshot,
    require_accepted,
    resolve_workspace_path,
    sha256_file,
    workspace_error,
)

__all__ = [
    "DDL",
    "DEFAULT_WORKSPACE",
    "ERASED_TABLE",
    "ERASURES_TABLE",
    "INDICATOR_VALUES_TABLE",
    "INTERVENTIONS_TABLE",
    "LEGACY_QUARANTINE_TABLES",
    "MEASUREMENTS_TABLE",
    "META_TABLE",
    "QUARANTINE_TABLE",
    "RECIPIENTS_TABLE",
    "REGIONS_TABLE",
    "REGISTRY_TABLE",
    "SameFileOtherDistrictError",
    "SNAPSHOTS_TABLE",
    "STUNTING_LOCI_TABLE",
    "Kind",
    "SnapshotInfo",
    "Workspace",
    "check_snapshot_name",
    "describe_snapshot",
    "ensure_tables",
    "snapshot_column",
    "require_accepted",
    "resolve_workspace_path",
    "sha256_file",
    "workspace_error",
]
