import json

from lokus.registry import registry_ddl
from lokus.workspace import Workspace


def _seed(path):
    with Workspace(path) as ws, ws.transaction() as con:
        for stmt in registry_ddl():
            con.execute(stmt)
        con.executemany(
            "INSERT INTO registry (snapshot, nik, household_id, village_code, decile) VALUES (?, ?, ?, ?, ?)",
            [("reg", f"{i:016d}", f"h{i // 2}", "18.04.04.2002", 1) for i in range(4)]
            + [("reg", f"{i:016d}", f"h{i}", "18.04.04.2004", 1) for i in range(4, 6)],
        )
        ws.record_snapshot("reg", "registry", source_file="x.csv", sha256="0", rows_read=6, rows=6)


def test_loci_json(cli, workspace_path):
    _seed(workspace_path)
    res = cli("loci", "--top", "2", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert [r["code"] for r in rows] == ["18.04.04.2002", "18.04.04.2004"]
    assert rows[0]["decile1_people"] == 4 and rows[0]["decile1_households"] == 2
    assert rows[1]["decile1_households"] == 2 and rows[1]["decile1_people"] == 2


def test_loci_out_csv(cli, workspace_path, tmp_path):
    _seed(workspace_path)
    out = tmp_path / "rank.csv"
    res = cli("loci", "--out", str(out))
    assert res.exit_code == 0
    assert out.read_text().count("\n") == 137


def test_loci_without_workspace(cli):
    res = cli("loci")
    assert res.exit_code != 0
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_loci_unknown_snapshot(cli, workspace_path):
    _seed(workspace_path)
    res = cli("loci", "--registry", "nope", "--lang", "en")
    assert res.exit_code != 0
    assert "nope" in res.stderr and "reg" in res.stderr


def test_stunting_loci_missing_file(cli):
    res = cli("ingest", "stunting-loci", "does-not-exist.csv", "--snapshot", "s")
    assert res.exit_code != 0
    assert "does-not-exist.csv" in res.stderr and "Traceback" not in res.stderr


def test_stunting_loci_not_a_table(cli, tmp_path):
    bad = tmp_path / "loci.csv"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe")
    res = cli("ingest", "stunting-loci", str(bad), "--snapshot", "s")
    assert res.exit_code != 0
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
