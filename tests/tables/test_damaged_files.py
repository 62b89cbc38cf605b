"""A damaged Parquet file or workbook is one sentence in the reader's language, never the library's English."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lokus.errors import InputFileError
from lokus.tables import open_table


def _cut_parquet(path: Path) -> Path:
    pq.write_table(pa.table({"nik": ["1804045607900001"] * 100}), path)
    path.write_bytes(path.read_bytes()[:60])  # the footer (and its magic bytes) cut off
    return path


@pytest.mark.parametrize(("make", "id_text", "en_text"), [
    (lambda p: _cut_parquet(p / "cut.parquet"), "berkas Parquet rusak atau terpotong",
     "the Parquet file is damaged or cut short"),
    (lambda p: (p / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip") and p / "bad.xlsx",
     "buku kerja rusak atau bukan format Excel", "the workbook is damaged or not in an Excel format"),
])
def test_damaged_binary_files_are_said_in_each_language(tmp_path: Path, make, id_text: str, en_text: str) -> None:  # noqa: ANN001
    path = make(tmp_path)
    con = duckdb.connect()
    with pytest.raises(InputFileError) as err:
        with open_table(con, path) as loaded:
            list(loaded.headers)
    assert f"({id_text})" in err.value.message("id") and f"({en_text})" in err.value.message("en")
    assert not any(w in err.value.message("id") for w in ("magic", "Error", "zip"))
