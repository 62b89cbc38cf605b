"""Erasure and subject access for one person by NIK."""

from __future__ import annotations

import csv
import json
from datetime import date

import duckdb
import pytest

from lokus.privacy import audit, erase_person, export_person, person_tables, verify_chain
from lokus.workspace import QUARANTINE_TABLE, Workspace, ensure_tables
from tests.convergence import fixture

# a synthetic person with a name found nowhere else (region names hold "Sari", so a fixture name won't do)
SARI = {**fixture.BY_NAME["Sari"], "name": "Kartika Prameswari", "household_id": "H1",
        "nik": fixture.nik(fixture.V1, date(1994, 3, 17), True, 77)}


def _bytes(path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + ".wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def _counts(path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    out = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    con.close()
    return out


@pytest.fixture
def held(ready, workspace_path, tmp_path):
    """The fixture district, a quarantined line naming Sari, and two audited views of her."""
    reg = tmp_path / "reg-b.csv"
    with open(reg, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fixture.HEADERS)
        w.writeheader()
        w.writerows([*fixture.PEOPLE, SARI])
    assert ready("ingest", "registry", reg, "--snapshot", "reg-2024b", "--format", "canonical").exit_code == 0
    lst = fixture.write_list(tmp_path / "pbi-07.csv", ["nik", "nama"], [[SARI["nik"], SARI["name"]]])
    assert ready("ingest", "programs", lst, "--program", "PBI_JKN", "--period", "2024-07").exit_code == 0
    q = tmp_path / "q.csv"
    q.write_text("id_keluarga_p3ke,kode_kemdagri,desil_kesejahteraan,nik,nama\n"
                 f"H1,1804042002,99,{SARI['nik']},{SARI['name']}\n"
                 "H9,1804042002,1,1804045607900001,JULEHA\n", encoding="utf-8")
    assert ready("ingest", "registry", q, "--snapshot", "q").exit_code == 0
    with Workspace(workspace_path) as ws:
        audit(ws, "worklist.export", target="office:dinkes", rows=4, records=[SARI["nik"], "1804045607900001"])
        audit(ws, "quarantine.list", target="q", rows=1, records=[SARI["nik"]])
    return ready


def test_subject_access_export(held, workspace_path, tmp_path):
    out = tmp_path / "sari.xlsx"
    res = held("person", "export", SARI["nik"], "--out", out, "--lang", "en")
    assert res.exit_code == 0, res.stderr
    assert "2 audit rows" in res.stdout
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(out))
    assert {"Registry", "Program recipients", "Quarantine", "Audit trail"} <= set(wb.sheet_names)  # in --lang
    reg = wb.get_sheet_by_name("Registry").to_python()
    assert SARI["nik"] in [str(c) for c in reg[1]] or SARI["nik"] in [str(c) for row in reg for c in row]
    # a workbook for the person: every header in --lang, none a column's internal name
    from lokus.i18n import header

    with Workspace(workspace_path, read_only=True) as ws:
        held_cols = {c for name in ("registry", "program_recipients", "quarantine", "audit_log")
                     for c in ws.con.sql(f'SELECT * FROM "{name}" LIMIT 0').columns}
    for name in wb.sheet_names:
        heads = wb.get_sheet_by_name(name).to_python()[2]  # title, blank line, headers
        assert heads and not [h for h in heads if h in held_cols], name
    assert header("receives_pkh", "en") in reg[2] and "no" in [c for row in reg for c in row]  # yes/no in English
    js = tmp_path / "sari.json"
    assert held("person", "export", SARI["nik"], "--out", js).exit_code == 0
    rows = json.loads(js.read_text(encoding="utf-8"))
    assert {r["table"] for r in rows} >= {"registry", "program_recipients", "quarantine", "audit_log"}
    with Workspace(workspace_path, read_only=True) as ws:
        actions = [r[0] for r in ws.con.execute("SELECT action FROM audit_log ORDER BY seq").fetchall()]
    assert actions[-2:] == ["person.export", "person.export"]  # the access itself is audited


def test_erase_removes_every_byte_and_keeps_the_rest_verifiable(held, workspace_path):
    nik, name = SARI["nik"].encode(), SARI["name"].upper().encode()
    with Workspace(workspace_path) as ws:
        ws.con.execute("CHECKPOINT")
        held_rows = {t: x.num_rows for t, x in person_tables(ws, SARI["nik"]).items()}
    assert held_rows["registry"] == 1 and held_rows["quarantine"] == 1
    assert held_rows["program_recipients"] == 1
    before = _counts(workspace_path)
    assert nik in _bytes(workspace_path) and b"Prameswari" in _bytes(workspace_path)  # visible before
    res = held("person", "erase", SARI["nik"])
    assert res.exit_code == 2 and "--yes" in res.stderr  # erasure asks for confirmation
    res = held("person", "erase", SARI["nik"], "--yes", "--lang", "en")
    assert res.exit_code == 0, res.stderr
    said = " ".join(res.stdout.split())  # the sentence in words: counts agree, the reason by its label
    assert said.startswith("Erased: 3 rows from 3 tables; 0 mentions of this NIK blanked") and "2 audit details" in said
    assert "subject_erased" not in said and "with the reason “This person was erased under their data-subject" in said
    data = _bytes(workspace_path)
    assert nik not in data
    assert name not in data and SARI["name"].encode() not in data and b"Prameswari" not in data
    after = _counts(workspace_path)
    for table, n in held_rows.items():
        assert after[table] == before[table] - n, table
    with Workspace(workspace_path) as ws:
        assert person_tables(ws, SARI["nik"]) == {}
        result = verify_chain(ws)
        assert result.ok, result.problems
        last = ws.con.execute("SELECT action, target FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        assert last == ("person.erase", "person")
        erased = dict(ws.con.execute("SELECT table_name, sum(rows) FROM erasures GROUP BY 1").fetchall())
    assert erased == held_rows
    # the other person in the same audit row is still findable; the rest of the data still works
    res = held("worklist", "--office", "dinkes", "--region", "all", "--format", "json")
    assert res.exit_code == 0 and SARI["name"] not in res.stdout
    assert held("audit", "verify").exit_code == 0
    res = held("person", "erase", SARI["nik"], "--yes")
    assert res.exit_code == 4  # nothing held any more
    said = " ".join(res.stderr.split())
    assert "dengan alasan “Orang ini sudah dihapus atas haknya sebagai subjek data”" in said
    assert "subject_erased" not in said
    res = held("person", "export", SARI["nik"], "--out", workspace_path.with_name("sari.json"), "--lang", "en")
    assert res.exit_code == 0 and "0 rows from 0 tables and 0 audit rows," in " ".join(res.stdout.split())


def test_erase_blanks_a_mention_in_another_persons_row(workspace_path):
    with Workspace(workspace_path) as ws:
        ws.con.execute("CREATE TABLE growth (nik VARCHAR, name VARCHAR, mother_nik VARCHAR, mother_name VARCHAR, "
                       "zlen DOUBLE)")
        ws.con.execute("INSERT INTO growth VALUES ('1804040101230001', 'BAYI', '1804045703940007', 'IBU SITI', -2.5)")
        report = erase_person(ws, "1804045703940007", compact=False)
        assert report.rows == 0 and report.blanked == {"growth.mother_nik": 1}
        row = ws.con.execute("SELECT * FROM growth").fetchone()
    assert row == ("1804040101230001", "BAYI", None, None, -2.5)


def test_erase_tells_the_persons_rows_from_mentions_in_text(workspace_path):
    """A row is the person's by its own NIK (its column, or its snapshot's NIK header in the raw cells), a line
    that could not be split, or a NIK that is its only identifier; any other row keeps everything but the NIK."""
    nik, other = "1804045703940007", "1804040101230001"
    spaced = "1804 0457 0394 0007"
    with Workspace(workspace_path) as ws:
        ws.con.execute("INSERT INTO snapshots (name, kind, details) VALUES ('m', 'measurements', ?)",
                       [json.dumps({"columns": {"nik": "NIK Anak"}})])
        ensure_tables(ws.con, QUARANTINE_TABLE)
        raws = [("m", {"NIK Anak": other, "NIK Ibu": nik, "Nama": "BAYI"}),  # a child's row naming the mother
                ("m", {"NIK Anak": nik, "Nama": "X"}),  # the person's own row
                ("m", {"_line": f"{nik};X;;", "_error": "3 fields"}),  # a line that could not be split: whose?
                ("zz", {"nik ibu": nik})]  # no NIK header known, no other identifier
        ws.con.executemany(f"INSERT INTO {QUARANTINE_TABLE} (snapshot, kind, reasons, raw) "
                           "VALUES (?, 'measurements', ['date_invalid'], ?)", [[s, json.dumps(r)] for s, r in raws])
        ws.con.execute("CREATE TABLE visits (nik VARCHAR, note VARCHAR)")
        ws.con.execute(f"INSERT INTO visits VALUES ('{other}', 'ibu {spaced} datang'), (NULL, 'NIK {nik}')")
        report = erase_person(ws, nik, compact=False)
        assert report.tables == {QUARANTINE_TABLE: 3, "visits": 1}
        assert report.blanked == {f"{QUARANTINE_TABLE}.raw": 1, "visits.note": 1} and report.rows == 4
        kept = ws.con.execute(f"SELECT reasons, raw FROM {QUARANTINE_TABLE}").fetchall()
        assert [(r, json.loads(raw)) for r, raw in kept] == [
            (["date_invalid"], {"NIK Anak": other, "NIK Ibu": None, "Nama": "BAYI"})]
        assert ws.con.execute("SELECT * FROM visits").fetchall() == [(other, "ibu datang")]
        erased = ws.con.execute("SELECT snapshot, rows FROM erasures WHERE table_name = ? ORDER BY 1",
                                [QUARANTINE_TABLE]).fetchall()
    assert erased == [("m", 2), ("zz", 1)]


def test_bad_nik_is_one_sentence(cli):
    res = cli("person", "export", "12345", "--out", "x.xlsx")
    assert res.exit_code == 2 and "16" in res.stderr and "Traceback" not in res.stderr


def test_export_needs_xlsx_or_json(held, tmp_path):
    res = held("person", "export", SARI["nik"], "--out", tmp_path / "x.pdf")
    assert res.exit_code == 2


def test_export_of_unknown_person(held, tmp_path):
    res = held("person", "export", fixture.OUTSIDER_NIK, "--out", tmp_path / "x.xlsx")
    assert res.exit_code == 0  # not in the registry, but in a program list: that is held too
    res = held("person", "export", "1804040101010999", "--out", tmp_path / "y.xlsx")
    assert res.exit_code == 4 and not (tmp_path / "y.xlsx").exists()


def test_export_person_api(held, workspace_path, tmp_path):
    with Workspace(workspace_path) as ws:
        report = export_person(ws, SARI["nik"], tmp_path / "s.json", user="petugas.ppid")
        who = ws.con.execute("SELECT user_name FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert report.tables["registry"] == 1 and who == "petugas.ppid"


def test_erase_finds_the_person_in_any_table_and_column_kind(workspace_path):
    """A quarantine table shaped differently (raw row as a map, a list column) is still found."""
    nik = "1804045703940007"
    with Workspace(workspace_path) as ws:
        ws.con.execute("CREATE TABLE measurements_quarantine_v2 (snapshot VARCHAR, raw MAP(VARCHAR, VARCHAR), "
                       "reasons VARCHAR[], quarantined_at TIMESTAMP)")
        ws.con.execute(f"INSERT INTO measurements_quarantine_v2 VALUES ('m', MAP {{'NIK': '{nik}', 'NAMA': 'X'}}, "
                       "['date_invalid'], now()), ('m', MAP {'NIK': '1804040101010001'}, ['x'], now())")
        ws.con.execute("CREATE TABLE interventions (nik_penerima VARCHAR, action VARCHAR)")
        ws.con.execute(f"INSERT INTO interventions VALUES ('{nik}', 'PMT'), ('1804040101010001', 'PMT')")
        assert set(person_tables(ws, nik)) == {"measurements_quarantine_v2", "interventions"}
        report = erase_person(ws, nik, compact=False)
        assert report.tables == {"measurements_quarantine_v2": 1, "interventions": 1}
        assert ws.con.execute("SELECT count(*) FROM interventions").fetchone()[0] == 1


def test_subject_access_finds_the_views_that_showed_the_person(held, workspace_path, tmp_path):
    """Every audited view names the people it showed (records=), so subject access finds real views,
    not only hand-made audit rows: a quarantine listing and export, and a pseudonymised worklist
    (recorded by the real NIK, though the file holds pseudonyms)."""
    from lokus.privacy import entries_touching

    assert held("quarantine", "list", "--snapshot", "q").exit_code == 0
    assert held("quarantine", "export", "--snapshot", "q", "--out", tmp_path / "q.xlsx").exit_code == 0
    res = held("worklist", "--village", fixture.V1, "--pseudonymise", "--out", tmp_path / "w.csv")
    assert res.exit_code == 0, res.stderr
    written = (tmp_path / "w.csv").read_text(encoding="utf-8")
    with Workspace(workspace_path, read_only=True) as ws:
        mine = entries_touching(ws, SARI["nik"]).column("action").to_pylist()
        shown = [r[0] for r in ws.con.execute(
            "SELECT d.record FROM audit_detail d JOIN audit_log a USING (seq) WHERE a.action = 'worklist.export'"
        ).fetchall()]
    assert {"quarantine.list", "quarantine.export"} <= set(mine)
    assert shown and all(len(r) == 16 and r.isdigit() and r not in written for r in shown)


def test_records_shown_reads_every_kind_of_row():
    import pyarrow as pa

    from lokus.privacy import records_shown

    assert records_shown(pa.table({"nik": ["1", None, "1"], "kk": ["k1", "k2", "k3"], "name": ["a", "b", "c"]})) == [
        "1", "k2"]  # NIK, else KK; no repeats
    assert records_shown([{"head_nik": "2", "raw:NIK": "3"}, {"raw": {"nik": "4", "nama": "x"}},
                          {"members": [{"nik": "5"}, {"nik": ""}]}, {"village_code": "18.04"}]) == ["2", "3", "4", "5"]


def test_erasure_matches_the_lists_again(tmp_path):
    """Erasing the only registry member of a KK turns a list row matched by that KK into "not in the registry"
    (coverage and ``programs unmatched`` trust the stored verdicts)."""
    from lokus.convergence import ingest_programs
    from lokus.registry import ingest_registry
    from tests.convergence.conftest import TODAY

    with Workspace(tmp_path / "ws.duckdb") as ws:
        ingest_registry(ws, fixture.write_registry(tmp_path / "reg.csv"), snapshot="reg-2024", fmt="canonical",
                        today=TODAY)
        ingest_programs(ws, fixture.write_lists(tmp_path)["BLT_DD"], program="BLT_DD", period="2024-06",
                        today=TODAY)
        verdict = "SELECT matched_by FROM program_recipients"
        assert ws.con.execute(verdict).fetchall() == [("kk",)]
        erase_person(ws, fixture.BY_NAME["Minah"]["nik"], compact=False)  # H2's only member
        assert ws.con.execute(verdict).fetchall() == [(None,)]


def test_snapshots_list_shows_the_erased_rows(held, workspace_path):
    """``snapshots list`` keeps the rows recorded at ingest and says how many were erased since, per snapshot:
    the registry row, the list row and the quarantined line that named the person; looking changes nothing."""
    before = json.loads(held("snapshots", "list", "--format", "json").stdout)
    assert {s["name"]: s["erased"] for s in before} == {s["name"]: 0 for s in before}
    assert "Dihapus" not in held("snapshots", "list").stdout  # no erasure, no column
    assert held("person", "erase", SARI["nik"], "--yes").exit_code == 0
    data = _bytes(workspace_path)
    after = json.loads(held("snapshots", "list", "--format", "json").stdout)
    assert {s["name"]: s["erased"] for s in after if s["erased"]} == {
        "reg-2024b": 1, "pbi-jkn-2024-07": 1, "q": 1}
    assert [(s["name"], s["rows_read"], s["rows"], s["quarantined"]) for s in after] == [
        (s["name"], s["rows_read"], s["rows"], s["quarantined"]) for s in before]  # as recorded at ingest
    assert list(after[0])[list(after[0]).index("quarantined") + 1] == "erased"
    csv_out = held("snapshots", "list", "--format", "csv").stdout
    assert csv_out.splitlines()[0].split(",")[7] == "erased"
    table = held("snapshots", "list", "--lang", "en").stdout
    assert "Erased" in table and "data subject" in table
    assert "Dihapus" in held("snapshots", "list").stdout
    assert _bytes(workspace_path) == data  # a view: the file is as the erasure left it
    # a snapshot loaded again after the erasure counts only what was erased from it since
    reg = fixture.write_registry(workspace_path.parent / "reg-c.csv")  # the district without her
    res = held("ingest", "registry", reg, "--snapshot", "reg-2024b", "--format", "canonical", "--replace")
    assert res.exit_code == 0, res.stderr
    again = {s["name"]: s["erased"] for s in json.loads(held("snapshots", "list", "--format", "json").stdout)}
    assert again["reg-2024b"] == 0 and again["q"] == 1
