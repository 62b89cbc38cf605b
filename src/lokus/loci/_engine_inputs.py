"""Resolve a policy's inputs on any Ibis backend, without a DuckDB workspace (the Spark path).

A thin name for :func:`lokus.loci._inputs.resolve_with` over :class:`TableSnapshots`: the snapshots
live in the configured tables themselves (``registry``, ``growth_measurements``, ``stunting_loci``).
"""

from __future__ import annotations

from typing import Any

from lokus.loci._inputs import PolicyInputs, TableSnapshots, resolve_with
from lokus.loci._policy import Policy

__all__ = ["resolve_inputs_on"]


def resolve_inputs_on(
    be: Any,
    policy: Policy,
    *,
    registry: str | None = None,
    stunting_loci: str | None = None,
    growth: str | None = None,
    region: str | None = None,
) -> PolicyInputs:
    """Like :func:`lokus.loci.resolve_inputs`, reading snapshot names from the backend's tables."""
    return resolve_with(TableSnapshots(be), policy, registry=registry, stunting_loci=stunting_loci,
                        growth=growth, region=region)
