"""Small hand-computed fixtures for the policy tests (Lampung Barat villages, synthetic people)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lokus.registry import registry_ddl
from lokus.workspace import Workspace

A = "18.04.04.2002"  # Kubu Perahu, Balik Bukit
B = "18.04.04.2006"  # Way Empulau Ulu, Balik Bukit
C = "18.04.05.2001"  # Simpangsari, Sumber Jaya
D = "18.04.05.2010"  # Sumber Jaya


def household(village: str, hh: str, deciles: list[int], start: int, snapshot: str = "s") -> list[tuple]:
    return [(snapshot, f"{start + i:016d}", hh, village, d) for i, d in enumerate(deciles)]


# A: 10 residents, 5 in decile 1 (2 households), 3 households in deciles 1-2, share 0.5
# B: 4 residents, 3 in decile 1 (3 households), 3 households in deciles 1-2, share 0.75
# C: 8 residents, 2 in decile 1 (1 household), 1 household in deciles 1-2, share 0.25
# D: 4 residents, none in decile 1, 2 households in decile 2, share 0
GOLDEN_ROWS = (
    household(A, "a1", [1, 1, 1], 100) + household(A, "a2", [1, 1], 110) + household(A, "a3", [2] * 5, 120)
    + household(B, "b1", [1], 200) + household(B, "b2", [1], 210) + household(B, "b3", [1], 220)
    + household(B, "b4", [3], 230)
    + household(C, "c1", [1, 1], 300) + household(C, "c2", [5] * 6, 310)
    + household(D, "d1", [2, 2], 400) + household(D, "d2", [2, 2], 410)
)

# (village, zlen, flen): A 1 of 4 stunted (0.25); B 2 of 2 (1.0); D 1 of 2 valid (0.5); C none.
GROWTH_ROWS = [
    (A, -2.5, 0), (A, -1.0, 0), (A, 0.0, 0), (A, 0.5, 0),
    (B, -3.0, 0), (B, -2.1, 0),
    (D, -3.0, 1), (D, -3.0, 0), (D, 0.0, 0), (D, None, 0),
]


def insert_registry(ws: Workspace, rows: list[tuple], snapshot: str | None = None) -> None:
    with ws.transaction() as con:
        for stmt in registry_ddl():
            con.execute(stmt)
        con.executemany(
            "INSERT INTO registry (snapshot, nik, household_id, village_code, decile) VALUES (?, ?, ?, ?, ?)", rows
        )
        if snapshot:
            ws.record_snapshot(snapshot, "registry", source_file=None, sha256=None, rows_read=len(rows),
                               rows=len(rows))


def insert_growth(ws: Workspace, rows: list[tuple], snapshot: str = "g") -> None:
    with ws.transaction() as con:
        con.execute(
            "CREATE TABLE IF NOT EXISTS growth_measurements "
            "(snapshot VARCHAR, village_code VARCHAR, zlen DOUBLE, flen INTEGER)"
        )
        con.executemany("INSERT INTO growth_measurements VALUES (?, ?, ?, ?)", [(snapshot, *r) for r in rows])


@pytest.fixture
def golden_ws(workspace_path: Path):
    ws = Workspace(workspace_path)
    insert_registry(ws, GOLDEN_ROWS, snapshot="s")
    insert_growth(ws, GROWTH_ROWS)
    yield ws
    ws.close()
