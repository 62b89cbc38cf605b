"""Where coverage finds the names of its inputs: a DuckDB workspace's catalogue, or an engine's own tables.

:func:`lokus.convergence.compute_coverage` runs the same Ibis expressions on any backend; only the
*names* — which registry snapshot is the latest, which recipient list of each program counts, the
user's program catalogue — come from somewhere else on each engine:

- :class:`WorkspaceSources` (DuckDB, the default): the workspace's snapshot catalogue, in the order the
  snapshots were loaded, and the catalogue stored with ``lokus ingest programs --catalogue``;
- :class:`EngineSources` (Spark, no workspace): the ``snapshot`` columns of the tables named by
  ``LOKUS_SPARK_TABLES`` (``registry``, ``program_recipients``, ``interventions``, ``growth_measurements``,
  ``stunting_loci``). "Latest" is the greatest name (as :class:`lokus.loci.TableSnapshots`); a program's
  latest list is the one with the greatest ``period``, then the greatest snapshot name. The catalogue
  is the built-in one unless ``--catalogue`` names a file.
"""

from __future__ import annotations

import json
from typing import Any

from lokus.convergence._catalogue import Catalogue, load_catalogue
from lokus.convergence._features import GROWTH_TABLE
from lokus.convergence._ingest import RECIPIENTS_TABLE, program_snapshots
from lokus.convergence._store import workspace_catalogue
from lokus.errors import WorkspaceError
from lokus.loci._inputs import SnapshotCatalogue, TableSnapshots, WorkspaceSnapshots
from lokus.workspace import Workspace

__all__ = ["Sources", "WorkspaceSources", "EngineSources", "sources_for"]


class Sources:
    """The names :func:`compute_coverage` needs, over the Ibis backend ``be`` that holds the tables."""

    workspace: Workspace | None = None
    snapshots: SnapshotCatalogue

    def __init__(self, be: Any) -> None:
        self.be = be
        self._districts: dict[str, str | None] = {}

    def district(self, registry_snapshot: str) -> str | None:
        """:func:`lokus.convergence._loci.registry_district` of the snapshot, asked once."""
        from lokus.convergence._loci import registry_district

        if registry_snapshot not in self._districts:
            self._districts[registry_snapshot] = registry_district(self.be, registry_snapshot)
        return self._districts[registry_snapshot]

    def has_table(self, name: str) -> bool:
        from lokus.engine import has_table

        return has_table(self.be, name)

    def catalogue(self) -> Catalogue:
        raise NotImplementedError

    def registry(self, value: str | None) -> str:
        """``value`` (checked) or the latest registry snapshot."""
        raise NotImplementedError

    def latest_stunting(self) -> str | None:
        names = self.snapshots.names("stunting_loci")
        return names[-1] if names else None

    def latest_growth(self) -> str | None:
        raise NotImplementedError

    def program_lists(self) -> list[tuple[str, str, str | None]]:
        """(snapshot, program, period) of every recipient list, oldest first."""
        raise NotImplementedError

    def check_list(self, name: str) -> None:
        """Refuse a recipient-list snapshot that is not there (one sentence naming the ones there are)."""
        raise NotImplementedError

    def matched_here(self, names: list[str], registry_snapshot: str) -> bool:
        """Whether every list in ``names`` was matched against ``registry_snapshot`` when loaded
        (then their "not in the registry" verdicts are kept; otherwise rows are matched again)."""
        return False


class WorkspaceSources(Sources):
    """Names from a DuckDB workspace's snapshot catalogue."""

    def __init__(self, ws: Workspace, be: Any) -> None:
        super().__init__(be)
        self.workspace = ws
        self.snapshots = WorkspaceSnapshots(ws, be)

    def has_table(self, name: str) -> bool:
        assert self.workspace is not None
        return self.workspace.has_table(name)

    def catalogue(self) -> Catalogue:
        assert self.workspace is not None
        return workspace_catalogue(self.workspace)

    def registry(self, value: str | None) -> str:
        ws = self.workspace
        assert ws is not None
        if value:
            return ws.snapshot(value, "registry").name
        snaps = ws.snapshots("registry")
        if not snaps:
            raise WorkspaceError("convergence.no_registry", path=str(ws.path))
        return snaps[-1].name

    def latest_growth(self) -> str | None:
        ws = self.workspace
        assert ws is not None
        if not ws.has_table(GROWTH_TABLE):
            return None
        rows = ws.con.execute(f"SELECT DISTINCT snapshot FROM {GROWTH_TABLE}").fetchall()
        names = {r[0] for r in rows}
        ordered = [s.name for s in ws.snapshots() if s.name in names]
        if ordered:
            return ordered[-1]
        return max(names) if names else None

    def program_lists(self) -> list[tuple[str, str, str | None]]:
        assert self.workspace is not None
        return program_snapshots(self.workspace) if self.workspace.has_table("snapshots") else []

    def check_list(self, name: str) -> None:
        assert self.workspace is not None
        self.workspace.snapshot(name, "programs")

    def matched_here(self, names: list[str], registry_snapshot: str) -> bool:
        ws = self.workspace
        assert ws is not None
        if ws.schema_version < 3:  # an older lokus's verdicts (a view of a file not yet upgraded): decide here
            return False
        return all(json.loads(ws.snapshot(name).details or "{}").get("registry_snapshot") == registry_snapshot
                   for name in names)


class EngineSources(Sources):
    """Names from the ``snapshot`` columns of the engine's own tables (no workspace)."""

    def __init__(self, be: Any, catalogue: Catalogue | None = None) -> None:
        super().__init__(be)
        self.snapshots = TableSnapshots(be)
        self._catalogue = catalogue
        self._lists: list[tuple[str, str, str | None]] | None = None

    def catalogue(self) -> Catalogue:
        return self._catalogue or load_catalogue()

    def registry(self, value: str | None) -> str:
        return self.snapshots.registry(value or "latest")

    def latest_growth(self) -> str | None:
        names = self.snapshots.names("growth")
        return names[-1] if names else None

    def program_lists(self) -> list[tuple[str, str, str | None]]:
        if self._lists is None:
            rows: list[tuple[str, str, str | None]] = []
            if self.has_table(RECIPIENTS_TABLE):
                t = self.be.table(RECIPIENTS_TABLE)
                found = t.select("snapshot", "program", "period").distinct().to_pyarrow().to_pylist()
                rows = [(r["snapshot"], r["program"], r["period"]) for r in found]
            self._lists = sorted(rows, key=lambda r: (r[2] or "", r[0]))
        return self._lists

    def check_list(self, name: str) -> None:
        names = sorted({s for s, _, _ in self.program_lists()})
        if name not in names:
            raise WorkspaceError("error.workspace.no_snapshot", name=name, path=RECIPIENTS_TABLE,
                                 available=", ".join(names) or "-")


def sources_for(ws: Workspace | None, be: Any) -> Sources:
    """:class:`WorkspaceSources` over ``ws`` when there is one, else :class:`EngineSources` over ``be``."""
    return WorkspaceSources(ws, be) if ws is not None else EngineSources(be)
