"""lokus users add|list|disable|reset-password, and no default password."""

from __future__ import annotations

import io
import json
import sys


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_users_lifecycle(cli, monkeypatch, workspace_path):
    _stdin(monkeypatch, "a-long-password\n")
    r = cli("users", "add", "Siti", "--role", "admin", "--scope", "18.04", "--password-stdin")
    assert r.exit_code == 0, r.stderr
    _stdin(monkeypatch, "another-password\n")
    r = cli("users", "add", "bidan1", "--role", "midwife", "--scope", "1804082001", "--password-stdin")
    assert r.exit_code == 0, r.stderr
    rows = json.loads(cli("users", "list", "--format", "json").stdout)
    assert [(u["username"], u["role"], u["scope"]) for u in rows] == [
        ("bidan1", "midwife", "18.04.08.2001"), ("siti", "admin", "18.04")]
    assert "password" not in json.dumps(rows).replace("password_", "")
    assert cli("users", "disable", "bidan1").exit_code == 0
    assert json.loads(cli("users", "list", "--format", "json").stdout)[0]["disabled"] is True
    _stdin(monkeypatch, "a-new-password-1\n")
    assert cli("users", "reset-password", "siti", "--password-stdin").exit_code == 0

    from lokus.web._accounts import verify_login
    from lokus.workspace import Workspace

    with Workspace(workspace_path) as ws:
        assert verify_login(ws, "siti", "a-new-password-1") is not None
        assert verify_login(ws, "siti", "a-long-password") is None
        assert verify_login(ws, "bidan1", "another-password") is None  # disabled


def test_users_add_refuses_bad_input(cli, monkeypatch):
    _stdin(monkeypatch, "short\n")
    r = cli("users", "add", "x", "--role", "admin", "--scope", "18.04", "--password-stdin")
    assert r.exit_code != 0 and "10" in r.stderr + r.stdout
    _stdin(monkeypatch, "\n")
    r = cli("users", "add", "x", "--role", "admin", "--scope", "18.04", "--password-stdin")
    assert r.exit_code != 0
    _stdin(monkeypatch, "long-enough-pw\n")
    r = cli("users", "add", "x", "--role", "midwife", "--scope", "18.04", "--password-stdin")
    assert r.exit_code != 0 and "village" in r.stderr + r.stdout
    _stdin(monkeypatch, "long-enough-pw\n")
    r = cli("users", "add", "x", "--role", "king", "--scope", "18.04", "--password-stdin")
    assert r.exit_code != 0 and "province" in r.stderr + r.stdout
    _stdin(monkeypatch, "long-enough-pw\n")
    r = cli("users", "add", "x", "--role", "office", "--scope", "18.04", "--password-stdin")
    assert r.exit_code != 0 and "dinsos" in r.stderr + r.stdout
