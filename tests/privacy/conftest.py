from __future__ import annotations

import pytest

from tests.convergence import fixture


@pytest.fixture
def ready(cli, tmp_path, monkeypatch):
    """The convergence fixture district (registry + program lists) loaded through the CLI."""
    monkeypatch.setenv("LOKUS_PSEUDONYM_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    monkeypatch.delenv("LOKUS_PSEUDONYM_KEY", raising=False)
    reg = fixture.write_registry(tmp_path / "reg.csv")
    assert cli("ingest", "registry", reg, "--snapshot", "reg-2024", "--format", "canonical").exit_code == 0
    for code, path in fixture.write_lists(tmp_path).items():
        res = cli("ingest", "programs", path, "--program", code, "--period", "2024-06")
        assert res.exit_code == 0, res.stderr
    return cli


@pytest.fixture(autouse=True)
def _own_key(tmp_path, monkeypatch):
    """Every privacy test keys pseudonyms and the erasure tombstone with its own key file, never the user's."""
    monkeypatch.setenv("LOKUS_PSEUDONYM_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    monkeypatch.delenv("LOKUS_PSEUDONYM_KEY", raising=False)
