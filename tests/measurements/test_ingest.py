"""Measurement ingest on a small e-PPGBM fixture: every row accounted for, villages placed, ZS compared."""

from pathlib import Path

import pytest

from lokus.errors import InputFileError
from lokus.measurements import derive_stunting_loci, ingest_measurements
from lokus.registry import registry_ddl
from lokus.workspace import Workspace

HEADER = "NIK;Nama;JK;Tgl Lahir;Kec;Desa/Kel;Posyandu;Usia Saat Ukur;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur;ZS TB/U\n"
ROWS = [
    # linked to the registry by NIK (village from the registry, although the names say otherwise)
    "1804045001210001;ANAK SATU;P;10/01/2021;X;Y;P1;1 Tahun;15/08/2022;9,1;74,5;Terlentang;-2,45\n",
    # no NIK: placed by kecamatan + village names; the file's ZS disagrees with WHO
    ";ANAK DUA;L;01/03/2020;BALIK BUKIT;KUBU PERAHU;P1;;15/08/2022;11,0;85,0;Berdiri;1,00\n",
    # exact duplicate of the row above
    ";ANAK DUA;L;01/03/2020;BALIK BUKIT;KUBU PERAHU;P1;;15/08/2022;11,0;85,0;Berdiri;1,00\n",
    # sex missing
    ";ANAK TIGA;;01/03/2021;BALIK BUKIT;KUBU PERAHU;P1;;15/08/2022;9,0;75,0;Berdiri;\n",
    # six years old
    ";ANAK EMPAT;L;01/03/2016;BALIK BUKIT;KUBU PERAHU;P1;;15/08/2022;19,0;115,0;Berdiri;\n",
    # village unknown, no NIK
    ";ANAK LIMA;L;01/03/2021;ANTAH;BERANTAH;P1;;15/08/2022;9,0;75,0;Berdiri;\n",
    # neither weight nor height
    ";ANAK ENAM;P;01/03/2021;BALIK BUKIT;KUBU PERAHU;P1;;15/08/2022;;;Berdiri;\n",
]


@pytest.fixture
def ws(workspace_path: Path):
    w = Workspace(workspace_path)
    with w.transaction() as con:
        for stmt in registry_ddl():
            con.execute(stmt)
        con.execute("INSERT INTO registry (snapshot, nik, household_id, village_code, decile) VALUES "
                    "('reg', '1804045001210001', 'h1', '18.04.04.2006', 1)")
        w.record_snapshot("reg", "registry", source_file="r.csv", sha256="0", rows_read=1, rows=1)
    yield w
    w.close()


def _file(tmp_path: Path, rows=ROWS) -> Path:
    p = tmp_path / "eppgbm.csv"
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    return p


def test_every_row_accounted_for(ws, tmp_path):
    s = ingest_measurements(ws, _file(tmp_path), snapshot="m", district="18.04")
    assert s.rows_read == 7 == s.accepted + s.quarantined
    assert s.accepted == 2
    assert s.reasons == {"duplicate_row": 1, "sex_missing": 1, "age_over_5": 1, "village_unresolved": 1,
                         "measurement_missing": 1}


def test_villages_from_registry_and_names(ws, tmp_path):
    ingest_measurements(ws, _file(tmp_path), snapshot="m", district="18.04")
    rows = ws.con.execute("SELECT name, village_code, village_source, in_registry, household_id, zlen "
                          "FROM growth_measurements WHERE snapshot = 'm' ORDER BY source_line").fetchall()
    assert rows[0][1:5] == ("18.04.04.2006", "registry", True, "h1")
    assert rows[1][1:4] == ("18.04.04.2002", "name", False)


def test_file_zscores_kept_and_disagreement_flagged(ws, tmp_path):
    s = ingest_measurements(ws, _file(tmp_path), snapshot="m", district="18.04")
    rows = ws.con.execute("SELECT file_zlen, zlen, zs_disagree FROM growth_measurements WHERE snapshot = 'm' "
                          "ORDER BY source_line").fetchall()
    assert rows[0][0] == -2.45 and rows[0][1] == -2.48 and rows[0][2] is False  # within 0.1
    assert rows[1][0] == 1.0 and rows[1][2] is True and rows[1][1] != 1.0
    assert s.zs_disagreements == 1


def test_quarantine_keeps_raw_values_and_line(ws, tmp_path):
    ingest_measurements(ws, _file(tmp_path), snapshot="m", district="18.04")
    rows = ws.con.execute("SELECT source_line, reasons, raw->>'Nama' FROM quarantine "
                          "WHERE snapshot = 'm' ORDER BY source_line").fetchall()
    assert rows[0] == (4, ["duplicate_row"], "ANAK DUA")
    assert [r[0] for r in rows] == [4, 5, 6, 7, 8]


def test_same_file_twice_changes_nothing(ws, tmp_path):
    p = _file(tmp_path)
    ingest_measurements(ws, p, snapshot="m")
    again = ingest_measurements(ws, p, snapshot="m")
    assert again.unchanged
    assert ws.con.execute("SELECT count(*) FROM growth_measurements").fetchall()[0][0] == again.accepted


def test_missing_required_columns(ws, tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("Nama;Berat\nA;9\n", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        ingest_measurements(ws, p, snapshot="m")
    assert "sex" in info.value.message("en")
    assert ws.find_snapshot("m") is None


def test_stunting_loci_from_measurements(ws, tmp_path):
    rows = []
    for i in range(12):  # 12 children in Kubu Perahu, 4 of them very short
        height = "80,0" if i < 4 else "90,0"
        rows.append(f";A{i};L;01/03/2020;BALIK BUKIT;KUBU PERAHU;P;;15/08/2022;11,0;{height};Berdiri;\n")
    ingest_measurements(ws, _file(tmp_path, rows), snapshot="m", district="18.04")
    result = derive_stunting_loci(ws, measurements="m", region="18.04", snapshot="st", min_measured=10)
    assert result.loci == ["18.04.04.2002"]
    assert (result.children, result.stunted) == (12, 4)
    assert ws.snapshot("st").kind == "stunting_loci"
    assert ws.con.execute("SELECT village_code FROM stunting_loci WHERE snapshot = 'st'").fetchall() == [
        ("18.04.04.2002",)
    ]


def test_registry_links_are_read_for_the_files_niks_only(ws):
    """The registry is joined in DuckDB to the file's NIKs: memory follows the file, not the registry."""
    from lokus.measurements._ingest import _registry_links

    ws.con.execute("INSERT INTO registry (snapshot, nik, household_id, village_code, decile) VALUES "
                   "('reg', '1804045001210002', 'h2', '18.04.04.2002', 3)")
    assert _registry_links(ws, "reg", ["1804045001210001", "1804045001210009"]) == {
        "1804045001210001": ("18.04.04.2006", "h1", 1)}
    assert _registry_links(ws, "reg", []) == {}


def test_reasons_and_warnings_keep_their_order(ws, tmp_path):
    """Several reasons of one row are listed in a fixed order: duplicate, z-score codes, no measurement,
    future date, village; warnings: NIK, KK, quote, z-score disagreement."""
    row = ";ANAK;;01/03/21;ANTAH;BERANTAH;P1;;15/08/2099;;;Berdiri;\n"
    ingest_measurements(ws, _file(tmp_path, [ROWS[0], row, row]), snapshot="m")
    reasons = [r[0] for r in ws.con.execute(
        "SELECT reasons FROM quarantine WHERE snapshot = 'm' ORDER BY source_line").fetchall()]
    assert reasons[0] == ["sex_missing", "date_two_digit_year", "measurement_missing", "measure_date_future",
                          "village_unresolved"]
    assert reasons[1] == ["duplicate_row", *reasons[0]]


def test_an_implausible_z_score_is_told_in_the_summary(ws, tmp_path):
    """34,5 kg at 17 months (a typing error, 14,5?) is a weight in kg, so the row is accepted — it is real — but its
    weight z-scores are beyond the WHO's limits, flagged as anthro flags them, and the summary counts it. (1.234,5
    kg is no weight in kg at all: quarantined as ``weight_unit``, see below.)"""
    typo = ";ANAK TUJUH;P;01/03/2021;BALIK BUKIT;KUBU PERAHU;P1;;15/08/2022;34,5;75,0;Berdiri;\n"
    s = ingest_measurements(ws, _file(tmp_path, [ROWS[1], typo]), snapshot="m", district="18.04")
    assert s.accepted == 2 and s.warnings.get("z_implausible") == 1
    row = ws.con.execute("SELECT weight_kg, fwei, warnings FROM growth_measurements WHERE snapshot = 'm' "
                         "AND name = 'ANAK TUJUH'").fetchone()
    assert row[0] == 34.5 and row[1] == 1 and "z_implausible" in row[2]


def test_day_month_order_is_decided_per_column(ws, tmp_path):
    """07/27/2020 proves the birth-date column month first, 08/23/2022 the measurement dates: every row
    is read month first, none guessed day first (03/04/2020 is 4 March)."""
    rows = [
        "1804045001210001;A;P;03/04/2020;BALIK BUKIT;KUBU PERAHU;P1;;08/07/2022;12,5;88,6;Berdiri;\n",
        ";B;L;07/27/2020;BALIK BUKIT;KUBU PERAHU;P1;;08/02/2022;11,3;84,0;Berdiri;\n",
        ";C;P;05/01/2020;BALIK BUKIT;KUBU PERAHU;P1;;08/23/2022;10,1;80,2;Berdiri;\n",
    ]
    s = ingest_measurements(ws, _file(tmp_path, rows), snapshot="m", district="18.04")
    assert (s.rows_read, s.accepted, s.quarantined) == (3, 3, 0)
    got = ws.con.execute("SELECT birth_date, measure_date FROM growth_measurements ORDER BY source_line").fetchall()
    assert [(str(b), str(m)) for b, m in got] == [
        ("2020-03-04", "2022-08-07"), ("2020-07-27", "2022-08-02"), ("2020-05-01", "2022-08-23")]


def test_a_date_column_written_in_both_orders_is_refused(ws, tmp_path):
    rows = [
        ";B;L;27/07/2020;BALIK BUKIT;KUBU PERAHU;P1;;15/08/2022;11,3;84,0;Berdiri;\n",
        ";C;P;07/27/2020;BALIK BUKIT;KUBU PERAHU;P1;;15/08/2022;10,1;80,2;Berdiri;\n",
    ]
    with pytest.raises(InputFileError) as err:
        ingest_measurements(ws, _file(tmp_path, rows), snapshot="m", district="18.04")
    assert "'Tgl Lahir'" in err.value.message("en") and "two orders" in err.value.message("en")


def test_weight_in_grams_and_length_in_mm_are_quarantined_never_converted(ws, tmp_path):
    """9400 is no child's weight in kg (9,4 kg in grams? 940,0?) and 745 no length in cm (74,5 cm in mm): the row
    is refused with a sentence, not converted and not accepted with a flag."""
    rows = [ROWS[0].replace(";9,1;", ";9100;"), ROWS[1].replace(";85,0;", ";850;"),
            ROWS[1].replace("ANAK DUA", "ANAK TUJUH").replace(";85,0;", ";0,85;"),
            ROWS[1].replace("ANAK DUA", "ANAK DELAPAN").replace(";11,0;", ";59,9;")]  # implausible, but kg
    s = ingest_measurements(ws, _file(tmp_path, rows), snapshot="m", district="18.04")
    assert s.rows_read == 4 == s.accepted + s.quarantined
    assert s.reasons == {"weight_unit": 1, "lenhei_unit": 2}
    reasons = ws.con.execute("SELECT source_line, reasons FROM quarantine WHERE snapshot = 'm' "
                             "ORDER BY source_line").fetchall()
    assert reasons == [(2, ["weight_unit"]), (3, ["lenhei_unit"]), (4, ["lenhei_unit"])]
    accepted = ws.con.execute("SELECT weight_kg, warnings FROM growth_measurements WHERE snapshot = 'm'").fetchall()
    assert accepted[0][0] == 59.9 and "z_implausible" in accepted[0][1]  # a plausible unit: the WHO flags tell


def test_unit_doubts_limits() -> None:
    import numpy as np

    from lokus.measurements._units import unit_doubts

    weight, lenhei = unit_doubts(np.array([60.0, 60.1, 9400.0, np.nan, 0.4]),
                                 np.array([25.0, 150.0, 150.5, 24.9, np.nan]))
    assert weight.tolist() == [False, True, True, False, False]
    assert lenhei.tolist() == [False, False, True, True, False]
