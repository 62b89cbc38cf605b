"""An erasure stays erased: every later load quarantines the person's rows (``subject_erased``) without keeping
them, the tombstone holds no NIK, ``person restore`` lifts it deliberately, and rows read = accepted +
quarantined + erased holds for every kind of snapshot."""

from __future__ import annotations

import json
import re
from datetime import date
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
        # registry: Sari + Adi; list: Sari + Adi; measurements: Adi's row (his own NIK); interventions: Sari.
        # Rina's row only names Sari as her mother: quarantined for her own reason, the mention taken out
        assert by_snapshot == {"reg": 2, "reg-2": 2, "pbi-2": 2, "m-2": 1, batch: 1}
        rina = ws.con.execute(f"SELECT reasons, raw FROM {QUARANTINE_TABLE} WHERE snapshot = 'm-2' "
                              "AND NOT list_contains(reasons, 'subject_erased')").fetchall()
        assert [(r, json.loads(raw)["NIK Ibu"], json.loads(raw)["Nama"]) for r, raw in rina] == [
            (["age_over_5"], None, "RINA")]
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
    import re

    sari = SARI
    res = ready("person", "erase", sari, "--yes", "--lang", "en")
    assert res.exit_code == 0 and "0 mentions of this NIK blanked in other people's rows" in res.stdout, res.stderr
    res = ready("person", "export", sari, "--out", tmp_path / "sari.json", "--lang", "en")
    assert res.exit_code == 0, res.stderr
    year = str(date.today().year)
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")  # the moment is said in words, in the output language
    assert "was erased on" in res.stdout and year in res.stdout and not iso.search(res.stdout)
    rows = json.loads((tmp_path / "sari.json").read_text(encoding="utf-8"))
    assert {r["table"] for r in rows} == {"erased_subjects"} and {r["column"] for r in rows} == {"erased_at"}
    with Workspace(workspace_path, read_only=True) as ws:
        digest = ws.con.execute(f"SELECT digest FROM {ERASED_TABLE}").fetchone()[0]
        assert ws.con.execute("SELECT count(*) FROM audit_detail WHERE record = ?", [sari]).fetchone()[0] == 0
    assert digest not in json.dumps(rows)
    res = ready("person", "erase", sari, "--yes", "--lang", "en")
    assert res.exit_code == 4 and "was erased on" in res.stderr and not iso.search(res.stderr)
    res = ready("person", "restore", sari)
    assert res.exit_code == 2 and "--yes" in res.stderr
    res = ready("person", "restore", sari, "--yes")
    assert res.exit_code == 0 and "dicabut" in res.stdout and year in res.stdout and not iso.search(res.stdout)
    assert ready("person", "erase", sari, "--yes").exit_code == 0
    res = ready("person", "restore", sari, "--yes", "--lang", "en")
    assert res.exit_code == 0 and "lifted" in res.stdout, res.stderr
    res = ready("person", "restore", sari, "--yes")
    assert res.exit_code == 4
    with Workspace(workspace_path) as ws:
        report = export_person(ws, sari, tmp_path / "again.json")
    assert report.erased_at is None and report.audit_rows == 1  # the restore names her


def _extra(ws: Workspace, snapshot: str, nik: str) -> dict[str, str | None]:
    return json.loads(ws.con.execute(f"SELECT extra FROM {MEASUREMENTS_TABLE} WHERE snapshot = ? AND nik = ?",
                                     [snapshot, nik]).fetchone()[0])


def test_erasing_a_mother_keeps_her_childrens_rows_and_blanks_the_mention(loaded: Path, tmp_path: Path):
    """Adi's measurement names his mother Sari in a column the reader kept in ``extra``; Rina's quarantined row
    names her too. Erasing Sari deletes her own rows only: the children's rows stay, without her NIK."""
    with Workspace(loaded) as ws:
        assert _extra(ws, "m", ADI)["NIK Ibu"] == SARI
        before = export_person(ws, SARI, tmp_path / "before.json")
        assert before.tables["growth_measurements"] == 1 and before.tables["quarantine"] == 1  # the mentions, shown
        report = erase_person(ws, SARI, compact=False)
        assert report.blanked == {"growth_measurements.extra": 1, "quarantine.raw": 1} and report.mentions == 2
        assert "growth_measurements" not in report.tables and "quarantine" not in report.tables
        assert set(report.tables) == {"registry", "program_recipients", "interventions"}
        extra = _extra(ws, "m", ADI)
        assert extra["NIK Ibu"] is None and extra["NIK"] == ADI and extra["Nama"] == "ADI"  # the rest intact
        rina = ws.con.execute(f"SELECT reasons, raw FROM {QUARANTINE_TABLE} WHERE snapshot = 'm'").fetchall()
        assert [(r, json.loads(raw)["NIK Ibu"], json.loads(raw)["NIK"]) for r, raw in rina] == [
            (["age_over_5"], None, fixture.BY_NAME["Rina"]["nik"])]
        for name, (read, accepted, quarantined, erased) in _identity(ws).items():
            assert read == accepted + quarantined + erased, name
        assert ws.erased_rows().get("m", 0) == 0  # no measurement row was erased
        stored = " ".join(str(v) for t in ws.con.execute("SELECT table_name FROM information_schema.tables "
                                                          "WHERE table_schema = 'main'").fetchall()
                          for row in ws.con.execute(f'SELECT * FROM "{t[0]}"').fetchall() for v in row)
        assert SARI not in stored
        after = export_person(ws, SARI, tmp_path / "after.json")
        assert after.tables == {} and after.erased_at is not None


def test_a_later_load_blanks_the_mention_of_an_erased_mother(loaded: Path, tmp_path: Path):
    """After Sari's erasure the same measurement file is loaded again: Adi is accepted with the mother's NIK
    blanked, Rina quarantined for her age (not subject_erased); every kind of list does the same."""
    with Workspace(loaded) as ws:
        erase_person(ws, SARI, compact=False)
        (tmp_path / "again").mkdir()
        _load_all(ws, tmp_path / "again", suffix="-2")
        m = ws.con.execute(f"SELECT nik, extra FROM {MEASUREMENTS_TABLE} WHERE snapshot = 'm-2' ORDER BY nik").fetchall()
        assert ADI in [n for n, _ in m] and json.loads(dict(m)[ADI])["NIK Ibu"] is None
        q = ws.con.execute(f"SELECT reasons, raw FROM {QUARANTINE_TABLE} WHERE snapshot = 'm-2'").fetchall()
        assert [(r, json.loads(raw)["NIK Ibu"]) for r, raw in q] == [(["age_over_5"], None)]
        # a program list and a delivery file naming Sari beside somebody else's own NIK
        b = fixture.BY_NAME
        lst = fixture.write_list(tmp_path / "bpnt.csv", ["nik", "nama", "nik_ibu"],
                                 [[ADI, "ADI", SARI], [SARI, "SARI", ""], [b["Budi"]["nik"], "BUDI", f"istri {SARI}"]])
        s = ingest_programs(ws, lst, program="SEMBAKO", period="2024-06", snapshot="bpnt", today=TODAY)
        assert (s.rows_read, s.accepted, s.quarantined, s.reasons) == (3, 2, 1, {"subject_erased": 1})
        extras = [json.loads(e) for (e,) in ws.con.execute(
            f"SELECT extra FROM {RECIPIENTS_TABLE} WHERE snapshot = 'bpnt' ORDER BY source_line").fetchall()]
        assert [e.get("nik_ibu") for e in extras] == [None, "istri"]
        iv = tmp_path / "iv-note.csv"
        iv.write_text(f"nik,program,tanggal,catatan\n{ADI},PKH,2024-06-10,ibu {SARI} hadir\n", encoding="utf-8")
        summary = import_interventions(ws, iv, today=TODAY)
        assert summary.accepted == 1
        note = ws.con.execute(f"SELECT note FROM {INTERVENTIONS_TABLE} WHERE batch = ?", [summary.batch]).fetchone()
        assert note == ("ibu hadir",)
        stored = " ".join(str(v) for t in ws.con.execute("SELECT table_name FROM information_schema.tables "
                                                          "WHERE table_schema = 'main'").fetchall()
                          for row in ws.con.execute(f'SELECT * FROM "{t[0]}"').fetchall() for v in row)
        assert SARI not in stored
        for name, (read, accepted, quarantined, erased) in _identity(ws).items():
            assert read == accepted + quarantined + erased, name


def test_a_registry_row_naming_an_erased_mother_is_loaded_without_her_nik(loaded: Path, tmp_path: Path):
    import csv

    with Workspace(loaded) as ws:
        erase_person(ws, SARI, compact=False)
        path = tmp_path / "reg-ibu.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=[*fixture.HEADERS, "NIK Ibu Kandung"])
            w.writeheader()
            w.writerows({**p, "NIK Ibu Kandung": SARI if p["name"] in ("Adi", "Rina") else ""} for p in fixture.PEOPLE)
        s = ingest_registry(ws, path, snapshot="reg-ibu", fmt="canonical", today=TODAY)
        assert s.reasons == {"subject_erased": 1} and s.rows_read == s.accepted + s.quarantined  # Sari's own row
        extra = dict(ws.con.execute(f"SELECT nik, extra FROM {REGISTRY_TABLE} WHERE snapshot = 'reg-ibu'").fetchall())
        assert json.loads(extra[ADI])["NIK Ibu Kandung"] is None and SARI not in " ".join(extra.values())


@pytest.mark.parametrize("written", [f"hp 0812 3456 7890 {SARI}", f"0812-3456-7890-{SARI[:4]} {SARI[4:]}",
                                     f"KK {fixture.BY_NAME['Sari']['kk']}{SARI}"])
def test_a_mention_after_other_digits_is_taken_out_at_later_loads(loaded: Path, tmp_path: Path, written: str):
    """An erased NIK written after a telephone number (or other digits, with spaces or dashes between) is found
    as erasure finds it, not only where a run of 16 digits happens to start."""
    import csv

    with Workspace(loaded) as ws:
        erase_person(ws, SARI, compact=False)
        path = tmp_path / "reg-note.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=[*fixture.HEADERS, "Catatan"])
            w.writeheader()
            w.writerows({**p, "Catatan": written if p["name"] == "Adi" else ""} for p in fixture.PEOPLE)
        s = ingest_registry(ws, path, snapshot="reg-note", fmt="canonical", today=TODAY)
        assert s.reasons == {"subject_erased": 1} and s.rows_read == s.accepted + s.quarantined  # Sari's own row
        extra = dict(ws.con.execute(f"SELECT nik, extra FROM {REGISTRY_TABLE} WHERE snapshot = 'reg-note'").fetchall())
        note = json.loads(extra[ADI])["Catatan"]
        assert re.sub(r"\D", "", note or "").find(SARI) == -1 and note and note[:2] in written  # the rest kept
