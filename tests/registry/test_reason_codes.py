"""One tiny fixture per reason code, end to end through the ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from lokus.registry import ALL_REASONS, HARD_REASONS, SOFT_REASONS
from tests.registry.factory import p3ke_row, people, with_, write_p3ke

BASE = people(1)[0]  # a valid person: 1804040101700001, Laki-laki, 01-01-1970, village 18.04.04.2002
OTHER = people(4)[2]  # another valid person in another household: a load must accept something

# code → changes to the valid person that trigger exactly that code
SINGLE_ROW: dict[str, dict[str, str]] = {
    "nik_missing": {"nik": ""},
    "nik_scientific": {"nik": "1.80404E+15"},
    "nik_non_digit": {"nik": "18040401017O0001"},
    "nik_length": {"nik": "180404010170001"},
    "nik_province": {"nik": "9904040101700001"},
    "nik_date": {"nik": "1804043202700001"},
    "nik_serial": {"nik": "1804040101700000"},
    "household_missing": {"household": "", "kk": ""},
    "village_missing": {"village": ""},
    "village_unknown": {"village": "1804049999"},
    "decile_missing": {"decile": ""},
    "decile_invalid": {"decile": "miskin"},
    "decile_out_of_range": {"decile": "11"},
    "decile_not_whole": {"decile": "1.5"},
    "birth_date_invalid": {"birth": "31-02-1970"},
    "birth_date_two_digit_year": {"birth": "01-01-70"},
    "birth_date_future": {"birth": "01-01-2030", "nik": "1804040101300001"},
    "nik_birthdate_mismatch": {"birth": "02-01-1970"},
    "nik_sex_mismatch": {"sex": "Perempuan"},
    "sex_invalid": {"sex": "X"},
    "flag_invalid": {"flag": "mungkin"},
    "kk_invalid": {"kk": "12345"},
    "kk_scientific": {"kk": "1.80404E+15"},
    "kk_serial": {"kk": "1804040507090000"},
    "kk_placeholder": {"kk": "9999", "household": ""},
    "household_placeholder": {"household": "0"},
}
CROSS_ROW = {
    "duplicate_row",
    "nik_duplicate",
    "nik_multiple_households",
    "row_malformed",
    "village_outside_district",
    "village_code_bps",
    "village_from_name",
    "quote_literal",
}

WORKSPACE_STATE = {"subject_erased"}  # a code decided by what the workspace holds, not by the file


def test_every_code_has_a_fixture():
    assert set(SINGLE_ROW) | CROSS_ROW | WORKSPACE_STATE == set(ALL_REASONS)


def test_subject_erased(tmp_path: Path, ws, ingest, monkeypatch):
    """A person erased with ``person erase`` is quarantined by the next load, without their cells."""
    from lokus.privacy import erase_person

    monkeypatch.setenv("LOKUS_PSEUDONYM_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    ingest(write_p3ke(tmp_path / "a.csv", [BASE, OTHER]), snapshot="a")
    erase_person(ws, "1804040101700001", compact=False)
    s = ingest(write_p3ke(tmp_path / "b.csv", [with_(BASE, decile="2"), OTHER]), snapshot="b")
    assert (s.rows_read, s.accepted, s.quarantined, s.reasons) == (2, 1, 1, {"subject_erased": 1}), s
    assert ws.con.execute("SELECT source_line, reasons, raw FROM quarantine WHERE snapshot = 'b'").fetchall() == [
        (2, ["subject_erased"], None)]


@pytest.mark.parametrize("code", sorted(SINGLE_ROW))
def test_single_row_reason(tmp_path: Path, ws, ingest, code: str):
    person = with_(BASE, **SINGLE_ROW[code])
    s = ingest(write_p3ke(tmp_path / "f.csv", [person, OTHER]), snapshot="s")
    assert s.rows_read == 2
    if code in HARD_REASONS:
        assert (s.accepted, s.quarantined) == (1, 1) and s.reasons == {code: 1}, s
        reasons = ws.con.execute("SELECT reasons FROM quarantine").fetchone()[0]
        assert reasons == [code]
    else:
        assert code in SOFT_REASONS
        assert (s.accepted, s.quarantined) == (2, 0) and s.warnings == {code: 1}, s
        assert ws.con.execute("SELECT warnings FROM registry WHERE source_line = 2").fetchone()[0] == [code]


def test_row_with_several_reasons_lists_them_all(tmp_path: Path, ws, ingest):
    person = with_(BASE, nik="123", village="", decile="0", birth="kemarin")
    s = ingest(write_p3ke(tmp_path / "f.csv", [person, OTHER]), snapshot="s")
    reasons = ws.con.execute("SELECT reasons FROM quarantine").fetchone()[0]
    assert reasons == ["nik_length", "village_missing", "decile_out_of_range", "birth_date_invalid"]
    assert s.reasons == {r: 1 for r in reasons}


def test_raw_cells_are_kept_verbatim(tmp_path: Path, ws, ingest):
    import json

    person = with_(BASE, nik=" '1.80404E+15 ", name="Siti  Aminah ")
    ingest(write_p3ke(tmp_path / "f.csv", [person, OTHER]), snapshot="s")
    raw = json.loads(ws.con.execute("SELECT raw FROM quarantine").fetchone()[0])
    assert raw == p3ke_row(person)
