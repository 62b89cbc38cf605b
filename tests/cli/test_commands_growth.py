"""`lokus anthro …` end to end, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

ROWS = pl.DataFrame({
    "child_id": ["K1", "K1", "K2", "K3"],
    "village_code": ["18.04.01.2001", "18.04.01.2001", "18.04.01.2002", "18.04.01.2002"],
    "sex": ["L", "L", "P", "X"],
    "age_days": ["100", "400", "900", "-5"],
    "weight_kg": ["5,5", "9,1", "12", "sepuluh"],
    "lenhei_cm": ["60", "74,5", "86", "80"],
    "measure": ["Terlentang", "Terlentang", "Berdiri", "Berdiri"],
})


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "ukur.csv"
    ROWS.write_csv(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_zscores_every_format(cli, csv_file: Path, tmp_path: Path, suffix: str) -> None:  # noqa: ANN001
    out = tmp_path / f"z{suffix}"
    res = cli("anthro", "zscores", csv_file, "--out", out)
    assert res.exit_code == 0, res.stderr
    from lokus.growth import read_table

    back = read_table(out)
    assert back.height == 4
    keys = ["zlen", "fwfl", "reason", "cat_tb_u", "child_id"]
    if suffix == ".xlsx":  # a workbook is for people: headers in the user's language (Indonesian by default)
        from lokus.i18n import header

        keys = [header(k, "id") for k in keys]
    assert set(keys) <= set(back.columns)
    assert back[keys[2]].to_list()[3] is not None


def test_prevalence_json_by_village(cli, csv_file: Path) -> None:  # noqa: ANN001
    res = cli("anthro", "prevalence", csv_file, "--by", "village_code", "--format", "json")
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    assert rows[0]["Group"] == "All" and rows[0]["HAZ_unwpop"] == 3
    assert rows[-1]["Group"] == "village_code: 18.04.01.2002"


def test_prevalence_table_in_english(cli, csv_file: Path) -> None:  # noqa: ANN001
    res = cli("anthro", "prevalence", csv_file, "--lang", "en")
    assert res.exit_code == 0, res.stderr
    assert "Stunting % (95% CI)" in res.stdout


def test_memory_limit_bounds_the_batches_not_the_result(cli, tmp_path: Path) -> None:  # noqa: ANN001
    """``--memory-limit`` sizes the batches of both commands; the files and the numbers stay the same."""
    from tests.growth.test_batches import _csv, _rows

    path = tmp_path / "ukur.csv"
    path.write_text(_csv(_rows(3_000)), encoding="utf-8")
    outs = []
    for limit in ([], ["--memory-limit", "300MB"]):
        out = tmp_path / f"z{len(outs)}.csv"
        res = cli("anthro", "zscores", path, "--out", out, *limit)
        assert res.exit_code == 0, res.stderr
        outs.append(out.read_bytes())
        res = cli("anthro", "prevalence", path, "--format", "json", "--full", *limit)
        assert res.exit_code == 0, res.stderr
        outs.append(res.stdout)
    assert outs[0] == outs[2] and outs[1] == outs[3]


@pytest.mark.parametrize("command", ["zscores", "prevalence"])
def test_bad_memory_limit_and_bad_line_are_one_sentence(cli, csv_file: Path, tmp_path: Path, command: str) -> None:  # noqa: ANN001
    out = ["--out", tmp_path / "z.csv"] if command == "zscores" else []
    res = cli("anthro", command, csv_file, *out, "--memory-limit", "3 gigs")
    assert res.exit_code != 0 and "Traceback" not in res.stderr and "3 gigs" in res.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_file.read_text(encoding="utf-8") + "K9,18.04.01.2001,L\n", encoding="utf-8")
    res = cli("anthro", command, bad, *out)
    assert res.exit_code != 0 and "Traceback" not in res.stderr
    assert "baris 6" in " ".join(res.stderr.split()) and len(res.stderr.strip().splitlines()) <= 2  # one sentence
    assert not (tmp_path / "z.csv").exists()


def test_chart(cli, csv_file: Path, tmp_path: Path) -> None:  # noqa: ANN001
    res = cli("anthro", "chart", csv_file, "--child", "K1", "--out", tmp_path / "k1.png")
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "k1.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(("setup", "args", "needle"), [
    (None, ("anthro", "zscores", "{d}/nope.csv", "--out", "{d}/o.csv"), "tidak ditemukan"),
    ("", ("anthro", "zscores", "{d}/in.csv", "--out", "{d}/o.csv"), "kosong"),
    ("a,b\n1,2\n", ("anthro", "zscores", "{d}/in.csv", "--out", "{d}/o.csv"), "sex, age_days, weight_kg"),
    ("<html></html>", ("anthro", "prevalence", "{d}/in.xlsx"), "bukan tabel"),
])
def test_errors_are_one_sentence(cli, tmp_path: Path, setup, args, needle) -> None:  # noqa: ANN001
    if setup is not None:
        name = "in.xlsx" if "in.xlsx" in " ".join(args) else "in.csv"
        (tmp_path / name).write_text(setup, encoding="utf-8")
    res = cli(*(a.format(d=tmp_path) for a in args))
    assert res.exit_code != 0
    assert "Traceback" not in res.stderr
    assert needle in res.stderr
    assert len(res.stderr.strip().splitlines()) <= 2  # one sentence, maybe soft-wrapped


def test_zscores_to_csv_imports_neither_pandas_nor_rich_help(csv_file: Path, tmp_path: Path) -> None:
    """The file-to-file path stays light: ``pa.array`` would import pandas (0.2-0.3 s) and Typer's Rich
    help is only for ``--help``."""
    import subprocess
    import sys

    code = ("import sys; import lokus.cli.main as m; "
            f"code = m.run(['anthro', 'zscores', {str(csv_file)!r}, '--out', {str(tmp_path / 'z.csv')!r}]); "
            "print(code, [n for n in ('pandas', 'typer.rich_utils') if n in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[-2] == "0 []"


# Realistic codes: sex m/F/1/2, measure L/h/blank, oedema y/n/blank, missing values, an age past 60
# months and a measurement before the birth date.
CODES = pl.DataFrame({
    "child_id": ["A1", "A2", "A3", "A4", "A5", "A6", "A7"],
    "sex": ["m", "F", "1", "2", "x", "2", "F"],
    "birth_date": ["2021-03-10", "2020-01-20", "2022-02-01", "2016-01-01", "2021-06-01", "2022-08-20", "2021-01-01"],
    "measure_date": ["2022-08-15"] * 7,
    "weight_kg": ["9.8", "11.2", "7.1", "18.0", "8.0", "3.2", None],
    "lenhei_cm": ["78.5", "86.0", "66.0", "110.0", "72.0", "50.0", "76.0"],
    "measure": ["L", "h", None, "h", "L", "L", "L"],
    "oedema": ["n", None, "n", "n", "n", "n", "y"],
})


@pytest.fixture
def codes_file(tmp_path: Path) -> Path:
    path = tmp_path / "anak.csv"
    CODES.write_csv(path)
    return path


def _zscores(cli, codes_file: Path, out: Path, lang: str) -> None:  # noqa: ANN001
    from lokus.i18n import header

    res = cli("--lang", lang, "anthro", "zscores", codes_file, "--out", out)
    assert res.exit_code == 0, res.stderr
    # the summary names the reason column as the file heads it
    column = header("reason", lang, "growth") if out.suffix == ".xlsx" else "reason"
    assert f" {column} column" in res.stderr or f"kolom {column}" in res.stderr, res.stderr


@pytest.mark.parametrize("lang", ["id", "en"])
def test_zscores_workbook_speaks_the_language(cli, codes_file: Path, tmp_path: Path, lang: str) -> None:  # noqa: ANN001
    """A workbook is for people: every header from the catalogue in --lang (none is a WHO anthro
    column name), the reason a sentence, the categories in --lang, BMI shown with two decimals."""
    openpyxl = pytest.importorskip("openpyxl")
    from lokus.i18n import header, t

    _zscores(cli, codes_file, tmp_path / "z.csv", lang)
    _zscores(cli, codes_file, tmp_path / "z.xlsx", lang)
    columns = pl.read_csv(tmp_path / "z.csv").columns
    sheet = openpyxl.load_workbook(tmp_path / "z.xlsx").active
    heads = [c.value for c in sheet[1]]
    assert heads == [header(c, lang, "growth") for c in columns]
    # none under its internal name (measure_date, clenhei, cbmi, cmeasure, c9mo_flag, csex, f*, cat_* …);
    # the file's own other columns (child_id) keep the header the file gave them
    assert set(heads) & set(columns) == {"child_id"}
    assert header("measure", lang, "growth") != header("measure", lang)  # the measuring position, not an FGT measure
    col = {c: j for j, c in enumerate(columns)}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    reasons = [r[col["reason"]] for r in rows]
    assert reasons[3] == t("growth.reason.age_over_60mo", lang)
    assert reasons[4] == t("growth.reason.sex_invalid", lang)
    assert reasons[5] == t("growth.reason.age_negative", lang)
    assert reasons[6] == t("growth.reason.weight_missing", lang)
    assert rows[0][col["cat_bb_u"]] == t("growth.category.cat_bb_u.2", lang)  # "Berat Badan Normal" / "Normal weight"
    assert rows[6][col["cat_bb_tb"]] == t("growth.category.cat_bb_tb.0", lang)  # oedema: the most severe
    cbmi = sheet.cell(row=2, column=col["cbmi"] + 1)
    assert cbmi.number_format == "0.00" and cbmi.value == pytest.approx(9.8 / 0.785**2, abs=1e-12)  # shown rounded only


def test_zscores_csv_keeps_the_anthro_grammar_and_follows_the_language_for_labels(
        cli, codes_file: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """CSV keeps the same snake_case columns, codes and unrounded numbers in both languages; only the
    category labels (words for people) follow --lang."""
    _zscores(cli, codes_file, tmp_path / "id.csv", "id")
    _zscores(cli, codes_file, tmp_path / "en.csv", "en")
    id_, en = pl.read_csv(tmp_path / "id.csv"), pl.read_csv(tmp_path / "en.csv")
    assert id_.columns == en.columns and "cbmi" in en.columns and "c9mo_flag" in en.columns
    assert en["reason"].to_list()[3:6] == ["age_over_60mo", "sex_invalid", "age_negative"]
    assert id_["cat_bb_u"][0] == "Berat Badan Normal" and en["cat_bb_u"][0] == "Normal weight"
    assert id_["cat_bb_tb"][6] == "Gizi Buruk" and en["cat_bb_tb"][6] == "Severely wasted"
    assert en["cbmi"][0] == id_["cbmi"][0] == pytest.approx(9.8 / 0.785**2, abs=1e-12)
    assert en.drop([c for c in en.columns if c.startswith("cat_")]).equals(
        id_.drop([c for c in id_.columns if c.startswith("cat_")]))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_zscores_write_the_input_cells_back_unchanged(cli, csv_file: Path, tmp_path: Path, suffix: str) -> None:  # noqa: ANN001
    """An input cell read as text (age_days ``-5``) is written back as the user wrote it: a plain
    negative number gets no formula guard (``'-5``) in CSV, and no quote prefix in XLSX."""
    out = tmp_path / f"z{suffix}"
    assert cli("anthro", "zscores", csv_file, "--out", out).exit_code == 0
    if suffix == ".csv":
        import csv

        rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
        assert [r["age_days"] for r in rows] == ["100", "400", "900", "-5"]
        assert [r["weight_kg"] for r in rows] == ["5,5", "9,1", "12", "sepuluh"]
    else:
        openpyxl = pytest.importorskip("openpyxl")
        from lokus.i18n import header

        ws = openpyxl.load_workbook(out).active
        heads = [c.value for c in next(ws.iter_rows(max_row=1))]
        col = heads.index(header("age_days", "id", "growth")) + 1
        cell = ws.cell(row=5, column=col)
        assert cell.value == "-5" and not cell.quotePrefix
