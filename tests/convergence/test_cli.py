"""The convergence commands end to end on the fixture workspace."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest

from tests.convergence import fixture


@pytest.fixture
def ready(cli, tmp_path):
    reg = fixture.write_registry(tmp_path / "reg.csv")
    assert cli("ingest", "registry", reg, "--snapshot", "reg-2024", "--format", "canonical").exit_code == 0
    for code, path in fixture.write_lists(tmp_path).items():
        res = cli("ingest", "programs", path, "--program", code, "--period", "2024-06")
        assert res.exit_code == 0, res.stderr
    return cli


def test_ingest_reports_unmatched_niks(cli, tmp_path):
    cli("ingest", "registry", fixture.write_registry(tmp_path / "r.csv"), "--format", "canonical")
    res = cli("--lang", "en", "ingest", "programs", fixture.write_lists(tmp_path)["PKH"], "--program", "PKH",
              "--period", "2024-06")
    assert res.exit_code == 0, res.stderr
    assert "4 rows read, 3 accepted" in res.stdout and "1 not in the registry" in res.stdout
    assert fixture.OUTSIDER_NIK in res.stdout


def test_a_list_before_the_registry_says_so_and_the_registry_matches_it(cli, tmp_path):
    lst = fixture.write_lists(tmp_path)["PKH"]
    res = cli("ingest", "programs", lst, "--program", "PKH", "--period", "2024-06")
    assert res.exit_code == 0, res.stderr
    assert "Belum ada registri" in res.stdout and "tidak ada di registri" not in res.stdout
    res = cli("ingest", "registry", fixture.write_registry(tmp_path / "r.csv"), "--format", "canonical",
              "--snapshot", "reg-2024")
    assert res.exit_code == 0, res.stderr
    assert "3 baris daftar penerima kini punya hasil pencocokan baru" in res.stdout
    res = cli("programs", "unmatched", "--format", "json")
    assert [(r["nik"], r["registry_snapshot"]) for r in json.loads(res.stdout)] == [(fixture.OUTSIDER_NIK, "reg-2024")]
    res = cli("programs", "unmatched", "--program", "NOPE")
    assert res.exit_code == 2 and "NOPE" in res.stderr and "PKH" in res.stderr and "Traceback" not in res.stderr


def test_gaps_json_matches_the_hand_computation(ready):
    res = ready("gaps", "--region", "all", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = {r["program"]: r for r in json.loads(res.stdout)}
    for code, (e, c, g, i, n) in fixture.EXPECTED.items():
        r = rows[code]
        assert (r["eligible_units"], r["covered_units"], r["gap_units"], r["inclusion_not_eligible"],
                r["inclusion_not_in_registry"]) == (e, c, g, i, n)


@pytest.mark.parametrize("word", ["national", "Nasional", "semua"])
def test_the_whole_country_is_the_same_word_for_gaps_as_for_loci_and_synth(ready, word):
    every = ready("gaps", "--region", "all", "--format", "json")
    res = ready("gaps", "--region", word, "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout) == json.loads(every.stdout)
    res = ready("loci", "--district", word, "--format", "csv")
    assert res.exit_code == 0, res.stderr


def test_a_list_of_several_programs_says_its_counts_the_readers_way(cli, tmp_path):
    cli("ingest", "registry", fixture.write_registry(tmp_path / "r.csv"), "--format", "canonical")
    b = fixture.BY_NAME
    rows = [["PKH", b["Wati"]["nik"], "Wati"]] + [["SEMBAKO", b["Budi"]["nik"], "Budi"]] * 1_200
    path = fixture.write_list(tmp_path / "all.csv", ["program", "nik", "nama"], rows)
    res = cli("ingest", "programs", path, "--program", "PKH", "--period", "2024-06")
    assert res.exit_code == 0, res.stderr
    out = " ".join(res.stdout.split())
    assert "1.201 baris dibaca, 1 diterima" in out and "1.200 dikarantina" in out and "program_other: 1.200" in out
    res = cli("--lang", "en", "ingest", "programs", path, "--program", "PKH", "--period", "2024-06", "--replace")
    assert "1,201 rows read" in " ".join(res.stdout.split())


def test_gaps_table_says_no_data_for_a_program_without_a_list(ready):
    res = ready("gaps", "--region", "all")
    assert res.exit_code == 0, res.stderr
    line = next(x for x in res.stdout.splitlines() if "STUNTING" in x)
    assert "tidak ada data" in line
    res = ready("--lang", "en", "gaps", "--region", "all", "--by", "village")
    assert "no data" in res.stdout


def test_gaps_by_village_and_office_and_program_filter(ready):
    res = ready("gaps", "--region", "all", "--by", "village", "--format", "csv")
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(res.stdout.splitlines()))
    assert {r["village_code"] for r in rows} == set(fixture.EXPECTED_VILLAGES)
    res = ready("gaps", "--region", "all", "--by", "office", "--format", "json")
    offices = {r["office"]: r for r in json.loads(res.stdout)}
    # dinsos runs household programs only: its gaps are households, never added to persons
    assert offices["dinsos"]["gap_households"] == 2 and offices["dinsos"]["gap_persons"] == 0
    assert "gap_units" not in offices["dinsos"]
    res = ready("gaps", "--region", "all", "--program", "pip", "--format", "json")
    assert [r["program"] for r in json.loads(res.stdout)] == ["PIP"]
    res = ready("gaps", "--region", "all", "--by", "household", "--program", "SEMBAKO", "--format", "json")
    assert [r["household_id"] for r in json.loads(res.stdout)] == ["H2"]
    # RTLH has no list, flag or delivery: its coverage is unknown, so no household is listed as missing it
    res = ready("gaps", "--region", "all", "--by", "household", "--program", "RTLH", "--format", "json")
    assert json.loads(res.stdout) == []
    res = ready("gaps", "--region", "all", "--program", "nope")
    assert res.exit_code == 2 and "PKH" in res.stderr


def test_interventions_close_gaps_shown_at_the_next_meeting(ready, tmp_path):
    res = ready("gaps", "--region", "all", "--save-meeting", "tkpk-2024-07", "--lang", "en")
    assert res.exit_code == 0 and "saved" in res.stdout
    adi = fixture.BY_NAME["Adi"]["nik"]  # H1's baby: stunting services
    res = ready("interventions", "add", "--nik", adi, "--program", "STUNTING", "--date", "2024-06-20")
    assert res.exit_code == 0, res.stderr
    path = fixture.write_list(tmp_path / "d.csv", ["NIK", "program", "tanggal", "keterangan"], [
        [fixture.BY_NAME["Rina"]["nik"], "PIP", "15-06-2024", "KIP"],  # H1's schoolgirl
        [fixture.BY_NAME["Minah"]["nik"], "PKH", "2024-06-10", ""],  # H2
        ["123", "PKH", "2024-06-10", ""],  # bad NIK
        [fixture.BY_NAME["Minah"]["nik"], "NOPE", "2024-06-10", ""],  # unknown program
        [fixture.BY_NAME["Minah"]["nik"], "SEMBAKO", "kemarin", ""],  # bad date
    ])
    res = ready("--lang", "en", "interventions", "import", path)
    assert res.exit_code == 0, res.stderr
    assert "5 rows read: 2 recorded, 3 quarantined" in res.stdout
    res = ready("interventions", "list", "--format", "json")
    assert len(json.loads(res.stdout)) == 3
    res = ready("gaps", "--region", "all", "--by", "office", "--format", "json")
    offices = {r["office"]: r["gaps_closed"] for r in json.loads(res.stdout)}
    # STUNTING had no data at the meeting (no gap then); its first delivery makes its coverage known
    assert offices == {"dinsos": 1, "bpjs": 0, "dpmd": 0, "disdik": 1, "pupr": 0, "dinkes": 0}
    res = ready("--lang", "en", "gaps", "--region", "all")
    assert "2 gaps closed, 0 new" in res.stdout
    res = ready("gaps", "--region", "all", "--format", "json")
    stunting = next(r for r in json.loads(res.stdout) if r["program"] == "STUNTING")
    assert (stunting["eligible_units"], stunting["covered_units"], stunting["gap_units"]) == (1, 1, 0)
    res = ready("gaps", "--region", "all", "--by", "village", "--format", "json")
    v1 = next(r for r in json.loads(res.stdout) if r["village_code"] == "18.04.04.2002")
    # Pairs of programs with data. At the meeting: H1 2 of 4, H2 1 of 4 → 3/8. Now STUNTING has a
    # delivery: H1 4 of 5 (PKH, SEMBAKO, PIP, STUNTING), H2 1 of 3 (PKH makes it no longer eligible
    # for BLT-DD) → 5/8.
    assert v1["gaps_closed"] == 2
    assert v1["score_convergence_change"] == round(5 / 8 - 3 / 8, 4)


def test_worklists_in_every_format(ready, tmp_path):
    res = ready("worklist", "--office", "dinsos", "--region", "all", "--format", "json")
    rows = json.loads(res.stdout)
    assert [r["household_id"] for r in rows] == ["H2"] and rows[0]["missing"] == "PKH, SEMBAKO"
    res = ready("worklist", "--village", "18.04.04.2002", "--format", "json")
    rows = json.loads(res.stdout)
    work = [r for r in rows if r["list"] == "worklist"]
    assert [r["household_id"] for r in work] == ["H2", "H1"]  # same decile: more missing programs first
    # the BLT-DD candidates the XLSX carries are in CSV and JSON too (they were silently dropped)
    blt = [r for r in rows if r["list"] == "blt_dd"]
    assert [r["household_id"] for r in blt] == ["H2"] and blt[0]["covered_blt_dd"] is True
    res = ready("worklist", "--village", "18.04.04.2002", "--format", "csv")
    assert {r["list"] for r in csv.DictReader(res.stdout.splitlines())} == {"worklist", "blt_dd"}
    out = tmp_path / "w.csv"
    res = ready("worklist", "--village", "18.04.04.2002", "--out", out)
    assert res.exit_code == 0, res.stderr
    text = out.read_text(encoding="utf-8-sig")
    assert "H1" in text and "blt_dd" in text
    res = ready("worklist", "--office", "polisi", "--region", "all")
    assert res.exit_code == 2 and "dinsos" in res.stderr
    res = ready("worklist", "--region", "all")
    assert res.exit_code == 2
    res = ready("worklist", "--office", "dinsos", "--region", "all", "--out", tmp_path / "w.pdf")
    assert res.exit_code == 2 and ".xlsx" in res.stderr


@pytest.mark.parametrize(("lang", "office", "program", "sembako"), [
    ("id", "Dinas Sosial", "Program Keluarga Harapan", "Program Sembako / Bantuan Pangan Non Tunai (BPNT)"),
    ("en", "Social Affairs Office", "Family Hope Programme (PKH)", "Sembako food assistance / non-cash food aid (BPNT)"),
])
def test_worklists_name_programs_and_offices_where_people_read(ready, tmp_path, lang, office, program, sembako):
    """A person reads names (the catalogue's program names, the office's name); CSV and JSON keep codes."""
    from python_calamine import CalamineWorkbook

    out = tmp_path / "w.xlsx"
    assert ready("--lang", lang, "worklist", "--office", "dinsos", "--region", "all", "--out", out).exit_code == 0
    cells = [c for r in CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python() for c in r
             if isinstance(c, str)]
    assert any(office in c for c in cells[:3])  # the title: "Daftar kerja Dinas Sosial — per …"
    assert f"{program}; {sembako}" in cells and office in cells
    assert "PKH, SEMBAKO" not in cells and "dinsos" not in cells
    table = ready("--lang", lang, "worklist", "--office", "dinsos", "--region", "all")
    assert program in table.stdout and "PKH, SEMBAKO" not in table.stdout
    rows = json.loads(ready("--lang", lang, "worklist", "--office", "dinsos", "--region", "all",
                            "--format", "json").stdout)
    assert rows[0]["missing"] == "PKH, SEMBAKO" and rows[0]["offices"] == "dinsos"
    gaps = ready("--lang", lang, "gaps", "--by", "office", "--region", "all")
    assert office in gaps.stdout


def test_pseudonymised_worklist_hides_nik_and_names(ready, tmp_path, monkeypatch):
    monkeypatch.setenv("LOKUS_PSEUDONYM_KEY", "a-test-key-of-enough-length")
    res = ready("worklist", "--village", "18.04.04.2002", "--pseudonymise", "--format", "json")
    rows = json.loads(res.stdout)
    text = res.stdout
    assert "Budi" not in text and fixture.BY_NAME["Budi"]["nik"] not in text
    assert rows[0]["head_nik"].startswith("NIK-") and len(rows[0]["head_nik"]) == 24
    assert rows[0]["kk"].startswith("KK-") and rows[0]["head_name"].startswith("NAMA-")
    again = json.loads(ready("worklist", "--village", "18.04.04.2002", "--pseudonymise", "--format", "json").stdout)
    assert again == rows  # same key, same pseudonyms


def test_pseudonym_key_file_is_created_outside_the_workspace(ready, workspace_path, monkeypatch, tmp_path):
    monkeypatch.delenv("LOKUS_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("LOKUS_PSEUDONYM_KEY_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    res = ready("worklist", "--office", "pupr", "--region", "all", "--pseudonymise", "--format", "json")
    assert res.exit_code == 0, res.stderr
    key = tmp_path / "config" / "lokus" / "pseudonym.key"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert not workspace_path.with_name(workspace_path.name + ".pseudonym-key").exists()


def test_stunting_risk_participants_and_programs_list(ready, monkeypatch):
    res = ready("stunting-risk", "--region", "all", "--format", "json")
    rows = json.loads(res.stdout)
    assert [(r["household_id"], r["child_under_two"], r["pregnant"]) for r in rows] == [("H1", True, True)]
    res = ready("participants", "--top", "2", "--format", "json")
    rows = json.loads(res.stdout)
    assert [r["role"] for r in rows] == ["peratin", "peratin"]
    res = ready("programs", "list", "--format", "csv")
    assert res.exit_code == 0 and "Permensos" in res.stdout and ",dinsos," in res.stdout  # files keep the codes
    assert ',"receives_sembako, receives_bpnt",' in res.stdout  # one cell in CSV
    monkeypatch.setenv("COLUMNS", "400")  # every cell on one line
    res = ready("programs", "list")  # people read the office's name
    assert res.exit_code == 0 and "Dinas Sosial" in res.stdout and "dinsos" not in res.stdout
    assert "bantuan sosial" in res.stdout and "social assistance" not in res.stdout
    # the registry columns that count as receiving a program: a list in JSON, named by their header in the table
    flags = {r["code"]: r["registry_flags"] for r in json.loads(ready("programs", "list", "--format", "json").stdout)}
    assert flags["SEMBAKO"] == ["receives_sembako", "receives_bpnt"] and flags["PIP"] == []
    words = " ".join(res.stdout.replace("│", " ").replace("┃", " ").split())  # cells and headers wrap
    assert "Penanda" in words and "Menerima PKH" in words and "Menerima PBI" in words
    res = ready("programs", "list", "--lang", "en")
    words = " ".join(res.stdout.replace("│", " ").replace("┃", " ").split())
    assert "Registry" in words and "Receives PKH" in words and "receives_" not in words
    res = ready("quarantine", "export", "--kind", "programs", "--format", "json")
    reasons = sorted(r["reasons"] for r in json.loads(res.stdout))
    assert reasons == ["nik_length", "recipient_duplicate"]
    res = ready("programs", "unmatched", "--format", "json")
    assert [r["nik"] for r in json.loads(res.stdout)] == [fixture.OUTSIDER_NIK]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; "
                    "install the Debian package libreoffice-calc-nogui to run this check")
def test_worklist_xlsx_opened_by_libreoffice_keeps_niks_and_formula_text(ready, tmp_path, workspace_path):
    import duckdb

    con = duckdb.connect(str(workspace_path))
    con.execute("UPDATE registry SET name = '=1+1' WHERE name = 'Budi'")
    con.close()
    out = tmp_path / "desa.xlsx"
    res = ready("worklist", "--village", "18.04.04.2002", "--out", out)
    assert res.exit_code == 0, res.stderr
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "csv"), str(out)], check=True, capture_output=True, timeout=180)
    rows = list(csv.reader((tmp_path / "csv" / "desa.csv").read_text(encoding="utf-8").splitlines()))
    from lokus.i18n import header as col  # the workbook is for people: Indonesian headers
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == col("priority"))
    header, body = rows[header_at], rows[header_at + 1:]
    got = {r[header.index(col("household_id"))]: r for r in body}
    budi = fixture.BY_NAME["Budi"]
    assert got["H1"][header.index(col("head_nik"))] == budi["nik"]  # 16 digits, not 1.8E+15
    assert got["H1"][header.index(col("kk"))] == budi["kk"]
    assert got["H1"][header.index(col("head_name"))] == "=1+1"  # text, not 2


def test_a_stray_quote_is_a_warning_in_program_lists_and_interventions(ready, tmp_path):
    """A name typed as `"Wati` is kept as written and the row carries the warning quote_literal
    (as in the registry and measurements), in every loader with a quarantine."""
    b = fixture.BY_NAME
    pkh = tmp_path / "pkh-kutip.csv"
    pkh.write_text(f'NIK,NAMA\n{b["Wati"]["nik"]},"Wati\n{b["Hadi"]["nik"]},Hadi\n', encoding="utf-8")
    res = ready("--lang", "en", "ingest", "programs", pkh, "--program", "PKH", "--period", "2024-08")
    assert res.exit_code == 0, res.stderr
    assert "quote_literal: 1" in res.stdout
    deliveries = tmp_path / "kirim.csv"
    deliveries.write_text(f'NIK,program,tanggal,keterangan\n{b["Wati"]["nik"]},PKH,2024-06-10,"tahap 2\n'
                          f'{b["Hadi"]["nik"]},PKH,2024-06-10,\n', encoding="utf-8")
    res = ready("--lang", "en", "interventions", "import", deliveries)
    assert res.exit_code == 0, res.stderr
    assert "2 rows read: 2 recorded, 0 quarantined" in res.stdout and "quote_literal: 1" in res.stdout


def test_gaps_under_a_memory_limit_gives_the_same_figures(ready):
    plain = ready("gaps", "--region", "all", "--format", "json")
    bounded = ready("gaps", "--region", "all", "--format", "json", "--memory-limit", "500MB")
    assert bounded.exit_code == 0, bounded.stderr
    assert json.loads(bounded.stdout) == json.loads(plain.stdout)


def test_an_intervention_date_with_a_two_digit_year_is_named_as_such(ready, tmp_path):
    """`3 Apr 24` is never guessed (1924 or 2024?): the reason says the year has two digits, as
    elsewhere, rather than "unreadable"."""
    b = fixture.BY_NAME
    deliveries = tmp_path / "kirim-2digit.csv"
    deliveries.write_text(f'NIK,program,tanggal\n{b["Wati"]["nik"]},PKH,3 Apr 24\n'
                          f'{b["Hadi"]["nik"]},PKH,2024-06-10\n', encoding="utf-8")
    res = ready("--lang", "en", "interventions", "import", deliveries)
    assert res.exit_code == 0, res.stderr
    assert "2 rows read: 1 recorded, 1 quarantined" in res.stdout
    assert "date_two_digit_year: 1" in res.stdout and "date_invalid" not in res.stdout


@pytest.mark.parametrize("lang", ["id", "en"])
def test_programs_list_shows_eligibility_and_regulation_in_the_users_language(cli, lang, monkeypatch):
    """The table says who is eligible in plain words and the regulation's notes in the user's language (official
    titles as enacted); CSV and JSON keep the exact rule expression and the catalogue's record."""
    monkeypatch.setenv("COLUMNS", "400")  # every cell on one line
    res = cli("--lang", lang, "programs", "list")
    assert res.exit_code == 0, res.stderr
    words = " ".join(res.stdout.replace("│", " ").replace("┃", " ").split())
    for expression in ("decile <=", "decile ==", "receives(", "any(", "school_age", "safe_water"):
        assert expression not in words, expression
    if lang == "id":
        assert "keluarga desil 1 yang belum menerima PKH maupun Sembako" in words
        assert "programs show KODE" in words
    else:
        assert "decile-1 households that receive neither PKH nor Sembako" in words
        assert "programs show CODE" in words
    rows = {r["code"]: r for r in json.loads(cli("--lang", lang, "programs", "list", "--format", "json").stdout)}
    assert rows["BLT_DD"]["eligibility"] == "decile == 1 and not receives(PKH) and not receives(SEMBAKO)"
    assert "Inpres No. 4 Tahun 2022" in rows["BLT_DD"]["regulation"]


def test_programs_list_regulation_in_english_keeps_the_official_title(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # every column on screen
    words = " ".join(cli("--lang", "en", "programs", "list").stdout.replace("│", " ").split())
    assert "Permensos No. 1 Tahun 2018 tentang Program Keluarga Harapan (health component" in words
    assert "komponen kesehatan" not in words and "sasaran" not in words and "periksa peraturan" not in words
    words = " ".join(cli("programs", "list").stdout.replace("│", " ").split())
    assert "(komponen kesehatan: ibu hamil" in words


def test_programs_show_gives_the_plain_words_and_the_exact_rule(cli):
    res = cli("programs", "show", "blt-dd")
    assert res.exit_code == 0, res.stderr
    assert "Yang berhak: keluarga desil 1 yang belum menerima PKH maupun Sembako" in res.stdout
    assert "Aturan (ekspresi): decile == 1 and not receives(PKH) and not receives(SEMBAKO)" in res.stdout
    res = cli("--lang", "en", "programs", "show", "PKH")
    assert "Who is eligible: households in deciles 1–4" in res.stdout and "Rule (expression): decile <= 4" in res.stdout
    row = json.loads(cli("--lang", "en", "programs", "show", "PKH", "--format", "json").stdout)[0]
    assert row["eligibility"].startswith("decile <= 4") and row["description"].startswith("households in deciles")
    res = cli("programs", "show", "XX")
    assert res.exit_code != 0 and "KODE" in res.stderr and "PKH, SEMBAKO" in res.stderr


@pytest.mark.parametrize(("lang", "bad_nik", "bad_kk", "no_id"), [
    ("id", "16 angka NIK yang sah", "16 angka nomor KK yang nyata", "--nik atau --kk harus diisi"),
    ("en", "16 digits of a valid NIK", "the 16 digits of a real family card", "--nik or --kk is required"),
])
def test_interventions_add_refusals_are_in_the_output_language(ready, lang, bad_nik, bad_kk, no_id):
    """A bad --nik, a bad --kk and neither given: one sentence each, wholly in the reader's language."""
    base = ("--lang", lang, "interventions", "add", "--program", "PKH", "--date", "2024-06-20")
    for extra, said in ((("--nik", "123"), bad_nik), (("--kk", "0"), bad_kk), ((), no_id)):
        res = ready(*base, *extra)
        assert res.exit_code != 0 and said in " ".join(res.stderr.split()) and "Traceback" not in res.stderr
        other = ("16 digits", "real family card", "is required") if lang == "id" else ("angka", "harus diisi")
        assert not any(word in res.stderr for word in other), res.stderr
