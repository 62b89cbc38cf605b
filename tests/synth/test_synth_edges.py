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
        synthesize("national", 2_000_000_000, tmp_path / "big")
    assert "240 GB" in exc.value.message("id") and "1 GB" in exc.value.message("id")
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


@pytest.mark.parametrize(("region", "people"), [("18.04", "1e99"), ("18.04", "60M"), ("18.04.04.2002", "1000000"),
                                                ("18.04.04.2002", "4M")])
def test_more_people_than_the_villages_hold_is_one_sentence_before_any_work(
    cli, tmp_path: Path, region: str, people: str  # noqa: ANN001
) -> None:
    """A village numbers its households with six digits (id_keluarga_p3ke): more than 999,999 people in one
    village would repeat household identifiers; a huge number never reaches NumPy (no overflow warning)."""
    import warnings

    out = tmp_path / "o"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = cli("synth", "--region", region, "--people", people, "--out", str(out))
    assert r.exit_code == 2 and r.stderr.startswith("Galat:") and "999.999 orang" in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and not out.exists()
    r = cli("--lang", "en", "synth", "--region", region, "--people", people, "--out", str(out))
    assert "people are too many for the" in r.stderr and "Warning" not in r.stderr


def test_one_village_may_hold_up_to_the_limit_the_plan_allows() -> None:
    from lokus.synth._plan import VILLAGE_MAX, plan_villages

    plan = plan_villages("18.04.04.2002", VILLAGE_MAX)
    assert int(plan.population.max()) == VILLAGE_MAX
    plan = plan_villages("18.04", 20_000_000)
    assert int(plan.population.max()) <= VILLAGE_MAX


def test_a_folder_that_cannot_be_written_is_one_sentence_in_each_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing --out on a read-only disk (or a full one) used to end in pyarrow's English OSError."""
    import errno

    import pyarrow.parquet as pq

    from lokus.errors import OutputError

    class ReadOnly(pq.ParquetWriter):
        def __init__(self, where, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
            raise OSError(errno.EROFS, f"Failed to open local file '{where}'. Detail: [errno 30] Read-only file system")

    monkeypatch.setattr(pq, "ParquetWriter", ReadOnly)
    with pytest.raises(OutputError) as exc:
        synthesize("18.04.04", 100, tmp_path / "ro")
    assert "(sistem berkasnya hanya-baca)" in exc.value.message("id")
    assert "(the file system is read-only)" in exc.value.message("en") and "Detail" not in exc.value.message("en")


def test_names_without_a_family_name_have_no_trailing_space(tmp_path: Path) -> None:
    """A given name alone ('SURYADI') was written 'SURYADI ' in every table (a fifth of the people)."""
    import pyarrow.parquet as pq

    synthesize("18.04.04", 2_000, tmp_path / "o")
    for table, column in (("people", "nama"), ("recipients", "nama"), ("measurements", "name")):
        names = pq.read_table(tmp_path / "o" / f"{table}.parquet", columns=[column]).column(0).to_pylist()
        assert names and all(n == n.strip() for n in names), table
        assert any(" " not in n for n in names)
