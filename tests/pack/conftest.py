"""The demo district's workspace, built once per session, and the pack built from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

MEETING_DATE = date(2026, 12, 1)


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from lokus.demo import run_demo

    base = tmp_path_factory.mktemp("packdemo")
    result = run_demo(base / "ws.duckdb", out_dir=base / "demo-output", seed=2022)
    return Path(result.workspace)


@pytest.fixture(scope="session")
def pack(demo_ws: Path, tmp_path_factory: pytest.TempPathFactory):
    """The demo pack, saving its gaps as meeting ``rakor-1`` (for the --since test)."""
    from lokus.pack import build_pack

    out = tmp_path_factory.mktemp("rakor")
    return build_pack(demo_ws, out_dir=out, meeting_date=MEETING_DATE, place="Liwa", save_meeting="rakor-1")
