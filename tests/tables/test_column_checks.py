"""Every file kind gets the same column checks through lokus.tables, on every way of reading it:

* two columns for one field whose values differ refuse the file with one sentence (copies that agree load);
* a date column is read in the one day/month order its whole column shows (month first when some value can
  only be month first), and a column written in both orders refuses the file with one sentence — also when
  the file is read in batches (``anthro zscores``/``prevalence`` on large files).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lokus.errors import InputFileError, LokusError
from lokus.workspace import Workspace

TODAY = date(2026, 11, 27)
# A file read in batches: the quick reader reads its first 64 KiB whole, so a file of BIG rows read BLOCK bytes
# at a time makes many batches.
BIG, BLOCK = 3000, 4096


def _one_sentence(err: pytest.ExceptionInfo[LokusError]) -> str:
    msg = err.value.message("en")
    assert "\n" not in msg and "Traceback" not in msg
    return msg


# --- two columns for one field ------------------------------------------------------------------


def _stunting_loci(tmp: Path, second: str) -> object:
    from lokus.loci import read_stunting_loci_file

    path = tmp / "loci.csv"
    path.write_text(f"kode_desa,nama,kode_wilayah\n1804042002,SUKA,{second}\n1804042006,KUBU,1804042006\n",
                    encoding="utf-8")
    return read_stunting_loci_file(path).codes


def _stunting_loci_ingest(tmp: Path, second: str) -> object:
    from lokus.loci import ingest_stunting_loci

    path = tmp / "loci.csv"
    path.write_text(f"kode_desa,nama,kode_wilayah\n1804042002,SUKA,{second}\n1804042006,KUBU,1804042006\n",
                    encoding="utf-8")
    with Workspace(tmp / "ws.duckdb") as ws:
        return ingest_stunting_loci(ws, path, snapshot="l").accepted


def _anthro(tmp: Path, second: str) -> object:
    from lokus.growth import read_table

    path = tmp / "g.csv"
    path.write_text(f"sex,age_days,Berat,lenhei_cm,BB\n1,400,9.1,74.5,{second}\n2,300,7.5,66.3,7.5\n",
                    encoding="utf-8")
    return read_table(path).height


def _anthro_batches(tmp: Path, second: str) -> object:
    from lokus.growth import zscores_file

    path = tmp / "g.csv"
    rows = "".join(f"1,400,9.1,74.5,{'9.1' if i != 2500 else second}\n" for i in range(BIG))
    path.write_text("sex,age_days,Berat,lenhei_cm,BB\n" + rows, encoding="utf-8")
    return zscores_file(path, tmp / "z.csv", block_bytes=BLOCK).rows


def _indicators(tmp: Path, second: str) -> object:
    from lokus.indicators import read_table

    path = tmp / "i.csv"
    path.write_text(f"region_code,indicator,year,value,value\n18.04,stunting,2024,20,{second}\n", encoding="utf-8")
    return read_table(path, ("region_code", "indicator", "year", "value")).height


def _survey(tmp: Path, second: str) -> object:
    from lokus.poverty import read_survey

    path = tmp / "s.csv"
    path.write_text(f"consumption;consumption\n525.000;525.000\n600.000;{second}\n", encoding="utf-8")
    return read_survey(path).frame.height


DUPLICATES = {
    # kind: (reader, the second column's value on the first differing row when the copies agree, differ)
    "stunting loci (read)": (_stunting_loci, "1804042002", "1804042003"),
    "stunting loci (ingest)": (_stunting_loci_ingest, "1804042002", "1804042003"),
    "anthro (whole file)": (_anthro, "9.1", "19.1"),
    "anthro zscores (batches)": (_anthro_batches, "9.1", "19.1"),
    "indicator file": (_indicators, "20", "25"),
    "FGT survey": (_survey, "600.000", "650.000"),
}


@pytest.mark.parametrize("kind", sorted(DUPLICATES))
def test_two_columns_for_one_field_that_disagree_are_refused(tmp_path: Path, kind: str) -> None:
    read, same, other = DUPLICATES[kind]
    assert read(tmp_path, same)  # copies that agree load
    with pytest.raises(LokusError) as err:
        read(tmp_path, other)
    msg = _one_sentence(err)
    assert "two columns for" in msg and f"{same} against {other}" in msg or f"{other} against {same}" in msg, msg


@pytest.mark.parametrize("stray_quote", [False, True], ids=["quick reader", "general reader"])
def test_batched_anthro_names_the_line_and_counts_the_whole_file(tmp_path: Path, stray_quote: bool) -> None:
    from lokus.growth import prevalence_file, zscores_file

    path = tmp_path / "g.csv"
    rows = [f"1,400,9.1,74.5,{'9.1' if i not in (2000, 2500) else '19.1'},B\n" for i in range(BIG)]
    if stray_quote:  # the general reader (DuckDB, in batches of rows) reads the file
        rows[0] = rows[0].replace(",B", ',"B')
    path.write_text("sex,age_days,Berat,lenhei_cm,BB,nama\n" + "".join(rows), encoding="utf-8")
    expected = (f"File {path} has two columns for weight_kg ('Berat' (#3) and 'BB' (#5)) that differ on 2 rows "
                "(line 2002: 9.1 against 19.1)")
    for read in (lambda: zscores_file(path, tmp_path / "z.csv", block_bytes=BLOCK),
                 lambda: zscores_file(path, tmp_path / "z.parquet", block_bytes=BLOCK),
                 lambda: prevalence_file(path, block_bytes=BLOCK)):
        with pytest.raises(LokusError) as err:
            read()
        assert _one_sentence(err).startswith(expected)
    assert not (tmp_path / "z.csv").exists() and not (tmp_path / "z.parquet").exists()


# --- day/month order of dates -------------------------------------------------------------------

# 12/25/2021 can only be month first: the whole column is month first, so 03/04/2022 is 4 March
MONTH_FIRST = ["03/04/2022", "05/06/2022", "07/08/2022", "09/10/2022", "11/12/2022", "01/02/2023", "12/25/2021"]
BOTH = ["25/12/2021", "12/25/2021"]


def _growth_file(tmp: Path, measured: list[str], lead: int = 0) -> Path:
    """A measurement file: ``lead`` rows measured 03/04/2022 (either order), then one row per ``measured``."""
    path = tmp / "g.csv"
    rows = "".join(f"1,01/01/2021,{m},9.1,74.5\n" for m in ["03/04/2022"] * lead + measured)
    path.write_text("sex,birth_date,measure_date,weight_kg,lenhei_cm\n" + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize("block_bytes", [None, BLOCK, 3 * BLOCK])
def test_anthro_zscores_reads_one_order_per_column_in_every_batching(tmp_path: Path, block_bytes: int | None) -> None:
    """The month-first value is in the last batch: the earlier batches, read day first on their own, are
    read again month first, so every batching writes the whole-file reader's bytes."""
    from lokus.growth import classify, read_table, write_table, zscores, zscores_file
    from lokus.growth._inputs import read_measurements

    path = _growth_file(tmp_path, MONTH_FIRST, lead=BIG)
    # 03/04/2022 is 4 March 2022: 427 days after 1 January 2021 (day first it would be 3 April, 457 days)
    ages = [(date(int(y), int(m), int(d)) - date(2021, 1, 1)).days
            for m, d, y in (v.split("/") for v in MONTH_FIRST)]
    assert ages[0] == 427
    assert read_measurements(read_table(path)).age_days.tolist()[BIG:] == ages
    write_table(classify(zscores(read_table(path))), tmp_path / "whole.csv")
    zscores_file(path, tmp_path / "z.csv", block_bytes=block_bytes)
    assert (tmp_path / "z.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()


def test_batched_reads_again_only_when_an_earlier_batch_read_the_other_order(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from lokus.growth import _batches, zscores_file

    calls: list[dict[str, str] | None] = []
    real = _batches._zscores_batches

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("orders"))  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_batches, "_zscores_batches", spy)
    zscores_file(_growth_file(tmp_path, MONTH_FIRST, lead=BIG), tmp_path / "z.csv", block_bytes=BLOCK)
    assert calls == [None, {"birth_date": "dmy", "measure_date": "mdy"}]
    calls.clear()
    zscores_file(_growth_file(tmp_path, list(reversed(MONTH_FIRST)), lead=BIG), tmp_path / "z.csv")
    assert calls == [None]  # one batch: its own order is the column's
    calls.clear()
    zscores_file(_growth_file(tmp_path, ["2022-04-03", "25/12/2021", "13.01.2022"], lead=BIG), tmp_path / "z.csv",
                 block_bytes=BLOCK)
    assert calls == [None]  # day first everywhere: read once


@pytest.mark.parametrize("block_bytes", [None, BLOCK])
def test_anthro_refuses_a_date_column_in_both_orders_in_every_batching(tmp_path: Path, block_bytes: int | None) -> None:
    from lokus.growth import prevalence_file, read_table, zscores, zscores_file

    path = _growth_file(tmp_path, BOTH, lead=BIG)
    expected = (f"Date column 'measure_date' in {path} is written in two orders (25/12/2021 day first, "
                "12/25/2021 month first)")
    with pytest.raises(LokusError) as err:
        zscores_file(path, tmp_path / "z.csv", block_bytes=block_bytes)
    assert _one_sentence(err).startswith(expected)
    with pytest.raises(LokusError) as err:
        prevalence_file(path, block_bytes=block_bytes)
    assert _one_sentence(err).startswith(expected)
    with pytest.raises(LokusError) as err:
        zscores(read_table(path))
    assert _one_sentence(err).startswith(expected)
    assert not (tmp_path / "z.csv").exists()


def test_anthro_names_the_header_as_written(tmp_path: Path) -> None:
    from lokus.growth import zscores_file

    path = tmp_path / "e.csv"
    path.write_text("JK;Tgl Lahir;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur\n"
                    "L;01/01/2021;25/12/2021;9,1;74,5;Terlentang\nL;01/01/2021;12/25/2021;9,1;74,5;Terlentang\n",
                    encoding="utf-8")
    for block in (None, 60):
        with pytest.raises(LokusError) as err:
            zscores_file(path, tmp_path / "z.csv", block_bytes=block)
        assert "Date column 'Tanggal Pengukuran'" in _one_sentence(err)


def test_measurement_and_intervention_ingests_refuse_both_orders(tmp_path: Path) -> None:
    from lokus.convergence import import_interventions
    from lokus.measurements import ingest_measurements
    from lokus.registry import registry_ddl

    m = tmp_path / "m.csv"
    m.write_text("Nama;JK;Tgl Lahir;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur;Kode Desa\n"
                 "A;P;01/01/2021;25/12/2021;7,5;66,3;Terlentang;1804042002\n"
                 "B;P;01/01/2021;12/25/2021;7,5;66,3;Terlentang;1804042002\n", encoding="utf-8")
    iv = tmp_path / "iv.csv"
    iv.write_text("nik,program,tanggal\n1804040101700001,PKH,25/12/2021\n1804040101700002,PKH,12/25/2021\n",
                  encoding="utf-8")
    with Workspace(tmp_path / "ws.duckdb") as ws:
        with ws.transaction() as con:
            for stmt in registry_ddl():
                con.execute(stmt)
        with pytest.raises(InputFileError) as err:
            ingest_measurements(ws, m, snapshot="m", today=TODAY)
        assert "Date column 'Tanggal Pengukuran'" in _one_sentence(err)
        with pytest.raises(InputFileError) as err:
            import_interventions(ws, iv, today=TODAY)
        assert "Date column 'tanggal'" in _one_sentence(err)


def test_measurement_ingest_reads_a_month_first_column_month_first(tmp_path: Path) -> None:
    from lokus.measurements import ingest_measurements
    from lokus.registry import registry_ddl

    m = tmp_path / "m.csv"
    m.write_text("Nama;JK;Tgl Lahir;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur;Kode Desa\n"
                 "A;P;01/01/2021;03/04/2022;7,5;66,3;Terlentang;1804042002\n"
                 "B;P;01/01/2021;12/25/2021;7,5;66,3;Terlentang;1804042002\n", encoding="utf-8")
    with Workspace(tmp_path / "ws.duckdb") as ws:
        with ws.transaction() as con:
            for stmt in registry_ddl():
                con.execute(stmt)
        s = ingest_measurements(ws, m, snapshot="m", today=TODAY)
        assert (s.accepted, s.quarantined) == (2, 0)
        rows = ws.con.execute("SELECT measure_date FROM growth_measurements ORDER BY source_line").fetchall()
    assert [r[0] for r in rows] == [date(2022, 3, 4), date(2021, 12, 25)]


def test_intervention_import_reads_a_month_first_column_month_first(tmp_path: Path) -> None:
    from lokus.convergence import import_interventions

    iv = tmp_path / "iv.csv"
    iv.write_text("nik,program,tanggal\n1804040101700001,PKH,03/04/2022\n1804040101700002,PKH,12/25/2021\n",
                  encoding="utf-8")
    with Workspace(tmp_path / "ws.duckdb") as ws:
        s = import_interventions(ws, iv, today=TODAY)
        assert (s.accepted, s.quarantined) == (2, 0)
        days = ws.con.execute("SELECT delivered_on FROM interventions ORDER BY delivered_on").fetchall()
    assert [d[0] for d in days] == [date(2021, 12, 25), date(2022, 3, 4)]


# --- the same value written two ways --------------------------------------------------------------


def _loci_codes(tmp: Path, first: str, second: str) -> object:
    from lokus.loci import read_stunting_loci_file

    path = tmp / "loci.csv"
    path.write_text(f"kode_desa,nama,kode_wilayah\n1804042006,KUBU,1804042006\n{first},SUKA,{second}\n",
                    encoding="utf-8")
    return read_stunting_loci_file(path).codes


def _programs(tmp: Path, first: str, second: str) -> object:
    from lokus.convergence import ingest_programs

    path = tmp / "pkh.csv"
    path.write_text(f"nik,nama,nik_penerima\n1804045703940007,SITI,1804045703940007\n{first},BUDI,{second}\n",
                    encoding="utf-8")
    with Workspace(tmp / "ws.duckdb") as ws:
        return ingest_programs(ws, path, program="PKH", snapshot="pkh", today=TODAY, replace=True).rows_read


def _interventions(tmp: Path, first: str, second: str) -> object:
    from lokus.convergence import import_interventions

    path = tmp / "iv.csv"
    path.write_text(f"nik,program,tanggal,tanggal_salur\n1804040101700001,PKH,{first},{second}\n"
                    "1804040101700002,PKH,2021-12-25,25/12/2021\n", encoding="utf-8")
    with Workspace(tmp / "ws.duckdb") as ws:
        return import_interventions(ws, path, today=TODAY).rows_read


def _measurements(tmp: Path, first: str, second: str) -> object:
    from lokus.measurements import ingest_measurements
    from lokus.registry import registry_ddl

    path = tmp / "m.csv"
    path.write_text("Nama;JK;Tgl Lahir;Tanggal Pengukuran;Berat;Tinggi;Cara Ukur;Kode Desa;kode_wilayah\n"
                    f"A;P;01/01/2021;25/12/2021;7,5;66,3;Terlentang;{first};{second}\n", encoding="utf-8")
    with Workspace(tmp / "ws.duckdb") as ws:
        with ws.transaction() as con:
            for stmt in registry_ddl():
                con.execute(stmt)
        return ingest_measurements(ws, path, snapshot="m", today=TODAY, replace=True).rows_read


def _anthro_dates(tmp: Path, first: str, second: str, *, batches: bool) -> object:
    from lokus.growth import read_table, zscores_file

    path = tmp / "g.csv"
    lead = "".join("1,01/01/2021,2021-01-01,2022-04-03,9.1,74.5\n" for _ in range(BIG if batches else 1))
    path.write_text("sex,birth_date,Tanggal lahir,measure_date,weight_kg,lenhei_cm\n" + lead
                    + f"1,{first},{second},2022-04-03,9.1,74.5\n", encoding="utf-8")
    if batches:
        return zscores_file(path, tmp / "z.csv", block_bytes=BLOCK).rows
    return read_table(path).height


SPELLINGS = {
    # kind: (reader, a value, the same value written otherwise, another value)
    "village code (stunting loci)": (_loci_codes, "1804042002", "18.04.04.2002", "18.04.04.2003"),
    "NIK (program list)": (_programs, "1804045703940007", "1804 0457 0394 0007", "1804 0457 0394 0008"),
    "date (interventions)": (_interventions, "2022-04-03", "03/04/2022", "04/03/2022"),
    "village code (measurements)": (_measurements, "1804042002", "18.04.04.2002", "18.04.04.2003"),
    "date (anthro, whole file)": (lambda t, a, b: _anthro_dates(t, a, b, batches=False),
                                  "03/04/2021", "2021-04-03", "2021-03-04"),
    "date (anthro, batches)": (lambda t, a, b: _anthro_dates(t, a, b, batches=True),
                               "03/04/2021", "2021-04-03", "2021-03-04"),
}


@pytest.mark.parametrize("kind", sorted(SPELLINGS))
def test_two_columns_holding_one_value_written_two_ways_load(tmp_path: Path, kind: str) -> None:
    """The reader normalises the field before comparing: a village code dotted or not, a NIK with spaces, a
    date written two ways that is one day; a real conflict is still refused, naming both columns."""
    read, value, same, other = SPELLINGS[kind]
    assert read(tmp_path, value, same)
    with pytest.raises(LokusError) as err:
        read(tmp_path, value, other)
    msg = _one_sentence(err)
    assert "has two columns for" in msg and (f"{value} against {other}" in msg or f"{other} against {value}" in msg), msg


def test_a_date_copy_is_compared_in_its_own_day_month_order(tmp_path: Path) -> None:
    """The second column is month first (12/25/2021 shows it): its 04/03/2022 is 3 April, the first column's
    03/04/2022 read day first: one day in both paths."""
    from lokus.growth import read_table, zscores_file

    path = tmp_path / "g.csv"
    rows = [f"1,400,01/01/2021,01/01/2021,{'03/04/2022' if i == 2500 else '25/12/2021'},"
            f"{'04/03/2022' if i == 2500 else '12/25/2021'},9.1,74.5\n" for i in range(BIG)]
    path.write_text("sex,age_days,birth_date,Tanggal lahir,measure_date,Tanggal Pengukuran,weight_kg,lenhei_cm\n"
                    + "".join(rows), encoding="utf-8")
    assert read_table(path).height == BIG
    assert zscores_file(path, tmp_path / "z.csv", block_bytes=BLOCK).rows == BIG


# --- one file, every path: the same verdict -----------------------------------------------------------


def _verdicts(path: Path, tmp: Path) -> list[str]:
    """The sentence (or "ok") of every way ``anthro`` reads ``path``: whole file, and in batches, for zscores
    and prevalence."""
    from lokus.growth import prevalence, prevalence_file, read_table, zscores, zscores_file

    reads = [lambda: zscores(read_table(path)), lambda: prevalence(read_table(path)),
             lambda: zscores_file(path, tmp / "z.csv", block_bytes=BLOCK), lambda: prevalence_file(path, block_bytes=BLOCK)]
    out = []
    for read in reads:
        try:
            read()
            out.append("ok")
        except LokusError as exc:
            out.append(exc.message("en"))
    return out


@pytest.mark.parametrize("case", ["dates both orders beside age_days", "date copies that differ beside age_days",
                                  "date copies that agree"])
def test_one_file_gets_the_same_verdict_on_every_path(tmp_path: Path, case: str) -> None:
    """The batched path checked a date column only when it read it: with ``age_days`` given, a measure_date
    column in both day/month orders loaded in batches but was refused whole."""
    path = tmp_path / "g.csv"
    measured = {"dates both orders beside age_days": ("25/12/2021", "12/25/2021"),
                "date copies that differ beside age_days": ("25/12/2021", "25/12/2021"),
                "date copies that agree": ("25/12/2021", "25/12/2021")}[case]
    copy = "2021-12-26" if case == "date copies that differ beside age_days" else "2021-12-25"
    rows = [f"1,400,01/01/2021,{measured[0] if i < BIG - 1 else measured[1]},{copy if i == BIG - 1 else '2021-12-25'},"
            "9.1,74.5\n" for i in range(BIG)]
    path.write_text("sex,age_days,birth_date,measure_date,Tanggal Pengukuran,weight_kg,lenhei_cm\n" + "".join(rows),
                    encoding="utf-8")
    verdicts = _verdicts(path, tmp_path)
    assert len(set(verdicts)) == 1, verdicts
    expected = {"dates both orders beside age_days": "Date column 'measure_date'",
                "date copies that differ beside age_days": "has two columns for measure_date",
                "date copies that agree": "ok"}[case]
    assert verdicts[0].startswith(expected) or expected in verdicts[0], verdicts[0]
