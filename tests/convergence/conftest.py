from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from lokus.workspace import Workspace
from tests.convergence import fixture

TODAY = date(2024, 7, 15)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace(tmp_path / "ws.duckdb") as workspace:
        yield workspace


@pytest.fixture
def loaded(ws: Workspace, tmp_path: Path) -> Workspace:
    """The fixture registry and every list of :mod:`fixture`, period 2024-06."""
    from lokus.convergence import ingest_programs
    from lokus.registry import ingest_registry

    ingest_registry(ws, fixture.write_registry(tmp_path / "reg.csv"), snapshot="reg-2024", fmt="canonical",
                    today=TODAY)
    for code, path in fixture.write_lists(tmp_path).items():
        ingest_programs(ws, path, program=code, period="2024-06", today=TODAY)
    return ws
