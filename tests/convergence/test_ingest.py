"""Program-list ingest: every row accounted for, unmatched NIKs kept and reported."""

from __future__ import annotations

import pytest

from lokus.convergence import ingest_programs
from lokus.errors import ConfigError, InputFileError
from tests.convergence import fixture
from tests.convergence.conftest import TODAY


@pytest.fixture
def registry(ws, tmp_path):
    from lokus.registry import ingest_registry

    ingest_registry(ws, fixture.write_registry(tmp_path / "reg.csv"), snapshot="reg-2024", fmt="canonical",
                    today=TODAY)
    return ws


def test_rows_read_equal_accepted_plus_quarantined_and_outsiders_are_kept(registry, tmp_path):
    path = fixture.write_lists(tmp_path)["PKH"]
    s = ingest_programs(registry, path, program="pkh", period="2024-06", today=TODAY)
    assert (s.rows_read, s.accepted, s.quarantined) == (4, 3, 1)
    assert s.rows_read == s.accepted + s.quarantined
    assert (s.matched_nik, s.matched_kk, s.not_in_registry) == (2, 0, 1)
    assert s.unmatched_niks == [fixture.OUTSIDER_NIK]
    assert s.reasons == {"nik_length": 1}
    assert s.snapshot == "pkh-2024-06" and s.program == "PKH"
    stored = registry.con.execute(
        "SELECT nik, matched_by FROM program_recipients WHERE snapshot = 'pkh-2024-06' AND matched_by IS NULL"
    ).fetchall()
    assert stored == [(fixture.OUTSIDER_NIK, None)]
    q = registry.con.execute("SELECT source_line, reasons FROM quarantine").fetchall()
    assert q == [(5, ["nik_length"])]


def test_duplicates_are_quarantined_and_kk_only_rows_match_by_kk(registry, tmp_path):
    lists = fixture.write_lists(tmp_path)
    s = ingest_programs(registry, lists["SEMBAKO"], program="SEMBAKO", period="2024-06", today=TODAY)
    assert (s.accepted, s.quarantined, s.reasons) == (1, 1, {"recipient_duplicate": 1})
    s = ingest_programs(registry, lists["BLT_DD"], program="BLT-DD", period="2024-06", today=TODAY)
    assert (s.matched_nik, s.matched_kk, s.not_in_registry) == (0, 1, 0)


def test_same_file_twice_is_a_no_op(registry, tmp_path):
    path = fixture.write_lists(tmp_path)["PIP"]
    first = ingest_programs(registry, path, program="PIP", period="2024-06", today=TODAY)
    again = ingest_programs(registry, path, program="PIP", period="2024-06", today=TODAY)
    assert again.unchanged and again.accepted == first.accepted == 1


def test_invalid_nik_with_a_valid_kk_is_matched_by_kk(registry, tmp_path):
    kk = fixture.BY_NAME["Budi"]["kk"]
    path = fixture.write_list(tmp_path / "l.csv", ["NIK", "NO_KK"], [["1.80404E+15", kk]])
    s = ingest_programs(registry, path, program="PKH", today=TODAY)
    assert (s.accepted, s.matched_kk, s.warnings) == (1, 1, {"nik_invalid_kk_used": 1})


def test_bad_options_and_files_are_one_sentence_errors(registry, tmp_path):
    path = fixture.write_lists(tmp_path)["PIP"]
    with pytest.raises(ConfigError, match="PKH"):
        ingest_programs(registry, path, program="NOPE", today=TODAY)
    with pytest.raises(ConfigError, match="2024-03"):
        ingest_programs(registry, path, program="PIP", period="March", today=TODAY)
    no_ids = fixture.write_list(tmp_path / "x.csv", ["NAMA", "ALAMAT"], [["a", "b"]])
    with pytest.raises(InputFileError, match="NIK"):
        ingest_programs(registry, no_ids, program="PIP", today=TODAY)
    with pytest.raises(InputFileError):
        ingest_programs(registry, tmp_path / "missing.csv", program="PIP", today=TODAY)


def test_a_failed_ingest_leaves_the_workspace_unchanged(registry, tmp_path):
    header_only = fixture.write_list(tmp_path / "h.csv", ["NIK", "NAMA"], [])
    with pytest.raises(InputFileError):
        ingest_programs(registry, header_only, program="PIP", today=TODAY)
    assert registry.snapshots("programs") == []


def test_rows_of_other_programs_in_a_list_with_a_program_column_are_quarantined(registry, tmp_path):
    """A file holding several programs (lokus synth's recipients.parquet has a `program` column) loaded with
    --program PKH: only PKH's rows become PKH recipients; every other row is quarantined as program_other."""
    b = fixture.BY_NAME
    path = fixture.write_list(tmp_path / "all.csv", ["program", "nik", "nama"], [
        ["PKH", b["Wati"]["nik"], "Wati"],
        ["PBI-JKN", b["Budi"]["nik"], "Budi"],
        ["pbi jkn", b["Sari"]["nik"], "Sari"],
        ["Program Keluarga Harapan", b["Hadi"]["nik"], "Hadi"],
        ["", b["Adi"]["nik"], "Adi"],  # no program named: this list's own
        ["SEMBAKO", "12345", "Tanpa NIK"],  # another program's row, whatever else is wrong with it
    ])
    s = ingest_programs(registry, path, program="PKH", period="2024-06", today=TODAY)
    assert (s.rows_read, s.accepted, s.quarantined) == (6, 3, 3)
    assert s.reasons == {"program_other": 3}
    s = ingest_programs(registry, path, program="PBI_JKN", period="2024-06", today=TODAY)
    assert (s.accepted, s.quarantined, s.reasons) == (3, 3, {"program_other": 3})
    niks = {r[0] for r in registry.con.execute(
        "SELECT nik FROM program_recipients WHERE snapshot = 'pbi-jkn-2024-06'").fetchall()}
    assert niks == {b["Budi"]["nik"], b["Sari"]["nik"], b["Adi"]["nik"]}


def test_the_synthetic_recipients_file_loads_one_program_at_a_time(ws, tmp_path):
    from lokus.registry import ingest_registry
    from lokus.synth import synthesize

    out = tmp_path / "s"
    summary = synthesize("18.04.04", 3_000, out)
    ingest_registry(ws, out / "people.parquet", snapshot="reg", today=TODAY)
    import pyarrow.parquet as pq

    programs = pq.read_table(out / "recipients.parquet", columns=["program"]).column(0).to_pylist()
    s = ingest_programs(ws, out / "recipients.parquet", program="PKH", period="2022-08", today=TODAY)
    assert s.rows_read == summary.rows["recipients"] == s.accepted + s.quarantined
    assert s.accepted == programs.count("PKH") and s.reasons == {"program_other": len(programs) - s.accepted}
