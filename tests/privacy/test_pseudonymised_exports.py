"""Pseudonymised exports hold no 16-digit NIK, no KK, no source household id and no name."""

from __future__ import annotations

import re

import pytest

from lokus.workspace import Workspace
from tests.convergence import fixture


def _cells(path) -> list[str]:
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        return [str(c) for name in wb.sheet_names for row in wb.get_sheet_by_name(name).to_python() for c in row]
    return re.split(r"[,\n\r\"]+", path.read_text(encoding="utf-8-sig"))


def _identifiers(workspace_path) -> dict[str, set[str]]:
    with Workspace(workspace_path, read_only=True) as ws:
        rows = ws.con.execute("SELECT nik, kk, household_id, name FROM registry").fetchall()
    return {"nik": {r[0] for r in rows}, "kk": {r[1] for r in rows}, "household_id": {r[2] for r in rows},
            "name": {r[3] for r in rows}}


@pytest.mark.parametrize("args", [
    ("worklist", "--office", "dinsos", "--region", "all"),
    ("worklist", "--office", "bpjs", "--region", "all"),  # dinkes: STUNTING has no list (no data, no gaps)
    ("worklist", "--village", "18.04.04.2002"),
    ("stunting-risk", "--region", "all"),
])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_pseudonymised_exports_hold_no_identifier(ready, workspace_path, tmp_path, args, suffix):
    out = tmp_path / f"export{suffix}"
    res = ready(*args, "--pseudonymise", "--out", out, "--format", "csv")
    assert res.exit_code == 0, res.stderr
    ids = _identifiers(workspace_path)
    for where, cells in (("file", _cells(out)), ("stdout", re.split(r"[,\n\"]+", res.stdout))):
        text = "\n".join(cells)
        # a 16-digit number standing alone (a pseudonym's 20 hex characters may hold a run of 16 digits by
        # chance, ``NIK-1234567890123456abcd``: that is not a NIK; the real NIKs are checked below as well)
        assert not re.search(r"(?<![\w-])\d{16}(?!\w)", text), where
        found = {c.strip() for c in cells}
        for kind, values in ids.items():
            assert not (found & values), (where, kind, found & values)
        for person in fixture.PEOPLE:
            assert person["name"] not in text
    assert any(c.startswith("RT-") for c in _cells(out)) or "stunting-risk" in args
