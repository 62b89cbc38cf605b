"""Every input kind reads through lokus.tables: the same lines, dates, numbers and column mapping.

Each test here failed on the main branch before the one ingest path (see CHANGELOG).
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from lokus.errors import ConfigError, LokusError
from lokus.workspace import Workspace

TODAY = date(2026, 11, 27)


def _run(*args: str) -> tuple[int, str, str]:
    from lokus.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


# --- a stray quote never hides a line, in every file kind -------------------------------------

def _growth(tmp: Path) -> int:
    from lokus.growth import read_table

    (tmp / "g.csv").write_text(
        'nama,sex,age_days,weight_kg,lenhei_cm\n"YUNI,2,300,7.5,66.3\nB,1,400,9.1,74.5\n'
        "C,1,400,9.1,74.5\nD,1,400,9.1,74.5\nE,1,400,9.1,74.5\n", encoding="utf-8")
    return read_table(tmp / "g.csv").height


def _indicators(tmp: Path) -> int:
    from lokus.indicators import read_table

    (tmp / "i.csv").write_text(
        "region_code,indicator,year,value,source\n18.04,stunting,2021,25,\"BPS\n"
        + "".join(f"18.04,stunting,{y},20,SSGI\n" for y in (2022, 2023, 2024, 2025)), encoding="utf-8")
    return read_table(tmp / "i.csv").height


def _survey(tmp: Path) -> int:
    from lokus.poverty import read_survey

    (tmp / "s.csv").write_text(
        'nama;consumption\n"YUNI;525.000\nB;600.000\nC;700.000\nD;800.000\nE;900.000\n', encoding="utf-8")
    return read_survey(tmp / "s.csv").frame.height


def _registry(tmp: Path) -> int:
    from lokus.registry import ingest_registry
    from tests.registry.factory import people, with_, write_p3ke

    persons = people(5)
    persons[0] = with_(persons[0], name="YUNI")
    path = write_p3ke(tmp / "p.csv", persons)
    path.write_text(path.read_text(encoding="utf-8").replace(",YUNI,", ',"YUNI,'), encoding="utf-8")
    with Workspace(tmp / "ws.duckdb") as ws:
        s = ingest_registry(ws, path, snapshot="s", today=TODAY)
        assert s.accepted + s.quarantined == s.rows_read
        return s.rows_read


def _programs(tmp: Path) -> int:
    from lokus.convergence import ingest_programs

    (tmp / "pkh.csv").write_text(
        'nik,nama\n1804040101700001,"YUNI\n1804040101700002,B\n1804040101700003,C\n'
        "1804040101700004,D\n1804040101700005,E\n", encoding="utf-8")
    with Workspace(tmp / "ws2.duckdb") as ws:
        s = ingest_programs(ws, tmp / "pkh.csv", program="PKH", period="2024-01", snapshot="p", today=TODAY)
        assert s.accepted + s.quarantined == s.rows_read
        return s.rows_read


def _measurements(tmp: Path) -> int:
    from lokus.measurements import ingest_measurements

    rows = "".join(f"{n};P;03.02.2021;44319;7,5;66,3;Terlentang;1804042002\n" for n in ('"YUNI', "B", "C", "D", "E"))
    (tmp / "m.csv").write_text(
        "Nama;JK;Tgl Lahir;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur;Kode Desa\n" + rows, encoding="utf-8")
    with Workspace(tmp / "ws3.duckdb") as ws:
        s = ingest_measurements(ws, tmp / "m.csv", snapshot="m", today=TODAY)
        assert s.accepted + s.quarantined == s.rows_read
        return s.rows_read


def _interventions(tmp: Path) -> int:
    from lokus.convergence import import_interventions

    (tmp / "iv.csv").write_text(
        'nik,program,tanggal,keterangan\n1804040101700001,PKH,03.02.2021,"YUNI\n'
        + "".join(f"180404010170000{i},PKH,44319,ok\n" for i in range(2, 6)), encoding="utf-8")
    with Workspace(tmp / "ws4.duckdb") as ws:
        s = import_interventions(ws, tmp / "iv.csv", today=TODAY)
        assert s.accepted + s.quarantined == s.rows_read
        assert s.accepted == 5, s  # both date spellings are read
        return s.rows_read


KINDS: dict[str, Callable[[Path], int]] = {
    "anthro": _growth, "indicators": _indicators, "fgt": _survey, "registry": _registry,
    "programs": _programs, "measurements": _measurements, "interventions": _interventions,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_stray_quote_never_hides_a_line(tmp_path: Path, kind: str) -> None:
    assert KINDS[kind](tmp_path) == 5


def test_stunting_loci_list_reads_like_every_file(tmp_path: Path) -> None:
    from lokus.loci import read_stunting_loci_file

    path = tmp_path / "loci.csv"
    path.write_text('DAFTAR LOKUS STUNTING 2024\n\nno;Kode Desa;nama\n1;18.04.04.2002;"SUKA\n'
                    "2;1804042006;KUBU\n", encoding="cp1252")
    assert read_stunting_loci_file(path).codes == ["18.04.04.2002", "18.04.04.2006"]
    import xlsxwriter

    book = tmp_path / "loci.xlsx"
    wb = xlsxwriter.Workbook(str(book))
    sheet = wb.add_worksheet()
    for r, row in enumerate([["Kode Kemendagri Desa", "Desa"], ["18.04.04.2002", "A"], ["18.04.04.2006", "B"]]):
        sheet.write_row(r, 0, row)
    wb.close()
    mapping = {"village_code": "Kode Kemendagri Desa"}
    assert read_stunting_loci_file(book, columns=mapping).codes == ["18.04.04.2002", "18.04.04.2006"]


# --- dates and numbers --------------------------------------------------------------------------

def test_fgt_reads_indonesian_money_and_weights(tmp_path: Path) -> None:
    path = tmp_path / "susenas.csv"
    path.write_text("id;konsumsi;bobot\n1;525.000;106,92\n2;1.170.000;98,5\n3;350.000;110,1\n4;800.000;95\n",
                    encoding="utf-8")
    code, out, err = _run("poverty", "fgt", path, "--line", "600000", "--consumption", "konsumsi",
                          "--weight", "bobot", "--format", "json")
    assert code == 0, err
    import json

    p0 = next(r for r in json.loads(out) if r["measure"] == "p0")["estimate"]
    assert math.isclose(p0, (106.92 + 110.1) / (106.92 + 98.5 + 110.1 + 95))


def test_fgt_refuses_money_written_two_ways(tmp_path: Path) -> None:
    path = tmp_path / "susenas.csv"
    path.write_text("id;consumption\n1;525.000\n2;12.50\n", encoding="utf-8")
    code, _, err = _run("poverty", "fgt", path, "--line", "600000")
    assert code == 3 and "525.000" in err and "12.50" in err and "Traceback" not in err


def test_anthro_zscores_reads_an_eppgbm_export_with_dotted_dates_and_excel_serials(tmp_path: Path) -> None:
    path = tmp_path / "eppgbm.csv"
    path.write_text(
        "NIK;Nama;JK;Tgl Lahir;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur\n"
        ";A;P;03.02.2021;44319;7,5;66,3;Terlentang\n"
        ";B;P;2021-02-03;2021-05-03;7,5;66,3;Terlentang\n", encoding="utf-8")
    out = tmp_path / "z.csv"
    code, _, err = _run("anthro", "zscores", path, "--out", out)
    assert code == 0, err
    z = pl.read_csv(out)
    assert z["zlen"].to_list()[0] is not None
    assert z["zlen"].to_list()[0] == z["zlen"].to_list()[1]
    assert z["reason"].to_list() == [None, None]


def test_anthro_zscores_zero_length_no_warning_and_no_negative_zero(tmp_path: Path) -> None:
    from lokus.growth._zscores import _float

    path = tmp_path / "in.csv"
    path.write_text("sex,age_days,weight_kg,lenhei_cm,measure\n1,400,9.1,0,l\n1,400,9.1,74.5,l\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, _, err = _run("anthro", "zscores", path, "--out", tmp_path / "o.csv")
    assert code == 0 and "Warning" not in err
    text = (tmp_path / "o.csv").read_text(encoding="utf-8")
    assert "inf" not in text and "-0.0," not in text
    assert not np.signbit(_float(np.array([-0.0])).to_numpy()[0])


@pytest.fixture
def mws(tmp_path: Path):
    from lokus.registry import registry_ddl

    w = Workspace(tmp_path / "m.duckdb")
    with w.transaction() as con:
        for stmt in registry_ddl():
            con.execute(stmt)
    yield w
    w.close()


def test_measurement_ingest_reads_dotted_dates_and_serials(tmp_path: Path, mws: Workspace) -> None:
    from lokus.measurements import ingest_measurements

    path = tmp_path / "m.csv"
    path.write_text(
        "Nama;JK;Tgl Lahir;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur;Kode Desa\n"
        "A;P;03.02.2021;44319;7,5;66,3;Terlentang;1804042002\n"
        "B;P;03.02.21;44319;7,5;66,3;Terlentang;1804042002\n", encoding="utf-8")
    s = ingest_measurements(mws, path, snapshot="m", today=TODAY)
    assert (s.accepted, s.quarantined) == (1, 1)
    assert s.reasons == {"date_two_digit_year": 1}
    row = mws.con.execute("SELECT birth_date, measure_date, source_line FROM growth_measurements").fetchone()
    assert row == (date(2021, 2, 3), date(2021, 5, 3), 2)


def test_registry_two_digit_year_is_refused_and_yyyymmdd_read(tmp_path: Path) -> None:
    from lokus.registry import ingest_registry
    from tests.registry.factory import people, with_, write_p3ke

    a, b = people(2)
    path = write_p3ke(tmp_path / "p.csv", [with_(a, birth="01-01-70"), with_(b, birth=b.birth.replace("-", "."))])
    with Workspace(tmp_path / "ws.duckdb") as ws:
        s = ingest_registry(ws, path, snapshot="s", today=TODAY)
        assert s.reasons == {"birth_date_two_digit_year": 1}
        assert s.accepted == 1


def test_nik_rounded_by_excel_gets_a_hint(tmp_path: Path) -> None:
    from lokus.i18n import t
    from lokus.registry import ingest_registry
    from tests.registry.factory import people, with_, write_p3ke

    first, second = people(2)  # one valid row: a load that accepts nothing fails loudly
    path = write_p3ke(tmp_path / "p.csv", [with_(first, nik="1804040101700000"), second])
    with Workspace(tmp_path / "ws.duckdb") as ws:
        s = ingest_registry(ws, path, snapshot="s", today=TODAY)
    assert s.reasons == {"nik_serial": 1}
    assert "Teks" in t("reason.nik_serial", "id") and "as Text" in t("reason.nik_serial", "en")


# --- column mapping ------------------------------------------------------------------------------

def _renamed_registry(tmp: Path) -> Path:
    from tests.registry.factory import people, write_p3ke

    path = write_p3ke(tmp / "p.csv", people(4))
    text = path.read_text(encoding="utf-8").replace("desil_kesejahteraan", "Desil Kesejahteraan (1-10)", 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_registry_column_mapping(tmp_path: Path) -> None:
    from lokus.registry import ingest_registry

    path = _renamed_registry(tmp_path)
    with Workspace(tmp_path / "ws.duckdb") as ws:
        with pytest.raises(LokusError):
            ingest_registry(ws, path, snapshot="s", today=TODAY)
        s = ingest_registry(ws, path, snapshot="s", today=TODAY,
                            columns={"decile": "Desil Kesejahteraan (1-10)"})
        assert s.accepted == 4
        with pytest.raises(ConfigError) as err:
            ingest_registry(ws, path, snapshot="t", today=TODAY, columns={"decile": "Desil Nasional"})
        assert "Desil Nasional" in err.value.message("en")
        with pytest.raises(ConfigError):
            ingest_registry(ws, path, snapshot="t", today=TODAY, columns={"desil": "Desil Kesejahteraan (1-10)"})


def test_cli_column_option_and_mapping_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOKUS_WORKSPACE", str(tmp_path / "ws.duckdb"))
    path = _renamed_registry(tmp_path)
    code, _, err = _run("ingest", "registry", path, "--snapshot", "a",
                        "--column", 'decile="Desil Kesejahteraan (1-10)"')
    assert code == 0, err
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\ndecile = "Desil Kesejahteraan (1-10)"\n', encoding="utf-8")
    code, _, err = _run("ingest", "registry", path, "--snapshot", "b", "--columns", mapping)
    assert code == 0, err
    code, _, err = _run("ingest", "registry", path, "--snapshot", "c", "--column", "decile")
    assert code == 2 and "--column" in err and "Traceback" not in err


def test_column_mapping_on_anthro_and_fgt(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Jenis Kelamin Anak,Umur (hari),Berat (kg),Panjang (cm)\n1,400,9.1,74.5\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    code, _, err = _run("anthro", "zscores", path, "--out", out, "--column", "sex=Jenis Kelamin Anak",
                        "--column", "age_days=Umur (hari)", "--column", "weight_kg=Berat (kg)",
                        "--column", "lenhei_cm=Panjang (cm)")
    assert code == 0, err
    assert pl.read_csv(out)["zlen"].to_list() == [-1.06]
    survey = tmp_path / "s.csv"
    survey.write_text("Pengeluaran per Kapita (Rp)\n525.000\n700.000\n", encoding="utf-8")
    code, out_text, err = _run("poverty", "fgt", survey, "--line", "600000", "--format", "csv",
                               "--column", "consumption=Pengeluaran per Kapita (Rp)")
    assert code == 0, err
    assert "(all),p0,600000.0,0.5," in out_text


def test_fgt_error_names_the_files_own_line(tmp_path: Path) -> None:
    path = tmp_path / "susenas.csv"
    path.write_text("SUSENAS MARET 2024\n\nid;consumption\n1;525.000\n\n2;\n", encoding="utf-8")
    code, _, err = _run("--lang", "en", "poverty", "fgt", path, "--line", "600000")
    assert code == 3 and "1 row has a zero" in err and "(row 6)" in err, err
