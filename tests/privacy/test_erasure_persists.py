"""An erasure stays erased: every later load quarantines the person's rows (``subject_erased``) without keeping
them, the tombstone holds no NIK, ``person restore`` lifts it deliberately, and rows read = accepted +
quarantined + erased holds for every kind of snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lokus.convergence import import_interventions, ingest_programs
from lokus.measurements import ingest_measurements
from lokus.privacy import erase_person, export_person, restore_person, tombstone
from lokus.registry import ingest_registry
from lokus.workspace import (
    ERASED_TABLE,
    INTERVENTIONS_TABLE,
    MEASUREMENTS_TABLE,
    QUARANTINE_TABLE,
    RECIPIENTS_TABLE,
    REGISTRY_TABLE,
    Kind,
    Workspace,
    snapshot_column,
)
from tests.convergence import fixture
from tests.convergence.conftest import TODAY

SARI, ADI = fixture.BY_NAME["Sari"]["nik"], fixture.BY_NAME["Adi"]["nik"]
TABLE_OF = {Kind.registry: REGISTRY_TABLE, Kind.programs: RECIPIENTS_TABLE, Kind.measurements: MEASUREMENTS_TABLE,
            Kind.interventions: INTERVENTIONS_TABLE}
M_HEADER = "NIK;Nama;JK;Tgl Lahir;NIK Ibu;Kec;Desa/Kel;Posyandu;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur\n"


def _measurements(path: Path) -> Path:
    b = fixture.BY_NAME
    path.write_text(M_HEADER + "".join([
        f"{ADI};ADI;L;01/05/2023;{SARI};X;Y;P1;15/05/2024;9,0;75,0;Terlentang\n",  # Adi, his mother Sari
        f"{b['Dewi']['nik']};DEWI;P;01/01/2020;{b['Wati']['nik']};X;Y;P1;15/05/2024;14,0;98,0;Berdiri\n",
        f"{b['Rina']['nik']};RINA;P;15/01/2014;{SARI};X;Y;P1;15/05/2024;30,0;130,0;Berdiri\n",  # too old: quarantined
    ]), encoding="utf-8")
    return path


def _interventions(path: Path, day: int = 10) -> Path:
    b = fixture.BY_NAME
    path.write_text(f"nik,program,tanggal\n{SARI},PKH,2024-06-{day}\n{b['Budi']['nik']},PKH,2024-06-{day}\n"
                    f"{b['Wati']['nik']},PKH,2024-06-11\n", encoding="utf-8")
    return path


def _load_all(ws: Workspace, folder: Path, suffix: str = "") -> None:
    ingest_registry(ws, fixture.write_registry(folder / "reg.csv"), snapshot=f"reg{suffix}", fmt="canonical",
                    today=TODAY, replace=True)
    ingest_programs(ws, fixture.write_lists(folder)["PBI_JKN"], program="PBI_JKN", period="2024-06",
                    snapshot=f"pbi{suffix}", today=TODAY, replace=True)
    ingest_measurements(ws, _measurements(folder / f"m{suffix}.csv"), snapshot=f"m{suffix}", today=TODAY,
                        replace=True)
    import_interventions(ws, _interventions(folder / f"iv{suffix}.csv", day=12 if suffix else 10), today=TODAY)


def _identity(ws: Workspace) -> dict[str, tuple[int, int, int, int]]:
    """snapshot → (rows read, accepted now, quarantined now, erased since ingest), for every person-holding kind."""
    erased = ws.erased_rows()
    out = {}
    for info in ws.snapshots():
        table = TABLE_OF.get(Kind(info.kind))
        if table is None:
            continue
        col = snapshot_column(table)
        accepted = ws.con.execute(f'SELECT count(*) FROM {table} WHERE "{col}" = ?', [info.name]).fetchone()[0]
        quarantined = ws.con.execute(f"SELECT count(*) FROM {QUARANTINE_TABLE} WHERE snapshot = ?",
                                     [info.name]).fetchone()[0]
        out[info.name] = (int(info.rows_read or 0), accepted, quarantined, erased.get(info.name, 0))
    return out


@pytest.fixture
def loaded(tmp_path: Path):
    with Workspace(tmp_path / "ws.duckdb") as ws:
        _load_all(ws, tmp_path)
    return tmp_path / "ws.duckdb"


def test_rows_read_add_up_for_every_kind_after_an_erasure(loaded: Path):
    with Workspace(loaded) as ws:
        erase_person(ws, SARI, compact=False)
        erase_person(ws, ADI, compact=False)
        counts = _identity(ws)
        kinds = {s.kind for s in ws.snapshots()}
        no_snapshot = ws.con.execute("SELECT count(*) FROM erasures WHERE snapshot IS NULL").fetchone()[0]
    assert kinds == {k.value for k in TABLE_OF}
    for name, (read, accepted, quarantined, erased) in counts.items():
        assert read == accepted + quarantined + erased, (name, read, accepted, quarantined, erased)
    assert all(counts[n][3] > 0 for n in counts), counts  # every kind lost rows: the test is not vacuous
    assert no_snapshot == 0  # interventions name their snapshot (batch) too


def test_a_later_load_does_not_bring_the_person_back(loaded: Path, tmp_path: Path):
    with Workspace(loaded) as ws:
        erase_person(ws, SARI, compact=False)
        erase_person(ws, ADI, compact=False)
        # the ministry's next snapshot (the same people), the same files with --replace, new list and batch
        (tmp_path / "again").mkdir()
        _load_all(ws, tmp_path / "again", suffix="-2")
        (tmp_path / "reg.csv").write_text((tmp_path / "reg.csv").read_text(encoding="utf-8") + "\n",
                                          encoding="utf-8")  # a different file into the old snapshot
        s = ingest_registry(ws, tmp_path / "reg.csv", snapshot="reg", fmt="canonical", today=TODAY, replace=True)
        assert s.reasons.get("subject_erased") == 2 and s.rows_read == s.accepted + s.quarantined
        for table in (REGISTRY_TABLE, RECIPIENTS_TABLE, MEASUREMENTS_TABLE, INTERVENTIONS_TABLE):
            rows = ws.con.execute(f"SELECT count(*) FROM {table} WHERE nik IN (?, ?)", [SARI, ADI]).fetchone()[0]
            assert rows == 0, table
        held = ws.con.execute(f"SELECT snapshot, reasons, raw FROM {QUARANTINE_TABLE} "
                              "WHERE list_contains(reasons, 'subject_erased') ORDER BY ALL").fetchall()
        by_snapshot = {}
        for snap, reasons, raw in held:
            assert reasons == ["subject_erased"] and raw is None  # the quarantine keeps nothing of them
            by_snapshot[snap] = by_snapshot.get(snap, 0) + 1
        batch = next(s.name for s in ws.snapshots(Kind.interventions) if s.name in by_snapshot)
        # registry: Sari + Adi; list: Sari + Adi; measurements: Adi's row (own NIK, mother Sari) + Rina's
        # quarantined row naming Sari as mother; interventions: Sari
        assert by_snapshot == {"reg": 2, "reg-2": 2, "pbi-2": 2, "m-2": 2, batch: 1}
        stored = " ".join(str(v) for t in ws.con.execute("SELECT table_name FROM information_schema.tables "
                                                          "WHERE table_schema = 'main'").fetchall()
                          for row in ws.con.execute(f'SELECT * FROM "{t[0]}"').fetchall() for v in row)
        assert SARI not in stored and ADI not in stored
        for name, (read, accepted, quarantined, erased) in _identity(ws).items():
            assert read == accepted + quarantined + erased, name


def test_the_tombstone_holds_no_nik_and_needs_the_key(loaded: Path, tmp_path: Path, monkeypatch):
    from lokus.errors import ConfigError

    with Workspace(loaded) as ws:
        erase_person(ws, SARI, compact=False)
        rows = ws.con.execute(f"SELECT * FROM {ERASED_TABLE}").fetchall()
        assert len(rows) == 1 and SARI not in str(rows) and len(rows[0][0]) == 64
        assert tombstone(ws.con).holds(SARI) and not tombstone(ws.con).holds(ADI)
    # a rotated key is still read; a lost one stops the load instead of bringing the person back
    from lokus.privacy import rotate_key

    rotate_key(loaded)
    with Workspace(loaded) as ws:
        assert tombstone(ws.con).holds(SARI)
    monkeypatch.setenv("LOKUS_PSEUDONYM_KEY_FILE", str(tmp_path / "other" / "k.key"))
    with Workspace(loaded) as ws:
        with pytest.raises(ConfigError) as err:
            ingest_registry(ws, fixture.write_registry(tmp_path / "r2.csv"), snapshot="r2", fmt="canonical",
                            today=TODAY)
        assert ws.find_snapshot("r2") is None
    assert "LOKUS_PSEUDONYM_KEY_FILE" in err.value.message("en")


def test_a_manual_delivery_to_an_erased_person_is_refused(loaded: Path):
    from lokus.convergence import add_intervention
    from lokus.errors import ConfigError

    with Workspace(loaded) as ws:
        erase_person(ws, SARI, compact=False)
        with pytest.raises(ConfigError):
            add_intervention(ws, program="PKH", delivered_on=TODAY, nik=SARI, today=TODAY)


def test_restore_lifts_the_erasure_with_an_audit_row(loaded: Path, tmp_path: Path):
    with Workspace(loaded) as ws:
        erase_person(ws, SARI, compact=False)
        restore_person(ws, SARI, user="ppid")
        last = ws.con.execute("SELECT action, user_name FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        assert last == ("person.restore", "ppid")
        assert not tombstone(ws.con)
        s = ingest_registry(ws, fixture.write_registry(tmp_path / "r3.csv"), snapshot="r3", fmt="canonical",
                            today=TODAY)
        assert "subject_erased" not in s.reasons
        assert ws.con.execute("SELECT count(*) FROM registry WHERE snapshot = 'r3' AND nik = ?",
                              [SARI]).fetchone()[0] == 1


def test_cli_restore_export_after_erasure(ready, workspace_path: Path, tmp_path: Path):
    sari = SARI
    assert ready("person", "erase", sari, "--yes").exit_code == 0
    res = ready("person", "export", sari, "--out", tmp_path / "sari.json", "--lang", "en")
    assert res.exit_code == 0, res.stderr
    assert "was erased on" in res.stdout
    rows = json.loads((tmp_path / "sari.json").read_text(encoding="utf-8"))
    assert {r["table"] for r in rows} == {"erased_subjects"} and {r["column"] for r in rows} == {"erased_at"}
    with Workspace(workspace_path, read_only=True) as ws:
        digest = ws.con.execute(f"SELECT digest FROM {ERASED_TABLE}").fetchone()[0]
        assert ws.con.execute("SELECT count(*) FROM audit_detail WHERE record = ?", [sari]).fetchone()[0] == 0
    assert digest not in json.dumps(rows)
    res = ready("person", "erase", sari, "--yes", "--lang", "en")
    assert res.exit_code == 4 and "was erased on" in res.stderr
    res = ready("person", "restore", sari)
    assert res.exit_code == 2 and "--yes" in res.stderr
    res = ready("person", "restore", sari, "--yes", "--lang", "en")
    assert res.exit_code == 0 and "lifted" in res.stdout, res.stderr
    res = ready("person", "restore", sari, "--yes")
    assert res.exit_code == 4
    with Workspace(workspace_path) as ws:
        report = export_person(ws, sari, tmp_path / "again.json")
    assert report.erased_at is None and report.audit_rows == 1  # the restore names her
