"""The one writer: the extension decides the format, bad folders and extensions are one sentence,
the file appears whole or not at all, and the audit row follows the file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from lokus.errors import ConfigError, OutputError
from lokus.reports import Audit, csv_text, safe_text, table_text, write_json, write_table, write_workbook

ROWS = [{"nik": "1804045607900001", "name": "\tTab", "note": "\rCR", "other": "\nLF", "n": -2, "share": -0.5}]


@pytest.mark.parametrize("text", ["=1", "+1", "-1+1", "-x", "@x", "\tx", "\rx", "\nx"])
def test_every_formula_start_is_neutralised(text):
    assert safe_text(text) == "'" + text
    assert safe_text("Budi") == "Budi"


def test_csv_numbers_stay_numbers_and_texts_are_prefixed():
    rows = list(csv.reader(io.StringIO(table_text(ROWS, "csv"), newline="")))
    assert rows[1] == ["1804045607900001", "'\tTab", "'\rCR", "'\nLF", "-2", "-0.5"]
    assert csv_text(["=a"], [["x"]]).startswith("'=a")  # headers too


def test_json_keeps_values_as_they_are():
    assert json.loads(table_text(ROWS, "json"))[0]["name"] == "\tTab"


@pytest.mark.parametrize("suffix,check", [
    (".csv", lambda p: p.read_bytes().startswith(b"\xef\xbb\xbf")),
    (".xlsx", zipfile.is_zipfile),
    (".json", lambda p: json.loads(p.read_text())[0]["nik"] == "1804045607900001"),
])
def test_extension_decides_the_format(tmp_path, suffix, check):
    path = write_table(ROWS, tmp_path / f"t{suffix}")
    assert check(path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_unknown_or_disagreeing_extension_is_one_sentence(tmp_path):
    with pytest.raises(ConfigError) as err:
        write_table(ROWS, tmp_path / "t.pdf")
    assert ".xlsx" in err.value.message("en") and "t.pdf" in err.value.message("en")
    with pytest.raises(ConfigError):
        write_table(ROWS, tmp_path / "t.csv", fmt="json")
    with pytest.raises(ConfigError):
        write_workbook(tmp_path / "t.csv", [])
    assert not list(tmp_path.iterdir())


def test_missing_folder_is_one_sentence_and_no_audit(tmp_path):
    calls = []

    class Spy(Audit):
        def record(self, output):  # type: ignore[override]
            calls.append(output)

    with pytest.raises(OutputError) as err:
        write_table(ROWS, tmp_path / "nope" / "t.csv", audit=Spy(None, "x", target="t", rows=1))
    assert "nope" in err.value.message("en") and calls == []
    path = write_table(ROWS, tmp_path / "t.csv", audit=Spy(None, "x", target="t", rows=1))
    assert calls == [str(path)]


def test_write_error_leaves_no_file(tmp_path, monkeypatch):
    import lokus.reports._write as writer

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writer.os, "replace", refuse)
    with pytest.raises(OutputError) as err:
        write_table(ROWS, tmp_path / "t.xlsx")
    assert "(permission denied)" in err.value.message("en") and "(izin ditolak)" in err.value.message("id")
    assert not list(tmp_path.iterdir())
    with pytest.raises(OutputError):
        write_json({"a": 1}, tmp_path / "s.json")


def test_a_carriage_return_inside_a_cell_never_splits_the_row():
    text = csv_text(["a", "b"], [["x\ry", "z"], ["1\n2", 3]])
    assert text == 'a,b\n"x\ry",z\n"1\n2",3\n'
    assert len(list(csv.reader(io.StringIO(text, newline="")))) == 3


@pytest.mark.parametrize("lang", ["id", "en"])
def test_workbook_names_codes_and_rounds_for_people_while_csv_keeps_them(tmp_path, lang):
    """``labels``, ``topic`` and ``number_formats`` are for the people reading a workbook: CSV and JSON
    keep the codes, the snake_case keys and every digit."""
    openpyxl = pytest.importorskip("openpyxl")
    from lokus.i18n import header, t

    rows = [{"kind": "measurements", "measure": "h", "reason": "sex_invalid;age_missing", "cbmi": 15.903282080408943},
            {"kind": "other", "measure": "l", "reason": None, "cbmi": None}]
    opts = {"lang": lang, "labels": {"kind": "snapshot_kind", "reason": "growth.reason"}, "topic": "growth",
            "number_formats": {"cbmi": "0.00"}}
    import lokus.growth  # noqa: F401 - registers the growth reasons
    import lokus.workspace  # noqa: F401 - registers the snapshot kinds

    write_table(rows, tmp_path / "t.xlsx", **opts)
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in sheet[1]] == [header("kind", lang), t("col.growth.measure", lang), header("reason", lang),
                                           header("cbmi", lang)]
    assert sheet["A2"].value == t("snapshot_kind.measurements", lang) and sheet["A3"].value == "other"  # unknown: as is
    assert sheet["C2"].value == (t("growth.reason.sex_invalid", lang) + "; " + t("growth.reason.age_missing", lang))
    assert sheet["D2"].number_format == "0.00" and sheet["D2"].value == pytest.approx(15.903282080408943, abs=1e-12)
    write_table(rows, tmp_path / "t.csv", **opts)
    text = (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[:2] == ["kind,measure,reason,cbmi", "measurements,h,sex_invalid;age_missing,15.903282080408943"]
    write_table(rows, tmp_path / "t.json", **opts)
    assert json.loads((tmp_path / "t.json").read_text())[0]["kind"] == "measurements"


def test_workbook_wraps_sentence_columns_in_the_width_asked(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.utils import get_column_letter

    sentence = "a long sentence that explains why this row has no z-score at all, in plain words"
    path = write_table([{"code": "x", "reason": sentence}, {"code": "y", "reason": None}], tmp_path / "t.xlsx",
                       wrap={"reason": 30.0})
    sheet = openpyxl.load_workbook(path).active
    heads = [c.value for c in sheet[1]]
    j = next(i for i, h in enumerate(heads, 1) if h not in ("Kode", "code"))
    cell = next(sheet.cell(row=r, column=j) for r in range(2, sheet.max_row + 1)
                if sheet.cell(row=r, column=j).value == sentence)
    assert cell.alignment.wrap_text
    assert 29 <= sheet.column_dimensions[get_column_letter(j)].width <= 32
    assert (sheet.row_dimensions[cell.row].height or 0) > 15  # the row grows for the wrapped lines


def test_a_csv_written_in_parts_has_the_bytes_of_the_whole_table(tmp_path: Path) -> None:
    import polars as pl

    from lokus.reports import csv_rows, write_csv_parts

    frame = pl.DataFrame({"nik": ["3201", "=1+1", None, "a,b"], "z": [1.5, None, -0.0, 1e-7], "n": [1, 2, None, 4],
                          "ok": [True, None, False, True]})
    write_table(frame, tmp_path / "whole.csv")
    _, count = write_csv_parts(tmp_path / "parts.csv", (csv_rows(frame.slice(i, 1)) for i in range(frame.height)))
    assert count == 4
    assert (tmp_path / "parts.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()
    assert csv_rows([{"a": "x,y"}])[1] == b'"x,y"\n'  # the per-cell path for what the columnar one cannot write


def test_a_workbook_past_excel_rows_is_refused_not_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lokus.reports._sheets as sheets

    monkeypatch.setattr(sheets, "XLSX_MAX_ROWS", 10)
    write_table([{"a": i} for i in range(9)], tmp_path / "fits.xlsx")  # header + 9 rows
    with pytest.raises(OutputError) as err:
        write_table([{"a": i} for i in range(10)], tmp_path / "big.xlsx")
    assert "10" in err.value.message("en") and ".csv" in err.value.message("en")
    assert not (tmp_path / "big.xlsx").exists()
