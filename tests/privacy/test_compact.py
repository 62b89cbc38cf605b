"""lokus workspace compact: the file shrinks to its live data; retention of quarantine and audit detail."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from lokus.errors import WorkspaceError
from lokus.privacy import audit, entries_touching, verify_chain
from lokus.workspace import Workspace
from lokus.workspace._compact import apply_retention, compact_workspace

NIK = "1804045703940007"


def test_compact_reclaims_what_a_replaced_load_left(workspace_path):
    with Workspace(workspace_path) as ws:
        audit(ws, "quarantine.list", target="r", rows=1, records=[NIK])
        ws.con.execute("CREATE TABLE junk AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(400000)")
        ws.con.execute("CHECKPOINT")
        ws.con.execute("DROP TABLE junk")  # a replaced or abandoned load
        ws.con.execute("CHECKPOINT")
        tables = sorted(r[0] for r in ws.con.execute("SELECT table_name FROM information_schema.tables").fetchall())
    before, after = compact_workspace(workspace_path)
    assert after < before / 3, (before, after)
    assert workspace_path.stat().st_size == after
    assert not list(workspace_path.parent.glob(".*compact*"))
    with Workspace(workspace_path) as ws:
        assert sorted(r[0] for r in ws.con.execute("SELECT table_name FROM information_schema.tables")
                      .fetchall()) == tables
        assert verify_chain(ws).ok and entries_touching(ws, NIK).num_rows == 1


def test_compact_refuses_an_open_workspace_and_leaves_it_intact(workspace_path):
    import multiprocessing

    with Workspace(workspace_path) as ws:
        audit(ws, "quarantine.list", target="r", rows=1)
    size = workspace_path.stat().st_size
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    p = ctx.Process(target=_hold_open, args=(str(workspace_path), ready, done))
    p.start()
    try:
        assert ready.wait(30)
        with pytest.raises(WorkspaceError):
            compact_workspace(workspace_path)
    finally:
        done.set()
        p.join(30)
    assert workspace_path.stat().st_size == size
    with Workspace(workspace_path, read_only=True) as ws:
        assert verify_chain(ws).ok


def _hold_open(path, ready, done):
    import duckdb

    con = duckdb.connect(path)
    ready.set()
    done.wait(30)
    con.close()


def test_retention_of_quarantine_and_audit_detail(workspace_path, monkeypatch):
    import lokus.privacy._audit as audit_module

    old = datetime.now() - timedelta(days=400)

    class LastYear(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) - timedelta(days=400)

    with Workspace(workspace_path) as ws:
        ws.con.execute("CREATE TABLE registry_quarantine (snapshot VARCHAR, raw VARCHAR, quarantined_at TIMESTAMP)")
        ws.con.execute("INSERT INTO registry_quarantine VALUES ('r', 'a', ?), ('r', 'b', now())", [old])
        with monkeypatch.context() as m:
            m.setattr(audit_module, "datetime", LastYear)
            audit(ws, "worklist.export", target="a", rows=1, records=[NIK])
        audit(ws, "worklist.export", target="b", rows=1, records=[NIK])
        q, d, qd, dd = apply_retention(ws, quarantine_days=365, audit_detail_days=None)
        assert (q, d, qd, dd) == (1, 0, 365, None)
        assert ws.con.execute("SELECT raw FROM registry_quarantine").fetchall() == [("b",)]
        q, d, _, _ = apply_retention(ws, audit_detail_days=365)
        assert (q, d) == (0, 1)  # the identifier of last year's view is blanked, this year's kept
        assert [r["target"] for r in entries_touching(ws, NIK).to_pylist()] == ["b"]
        assert verify_chain(ws).ok
        actions = [r[0] for r in ws.con.execute("SELECT action FROM audit_log ORDER BY seq").fetchall()]
    assert actions[-1] == "workspace.retention"


def test_cli_compact(cli, workspace_path, monkeypatch):
    monkeypatch.setenv("LOKUS_QUARANTINE_RETENTION_DAYS", "30")
    with Workspace(workspace_path) as ws:
        audit(ws, "quarantine.list", target="r", rows=1)
    res = cli("workspace", "compact", "--lang", "en")
    assert res.exit_code == 0, res.stderr
    assert "Workspace rewritten" in res.stdout and "Retention" in res.stdout
    monkeypatch.setenv("LOKUS_QUARANTINE_RETENTION_DAYS", "soon")
    res = cli("workspace", "compact")
    assert res.exit_code == 2 and "Traceback" not in res.stderr
