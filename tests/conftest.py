"""Shared fixtures: a temporary workspace and a CLI runner that captures output."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections import defaultdict
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

# No test writes into the user's home: the pseudonym key's default place ($XDG_CONFIG_HOME/lokus/) is a folder
# of this run (a test that needs a key of its own sets $LOKUS_PSEUDONYM_KEY_FILE).
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="lokus-tests-config-")
os.environ.pop("LOKUS_PSEUDONYM_KEY", None)
os.environ.pop("LOKUS_PSEUDONYM_KEY_FILE", None)

_FOLDER_SECONDS: defaultdict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Add each test's setup, call and teardown time to its folder (``tests/engine`` …)."""
    parts = report.nodeid.split("::")[0].split("/")
    _FOLDER_SECONDS["/".join(parts[:2]) if len(parts) > 2 else parts[0]] += report.duration


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """Print the time each test folder took (so CI shows what the Spark parity suite costs)."""
    if not _FOLDER_SECONDS:
        return
    terminalreporter.write_sep("-", "time per test folder (setup + call + teardown)")
    for folder, seconds in sorted(_FOLDER_SECONDS.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{seconds:8.1f} s  {folder}")


_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the test process here, with pytest's own exit status, once everything is reported.

    The interpreter's shutdown after the run can abort on a native thread a test left behind (a web server
    thread inside DuckDB, the JVM behind PySpark): session 9's CI printed "1277 passed", then "terminate called
    … FATAL: exception not rethrown" and exited 2. ``LOKUS_TEST_SOFT_EXIT=1`` keeps the normal shutdown."""
    if _EXIT_STATUS and not os.environ.get("LOKUS_TEST_SOFT_EXIT"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])


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
