"""Worklist files that spreadsheets cannot corrupt: NIKs stay text, no cell becomes a formula."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile

import pytest

from lokus.reports import PLAIN_NUMBER, Sheet, csv_safe, needs_guard, safe_text, write_csv, write_xlsx

NIK = "1804045607900001"
KK = "0804040101200001"  # a leading zero must survive too
EVIL = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")']


def _sheet() -> Sheet:
    rows = [[NIK, KK, text, 3] for text in EVIL]
    return Sheet(name="Daftar kerja", columns=["head_nik", "kk", "head_name", "decile"], rows=rows)


def test_csv_prefixes_formula_starts_with_a_quote(tmp_path):
    path = write_csv(tmp_path / "w.csv", _sheet())
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert [r[2] for r in rows[1:]] == ["'" + e for e in EVIL]
    assert rows[1][0] == NIK and rows[1][1] == KK
    assert csv_safe("Budi") == "Budi" and csv_safe(5) == 5


def test_xlsx_has_no_formula_and_identifiers_as_strings(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", [_sheet()])
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet  # no formula cells at all
    assert NIK in strings and KK in strings and "=1+1" in strings


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; "
                    "install the Debian package libreoffice-calc-nogui to run this check")
def test_libreoffice_reads_niks_as_text_and_formulas_as_text(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", [_sheet()])
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
         "--outdir", str(tmp_path / "out"), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    text = (tmp_path / "out" / "w.csv").read_text(encoding="utf-8", errors="replace")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["head_nik", "kk", "head_name", "decile"]
    for row, evil in zip(rows[1:], EVIL, strict=True):
        assert row[0] == NIK and row[1] == KK  # 16 digits intact, not 1.80404560790000E+15
        assert row[2] == evil  # the text itself, not the result of a formula (2, #NAME?, …)


# A plain negative number written the ordinary way cannot be a formula: it passes unchanged.
PLAIN = ["-3", "-0.5", "-.5", "-3.", "-1e-3", "-2.5E+10", "-0", "-007"]
# Everything else that starts like a formula keeps the guard, number-like or not.
GUARDED = ["-2+3", "-A1", "-inf", "-nan", "-0,5", "- 3", "-3 ", "-3\n", "-", "-.", "-e5", "--3", "-1e", "-0x1F",
           "-1_000", "-\u0663", "+3", "+6281234567890", "=1+1", "@SUM(A1:A2)", "\t-3"]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_negative_numbers_pass_unchanged(text):
    assert not needs_guard(text) and safe_text(text) == text and csv_safe(text) == text


@pytest.mark.parametrize("text", GUARDED)
def test_everything_else_starting_like_a_formula_keeps_the_guard(text):
    assert needs_guard(text) and safe_text(text) == "'" + text


def test_csv_and_xlsx_treat_number_texts_alike(tmp_path):
    sheet = Sheet(name="d", columns=["age_days", "head_nik"], rows=[[v, v] for v in PLAIN + GUARDED[:6]])
    rows = list(csv.reader(write_csv(tmp_path / "d.csv", sheet).read_text(encoding="utf-8-sig").splitlines()))
    assert [r[0] for r in rows[1:]] == PLAIN + ["'" + g for g in GUARDED[:6]]
    assert [r[1] for r in rows[1:]] == [r[0] for r in rows[1:]]  # identifier columns: the same rule
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(write_xlsx(tmp_path / "d.xlsx", [sheet])).active
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type == "s"  # a text stays a text in both columns
            assert cell.quotePrefix == (cell.value not in PLAIN), cell.value


def test_plain_number_is_exactly_the_documented_shape():
    import re

    assert all(re.fullmatch(PLAIN_NUMBER, p) for p in PLAIN)
    assert not any(re.fullmatch(PLAIN_NUMBER, g) for g in GUARDED)


def test_a_sheet_of_several_tables_styles_each_header_row_and_has_no_filter(tmp_path):
    """Several tables on one sheet (the pack's village sheets): each table's own header row is styled,
    headings and notes span the sheet and wrap, and there is no filter or frozen pane that would sort or
    pin the tables into each other; a one-table sheet keeps its filter over exactly its rows."""
    import openpyxl

    cols = ["c0", "c1", "c2"]
    rows = [["Households (2)", None, None], ["No.", "Head", "Lacks"], [1, "A", "PKH"], [2, "B", "x " * 40],
            [None, None, None], ["Children (1)", None, None], ["No.", "Child", "Sex"], [1, "C", "L"],
            ["Rule: " + "a long plain sentence " * 8, None, None]]
    multi = Sheet(name="Village", columns=cols, rows=rows, title="Village sheet", headers=[""] * 3,
                  widths={"c0": 5, "c1": 20, "c2": 30}, wrap=frozenset({"c2"}), landscape=True, fit_width=True,
                  table_header=False, header_rows=frozenset({1, 6}), span_rows=frozenset({0, 5, 8}))
    single = Sheet(name="One", columns=["a", "b"], rows=[[1, "x"], [2, "y"]], title="One table")
    path = write_xlsx(tmp_path / "m.xlsx", [multi, single], lang="en")
    wb = openpyxl.load_workbook(path)
    ws = wb["Village"]
    assert ws.auto_filter.ref is None and ws.freeze_panes is None
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 0
    # title in row 1, then rows from row 3: the header rows are rows 4 and 9, styled and not empty
    for r in (4, 9):
        assert ws.cell(r, 1).value == "No." and ws.cell(r, 1).font.bold
        assert ws.cell(r, 1).fill.fgColor.rgb.endswith("DDEBF7")
    assert not ws.cell(5, 1).font.bold  # a data row is not styled as a header
    assert {str(m) for m in ws.merged_cells.ranges} >= {"A3:C3", "A8:C8", "A11:C11"}
    assert ws.cell(11, 1).alignment.wrap_text and ws.row_dimensions[11].height > 15
    assert ws.column_dimensions["C"].width == pytest.approx(30, abs=1) and ws.cell(6, 3).alignment.wrap_text
    one = wb["One"]
    assert one.auto_filter.ref == "A3:B5" and one.freeze_panes == "A4"
