"""Fixtures shared by the CLI tests that run commands on the demo-like workspace of ``workspace_fixture``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import workspace_fixture as wf


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace of :mod:`tests.cli.workspace_fixture`, built once per test module."""
    return wf.build(tmp_path_factory.mktemp("built"))


@pytest.fixture
def ws_cli(built, cli, workspace_path):  # noqa: ANN001, ANN201
    """The ``cli`` runner on a fresh copy of the built workspace (a test may change it)."""
    wf.copy(built, workspace_path)
    return cli
