"""Measurements follow the registry they were linked to: after ``ingest registry --replace``, after a
registry loaded for the first time, and in a file an older lokus left (schema 3). The right answer is
always the same file loaded after the registry as it now is."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from lokus.measurements import ingest_measurements
from lokus.registry import ingest_registry
from lokus.workspace import Workspace
from lokus.workspace._workspace import SCHEMA_VERSION
from tests.convergence import fixture

TODAY = date(2024, 7, 15)
ADI, DEWI = fixture.BY_NAME["Adi"], fixture.BY_NAME["Dewi"]
NEWBORN = {**ADI, "nik": fixture.nik(fixture.V1, date(2024, 1, 2), True, 7), "name": "Ani", "household_id": "H2",
           "kk": fixture.kk(fixture.V1, 2), "birth_date": "2024-01-02", "sex": "P", "decile": "1"}
# The registry loaded again: Adi's family moved to V2 (household H5, decile 4), Dewi left, Ani joined H2.
MOVED = {**ADI, "household_id": "H5", "village_code": fixture.V2, "decile": "4", "kk": fixture.kk(fixture.V2, 5)}
NEW_PEOPLE = [MOVED if p is ADI else p for p in fixture.PEOPLE if p is not DEWI] + [NEWBORN]

HEADER = "NIK;Nama;JK;Tgl Lahir;Kec;Desa/Kel;Posyandu;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur\n"
ROWS = [  # no village code: each child is placed by the registry, else by the names
    f"{ADI['nik']};ADI;L;01/05/2023;BALIK BUKIT;KUBU PERAHU;P1;15/06/2024;9,1;74,5;Terlentang\n",
    f"{DEWI['nik']};DEWI;P;01/01/2020;BALIK BUKIT;WAY EMPULAU ULU;P2;15/06/2024;14,0;98,0;Berdiri\n",
    f"{NEWBORN['nik']};ANI;P;02/01/2024;BALIK BUKIT;KUBU PERAHU;P1;15/06/2024;6,0;62,0;Terlentang\n",
]
LINK = ("SELECT nik, in_registry, household_id, decile, village_code, village_source, warnings "
        "FROM growth_measurements ORDER BY nik")


def _registry(path: Path, people: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fixture.HEADERS)
        w.writeheader()
        w.writerows(people)
    return path


def _measurements(path: Path) -> Path:
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    return path


def _fresh(tmp_path: Path) -> list[tuple]:
    """The measurements loaded after the new registry, in a new workspace."""
    folder = tmp_path / "fresh"
    folder.mkdir()
    with Workspace(folder / "ws.duckdb") as ws:
        ingest_registry(ws, _registry(folder / "reg.csv", NEW_PEOPLE), snapshot="reg", fmt="canonical", today=TODAY)
        ingest_measurements(ws, _measurements(folder / "m.csv"), snapshot="m", district="18.04", today=TODAY)
        return ws.con.execute(LINK).fetchall()


def _by_nik(rows: list[tuple]) -> dict[str, tuple]:
    return {r[0]: r for r in rows}


def test_a_registry_loaded_again_links_its_children_again(tmp_path):
    with Workspace(tmp_path / "ws.duckdb") as ws:
        ingest_registry(ws, _registry(tmp_path / "r1.csv", fixture.PEOPLE), snapshot="reg", fmt="canonical",
                        today=TODAY)
        ingest_measurements(ws, _measurements(tmp_path / "m.csv"), snapshot="m", district="18.04", today=TODAY)
        before = _by_nik(ws.con.execute(LINK).fetchall())
        assert before[ADI["nik"]][1:6] == (True, "H1", 1, "18.04.04.2002", "registry")
        assert before[NEWBORN["nik"]][1:6] == (False, None, None, "18.04.04.2002", "name")
        assert before[NEWBORN["nik"]][6] == ["not_in_registry"]
        s = ingest_registry(ws, _registry(tmp_path / "r2.csv", NEW_PEOPLE), snapshot="reg", fmt="canonical",
                            today=TODAY, replace=True)
        assert s.measurements_linked_again == 3
        after = _by_nik(ws.con.execute(LINK).fetchall())
    fresh = _by_nik(_fresh(tmp_path))
    assert after[ADI["nik"]] == fresh[ADI["nik"]]  # moved: the new household, decile and village
    assert after[NEWBORN["nik"]] == fresh[NEWBORN["nik"]]  # joined: placed by the registry now, no warning
    assert after[NEWBORN["nik"]][1:6] == (True, "H2", 1, "18.04.04.2002", "registry")
    # Dewi left the registry: as a fresh load says, except that she keeps the village the registry gave her
    # (the file's names are not read again).
    assert after[DEWI["nik"]][1:4] == fresh[DEWI["nik"]][1:4] == (False, None, None)
    assert after[DEWI["nik"]][6] == fresh[DEWI["nik"]][6] == ["not_in_registry"]
    assert after[DEWI["nik"]][4:6] == ("18.04.04.2006", "registry")


def test_measurements_loaded_before_any_registry_are_linked_by_the_first(tmp_path):
    """With no registry a child is not known to be in it or not: no warning, ``in_registry`` NULL. The
    registry loaded next links the children, as if they had been loaded after it."""
    with Workspace(tmp_path / "ws.duckdb") as ws:
        s = ingest_measurements(ws, _measurements(tmp_path / "m.csv"), snapshot="m", district="18.04", today=TODAY)
        assert s.linked_to_registry == 0 and "not_in_registry" not in s.warnings
        assert {r[1] for r in ws.con.execute(LINK).fetchall()} == {None}
        reg = ingest_registry(ws, _registry(tmp_path / "r.csv", NEW_PEOPLE), snapshot="reg", fmt="canonical",
                              today=TODAY)
        assert reg.measurements_linked_again == 3
        rows = ws.con.execute(LINK).fetchall()
        details = json.loads(ws.find_snapshot("m").details)
    assert details["registry_snapshot"] == "reg"
    fresh = _fresh(tmp_path)
    assert [r[:5] + r[6:] for r in rows] == [r[:5] + r[6:] for r in fresh]  # Dewi: placed by her names in both


def test_an_older_workspace_links_its_measurements_when_opened_for_writing(tmp_path):
    """A schema-3 file whose registry was loaded again after the measurements (stale links, no recorded
    registry): the next write command's open links them again; a read-only open changes nothing."""
    path = tmp_path / "ws.duckdb"
    with Workspace(path) as ws:
        ingest_registry(ws, _registry(tmp_path / "r.csv", NEW_PEOPLE), snapshot="reg", fmt="canonical", today=TODAY)
        ingest_measurements(ws, _measurements(tmp_path / "m.csv"), snapshot="m", district="18.04", today=TODAY)
        right = ws.con.execute(LINK).fetchall()
        con = ws.con
        con.execute("UPDATE growth_measurements SET household_id = 'H1', decile = 1 WHERE nik = ?", [ADI["nik"]])
        details = json.loads(ws.find_snapshot("m").details)
        del details["registry_snapshot"]
        con.execute("UPDATE snapshots SET details = ? WHERE name = 'm'", [json.dumps(details)])
        con.execute("UPDATE snapshots SET created_at = created_at + INTERVAL 1 HOUR WHERE name = 'reg'")
        con.execute("UPDATE lokus_meta SET value = '3' WHERE key = 'schema_version'")
    with Workspace(path, read_only=True) as view:
        assert view.schema_version == 3
        assert _by_nik(view.con.execute(LINK).fetchall())[ADI["nik"]][2] == "H1"
    with Workspace(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        assert ws.con.execute(LINK).fetchall() == right
        assert json.loads(ws.find_snapshot("m").details)["registry_snapshot"] == "reg"


def test_a_registry_village_outside_the_measurements_district_is_not_taken(tmp_path):
    """The measurements were loaded with ``--district 18.04``: a child whose family the new registry puts in
    Bandar Lampung keeps the village it had (a fresh load would refuse the row), but follows the household."""
    away = {**MOVED, "village_code": "1871011003"}
    with Workspace(tmp_path / "ws.duckdb") as ws:
        ingest_registry(ws, _registry(tmp_path / "r1.csv", fixture.PEOPLE), snapshot="reg", fmt="canonical",
                        today=TODAY)
        ingest_measurements(ws, _measurements(tmp_path / "m.csv"), snapshot="m", district="18.04", today=TODAY)
        people = [away if p is ADI else p for p in fixture.PEOPLE]
        ingest_registry(ws, _registry(tmp_path / "r2.csv", people), snapshot="reg", fmt="canonical", today=TODAY,
                        replace=True)
        adi = _by_nik(ws.con.execute(LINK).fetchall())[ADI["nik"]]
    assert adi[1:6] == (True, "H5", 4, "18.04.04.2002", "registry")


UNPLACED = [  # no village code, names that match no village: only the registry can place these children
    f"{NEWBORN['nik']};ANI;P;02/01/2024;BALIK BUKIT;DESA TAK ADA;P1;15/06/2024;6,0;62,0;Terlentang\n",
    ";TANPA NIK;L;02/01/2023;BALIK BUKIT;KUBU PERAHU;P1;15/06/2024;9,0;75,0;Terlentang\n",
]
SNAPSHOT_COUNTS = "SELECT rows_read, rows, quarantined FROM snapshots WHERE name = 'm'"


def _unplaced(path: Path) -> Path:
    path.write_text(HEADER + "".join(UNPLACED), encoding="utf-8")
    return path


def test_a_child_quarantined_for_want_of_a_village_is_accepted_once_the_registry_places_it(tmp_path):
    """Ani's row has no village code and names that match nothing, and the first registry does not hold her:
    quarantined (``village_unresolved``). The registry loaded again holds her: her row is accepted, as a load
    of the file after that registry accepts it, and the snapshot's counts follow."""
    with Workspace(tmp_path / "ws.duckdb") as ws:
        ingest_registry(ws, _registry(tmp_path / "r1.csv", fixture.PEOPLE), snapshot="reg", fmt="canonical",
                        today=TODAY)
        s = ingest_measurements(ws, _unplaced(tmp_path / "m.csv"), snapshot="m", district="18.04", today=TODAY)
        assert (s.accepted, s.reasons) == (1, {"village_unresolved": 1})
        reg = ingest_registry(ws, _registry(tmp_path / "r2.csv", NEW_PEOPLE), snapshot="reg", fmt="canonical",
                              today=TODAY, replace=True)
        assert reg.measurements_linked_again == 1
        assert ws.con.execute(SNAPSHOT_COUNTS).fetchall() == [(2, 2, 0)]
        assert ws.con.execute("SELECT count(*) FROM quarantine WHERE snapshot = 'm'").fetchall() == [(0,)]
        rows = ws.con.execute(LINK).fetchall()
        mine = ws.con.execute("SELECT * EXCLUDE (snapshot) FROM growth_measurements ORDER BY source_line").fetchall()
    folder = tmp_path / "fresh"
    folder.mkdir()
    with Workspace(folder / "ws.duckdb") as fresh:
        ingest_registry(fresh, _registry(folder / "r.csv", NEW_PEOPLE), snapshot="reg", fmt="canonical", today=TODAY)
        ingest_measurements(fresh, _unplaced(folder / "m.csv"), snapshot="m", district="18.04", today=TODAY)
        assert rows == fresh.con.execute(LINK).fetchall()
        assert mine == fresh.con.execute(
            "SELECT * EXCLUDE (snapshot) FROM growth_measurements ORDER BY source_line").fetchall()


def test_rows_without_a_nik_are_not_in_the_registry_once_one_is_loaded(tmp_path):
    """Loaded before any registry, a child without a NIK is not known to be in it or not (NULL); the first
    registry makes it ``False``, as a load after the registry does."""
    with Workspace(tmp_path / "ws.duckdb") as ws:
        ingest_measurements(ws, _unplaced(tmp_path / "m.csv"), snapshot="m", district="18.04", today=TODAY)
        assert ws.con.execute("SELECT in_registry FROM growth_measurements").fetchall() == [(None,)]
        ingest_registry(ws, _registry(tmp_path / "r.csv", NEW_PEOPLE), snapshot="reg", fmt="canonical", today=TODAY)
        assert ws.con.execute("SELECT nik IS NULL, in_registry FROM growth_measurements ORDER BY source_line"
                              ).fetchall() == [(False, True), (True, False)]


def test_a_named_registry_that_does_not_exist_is_refused_even_in_a_workspace_without_one(tmp_path):
    import pytest

    from lokus.errors import WorkspaceError

    with Workspace(tmp_path / "ws.duckdb") as ws:
        with pytest.raises(WorkspaceError):
            ingest_measurements(ws, _measurements(tmp_path / "m.csv"), snapshot="m", registry_snapshot="reg",
                                today=TODAY)
        assert ws.find_snapshot("m") is None
