"""``zscores_file``: a file z-scored in batches gives exactly what the whole-file path gives (the same CSV bytes,
the same Parquet rows), with every guarantee of the reader, however small the batches."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from lokus.errors import InputFileError, OutputError
from lokus.growth import classify, read_table, write_table, zscores, zscores_file
from lokus.growth._batches import batch_sizes
from lokus.tables import AmbiguousColumnError

HEADER = ["child_id", "nama", "sex", "age_days", "weight_kg", "lenhei_cm", "measure", "oedema"]


def _rows(n: int, seed: int = 5, decimal: str = ".") -> list[list[str]]:
    """Field-like rows: codes in mixed case and bad ones, blanks, formula-like names, quotes, commas, é."""
    rng = random.Random(seed)
    names = ["Siti", "=HYPERLINK(1)", "+62 811", "-", "@x", "Andi, S", 'Yu "Ni"', "José", "", " Budi "]
    rows = []
    for i in range(n):
        age = rng.choice([str(rng.randint(0, 1900)), f"{rng.randint(0, 1800)}.5", "", "-3", "abc"])
        weight = rng.choice([f"{rng.uniform(2, 25):.1f}", f"{rng.randint(3, 20)}", "", "sepuluh"])
        length = rng.choice([f"{rng.uniform(45, 120):.1f}", "", "0", "1e3"])
        rows.append([
            f"{i:05d}", rng.choice(names), rng.choice(["m", "F", "1", "2", "L", "p", "x", "", "Laki-laki"]),
            age, weight.replace(".", decimal), length.replace(".", decimal),
            rng.choice(["l", "H", "", "Terlentang", "berdiri", "?"]), rng.choice(["n", "Y", "", "ya", "2"]),
        ])
    return rows


def _csv(rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ",", newline: str = "\n",
         bom: bool = False, title: bool = False, quote_all: bool = False) -> str:
    def cell(v: str) -> str:
        if quote_all or any(c in v for c in (delimiter, '"', "\n", "\r")):
            return '"' + v.replace('"', '""') + '"'
        return v

    lines = ([f"DATA PENGUKURAN{delimiter}", ""] if title else []) + [delimiter.join(header)]
    lines += [delimiter.join(cell(v) for v in row) for row in rows]
    return ("\ufeff" if bom else "") + newline.join(lines) + newline


def _whole(path: Path, out: Path, columns: dict[str, str] | None = None, lang: str = "id") -> None:
    write_table(classify(zscores(read_table(path, columns=columns), source=str(path)), lang=lang), out, lang=lang)


def _same_as_whole(tmp_path: Path, path: Path, suffix: str = ".csv", block: int = 700,
                   columns: dict[str, str] | None = None) -> None:
    whole, batched = tmp_path / f"whole{suffix}", tmp_path / f"batched{suffix}"
    _whole(path, whole, columns)
    summary = zscores_file(path, batched, columns=columns, block_bytes=block)
    if suffix == ".csv":
        assert batched.read_bytes() == whole.read_bytes()
    else:
        assert pl.read_parquet(batched).equals(pl.read_parquet(whole))
    result = pl.read_csv(whole, infer_schema=False) if suffix == ".csv" else pl.read_parquet(whole)
    assert summary.rows == result.height
    assert summary.reasons == result["reason"].is_not_null().sum()


FILES = {
    "plain": lambda: _csv(_rows(300)).encode(),
    "quoted, BOM, CRLF": lambda: _csv(_rows(300), newline="\r\n", bom=True, quote_all=True).encode(),
    "semicolons, decimal commas, title lines": lambda: _csv(_rows(300, decimal=","), delimiter=";",
                                                           title=True).encode(),
    "tabs, trailing blank lines": lambda: (_csv(_rows(200), delimiter="\t") + "\n\n").encode(),
    "windows-1252": lambda: _csv(_rows(200)).encode("cp1252"),
    "stray quote far down": lambda: (_csv(_rows(250)) + '99999,"YUNI,1,400,9.1,74.5,l,n\n').encode(),
    "blank line between rows": lambda: _csv(_rows(120)).replace("\n00100,", "\n\n00100,", 1).encode(),
    "bad utf-8 far down": lambda: _csv(_rows(250)).encode() + b"99999,Jos\xe9,1,400,9.1,74.5,l,n\n",
}


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("block", [500, 1 << 22])
def test_csv_batches_give_the_whole_file_bytes(tmp_path: Path, name: str, block: int) -> None:
    path = tmp_path / "ukur.csv"
    path.write_bytes(FILES[name]())
    _same_as_whole(tmp_path, path, block=block)


@pytest.mark.parametrize("name", ["plain", "windows-1252"])
def test_parquet_output_equals_the_whole_file_output(tmp_path: Path, name: str) -> None:
    path = tmp_path / "ukur.csv"
    path.write_bytes(FILES[name]())
    _same_as_whole(tmp_path, path, suffix=".parquet")


def test_parquet_and_workbook_inputs(tmp_path: Path) -> None:
    frame = pl.DataFrame(dict(zip(HEADER, map(list, zip(*_rows(150), strict=True)), strict=True)))
    for name, write in (("in.parquet", frame.write_parquet), ("in.xlsx", frame.write_excel)):
        path = tmp_path / name
        write(path)
        _same_as_whole(tmp_path, path, block=2000)


def test_eppgbm_headers_and_column_mappings(tmp_path: Path) -> None:
    path = tmp_path / "eppgbm.csv"
    rows = [["3201", f"Anak {i}", "L" if i % 2 else "P", f"{1 + i % 28:02d}/0{1 + i % 9}/2021", "15/08/2022",
             f"{6 + i % 9},{i % 10}", f"{65 + i % 30},5", "Terlentang" if i % 3 else "Berdiri"] for i in range(120)]
    path.write_text(_csv(rows, ["NIK", "Nama", "JK", "Tgl Lahir", "Tanggal Pengukuran", "Berat", "Tinggi",
                                "Cara Ukur"], delimiter=";"), encoding="utf-8")
    _same_as_whole(tmp_path, path)
    mapped = tmp_path / "mapped.csv"
    mapped.write_text(_csv(_rows(100), ["id", "n", "jenis", "umur", "bb", "pb", "cara", "edema"]), encoding="utf-8")
    _same_as_whole(tmp_path, mapped, columns={"sex": "jenis", "age_days": "umur", "weight_kg": "bb",
                                              "lenhei_cm": "pb", "measure": "cara"})


def test_a_malformed_line_is_refused_naming_it_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "ukur.csv"
    path.write_text(_csv(_rows(200)) + "99999,a,1,400\n" + _csv(_rows(5))[len(",".join(HEADER)) + 1:],
                    encoding="utf-8")
    with pytest.raises(InputFileError) as whole:
        read_table(path)
    with pytest.raises(InputFileError) as batched:
        zscores_file(path, tmp_path / "out.csv", block_bytes=500)
    assert batched.value.message("en") == whole.value.message("en")
    assert "202" in batched.value.message("en")  # the line
    assert not list(tmp_path.glob("*out*"))


def test_decimals_written_both_ways_in_different_batches_are_refused_as_for_the_whole_file(tmp_path: Path) -> None:
    rows = _rows(200)
    for row in rows:
        row[4] = "9.5"
    rows[3][4] = "1,234.5"  # English grouping, early
    rows[180][4] = "1.234,5"  # Indonesian grouping, many batches later
    path = tmp_path / "ukur.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    with pytest.raises(AmbiguousColumnError) as whole:
        read_measurements_of(path)
    with pytest.raises(AmbiguousColumnError) as batched:
        zscores_file(path, tmp_path / "out.csv", block_bytes=500)
    assert batched.value.message("en") == whole.value.message("en")
    assert f"in {path} is written two ways" in batched.value.message("en")  # the sentence names the file
    assert not list(tmp_path.glob("*out*"))


def read_measurements_of(path: Path) -> object:
    return zscores(read_table(path), source=str(path))


def test_header_only_and_empty_files(tmp_path: Path) -> None:
    for text, key in (("sex,age_days,weight_kg,lenhei_cm\n", "ingest.file.header_only"), ("", "error.file.empty")):
        path = tmp_path / "in.csv"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputFileError) as err:
            zscores_file(path, tmp_path / "out.csv")
        assert err.value.key == key


def test_a_workbook_beyond_excel_rows_is_refused_in_one_sentence(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import lokus.reports._sheets as sheets

    monkeypatch.setattr(sheets, "XLSX_MAX_ROWS", 50)  # Excel's 1,048,576, made small
    path = tmp_path / "ukur.csv"
    path.write_text(_csv(_rows(60)), encoding="utf-8")
    with pytest.raises(OutputError) as err:
        zscores_file(path, tmp_path / "out.xlsx")
    assert ".csv" in err.value.message("en") and "\n" not in err.value.message("en")
    assert not list(tmp_path.glob("*out*"))


def test_the_memory_limit_bounds_the_batch() -> None:
    assert batch_sizes(None) == (2 << 20, (2 << 20) // 40)
    assert batch_sizes("3GB")[0] == 2 << 20
    block, rows = batch_sizes("512MB")
    assert block == (512_000_000 - (256 << 20)) // 160 and rows == block // 40
    assert batch_sizes("300MB")[0] == 256 << 10  # never smaller than this
