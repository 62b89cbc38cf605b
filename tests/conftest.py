"""Shared fixtures: a temporary workspace and a CLI runner that captures output."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "ws.duckdb"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, workspace_path: Path):
    """Run ``lokus`` in-process: ``cli("regions", "show", "18.04")`` → CliResult."""
    from lokus.cli.main import run

    monkeypatch.setenv("LOKUS_WORKSPACE", str(workspace_path))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("LOKUS_LANG", raising=False)

    def invoke(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = run([str(a) for a in args])
        return CliResult(code, out.getvalue(), err.getvalue())

    return invoke
