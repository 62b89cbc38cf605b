"""`lokus quarantine list` in a fresh process (no capability imported yet) says every reason's sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lokus.quarantine._store import _REASON_CATALOGUES
from lokus.workspace import Kind
from tests.convergence import fixture


def test_every_snapshot_kind_has_its_reason_module() -> None:
    assert set(_REASON_CATALOGUES) == {k.value for k in Kind}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_program_reasons_are_sentences_in_a_fresh_process(cli, tmp_path: Path, workspace_path: Path, lang: str) -> None:
    cli("ingest", "registry", fixture.write_registry(tmp_path / "r.csv"), "--format", "canonical")
    lists = fixture.write_lists(tmp_path)
    assert cli("ingest", "programs", lists["SEMBAKO"], "--program", "SEMBAKO", "--period", "2024-06").exit_code == 0
    env = {**os.environ, "LOKUS_WORKSPACE": str(workspace_path), "COLUMNS": "200"}
    res = subprocess.run([sys.executable, "-m", "lokus.cli.main", "--lang", lang, "quarantine", "list",
                          "--snapshot", "sembako-2024-06"], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "recipient_duplicate: recipient_duplicate" not in res.stdout
    expected = "sudah ada di baris sebelumnya" if lang == "id" else "is on an earlier row of this list"
    assert expected in " ".join(res.stdout.split())


def test_a_kinds_sentence_is_not_replaced_by_anothers() -> None:
    """``village_unknown`` quarantines a registry row but is only a warning on a program list: the registry's
    summary said "ignored" once the program catalogue had been imported."""
    from lokus.convergence import _messages  # noqa: F401 - the program lists' catalogue, imported last
    from lokus.quarantine import reason_message

    registry, programs = reason_message("village_unknown", "registry", "en"), reason_message("village_unknown",
                                                                                                  "programs", "en")
    assert "ignored" not in registry and "Kemendagri" in registry
    assert programs == "the region code is not known; ignored"


def test_a_message_whose_catalogue_was_not_imported_is_still_a_sentence() -> None:
    code = ("from lokus.i18n import t; import sys; "
            "sys.stdout.write(t('ingest.summary.quarantine_hint', 'en', snapshot='sl1'))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.stdout == "See the rejected rows: lokus quarantine list --snapshot sl1", res.stderr
