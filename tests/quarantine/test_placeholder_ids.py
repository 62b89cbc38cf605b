"""Placeholder identifiers never merge people (issue 10, build 2).

On the first release four families with KK ``0`` in one village were one household in the ranking,
a program list matched every family with KK 0000000000000000 at once, and two children with the
same broken NIK were one child.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lokus.engine import backend
from lokus.loci import founding_rule
from lokus.nik import is_placeholder_id, kk_problem
from lokus.registry import ingest_registry
from lokus.workspace import Workspace
from tests.registry.factory import people, with_, write_p3ke

TODAY = date(2026, 11, 27)
VILLAGE = "1804042002"


@pytest.fixture
def ws(tmp_path: Path):
    with Workspace(tmp_path / "ws.duckdb") as workspace:
        yield workspace


def _families(kk: str, household: str = "") -> list:
    """Four heads of four different families in one village, all decile 1, all with the same ``kk``."""
    return [
        with_(p, household=household, kk=kk, village=VILLAGE, decile="1", relationship="Kepala Keluarga")
        for p in people(8)[:4]
    ]


@pytest.mark.parametrize("kk", ["0", "0000000000000000", "9999999999999999", "9999", "0000001234567890"])
def test_placeholder_kk_families_stay_four_households(ws, tmp_path: Path, kk: str):
    s = ingest_registry(ws, write_p3ke(tmp_path / "r.csv", _families(kk)), snapshot="r", today=TODAY)
    assert (s.accepted, s.quarantined) == (4, 0)
    assert s.own_household == 4 and s.warnings == {"kk_placeholder": 4}
    assert "own_household" in s.summary_json()
    stored = ws.con.execute("SELECT count(DISTINCT household_id), count(kk) FROM registry").fetchone()
    assert stored == (4, 0)  # four households; the placeholder is never stored as a KK
    ranking = {r["code"]: r for r in founding_rule(backend(ws.con), registry_snapshot="r", region="18.04").to_pylist()}
    assert ranking["18.04.04.2002"]["decile1_households"] == 4


def test_placeholder_household_id_falls_back_to_kk(ws, tmp_path: Path):
    fams = [with_(p, kk=f"1804040101{900001 + i:06d}") for i, p in enumerate(_families("x", household="0"))]
    s = ingest_registry(ws, write_p3ke(tmp_path / "r.csv", fams), snapshot="r", today=TODAY)
    assert s.warnings == {"household_placeholder": 4} and s.own_household == 4
    assert ws.con.execute("SELECT count(DISTINCT household_id) FROM registry").fetchone()[0] == 4


def test_a_real_shared_kk_still_makes_one_household(ws, tmp_path: Path):
    s = ingest_registry(ws, write_p3ke(tmp_path / "r.csv", _families("1804040101900001")), snapshot="r", today=TODAY)
    assert s.own_household == 0 and not s.warnings
    assert ws.con.execute("SELECT count(DISTINCT household_id) FROM registry").fetchone()[0] == 1


def test_program_list_never_matches_or_merges_by_a_placeholder_kk(ws, tmp_path: Path):
    from lokus.convergence import ingest_programs

    ingest_registry(ws, write_p3ke(tmp_path / "r.csv", _families("0000000000000000")), snapshot="r", today=TODAY)
    lst = tmp_path / "blt.csv"
    lst.write_text("NIK,NO_KK,NAMA\n,0000000000000000,A\n,0000000000000000,B\n123,0000000000000000,C\n"
                   f"{people(8)[0].nik},0000000000000000,D\n", encoding="utf-8")
    s = ingest_programs(ws, lst, program="BLT_DD", period="2024-06", today=TODAY)
    assert (s.rows_read, s.accepted, s.quarantined) == (4, 1, 3)  # only D names someone: by NIK
    assert s.matched_kk == 0 and s.matched_nik == 1
    assert s.reasons == {"id_missing": 2, "nik_length": 1} and s.warnings == {"kk_placeholder": 1}


def test_children_with_the_same_broken_nik_are_not_one_child(ws, tmp_path: Path):
    from lokus.engine import backend, latest_per_child
    from lokus.measurements import ingest_measurements

    path = tmp_path / "m.csv"
    path.write_text(
        "NIK;No KK;Nama;JK;Tgl Lahir;Kec;Desa/Kel;Posyandu;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur\n"
        "0000000000000000;0;ANAK A;L;01/03/2021;BALIK BUKIT;KUBU PERAHU;P1;15/08/2022;9,1;75,0;Berdiri\n"
        "0000000000000000;0;ANAK B;P;01/04/2021;BALIK BUKIT;KUBU PERAHU;P1;15/08/2022;9,2;76,0;Berdiri\n",
        encoding="utf-8",
    )
    s = ingest_measurements(ws, path, snapshot="m", district="18.04")
    assert s.accepted == 2 and s.warnings == {"nik_invalid": 2, "kk_placeholder": 2}
    frame = ws.con.sql("SELECT * FROM growth_measurements").pl()
    assert frame["nik"].null_count() == 2 and frame["kk"].null_count() == 2
    assert latest_per_child(backend(ws.con).table("growth_measurements")).count().to_pyarrow().as_py() == 2


def test_kk_rule():
    assert [kk_problem(v) for v in ("0", "0000000000000000", "9999", "0000009876543210", "12345",
                                    "1804040101900001", "")] == [
        "kk_placeholder", "kk_placeholder", "kk_placeholder", "kk_placeholder", "kk_invalid", None, None]
    # Excel's damage is named as such, like a NIK's (nik_scientific, nik_serial)
    assert [kk_problem(v) for v in ("1.80404E+15", "1,80404E+15", "1804040507090000", "180404050709000")] == [
        "kk_scientific", "kk_scientific", "kk_serial", "kk_invalid"]
    assert is_placeholder_id("000") and not is_placeholder_id("P3KE1000") and not is_placeholder_id("")


def test_kk_rule_in_sql_equals_python():
    import duckdb
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lokus.nik import kk_problem_sql

    con = duckdb.connect()

    @settings(max_examples=200, deadline=None)
    @given(st.one_of(st.text(alphabet="0123456789", min_size=1, max_size=18),
                     st.sampled_from(["0", "9" * 16, "0" * 16, "000000123", "18O4", "1.80404E+15",
                                     "1804040507090000"]),
                     st.text(min_size=1, max_size=18)))
    def check(value: str) -> None:
        got = con.execute(f"SELECT {kk_problem_sql('x')} FROM (SELECT ?::VARCHAR AS x)", [value]).fetchone()[0]
        assert got == kk_problem(value), value

    check()
