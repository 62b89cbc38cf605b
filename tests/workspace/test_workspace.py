import pytest

from lokus.errors import WorkspaceError
from lokus.workspace import Workspace, resolve_workspace_path


def test_resolution_order(monkeypatch, tmp_path):
    monkeypatch.delenv("LOKUS_WORKSPACE", raising=False)
    assert str(resolve_workspace_path()) == "lokus.duckdb"
    monkeypatch.setenv("LOKUS_WORKSPACE", str(tmp_path / "env.duckdb"))
    assert resolve_workspace_path() == tmp_path / "env.duckdb"
    assert resolve_workspace_path(tmp_path / "x.duckdb") == tmp_path / "x.duckdb"


def test_snapshot_recorded(workspace_path):
    with Workspace(workspace_path) as ws:
        with ws.transaction():
            ws.record_snapshot("dtks-2020", "registry", source_file="a.csv", sha256="ab", rows_read=3, rows=2,
                               quarantined=1)
        snap = ws.snapshot("dtks-2020")
        assert (snap.rows, snap.quarantined, snap.kind) == (2, 1, "registry")
        assert snap.lokus_version


def test_failed_write_leaves_previous_state(workspace_path):
    with Workspace(workspace_path) as ws:
        with ws.transaction():
            ws.record_snapshot("a", "registry", source_file=None, sha256=None, rows_read=1, rows=1)
        with pytest.raises(RuntimeError):
            with ws.transaction():
                ws.record_snapshot("b", "registry", source_file=None, sha256=None, rows_read=1, rows=1)
                raise RuntimeError("boom")
        assert [s.name for s in ws.snapshots()] == ["a"]


def test_missing_snapshot_lists_available(workspace_path):
    with Workspace(workspace_path) as ws:
        with pytest.raises(WorkspaceError) as info:
            ws.snapshot("nope")
    assert "nope" in info.value.message("en")


def test_a_snapshot_of_another_kind_is_named_as_such(workspace_path):
    with Workspace(workspace_path) as ws:
        with ws.transaction():
            ws.record_snapshot("reg", "registry", source_file=None, sha256=None, rows_read=1, rows=1)
            ws.record_snapshot("mA", "measurements", source_file=None, sha256=None, rows_read=1, rows=1)
        with pytest.raises(WorkspaceError) as info:
            ws.resolve_snapshot("registry", "mA")
    assert info.value.message("en") == (
        "Snapshot 'mA' holds measurements data, not registry; registry snapshots available: reg.")
    assert "bukan registry" in info.value.message("id")


def test_read_only_missing_workspace(tmp_path):
    with pytest.raises(WorkspaceError):
        Workspace(tmp_path / "none.duckdb", read_only=True)


def test_a_workspace_of_a_newer_lokus_is_not_written(workspace_path):
    """Opening for writing would mark the file with this lokus's older schema: refused with one sentence;
    reading it is allowed."""
    with Workspace(workspace_path) as ws:
        ws.con.execute("UPDATE lokus_meta SET value = '99' WHERE key = 'schema_version'")
    before = workspace_path.read_bytes()
    with pytest.raises(WorkspaceError) as err:
        Workspace(workspace_path)
    assert err.value.key == "error.workspace.newer" and "99" in err.value.message("en")
    with Workspace(workspace_path, read_only=True) as view:
        assert view.schema_version == 99
    assert workspace_path.read_bytes() == before


def test_a_snapshot_loaded_again_after_an_erasure_counts_none_of_it(tmp_path):
    """Erasures are told apart from a snapshot's content by time, and snapshots keep whole seconds: one loaded
    again in the second of an erasure is still later than it (``erased_rows`` counts the old content's erasure
    only until the snapshot is replaced)."""
    from datetime import UTC, datetime

    from lokus.workspace import DDL, ERASURES_TABLE

    with Workspace(tmp_path / "ws.duckdb") as ws:
        ws.con.execute(DDL[ERASURES_TABLE])
        with ws.transaction():
            ws.record_snapshot("reg", "registry", source_file="a.csv", sha256="a", rows_read=2, rows=2)
        erased = datetime.now(UTC).replace(tzinfo=None)
        ws.con.execute(f"INSERT INTO {ERASURES_TABLE} VALUES (?, 'registry', 'reg', 1)", [erased])
        assert ws.erased_rows() == {"reg": 1}
        with ws.transaction():  # at once, in the same second
            info = ws.record_snapshot("reg", "registry", source_file="b.csv", sha256="b", rows_read=1, rows=1)
        assert info.created_at > erased
        assert ws.erased_rows() == {}
