"""`lokus loci --publish` through the CLI: small cells and their complements blanked, the pattern recorded."""

from __future__ import annotations

import json

from lokus.workspace import Workspace


def test_publish_blanks_small_cells_with_complements_and_records_them(ready, workspace_path):
    res = ready("loci", "--publish", "--district", "18.04.04", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    for r in rows:
        for col in ("residents", "decile1_people", "decile1_households"):
            assert r[col] is None or r[col] == 0 or r[col] >= 10
    blanks = [r for r in rows if r["suppressed"]]
    assert blanks and all(r["decile1_share"] is None for r in blanks)
    with Workspace(workspace_path, read_only=True) as ws:
        n = ws.con.execute("SELECT count(*) FROM published_cells").fetchone()[0]
        codes = {r[0] for r in ws.con.execute("SELECT code FROM published_cells").fetchall()}
    assert "18.04.04" in codes and n == 3 * len(codes)  # villages + the kecamatan total, three counts
    again = json.loads(ready("loci", "--publish", "--district", "18.04.04", "--format", "json").stdout)
    assert again == rows
    with Workspace(workspace_path, read_only=True) as ws:
        assert ws.con.execute("SELECT count(*) FROM published_cells").fetchone()[0] == n
