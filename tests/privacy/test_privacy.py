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
