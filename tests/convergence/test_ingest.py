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
