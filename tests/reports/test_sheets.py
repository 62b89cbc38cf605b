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
