"""Reading and writing tables: one-sentence errors for missing, empty and non-table files."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from lokus.errors import ConfigError, InputFileError
from lokus.growth import read_table, write_table

FRAME = pl.DataFrame({"child_id": ["007", "B"], "weight_kg": ["9,5", "10"], "zlen": [-1.25, None]})


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"t{suffix}"
    write_table(FRAME, path)
    back = read_table(path)
    assert back["child_id"].to_list() == ["007", "B"]  # leading zeros kept
    assert back["weight_kg"].to_list() == ["9,5", "10"]
    assert back.height == 2


def test_semicolon_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("sex;age_days\n1;400\n", encoding="utf-8")
    assert read_table(path).columns == ["sex", "age_days"]


@pytest.mark.parametrize(("content", "key"), [
    (None, "error.file.missing"),
    (b"", "error.file.empty"),
    (b"sex,age_days\n", "ingest.file.header_only"),
    (b"<html><table><tr><td>1</td></tr></table></html>", "ingest.file.header_only"),
    (b"PK\x03\x04 not really a zip", "error.file.not_table"),
])
def test_unusable_files(tmp_path: Path, content: bytes | None, key: str) -> None:
    path = tmp_path / "data.xlsx" if content and content.startswith((b"<", b"PK")) else tmp_path / "data.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputFileError) as err:
        read_table(path)
    assert err.value.key == key
    assert "\n" not in err.value.message("en")


def test_unknown_output_format(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        write_table(FRAME, tmp_path / "t.json")
