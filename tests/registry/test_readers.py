"""Every file shape seen in the field loads: delimiters, encodings, workbooks, HTML-as-XLS, Parquet."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from lokus.errors import InputFileError
from lokus.tables import FileKind, sniff_file
from tests.registry.factory import P3KE_HEADERS, p3ke_row, people, with_, write_p3ke

DATA = Path(__file__).parent / "data"


def _rows(ws, snapshot: str) -> list[tuple]:
    return ws.con.execute(
        "SELECT source_line, nik, household_id, village_code, decile, sex, birth_date FROM registry "
        "WHERE snapshot = ? ORDER BY source_line",
        [snapshot],
    ).fetchall()


def test_semicolon_windows1252_crlf_trailing_blank_lines(tmp_path: Path, ws, ingest):
    ps = [with_(p, name="Sútèjo Œ") for p in people(4)]
    path = write_p3ke(tmp_path / "export.csv", ps, delimiter=";", encoding="cp1252", newline="\r\n")
    with open(path, "ab") as fh:
        fh.write(b"\r\n\r\n\r\n")
    s = ingest(path, snapshot="s")
    assert (s.rows_read, s.accepted, s.quarantined) == (4, 4, 0)
    names = [r[0] for r in ws.con.execute("SELECT name FROM registry ORDER BY source_line").fetchall()]
    assert names[0] == "Sútèjo Œ"
    details = json.loads(ws.snapshot("s").details)
    assert details["encoding"] == "cp1252" and details["delimiter"] == ";"


@pytest.mark.parametrize("delimiter", ["\t", "|", ","])
def test_delimiters_and_bom(tmp_path: Path, ws, ingest, delimiter: str):
    path = write_p3ke(tmp_path / "f.txt", people(6), delimiter=delimiter, encoding="utf-8-sig")
    s = ingest(path, snapshot="s")
    assert s.accepted == 6 and s.quarantined == 0
    assert _rows(ws, "s")[0][1] == people(1)[0].nik


def test_utf16_export(tmp_path: Path, ingest):
    path = write_p3ke(tmp_path / "f.csv", people(3), delimiter="\t", encoding="utf-16")
    assert sniff_file(path) is FileKind.CSV
    assert ingest(path, snapshot="s").accepted == 3


def test_dtks_pipe_quoted(tmp_path: Path, ws, ingest):
    text = (
        '"iddtks"|"provinsi"|"kabupaten_kota"|"kecamatan"|"desa_kelurahan"|"kode_wilayah"|"alamat"|"nomor_kk"|'
        '"nomor_nik"|"nama"|"tanggal_lahir"|"tempat_lahir"|"jenis_kelamin"|"hubungan_keluarga"|"desil"\n'
        '"D1"|"LAMPUNG"|"LAMPUNG BARAT"|"BALIK BUKIT"|"KUBU PERAHU"|"18 04 04 2002"|"Jl. | pipa"|'
        '"\'1804040101090001"|"\'1804040101800001"|"Ahmad"|"1980-01-01"|"Liwa"|"1"|"Kepala Keluarga"|"01"\n'
        '"D1"|"LAMPUNG"|"LAMPUNG BARAT"|"BALIK BUKIT"|"KUBU PERAHU"|"18.04.04.2002"|"Jl. A"|'
        '"1804040101090001"|"1804044202820002"|"Siti"|"02/02/1982"|"Liwa"|"2"|"Istri"|"Desil 1"\n'
    )
    path = tmp_path / "dtks.txt"
    path.write_text(text, encoding="utf-8")
    s = ingest(path, snapshot="s")
    assert s.format == "dtks" and (s.accepted, s.quarantined) == (2, 0)
    rows = _rows(ws, "s")
    assert rows[0][1:] == ("1804040101800001", "D1", "18.04.04.2002", 1, "L", date(1980, 1, 1))
    assert rows[1][5:] == ("P", date(1982, 2, 2))
    extra = json.loads(ws.con.execute("SELECT extra FROM registry ORDER BY source_line").fetchone()[0])
    assert extra["tempat_lahir"] == "Liwa"


def test_xls_biff_workbook_picks_data_sheet(ws, ingest):
    s = ingest(DATA / "dtks_2023.xls")
    assert s.format == "dtks" and s.sheet == "DATA" and s.snapshot == "dtks-2023"
    assert (s.rows_read, s.accepted, s.quarantined) == (4, 3, 1)
    assert s.reasons == {"village_unknown": 1}
    rows = _rows(ws, "dtks-2023")
    assert rows[0] == (2, "1804040101800001", "DTKS-001", "18.04.04.2002", 1, "L", date(1980, 1, 1))
    assert rows[2][1] == "1804040303750003" and rows[2][4] == 2  # numeric NIK cell, "Desil 2"
    line = ws.con.execute("SELECT source_line, sheet FROM quarantine").fetchone()
    assert line == (5, "DATA")


def _write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    datefmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    for name, rows in sheets.items():
        sheet = wb.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(i, j, value, datefmt)
                else:
                    sheet.write(i, j, value)
    wb.close()
    return path


def test_xlsx_keluarga_and_individu_sheets(tmp_path: Path, ws, ingest):
    ps = people(4)
    individu = [P3KE_HEADERS] + [list(p3ke_row(p).values()) for p in ps]
    individu[1][P3KE_HEADERS.index("nik")] = int(ps[0].nik)  # a NIK typed as a number
    individu[2][P3KE_HEADERS.index("tanggal_lahir")] = date(1971, 2, 2)  # a real date cell
    individu[3][P3KE_HEADERS.index("desil_kesejahteraan")] = 2.0
    keluarga = [
        ["No", "id_keluarga_P3KE", "kode_kemdagri", "desil_kesejahteraan", "kepala_keluarga", "nik"],
        [1, "P3KE1000", "1804042002", 1, "Warga 0", ps[0].nik],
    ]
    path = _write_xlsx(
        tmp_path / "P3KE Lampung Barat 2022.xlsx", {"Keluarga": keluarga, "Individu": individu}
    )
    s = ingest(path)
    assert s.sheet == "Individu" and s.snapshot == "p3ke-2022" and s.accepted == 4 and s.quarantined == 0
    rows = _rows(ws, "p3ke-2022")
    assert rows[0][1] == ps[0].nik and rows[1][6] == date(1971, 2, 2) and rows[2][4] == 2
    other = ingest(path, sheet="Keluarga", snapshot="kel")
    assert other.sheet == "Keluarga" and other.accepted == 1


def test_missing_sheet_names_the_available_ones(tmp_path: Path, ingest):
    path = _write_xlsx(tmp_path / "f.xlsx", {"A": [["x", "y"], [1, 2]], "B": [["x", "y"]]})
    with pytest.raises(InputFileError) as err:
        ingest(path, sheet="Individu")
    assert "A, B" in err.value.message("en") and "Individu" in err.value.message("en")


def test_html_table_saved_as_xls(tmp_path: Path, ws, ingest):
    ps = people(3)
    head = "".join(f"<th>{h}</th>" for h in P3KE_HEADERS)
    body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in p3ke_row(p).values()) + "</tr>" for p in ps)
    html = (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
        "<table><tr><td colspan=3>Laporan P3KE</td></tr></table>"
        f"<table border=1><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )
    path = tmp_path / "Daftar P3KE.xls"
    path.write_text(html, encoding="utf-8")
    assert sniff_file(path) is FileKind.HTML
    s = ingest(path, snapshot="s")
    assert (s.accepted, s.quarantined) == (3, 0)
    assert _rows(ws, "s")[0][1] == ps[0].nik


def test_parquet(tmp_path: Path, ws, ingest):
    import pyarrow as pa
    import pyarrow.parquet as pq

    ps = people(5)
    table = pa.table({h: [p3ke_row(p)[h] for p in ps] for h in P3KE_HEADERS})
    table = table.set_column(
        P3KE_HEADERS.index("desil_kesejahteraan"),
        "desil_kesejahteraan",
        pa.array([int(p.decile) for p in ps], pa.int32()),
    )
    pq.write_table(table, tmp_path / "f.parquet")
    s = ingest(tmp_path / "f.parquet", snapshot="s")
    assert (s.accepted, s.quarantined) == (5, 0) and _rows(ws, "s")[0][0] == 2


def test_dtsen_and_canonical_layouts(tmp_path: Path, ws, ingest):
    dtsen = tmp_path / "dtsen.csv"
    dtsen.write_text(
        "id_keluarga_dtsen,kode_wilayah,desil_nasional,nik,no_kk,nama,jenis_kelamin,tanggal_lahir\n"
        "K1,1804042002,1,1804040101800001,1804040101090001,Ahmad,L,01-01-1980\n"
    )
    s = ingest(dtsen, snapshot="d")
    assert s.format == "dtsen" and s.accepted == 1
    canonical = tmp_path / "canonical.csv"
    canonical.write_text("nik,household_id,village_code,decile,sex\n1804040101800001,H1,18.04.04.2002,1,L\n")
    s = ingest(canonical, snapshot="c")
    assert s.format == "canonical" and s.accepted == 1


def test_household_falls_back_to_kk(tmp_path: Path, ws, ingest):
    path = tmp_path / "bansos.csv"
    path.write_text("NO_KK,NIK,NAMA,KODE_DESA,DESIL\n1804040101090001,1804040101800001,A,1804042002,1\n")
    s = ingest(path, snapshot="s")
    assert s.accepted == 1
    assert ws.con.execute("SELECT household_id FROM registry").fetchone()[0] == "1804040101090001"


def test_malformed_lines_are_quarantined_with_their_line(tmp_path: Path, ws, ingest):
    ps = people(4)
    path = write_p3ke(tmp_path / "f.csv", ps[:2])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("too,few,fields\n")
        fh.write(",".join(p3ke_row(ps[2]).values()) + ",EXTRA\n")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(",".join(p3ke_row(ps[3]).values()) + "\n")
    s = ingest(path, snapshot="s")
    assert (s.rows_read, s.accepted, s.quarantined) == (5, 3, 2)
    assert s.reasons == {"row_malformed": 2}
    assert [r[0] for r in _rows(ws, "s")] == [2, 3, 6]
    q = ws.con.execute("SELECT source_line, raw FROM quarantine ORDER BY 1").fetchall()
    assert [line for line, _ in q] == [4, 5] and "too,few,fields" in json.loads(q[0][1])["_line"]


def test_bps_village_code_is_translated_with_a_warning(tmp_path: Path, ws, ingest):
    ps = [with_(p, village="1801040001") for p in people(2)]  # BPS code of Kubu Perahu (18.04.04.2002)
    s = ingest(write_p3ke(tmp_path / "f.csv", ps), snapshot="s")
    assert s.accepted == 2 and s.warnings == {"village_code_bps": 2}
    assert {r[3] for r in _rows(ws, "s")} == {"18.04.04.2002"}


def test_village_found_from_names_when_there_is_no_code(tmp_path: Path, ws, ingest):
    path = tmp_path / "dtks_names.csv"
    path.write_text(
        "iddtks;provinsi;kabupaten_kota;kecamatan;desa_kelurahan;nomor_kk;nomor_nik;nama;desil\n"
        "D1;LAMPUNG;KAB. LAMPUNG BARAT;BALIK BUKIT;PEKON KUBU PERAHU;1804040101090001;1804040101800001;A;1\n"
        "D2;LAMPUNG;LAMPUNG BARAT;Kec. Balik Bukit;Way Empulau Ulu;1804040101090002;1804040202800002;B;2\n"
        "D3;LAMPUNG;LAMPUNG BARAT;BALIK BUKIT;ATLANTIS;1804040101090003;1804040303800003;C;3\n",
        encoding="utf-8",
    )
    s = ingest(path, snapshot="s", district="18.04")
    assert s.format == "dtks" and (s.accepted, s.quarantined) == (2, 1)
    assert s.reasons == {"village_unknown": 1} and s.warnings == {"village_from_name": 2}
    assert [r[3] for r in _rows(ws, "s")] == ["18.04.04.2002", "18.04.04.2006"]
    extra = json.loads(ws.con.execute("SELECT extra FROM registry ORDER BY source_line").fetchone()[0])
    assert extra["desa_kelurahan"] == "PEKON KUBU PERAHU"


def test_title_lines_above_the_header_are_skipped(tmp_path: Path, ws, ingest):
    body = write_p3ke(tmp_path / "body.csv", people(3), delimiter=";").read_text(encoding="utf-8")
    path = tmp_path / "laporan.csv"
    path.write_text("DATA P3KE KABUPATEN LAMPUNG BARAT\nDinas Sosial; 2024\n\n" + body, encoding="utf-8")
    s = ingest(path, snapshot="s")
    assert (s.rows_read, s.accepted) == (3, 3)
    assert [r[0] for r in _rows(ws, "s")] == [5, 6, 7]

    title = [["DATA P3KE KABUPATEN LAMPUNG BARAT"], ["Sumber: Kemenko PMK"], []]
    grid = title + [P3KE_HEADERS] + [list(p3ke_row(p).values()) for p in people(2)]
    s = ingest(_write_xlsx(tmp_path / "laporan.xlsx", {"Individu": grid}), snapshot="x")
    assert (s.rows_read, s.accepted) == (2, 2)
    assert [r[0] for r in _rows(ws, "x")] == [5, 6]


@pytest.mark.parametrize("delimiter", [";", ","])
def test_title_and_blank_rows_padded_with_delimiters_are_skipped(tmp_path: Path, ws, ingest, delimiter):
    # Excel pads every row of a CSV with delimiters: the title row has one filled cell, the blank row none.
    body = write_p3ke(tmp_path / "body.csv", people(3), delimiter=delimiter).read_text(encoding="utf-8")
    pad = delimiter * (len(P3KE_HEADERS) - 1)
    path = tmp_path / "laporan.csv"
    path.write_text(f"DATA P3KE KAB. LAMPUNG BARAT{pad}\n{pad}\n" + body, encoding="utf-8")
    s = ingest(path, snapshot="s")
    assert (s.rows_read, s.accepted, s.quarantined) == (3, 3, 0)
    assert [r[0] for r in _rows(ws, "s")] == [4, 5, 6]

    width = len(P3KE_HEADERS)
    title = [["DATA P3KE KAB. LAMPUNG BARAT"] + [""] * (width - 1), [""] * width]
    grid = title + [P3KE_HEADERS] + [list(p3ke_row(p).values()) for p in people(2)]
    s = ingest(_write_xlsx(tmp_path / "laporan.xlsx", {"Individu": grid}), snapshot="x")
    assert (s.rows_read, s.accepted) == (2, 2)
    assert [r[0] for r in _rows(ws, "x")] == [4, 5]


def test_birth_dates_follow_the_columns_day_month_order(tmp_path: Path, ws, ingest):
    # 12/25/1988 can only be month first: the whole column is read so, 03/04/1990 is 4 March
    ps = people(2)
    ps = [with_(ps[0], birth="12/25/1988"), with_(ps[1], birth="03/04/1990")]
    s = ingest(write_p3ke(tmp_path / "f.csv", ps), snapshot="s")
    assert (s.accepted, s.quarantined) == (2, 0) and "birth_date_invalid" not in s.reasons
    assert [r[6] for r in _rows(ws, "s")] == [date(1988, 12, 25), date(1990, 3, 4)]

    both = [with_(ps[0], birth="25/12/1988"), with_(ps[1], birth="12/25/1988")]
    with pytest.raises(InputFileError) as err:
        ingest(write_p3ke(tmp_path / "g.csv", both), snapshot="g")
    assert "25/12/1988" in err.value.message("en") and "12/25/1988" in err.value.message("en")


@pytest.mark.parametrize("second", ["desil", "desil_kesejahteraan"])
def test_two_columns_for_one_field_that_disagree_are_refused(tmp_path: Path, ws, ingest, second):
    head = "id_keluarga_p3ke,no_kk,nik,nama,kode_kemdagri,desil"
    rows = ["K1,1804040507090001,1804041501810001,HENDRA,1804042002,1,{}",
            "K1,1804040507090001,1804047107740001,YUNI,1804042002,1,{}"]
    path = tmp_path / "dua-desil.csv"
    path.write_text("\n".join([f"{head},{second}"] + [r.format(7) for r in rows]) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        ingest(path, snapshot="s")
    msg = err.value.message("en")
    assert "two columns for decile" in msg and "(#6)" in msg and "(#7)" in msg and "\n" not in msg
    assert "1 against 7" in msg or "7 against 1" in msg

    # copies that agree on every row load
    path.write_text("\n".join([f"{head},{second}"] + [r.format(1) for r in rows]) + "\n", encoding="utf-8")
    s = ingest(path, snapshot="s")
    assert (s.accepted, s.quarantined) == (2, 0)


def test_two_name_columns_in_a_workbook_that_disagree_are_refused(tmp_path: Path, ws, ingest):
    ps = people(2)
    grid = [P3KE_HEADERS + ["nama"]] + [list(p3ke_row(p).values()) + ["LAIN"] for p in ps]
    with pytest.raises(InputFileError) as err:
        ingest(_write_xlsx(tmp_path / "dua-nama.xlsx", {"Individu": grid}), snapshot="x")
    assert "two columns for name" in err.value.message("en")
