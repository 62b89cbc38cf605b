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
