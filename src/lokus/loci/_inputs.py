"""Resolve a policy's inputs: snapshot names, "latest", stunting-loci files.

One resolver (:func:`resolve_with`) over an Ibis backend serves both the DuckDB workspace
(:class:`WorkspaceSnapshots`) and an engine's own tables without a workspace (:class:`TableSnapshots`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lokus.errors import ConfigError, InputFileError, WorkspaceError
from lokus.i18n import register
from lokus.loci._policy import Policy
from lokus.loci._region_data import require_data_in
from lokus.regions import is_national, load_regions
from lokus.workspace import MEASUREMENTS_TABLE, REGISTRY_TABLE, Kind, Workspace

__all__ = [
    "DEFAULT_REGION", "GROWTH_TABLE", "PolicyInputs", "SnapshotCatalogue", "TableSnapshots", "WorkspaceSnapshots",
    "default_region", "resolve_inputs", "resolve_with",
]

GROWTH_TABLE = MEASUREMENTS_TABLE
DEFAULT_REGION = "18.04"  # Lampung Barat, where the founding rule was written
_NONE = ("none", "")

register(
    {
        "error.policy.no_growth": {
            "id": "Kriteria {criteria} memerlukan data pertumbuhan balita (tabel {table}); muat data e-PPGBM dulu atau hapus kriteria itu.",
            "en": "Criteria {criteria} need child-growth data (table {table}); load e-PPGBM data first or remove those criteria.",
        },
    }
)


@dataclass(frozen=True)
class PolicyInputs:
    """Concrete inputs for one run: what "latest" meant, and the stunting-locus villages."""

    registry_snapshot: str
    stunting_source: str | None = None  # snapshot name or file path
    stunting_codes: tuple[str, ...] | None = None  # village codes; None: no list
    growth_snapshot: str | None = None
    region: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "registry": self.registry_snapshot, "stunting_loci": self.stunting_source,
            "growth": self.growth_snapshot, "region": self.region,
        }


def default_region(region: str | None = None, policy: Policy | None = None) -> str:
    """The region to rank: ``region``, else the policy's ``[filters] region``, else
    :data:`DEFAULT_REGION` (Lampung Barat, 18.04)."""
    return region or (policy.filters.region if policy is not None else None) or DEFAULT_REGION


def check_loci_inside(codes: list[str] | tuple[str, ...], region: str | None) -> None:
    """Refuse stunting-locus villages outside ``region`` with one message naming them."""
    if not region:
        return
    prefix = load_regions().get(region).code + "."
    outside = sorted(c for c in codes if not c.startswith(prefix))
    if outside:
        raise InputFileError("error.loci.outside", district=region, codes=", ".join(outside[:10]))


def _is_file(value: str) -> bool:
    return Path(value).suffix.lower() in (".csv", ".txt", ".tsv") or Path(value).is_file()


class SnapshotCatalogue:
    """Where snapshot names come from: a workspace's catalogue, or the tables of an engine.

    The one input resolver (:func:`resolve_with`) asks this for names; both implementations answer
    with the newest last, and refuse an unknown name with one sentence listing the ones there are.
    """

    def __init__(self, be: Any) -> None:
        self.be = be  # the Ibis backend the stunting-loci codes are read from

    def registry(self, value: str) -> str:
        raise NotImplementedError

    def has(self, kind: str, name: str) -> bool:
        raise NotImplementedError

    def names(self, kind: str) -> list[str]:
        raise NotImplementedError

    def check(self, kind: str, name: str) -> str:
        raise NotImplementedError

    def growth(self, value: str, criteria: list[str]) -> str:
        raise NotImplementedError

    def area(self, kind: str, name: str) -> str | None:
        """The region a snapshot was derived for (a Kemendagri code or ``national``), None when unknown."""
        return None


class WorkspaceSnapshots(SnapshotCatalogue):
    """Snapshot names from a DuckDB workspace's catalogue (recorded order: newest last)."""

    def __init__(self, ws: Workspace, be: Any = None) -> None:
        if be is None:
            from lokus.engine import backend

            be = backend(ws.con)
        super().__init__(be)
        self.ws = ws

    def registry(self, value: str) -> str:
        return self.ws.resolve_snapshot(Kind.registry, None if value == "latest" else value)

    def has(self, kind: str, name: str) -> bool:
        return self.ws.find_snapshot(name) is not None

    def names(self, kind: str) -> list[str]:
        return [s.name for s in self.ws.snapshots(kind)]

    def check(self, kind: str, name: str) -> str:
        return self.ws.snapshot(name, kind).name

    def growth(self, value: str, criteria: list[str]) -> str:
        return _resolve_growth(self.ws, value, criteria)

    def area(self, kind: str, name: str) -> str | None:
        import json

        info = self.ws.find_snapshot(name)
        region = json.loads(info.details or "{}").get("region") if info is not None else None
        return str(region) if region else None


class TableSnapshots(SnapshotCatalogue):
    """Snapshot names read from the ``snapshot`` column of the engine's own tables (no workspace).

    On a cluster "latest" is the greatest name, so snapshots should be named so that they sort by
    date (e.g. ``p3ke-2024-06``) or be given explicitly.
    """

    _TABLES = {"registry": "registry", "stunting_loci": "stunting_loci", "growth": GROWTH_TABLE}

    def __init__(self, be: Any) -> None:
        super().__init__(be)
        self._seen: dict[str, list[str]] = {}  # each question is a job on Spark: asked once per table

    def _names(self, table: str) -> list[str]:
        from lokus.engine import has_table

        if table not in self._seen:
            found: list[str] = []
            if has_table(self.be, table):
                t = self.be.table(table)
                found = sorted(r["snapshot"] for r in t.select("snapshot").distinct().to_pyarrow().to_pylist())
            self._seen[table] = found
        return self._seen[table]

    def _pick(self, table: str, value: str) -> str:
        names = self._names(table)
        if value == "latest" and names:
            return names[-1]
        if value in names:
            return value
        if not names:  # the table is not configured (or empty): say where tables come from on an engine
            raise WorkspaceError("error.engine.no_table", engine=getattr(self.be, "name", "spark"), table=table)
        raise WorkspaceError("error.workspace.no_snapshot", name=value, path=table,
                             available=", ".join(names) or "-")

    def registry(self, value: str) -> str:
        return self._pick("registry", value)

    def has(self, kind: str, name: str) -> bool:
        return name in self._names(self._TABLES[kind])

    def names(self, kind: str) -> list[str]:
        return self._names(self._TABLES[kind])

    def check(self, kind: str, name: str) -> str:
        return self._pick(self._TABLES[kind], name)

    def growth(self, value: str, criteria: list[str]) -> str:
        if value.lower() in _NONE or not self._names(GROWTH_TABLE):
            raise ConfigError("error.policy.no_growth", criteria=", ".join(criteria), table=GROWTH_TABLE,
                              key="inputs.growth", value=value, valid_values="-")
        return self._pick(GROWTH_TABLE, value)


def resolve_inputs(
    ws: Workspace,
    policy: Policy,
    *,
    registry: str | None = None,
    stunting_loci: str | None = None,
    growth: str | None = None,
    region: str | None = None,
) -> PolicyInputs:
    """Command-line values override the policy's ``[inputs]``; "latest" picks the newest snapshot."""
    return resolve_with(WorkspaceSnapshots(ws), policy, registry=registry, stunting_loci=stunting_loci,
                        growth=growth, region=region)


def resolve_with(
    snapshots: SnapshotCatalogue,
    policy: Policy,
    *,
    registry: str | None = None,
    stunting_loci: str | None = None,
    growth: str | None = None,
    region: str | None = None,
) -> PolicyInputs:
    """The one input resolver: command-line values override the policy's ``[inputs]``, "latest"
    picks the newest snapshot ``snapshots`` knows, a stunting-loci list may be a CSV file; the
    stunting-locus village codes are read through the catalogue's Ibis backend."""
    from lokus.loci._stunting import STUNTING_LOCI_TABLE, read_stunting_loci_file

    region = region or policy.filters.region
    if region and is_national(region):  # the whole country: every village, no region filter
        region = None
    if region:
        region = load_regions().get(region).code

    reg = snapshots.registry(registry or policy.inputs.registry)
    require_data_in(snapshots.be.table(REGISTRY_TABLE), reg, region)  # not a listing of zeros

    loci = stunting_loci or policy.inputs.stunting_loci
    if not stunting_loci and policy.source and _is_file(loci) and not Path(loci).is_absolute():
        beside = Path(policy.source).parent / loci  # a file named in a policy file is read beside it
        loci = str(beside) if beside.exists() else loci
    source: str | None = None
    codes: tuple[str, ...] | None = None
    if loci.lower() not in _NONE:
        if _is_file(loci) and not snapshots.has("stunting_loci", loci):
            parsed = read_stunting_loci_file(loci, district=region)
            source, codes = loci, tuple(parsed.codes)
        else:
            if loci == "latest":
                names = snapshots.names("stunting_loci")
                loci = names[-1] if names else ""
            else:
                loci = snapshots.check("stunting_loci", loci)
            if loci:
                t = snapshots.be.table(STUNTING_LOCI_TABLE)
                rows = t.filter(t.snapshot == loci).select("village_code").distinct().to_pyarrow()
                source, codes = loci, tuple(sorted(rows.column("village_code").to_pylist()))
        if codes is not None and source is not None and region and _covers(snapshots.area("stunting_loci", source),
                                                                             region):
            # Loci derived for a larger area (the province, the whole country): the part inside this one.
            codes = tuple(c for c in codes if c.startswith(region + "."))
        if codes is not None:
            check_loci_inside(codes, region)

    needs_growth = [c.name for c in policy.criteria if c.kind.needs(c).growth]
    growth_snap: str | None = None
    if needs_growth:
        growth_snap = snapshots.growth(growth or policy.inputs.growth, needs_growth)
    return PolicyInputs(reg, source, codes, growth_snap, region)


def _covers(area: str | None, region: str) -> bool:
    """Whether a snapshot derived for ``area`` covers all of ``region`` (the whole country, or a parent)."""
    if not area:
        return False
    return is_national(area) or region.startswith(area + ".")


def _resolve_growth(ws: Workspace, value: str, criteria: list[str]) -> str:
    missing = ConfigError("error.policy.no_growth", criteria=", ".join(criteria), table=GROWTH_TABLE,
                          key="inputs.growth", value=value, valid_values="-")
    if value.lower() in _NONE or not ws.has_table(GROWTH_TABLE):
        raise missing
    names = [r[0] for r in ws.con.execute(f"SELECT DISTINCT snapshot FROM {GROWTH_TABLE} ORDER BY 1").fetchall()]
    if value != "latest":
        if value not in names:
            raise WorkspaceError("error.workspace.no_snapshot", name=value, path=str(ws.path),
                                 available=", ".join(names) or "-")
        return value
    recorded = [s.name for s in ws.snapshots() if s.name in names]
    if recorded:
        return recorded[-1]
    if not names:
        raise missing
    return names[-1]
