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


def test_publish_table_names_the_blanked_columns_by_their_headers(ready, monkeypatch):
    """The table says which counts were blanked by their headers in the output language ("KK desil 1"), never
    their keys (decile1_households), and the column fits an 80-column terminal beside the ranking."""
    rows = json.loads(ready("loci", "--publish", "--district", "18.04.04", "--format", "json").stdout)
    keys = {k.strip() for r in rows if r["suppressed"] for k in r["suppressed"].split(",")}
    assert keys and keys <= {"residents", "decile1_people", "decile1_households"}  # CSV/JSON keep the keys
    for lang, heads in (("id", {"residents": "Warga", "decile1_people": "Warga desil 1",
                                "decile1_households": "KK desil 1"}),
                        ("en", {"residents": "Residents", "decile1_people": "Decile-1 people",
                                "decile1_households": "Decile-1 households"})):
        for width in (80, 120):
            monkeypatch.setenv("COLUMNS", str(width))
            res = ready("--lang", lang, "loci", "--publish", "--district", "18.04.04")
            assert res.exit_code == 0, res.stderr
            assert all(len(line) <= width for line in res.stdout.splitlines())
            assert not any(k in res.stdout for k in keys)
            assert ("Disamarkan" if lang == "id" else "Suppressed") in res.stdout  # the column is shown
            # the last column's cells, the lines of a wrapped cell joined again
            last = " ".join(ln.split("│")[-2].strip() for ln in res.stdout.splitlines() if ln.startswith("│"))
            assert all(heads[k] in " ".join(last.split()) for k in keys), res.stdout
