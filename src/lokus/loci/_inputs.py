"""Resolve a policy's inputs against a workspace: snapshot names, "latest", stunting-loci files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lokus.errors import ConfigError, InputFileError, WorkspaceError
from lokus.i18n import register
from lokus.loci._policy import Policy
from lokus.regions import load_regions
from lokus.workspace import MEASUREMENTS_TABLE, Kind, Workspace

__all__ = ["DEFAULT_REGION", "GROWTH_TABLE", "PolicyInputs", "default_region", "resolve_inputs"]

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
    from lokus.loci._stunting import STUNTING_LOCI_TABLE, read_stunting_loci_file

    region = region or policy.filters.region
    if region:
        region = load_regions().get(region).code

    reg = registry or policy.inputs.registry
    if reg == "latest":
        reg = ws.resolve_snapshot(Kind.registry, None)
    else:
        ws.resolve_snapshot(Kind.registry, reg)

    loci = stunting_loci or policy.inputs.stunting_loci
    if not stunting_loci and policy.source and _is_file(loci) and not Path(loci).is_absolute():
        beside = Path(policy.source).parent / loci  # a file named in a policy file is read beside it
        loci = str(beside) if beside.exists() else loci
    source: str | None = None
    codes: tuple[str, ...] | None = None
    if loci.lower() not in _NONE:
        if _is_file(loci) and not ws.find_snapshot(loci):
            parsed = read_stunting_loci_file(loci, district=region)
            source, codes = loci, tuple(parsed.codes)
        else:
            if loci == "latest":
                snaps = ws.snapshots("stunting_loci")
                loci = snaps[-1].name if snaps else ""
            else:
                ws.snapshot(loci, "stunting_loci")
            if loci:
                rows = ws.con.execute(
                    f"SELECT DISTINCT village_code FROM {STUNTING_LOCI_TABLE} WHERE snapshot = ? ORDER BY 1",
                    [loci],
                ).fetchall()
                source, codes = loci, tuple(r[0] for r in rows)
        if codes is not None:
            check_loci_inside(codes, region)

    needs_growth = [c.name for c in policy.criteria if c.kind.needs(c).growth]
    growth_snap: str | None = None
    if needs_growth:
        growth_snap = _resolve_growth(ws, growth or policy.inputs.growth, needs_growth)
    return PolicyInputs(reg, source, codes, growth_snap, region)


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
