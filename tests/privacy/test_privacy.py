import pyarrow as pa
import pytest

from lokus.errors import ConfigError
from lokus.privacy import audit, audit_entries, suppress_small_cells
from lokus.workspace import Workspace


def test_suppress_small_cells_keeps_zero_and_large():
    t = pa.table({"village": ["a", "b", "c", "d"], "people": [0, 1, 4, 5], "households": [0, 1, 2, 9]})
    out = suppress_small_cells(t, ["people", "households"])
    assert out["people"].to_pylist() == [0, None, None, 5]
    assert out["households"].to_pylist() == [0, None, None, 9]
    assert out["suppressed"].to_pylist() == [None, "people, households", "people, households", None]


def test_suppress_rejects_bad_options():
    t = pa.table({"people": [1]})
    with pytest.raises(ConfigError):
        suppress_small_cells(t, ["nope"])
    with pytest.raises(ConfigError):
        suppress_small_cells(t, ["people"], k=1)


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


def test_publishable_ranking_hides_what_reveals_a_small_count():
    from lokus.privacy import publishable_ranking

    t = pa.table({
        "rank": [1, 2], "code": ["a", "b"], "decile1_people": [40, 3], "decile1_households": [10, 1],
        "decile1_share": [0.2, 0.01], "coverage": [0.9, 1.0], "rank_decile1_people": [1, 2],
        "reason": ["#1: 40 warga", "#2: 3 warga"],
    })
    out = publishable_ranking(t).to_pylist()
    assert out[0]["decile1_people"] == 40 and out[0]["reason"] == "#1: 40 warga"
    assert out[1]["decile1_people"] is None and out[1]["decile1_households"] is None
    assert out[1]["decile1_share"] is None and out[1]["coverage"] is None
    assert "3" not in out[1]["reason"]
    assert out[1]["rank"] == 2 and out[1]["rank_decile1_people"] == 2
