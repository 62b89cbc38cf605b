"""`lokus poverty fgt` end to end, including bad files and bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SURVEY = (
    "hh_id,village,pcexp,wert,art,strata,psu\n"
    "1,A,100,1,2,a,1\n"
    "2,A,200,2,1,a,1\n"
    "3,B,300,1,3,a,2\n"
    "4,B,400,2,2,b,3\n"
    "5,A,500,1,1,b,4\n"
    "6,B,600,1,4,b,4\n"
)


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    f = tmp_path / "susenas.csv"
    f.write_text(SURVEY, encoding="utf-8")
    return f


def test_fgt_household_design_matches_hand_value(cli, survey):
    res = cli(
        "poverty",
        "fgt",
        str(survey),
        "--line",
        "350",
        "--extreme-line",
        "150",
        "--consumption",
        "pcexp",
        "--weight",
        "wert",
        "--strata",
        "strata",
        "--psu",
        "psu",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    p0 = next(r for r in rows if r["group"] == "(all)" and r["measure"] == "p0")
    assert p0["estimate"] == pytest.approx(0.5) and p0["se"] == pytest.approx(0.125)  # see test_fgt.py
    ext = next(r for r in rows if r["group"] == "(all)" and r["measure"] == "p0_extreme")
    assert ext["estimate"] == pytest.approx(1 / 8) and ext["line"] == 150


def test_fgt_person_level_by_village_table_and_csv(cli, survey):
    res = cli(
        "poverty",
        "fgt",
        str(survey),
        "--line",
        "350",
        "--consumption",
        "pcexp",
        "--weight",
        "wert",
        "--size",
        "art",
        "--by",
        "village",
    )
    assert res.exit_code == 0, res.stderr
    assert "P0 ekstrem" in res.stdout and "(semua)" in res.stdout and "(all)" not in res.stdout
    res = cli(
        "poverty",
        "fgt",
        str(survey),
        "--line",
        "350",
        "--consumption",
        "pcexp",
        "--weight",
        "wert",
        "--size",
        "art",
        "--by",
        "village",
        "--format",
        "csv",
    )
    lines = res.stdout.splitlines()
    assert lines[0].startswith("group,measure,line,estimate,se")
    # person weights: 2, 2, 3, 4, 1, 4 (sum 16); poor (< 350): rows 1-3 → 7/16
    all_p0 = next(ln for ln in lines if ln.startswith("(all),p0,"))
    assert float(all_p0.split(",")[3]) == pytest.approx(7 / 16)
    assert sum(ln.startswith(("A,", "B,")) for ln in lines) == 8


@pytest.mark.parametrize(
    "edit, needle",
    [
        (lambda s: s.replace("1,A,100,", "1,A,0,"), "zero, negative or missing"),
        (lambda s: s.replace("2,A,200,", "2,A,-5,"), "row 3"),
        (lambda s: s.replace("3,B,300,1,", "3,B,300,,"), "wert"),
        (lambda s: s.replace(",b,3\n5", ",,3\n5"), "strata"),
    ],
)
def test_fgt_bad_rows_one_sentence(cli, tmp_path, edit, needle):
    f = tmp_path / "bad.csv"
    f.write_text(edit(SURVEY), encoding="utf-8")
    res = cli(
        "poverty",
        "fgt",
        str(f),
        "--line",
        "350",
        "--consumption",
        "pcexp",
        "--weight",
        "wert",
        "--strata",
        "strata",
        "--psu",
        "psu",
        "--lang",
        "en",
    )
    assert res.exit_code == 3, res.stderr
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert needle in res.stderr


def test_fgt_bad_files_one_sentence(cli, tmp_path, survey):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    header_only = tmp_path / "header.csv"
    header_only.write_text("pcexp,wert\n", encoding="utf-8")
    binary = tmp_path / "x.parquet"
    binary.write_bytes(b"not parquet at all")
    cases = [
        (tmp_path / "missing.csv", 3),
        (empty, 3),
        (header_only, 3),
        (binary, 3),
    ]
    for path, code in cases:
        res = cli("poverty", "fgt", str(path), "--line", "350", "--consumption", "pcexp")
        assert res.exit_code == code, (path, res.stderr)
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    res = cli("poverty", "fgt", str(survey), "--line", "350", "--lang", "en")  # default column absent
    assert res.exit_code == 3 and "consumption" in res.stderr
    res = cli("poverty", "fgt", str(survey), "--line", "0", "--consumption", "pcexp")
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1


def test_fgt_reads_xlsx_and_missing_by_values(cli, tmp_path):
    import xlsxwriter

    f = tmp_path / "susenas.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet()
    for i, row in enumerate(
        [["pcexp", "w", "village"], [100_000, 1.5, "A"], [400_000, 2, None], [250_000, 1, "A"]]
    ):
        ws.write_row(i, 0, row)
    wb.close()
    res = cli(
        "poverty",
        "fgt",
        str(f),
        "--line",
        "300000",
        "--consumption",
        "pcexp",
        "--weight",
        "w",
        "--by",
        "village",
        "--format",
        "json",
    )
    rows = json.loads(res.stdout)
    p0 = {r["group"]: r["estimate"] for r in rows if r["measure"] == "p0"}
    assert p0 == {"(all)": pytest.approx(2.5 / 4.5), "A": pytest.approx(1.0), "(NA)": pytest.approx(0.0)}


def test_the_line_is_read_as_rupiah_are_written_in_files(cli, tmp_path):
    """``--line 500.000`` is five hundred thousand rupiah (as ``525.000`` in the file), never Rp 500."""
    f = tmp_path / "survei.csv"
    f.write_text("id;pengeluaran\n1;525.000\n2;1.170.000\n3;Rp 450.000\n", encoding="utf-8")

    def p0(line: str) -> float:
        res = cli("poverty", "fgt", str(f), "--line", line, "--column", "consumption=pengeluaran", "--format", "json")
        assert res.exit_code == 0, res.stderr
        rows = json.loads(res.stdout)
        return next(r["estimate"] for r in rows if r["measure"] == "p0")

    assert p0("500000") == p0("500.000") == p0("500,000") == p0("Rp 500.000") == pytest.approx(1 / 3)
    bad = cli("poverty", "fgt", str(f), "--line", "lima ratus ribu", "--column", "consumption=pengeluaran")
    assert bad.exit_code == 2 and "--line: 'lima ratus ribu'" in bad.stderr and "Traceback" not in bad.stderr


def test_parse_option_reads_each_kind_and_refuses_text():
    from lokus.errors import ConfigError
    from lokus.tables import parse_option

    assert parse_option("500.000,50", "money", "--line") == 500000.5
    assert parse_option("1.234", "money", "--admin-decile1") == 1234  # persons: . groups thousands
    assert parse_option("14,5", "decimal", "--admin-stunting") == 14.5
    assert parse_option(None, "money", "--line") is None
    for bad in ("", "inf", "abc", "1e400"):
        with pytest.raises(ConfigError):
            parse_option(bad, "money", "--line")


def test_fgt_weighted_population_shows_its_real_value(cli, tmp_path):
    # weights 1.5 + 2 + 1 = 4.5 people: the table says 4,5 (id) / 4.5 (en), never 4; CSV and JSON keep 4.5
    f = tmp_path / "half.csv"
    f.write_text("hh,pcexp,wert\n1,300,1.5\n2,800,2\n3,400,1\n", encoding="utf-8")
    args = ("poverty", "fgt", str(f), "--line", "500", "--consumption", "pcexp", "--weight", "wert")
    table = cli(*args)
    assert table.exit_code == 0, table.stderr
    row = next(ln for ln in table.stdout.splitlines() if "P0 (persentase miskin)" in ln)
    assert [c.strip() for c in row.split("│")][8] == "4,5"
    en = cli("--lang", "en", *args)
    row = next(ln for ln in en.stdout.splitlines() if "P0 (headcount)" in ln)
    assert [c.strip() for c in row.split("│")][8] == "4.5"
    lines = cli(*args, "--format", "csv").stdout.splitlines()
    assert lines[1].split(",")[lines[0].split(",").index("population")] == "4.5"
    assert json.loads(cli(*args, "--format", "json").stdout)[0]["population"] == 4.5


def test_fmt_weighted():
    from lokus.i18n import fmt_weighted

    assert fmt_weighted(4.5, "id") == "4,5" and fmt_weighted(4.5, "en") == "4.5"
    assert fmt_weighted(1234.0, "id") == "1.234" and fmt_weighted(1234.567, "id") == "1.234,57"
    assert fmt_weighted(float("nan"), "id") == "" and fmt_weighted(None, "en") == ""


def test_options_name_columns_as_the_reader_compares_headers(cli, tmp_path):
    """--consumption Y names the header "y" (and "Kode Desa" is named by kode_desa), as the reader matches
    headers; a name no header matches is still refused with the headers present."""
    f = tmp_path / "s.csv"
    f.write_text("y,W,Strata Survei,Kode Desa\n100,1,a,A\n200,2,a,B\n300,1,b,A\n400,2,b,B\n", encoding="utf-8")
    res = cli("poverty", "fgt", f, "--line", "250", "--consumption", "Y", "--weight", "w",
              "--strata", "strata survei", "--by", "kode_desa", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert {r["group"] for r in rows} == {"(all)", "A", "B"}
    assert next(r for r in rows if r["group"] == "(all)" and r["measure"] == "p0")["n_strata"] == 2
    res = cli("poverty", "fgt", f, "--line", "250", "--consumption", "pengeluaran")
    assert res.exit_code != 0 and "'pengeluaran'" in res.stderr and "y, W, Strata Survei" in res.stderr
