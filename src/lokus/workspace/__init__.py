"""The workspace: one DuckDB file holding every dataset snapshot and what was done with it.

``--workspace PATH``, else ``LOKUS_WORKSPACE``, else ``./lokus.duckdb``. Every write runs in one
transaction (:meth:`Workspace.transaction`): an interrupted or failed command leaves the previous
state intact.
"""

from lokus.workspace._workspace import (
    DEFAULT_WORKSPACE,
    SnapshotInfo,
    Workspace,
    resolve_workspace_path,
    sha256_file,
)

__all__ = ["DEFAULT_WORKSPACE", "SnapshotInfo", "Workspace", "resolve_workspace_path", "sha256_file"]
