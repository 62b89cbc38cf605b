"""What a new user types at ``lokus synth``: odd sizes, odd folders, tiny runs — one sentence each."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lokus.cli.commands_scale import _parse_people
from lokus.errors import ConfigError
from lokus.synth import synthesize
from lokus.synth._encode import strings


@pytest.mark.parametrize(("text", "n"), [("2.7M", 2_700_000), ("1_000", 1_000), (" 5k ", 5_000), ("1.5k", 1_500),
                                         ("1e3", 1_000), ("270M", 270_000_000)])
def test_people_sizes_parse_exactly(text: str, n: int) -> None:
    assert _parse_people(text) == n


@pytest.mark.parametrize("text", ["2.5", "0.4", "1.0000001k", "nan", "inf", "lots", "", "-5"])
def test_a_fraction_of_a_person_or_a_word_is_refused(text: str) -> None:
    assert _parse_people(text) < 1


def test_empty_string_columns_and_a_run_too_small_for_any_child(tmp_path: Path) -> None:
    assert len(strings(np.zeros((0, 16), np.uint8))) == 0
    s = synthesize("18.04.04", 3, tmp_path / "tiny")  # 12 villages, 3 people: no child measured
    assert s.rows["people"] == 3


def test_out_that_is_a_file_or_a_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "f"
    a_file.write_text("x")
    with pytest.raises(ConfigError) as exc:
        synthesize("18.04.04", 100, a_file)
    assert "is a file" in exc.value.message("en")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError) as exc:
        synthesize("18.04.04", 100, busy)
    assert "notes.txt" in exc.value.message("en")
    assert (busy / "notes.txt").read_text() == "mine" and not (busy / "people.parquet").exists()


def test_an_earlier_run_is_replaced_and_said_so(tmp_path: Path, cli) -> None:  # noqa: ANN001
    assert not synthesize("18.04.04", 100, tmp_path / "o").replaced
    r = cli("--lang", "en", "synth", "--region", "18.04.04", "--people", "100", "--out", str(tmp_path / "o"))
    assert r.exit_code == 0, r.stderr
    assert "earlier synthetic files" in r.stdout


def test_too_little_disk_is_one_sentence_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10**12, 10**12, 10**9))  # type: ignore[attr-defined]
    with pytest.raises(ConfigError) as exc:
        synthesize("18.04", 20_000_000_000, tmp_path / "big")
    assert "2.400 GB" in exc.value.message("id") and "1 GB" in exc.value.message("id")
    assert not (tmp_path / "big").exists()
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10**12, 10**12, 10**5))  # type: ignore[attr-defined]
    with pytest.raises(ConfigError) as exc:
        synthesize("18.04.04", 5_000, tmp_path / "small")
    assert "about 1 MB" in exc.value.message("en") and "only 0 MB" in exc.value.message("en")


def test_a_folder_under_a_file_and_a_negative_seed_are_one_sentence(tmp_path: Path, cli) -> None:  # noqa: ANN001
    (tmp_path / "f").write_text("x")
    r = cli("--lang", "en", "synth", "--region", "18.04", "--people", "100", "--out", str(tmp_path / "f" / "o"))
    assert r.exit_code != 0 and "is a file, not a folder" in " ".join(r.stderr.split())
    r = cli("--lang", "en", "synth", "--region", "18.04", "--people", "100", "--seed", "-1", "--out", str(tmp_path / "s"))
    assert r.exit_code == 2 and "Internal error" not in r.stderr
    r = cli("--lang", "en", "demo", "--scale", "province", "--people", "100", "--out-dir", str(tmp_path / "f"))
    assert r.exit_code != 0 and "is a file, not a folder" in " ".join(r.stderr.split())
