import pytest

from lokus.privacy import audit, audit_entries
from lokus.workspace import Workspace


def test_audit_trail(workspace_path, monkeypatch):
    monkeypatch.setenv("LOKUS_USER", "analis-bappeda")
    with Workspace(workspace_path) as ws:
        assert audit_entries(ws).num_rows == 0
        audit(ws, "quarantine.export", target="p3ke-2022", rows=160, scope="18.04", output="q.csv")
        audit(ws, "quarantine.list", target="p3ke-2022", rows=20)
        rows = audit_entries(ws).to_pylist()
    with Workspace(workspace_path, read_only=True) as ro, pytest.raises(RuntimeError):
        audit(ro, "quarantine.list", target="p3ke-2022", rows=20)
    assert [r["action"] for r in rows] == ["quarantine.list", "quarantine.export"]
    assert rows[1]["user_name"] == "analis-bappeda" and rows[1]["rows"] == 160


def test_quarantine_views_are_audited(cli, tmp_path, workspace_path):
    f = tmp_path / "reg.csv"
    f.write_text(
        "id_keluarga_p3ke,kode_kemdagri,desil_kesejahteraan,nik,nama\n"
        "H1,1804042002,1,1804045607900001,SITI\n"
        "H1,1804042002,1,1.80404E+15,BUDI\n",
        encoding="utf-8",
    )
    assert cli("ingest", "registry", str(f), "--snapshot", "r").exit_code == 0
    assert cli("quarantine", "list", "--snapshot", "r", "--format", "json").exit_code == 0
    assert cli("quarantine", "export", "--snapshot", "r", "--out", str(tmp_path / "q.csv")).exit_code == 0
    with Workspace(workspace_path) as ws:
        actions = [r["action"] for r in audit_entries(ws).to_pylist()]
    assert actions == ["quarantine.export", "quarantine.list"]
