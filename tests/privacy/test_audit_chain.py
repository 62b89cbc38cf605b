"""The audit trail is hash-chained: direct edits, inserts and deletes in the file are named."""

from __future__ import annotations

import json

import duckdb
import pytest

from lokus.privacy import acting_user, audit, audit_entries, chain_head, entries_touching, verify_chain
from lokus.privacy._audit import session_account
from lokus.workspace import Workspace

NIK = "1804045607900001"


@pytest.fixture
def logged(workspace_path, monkeypatch):
    monkeypatch.delenv("LOKUS_USER", raising=False)
    with Workspace(workspace_path) as ws:
        for i in range(1, 6):
            audit(ws, "worklist.export", target=f"t{i}", rows=i, scope="18.04", output=f"w{i}.xlsx",
                  records=[NIK, f"18040456079000{i:02d}"])
    return workspace_path


def _verify(path, head=None):
    with Workspace(path, read_only=True) as ws:
        return verify_chain(ws, head=head)


def _sql(path, sql, params=()):
    con = duckdb.connect(str(path))
    con.execute(sql, list(params))
    con.close()


def test_intact_chain_verifies(logged):
    r = _verify(logged)
    assert r.ok and r.rows == 5 and r.head_seq == 5


def test_update_is_named(logged):
    _sql(logged, "UPDATE audit_log SET user_name = 'someone-else' WHERE seq = 3")
    r = _verify(logged)
    assert [(p.kind, p.seq) for p in r.problems] == [("edited", 3)]


def test_delete_is_named(logged):
    _sql(logged, "DELETE FROM audit_log WHERE seq = 2")
    r = _verify(logged)
    assert [(p.kind, p.seq) for p in r.problems] == [("removed", 2)]
    assert "#2" in r.problems[0].message("en")


def test_insert_is_named_even_with_a_correct_hash(logged):
    from lokus.privacy._audit import row_hash

    con = duckdb.connect(str(logged))
    cols = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = 'audit_log' ORDER BY ordinal_position").fetchall()]
    row = dict(zip(cols, con.execute("SELECT * FROM audit_log WHERE seq = 3").fetchone(), strict=True))
    row.update(action="worklist.view", target="forged")
    row["row_hash"] = row_hash(row)  # an attacker who knows the algorithm
    con.execute(f"INSERT INTO audit_log VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols])
    con.close()
    r = _verify(logged)
    assert [(p.kind, p.seq) for p in r.problems] == [("inserted", 3)]


def test_insert_at_the_end_without_a_valid_hash(logged):
    _sql(logged, "INSERT INTO audit_log (seq, action, target, rows, prev_hash, row_hash) "
                 "VALUES (6, 'x', 'y', 1, 'abc', 'def')")
    assert [(p.kind, p.seq) for p in _verify(logged).problems] == [("edited", 6)]


def test_head_catches_truncation_of_the_newest_rows(logged, tmp_path):
    with Workspace(logged, read_only=True) as ws:
        head = chain_head(ws)
    assert head["seq"] == 5
    _sql(logged, "DELETE FROM audit_log WHERE seq >= 4")
    assert [p.kind for p in _verify(logged).problems] == ["detail", "detail"]  # orphaned details show it
    _sql(logged, "DELETE FROM audit_detail WHERE seq >= 4")  # a careful attacker removes those too
    assert _verify(logged).ok  # without the head a cut-off tail cannot be seen …
    r = _verify(logged, head=head)  # … with it, it can
    assert [(p.kind, p.seq) for p in r.problems] == [("truncated", 5)]


def test_detail_tampering_is_named(logged):
    _sql(logged, "UPDATE audit_detail SET record = '1804045607909999' WHERE seq = 4 AND record = ?", [NIK])
    assert [(p.kind, p.seq) for p in _verify(logged).problems] == [("detail", 4)]
    _sql(logged, "DELETE FROM audit_detail WHERE seq = 2")
    assert [(p.kind, p.seq) for p in _verify(logged).problems] == [("detail", 2), ("detail", 4)]


def test_chain_holds_no_clear_identifier(logged):
    con = duckdb.connect(str(logged), read_only=True)
    text = json.dumps(con.execute("SELECT * FROM audit_log").fetchall(), default=str)
    con.close()
    assert NIK not in text


def test_subject_access_and_erasure_keep_the_chain(logged):
    from lokus.privacy._audit import erase_records

    with Workspace(logged) as ws:
        assert entries_touching(ws, NIK).num_rows == 5
        with ws.transaction() as con:
            assert erase_records(con, NIK) == 5
        assert entries_touching(ws, NIK).num_rows == 0
        assert verify_chain(ws).ok


def test_user_comes_from_the_session_and_override_is_recorded(workspace_path, monkeypatch):
    real = session_account()
    monkeypatch.setenv("USER", "spoofed")
    monkeypatch.setenv("LOGNAME", "spoofed")
    monkeypatch.delenv("LOKUS_USER", raising=False)
    assert acting_user() == (real, real, "os")
    monkeypatch.setenv("LOKUS_USER", "operator-bappeda")
    assert acting_user() == ("operator-bappeda", real, "LOKUS_USER")
    assert acting_user("bidan.sari") == ("bidan.sari", "bidan.sari", "account")
    with Workspace(workspace_path) as ws:
        audit(ws, "quarantine.list", target="r", rows=1)
        audit(ws, "worklist.view", target="v", rows=2, user="peratin.way-petai")
        rows = audit_entries(ws).to_pylist()
    assert (rows[1]["user_name"], rows[1]["session_user"], rows[1]["user_source"]) == (
        "operator-bappeda", real, "LOKUS_USER")
    assert (rows[0]["user_name"], rows[0]["user_source"]) == ("peratin.way-petai", "account")


def test_old_audit_log_is_sealed_into_a_chain(workspace_path):
    with Workspace(workspace_path) as ws:
        ws.con.execute("CREATE TABLE audit_log (logged_at TIMESTAMP, user_name VARCHAR, action VARCHAR, "
                       "target VARCHAR, scope VARCHAR, rows BIGINT, pseudonymised BOOLEAN, output VARCHAR)")
        ws.con.execute("INSERT INTO audit_log VALUES (TIMESTAMP '2024-01-01 10:00:00', 'a', 'quarantine.list', "
                       "'r', NULL, 3, false, NULL)")
        audit(ws, "quarantine.list", target="r", rows=1)
        assert verify_chain(ws).ok
        assert [r["seq"] for r in audit_entries(ws).to_pylist()] == [2, 1]


class _Counting:
    """A connection that counts the catalogue queries made through it."""

    def __init__(self, con):
        self.con, self.catalogue = con, 0

    def execute(self, sql, *args):
        self.catalogue += "information_schema" in sql
        return self.con.execute(sql, *args)


def test_the_chain_check_is_made_once_per_connection(workspace_path):
    from lokus.privacy._audit import ensure_tables

    with Workspace(workspace_path) as ws:
        con = _Counting(ws.con)
        for _ in range(3):
            ensure_tables(con)
        assert con.catalogue == 1  # does audit_log exist (no: a new workspace): once
        other = _Counting(ws.con.cursor())  # another connection (a web thread's cursor) looks for itself
        for _ in range(3):
            ensure_tables(other)
        assert other.catalogue == 2  # does it exist, has it row_hash: once


def test_audit_tables_dropped_or_rolled_back_come_back(workspace_path):
    from lokus.privacy._audit import ensure_tables

    with Workspace(workspace_path) as ws:
        with pytest.raises(RuntimeError), ws.transaction():  # the first audit's tables, rolled back
            ensure_tables(ws.con)
            raise RuntimeError("rolled back")
        assert not ws.has_table("audit_log")
        audit(ws, "quarantine.list", target="r", rows=1)
        ws.con.execute("DROP TABLE audit_log")
        ws.con.execute("DROP TABLE audit_detail")
        audit(ws, "quarantine.list", target="r", rows=2, records=[NIK])
        assert [r["rows"] for r in audit_entries(ws).to_pylist()] == [2]
        assert verify_chain(ws).ok


def test_old_audit_log_is_sealed_after_a_rolled_back_sealing(workspace_path):
    from lokus.privacy._audit import ensure_tables

    with Workspace(workspace_path) as ws:
        ws.con.execute("CREATE TABLE audit_log (logged_at TIMESTAMP, user_name VARCHAR, action VARCHAR, "
                       "target VARCHAR, scope VARCHAR, rows BIGINT, pseudonymised BOOLEAN, output VARCHAR)")
        with pytest.raises(RuntimeError), ws.transaction():
            ensure_tables(ws.con)
            raise RuntimeError("rolled back")
        audit(ws, "quarantine.list", target="r", rows=1)  # sealed now, on the same connection
        assert verify_chain(ws).ok


def test_cli_verify_and_head(cli, logged, tmp_path):
    head = tmp_path / "head.json"
    r = cli("audit", "head", "--out", str(head))
    assert r.exit_code == 0 and json.loads(head.read_text())["seq"] == 5
    r = cli("audit", "verify", "--head", str(head), "--lang", "en")
    assert r.exit_code == 0 and "intact: 5 rows" in r.stdout
    _sql(logged, "DELETE FROM audit_log WHERE seq = 5")
    r = cli("audit", "verify", "--head", str(head), "--lang", "en")
    assert r.exit_code == 1 and "#5" in r.stdout and "newest rows were removed" in r.stdout
    r = cli("audit", "verify", "--head", "{not json")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
