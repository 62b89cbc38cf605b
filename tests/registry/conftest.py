from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from lokus.workspace import Workspace

TODAY = date(2026, 11, 27)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace(tmp_path / "ws.duckdb") as workspace:
        yield workspace


@pytest.fixture
def ingest(ws: Workspace):
    """``ingest(path, **options)`` → IngestSummary with a fixed 'today'."""
    from lokus.registry import ingest_registry

    def run(path: Path, **options):
        options.setdefault("today", TODAY)
        return ingest_registry(ws, path, **options)

    return run
