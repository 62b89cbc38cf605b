"""Odd values for the shared analysis options: one sentence in the user's language, never a traceback,
and numbers a person reads go through fmt_int."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from lokus.cli._engine import check_memory_limit
from lokus.errors import ConfigError


@pytest.mark.parametrize("value", ["lots", "0", "0GB", "-1GB", "3XB", "GB", ""])
def test_bad_memory_limits_are_refused(value: str) -> None:
    with pytest.raises(ConfigError):
        check_memory_limit(value)


@pytest.mark.parametrize("value", ["3GB", "512MB", "2GiB", " 1.5 gb "])
def test_memory_limits_duckdb_takes_pass(value: str) -> None:
    assert check_memory_limit(value) == value.strip()


@pytest.mark.parametrize("args", [["loci", "--memory-limit", "lots"], ["gaps", "--memory-limit", "-1GB"],
                                  ["worklist", "--office", "dinsos", "--memory-limit", "0"],
                                  ["stunting", "loci", "--memory-limit", "3XB"],
                                  ["ingest", "registry", "x.csv", "--memory-limit", "lots"]])
def test_commands_refuse_a_bad_memory_limit_in_both_languages(cli, args: list[str]) -> None:  # noqa: ANN001
    r = cli(*args)
    assert r.exit_code == 2, r.stdout + r.stderr
    assert "Batas memori" in r.stderr and "Traceback" not in r.stderr
    r = cli("--lang", "en", *args)
    assert "is not a valid --memory-limit" in " ".join(r.stderr.split())


def test_memory_limit_from_the_environment_is_checked_too(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("LOKUS_MEMORY_LIMIT", "lots")
    r = cli("--lang", "en", "loci")
    assert r.exit_code == 2 and "'lots' is not a valid --memory-limit" in " ".join(r.stderr.split())


def test_zscores_done_message_formats_its_counts(cli, tmp_path: Path) -> None:  # noqa: ANN001
    n = 1_200
    pl.DataFrame({"sex": ["L"] * n, "age_days": ["400"] * n, "weight_kg": ["9"] * n, "lenhei_cm": ["74"] * n,
                  "measure": ["Terlentang"] * n}).write_csv(tmp_path / "m.csv")
    r = cli("anthro", "zscores", tmp_path / "m.csv", "--out", tmp_path / "z.csv")
    assert r.exit_code == 0, r.stderr
    assert "1.200 baris" in r.stderr
    r = cli("--lang", "en", "anthro", "zscores", tmp_path / "m.csv", "--out", tmp_path / "z2.csv")
    assert "1,200 rows" in r.stderr


def test_indonesian_help_has_indonesian_type_labels_and_flags_none(cli) -> None:  # noqa: ANN001
    r = cli("synth", "--help")
    assert "<teks>" in r.stdout and "<bulat>" in r.stdout
    assert not any(label in r.stdout for label in ("<str>", "<int", "<bool>", "TEXT", "INTEGER"))
    r = cli("--lang", "en", "loci", "--help")
    assert "<str>" in r.stdout and "<float range>" in r.stdout and "<bool>" not in r.stdout


@pytest.mark.parametrize("args", [["--lang", "fr"], ["--lang=xx"]])
def test_an_unknown_language_is_refused_not_silently_indonesian(cli, args: list[str]) -> None:  # noqa: ANN001
    r = cli(*args, "regions", "show", "18.04.04")
    assert r.exit_code == 2 and "tidak valid untuk --lang" in r.stderr and "id, en" in r.stderr


def test_the_data_line_words_a_date_in_the_users_language() -> None:
    from datetime import date

    from lokus.reports import sources_line

    assert sources_line("id", as_of=date(2022, 8, 31)).endswith("per 31 Agustus 2022")
    assert sources_line("en", as_of=date(2022, 8, 31)).endswith("as of 31 August 2022")
