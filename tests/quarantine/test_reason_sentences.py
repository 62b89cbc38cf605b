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


def test_every_reason_has_a_short_label_in_both_languages() -> None:
    """`quarantine list` names each reason by a short label (the first clause of its sentence): never the code,
    never empty, shorter than the sentence where the sentence says more."""
    import importlib

    from lokus.i18n import MESSAGES
    from lokus.quarantine import reason_label, reason_message

    for module in set(_REASON_CATALOGUES.values()):
        importlib.import_module(module)
    keys = [k for k in MESSAGES if k.startswith("reason.") or any(k.startswith(f"{kind}.reason.")
                                                                   for kind in _REASON_CATALOGUES)]
    assert len(keys) > 40
    for key in keys:
        kind, _, code = key.rpartition("reason.")
        kind = kind.rstrip(".") or None
        for lang in ("id", "en"):
            label = reason_label(code, kind, lang)
            assert label and label != code and label[0].isupper() and len(label) <= 90, (key, lang, label)
            assert len(label) <= len(reason_message(code, kind, lang)), (key, lang)
    assert reason_label("nik_scientific", "registry", "id") == "NIK rusak oleh Excel"
    assert reason_label("decile_invalid", "registry", "en") == "Welfare decile is not a number"
    assert reason_label("no_such_code", "registry", "en") == "no_such_code"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_quarantine_list_table_shows_labels_csv_keeps_codes(cli, tmp_path: Path, lang: str) -> None:
    cli("ingest", "registry", fixture.write_registry(tmp_path / "r.csv"), "--format", "canonical")
    lists = fixture.write_lists(tmp_path)
    assert cli("ingest", "programs", lists["SEMBAKO"], "--program", "SEMBAKO", "--period", "2024-06").exit_code == 0
    table = cli("--lang", lang, "quarantine", "list", "--snapshot", "sembako-2024-06")
    assert table.exit_code == 0, table.stderr
    assert "recipient_duplicate" not in table.stdout
    label = "Penerima yang sama sudah ada" if lang == "id" else "The same recipient is on an earlier row"
    assert label in " ".join(table.stdout.split())
    csv = cli("--lang", lang, "quarantine", "list", "--snapshot", "sembako-2024-06", "--format", "csv")
    assert ",recipient_duplicate," in csv.stdout
