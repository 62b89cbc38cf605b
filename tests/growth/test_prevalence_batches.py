"""``prevalence_file``: a file's prevalence computed in batches is bit for bit that of ``prevalence`` on the whole
file, for the simple and the weighted designs, with ``--by`` groups; a survey design is read whole."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from lokus.errors import ConfigError, SchemaError
from lokus.growth import prevalence, read_table
from lokus.growth._prevalence_batches import prevalence_file
from lokus.tables import AmbiguousColumnError

from .test_batches import HEADER, _csv, _rows


def _file(tmp_path: Path, n: int = 400, weights: bool = True) -> Path:
    rng = random.Random(8)
    rows = _rows(n)
    for row in rows:  # plausible children, so that every estimate has rows
        row[2] = rng.choice(["1", "2", "m", "F"])
        row[3] = str(rng.randint(0, 1900))
        months = int(row[3]) / 30.4375
        row[4] = f"{3.3 + 14 * (min(months, 60) / 60) ** 0.7 + rng.gauss(0, 1.2):.1f}"
        row[5] = f"{50 + 45 * (min(months, 60) / 60) ** 0.6 + rng.gauss(-2, 5):.1f}"
    rows[7][4] = "sepuluh"  # an unreadable weight: the row is left out
    extra = [[rng.choice(["18.04.01.2001", "18.04.01.2002", "Desa É", ""]),
              f"{rng.uniform(0.2, 3):.2f}" if weights else "1", rng.choice(["c1", "c2", "c3"]), rng.choice(["s1", "s2"])]
             for _ in rows]
    path = tmp_path / "ukur.csv"
    path.write_text(_csv([r + e for r, e in zip(rows, extra, strict=True)], [*HEADER, "desa", "bobot", "psu", "strata"]),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("options", [
    {},
    {"by": "desa"},
    {"by": ["desa", "psu"], "weights": "bobot"},
    {"weights": "bobot"},
    {"weights": "bobot", "cluster": "psu", "strata": "strata"},  # survey: whole-file
])
@pytest.mark.parametrize("block", [700, 1 << 22])
def test_batches_give_the_numbers_of_prevalence(tmp_path: Path, options: dict, block: int) -> None:
    path = _file(tmp_path)
    whole = prevalence(read_table(path), source=str(path), **options)
    batched = prevalence_file(path, block_bytes=block, **options)
    assert batched.columns == whole.columns
    assert batched.equals(whole)  # bit for bit: every sum added in the same order


def test_weights_of_one_are_the_simple_design(tmp_path: Path) -> None:
    path = _file(tmp_path, weights=False)
    assert prevalence_file(path, weights="bobot", block_bytes=700).equals(
        prevalence(read_table(path), weights="bobot"))


def test_errors_as_for_the_whole_file(tmp_path: Path) -> None:
    path = _file(tmp_path)
    with pytest.raises(SchemaError):
        prevalence_file(path, by="kecamatan")
    text = path.read_text(encoding="utf-8").splitlines()
    negative = tmp_path / "negative.csv"
    negative.write_text("\n".join([*text[:300], text[300].rsplit(",", 3)[0] + ",-1,c1,s1", *text[301:]]) + "\n",
                        encoding="utf-8")
    with pytest.raises(ConfigError):
        prevalence(read_table(negative), weights="bobot")
    with pytest.raises(ConfigError):
        prevalence_file(negative, weights="bobot", block_bytes=700)
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("\n".join([*text[:5], text[5].rsplit(",", 3)[0] + ",\"1,234.5\",c1,s1", *text[6:300],
                                text[300].rsplit(",", 3)[0] + ",1.234.567,c1,s1", *text[301:]]) + "\n",
                     encoding="utf-8")
    with pytest.raises(AmbiguousColumnError) as whole:
        prevalence(read_table(mixed), weights="bobot", source=str(mixed))
    with pytest.raises(AmbiguousColumnError) as batched:
        prevalence_file(mixed, weights="bobot", block_bytes=700)
    assert batched.value.message("en") == whole.value.message("en")
    assert f"in {mixed} is written two ways" in batched.value.message("en")  # the sentence names the file


def test_a_general_path_file(tmp_path: Path) -> None:
    path = _file(tmp_path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(path.read_text(encoding="utf-8").replace(";", ";").encode("cp1252"))
    assert prevalence_file(latin, by="desa", block_bytes=700).equals(prevalence(read_table(latin), by="desa"))
    assert pl.DataFrame  # the result is a Polars frame, as prevalence of a Polars frame


def test_options_name_columns_as_the_reader_compares_headers(tmp_path: Path) -> None:
    """--by DESA / --weight Bobot name the headers "desa" and "bobot", in batches and whole, as the reader
    matches headers; the groups are labelled with the header as the file writes it."""
    path = _file(tmp_path)
    exact = prevalence_file(path, by="desa", weights="bobot")
    assert prevalence_file(path, by="DESA", weights="Bobot").equals(exact)
    survey = prevalence_file(path, by="desa", weights="bobot", cluster="psu", strata="strata")
    assert prevalence_file(path, by="Desa", weights="BOBOT", cluster="PSU", strata="Strata").equals(survey)
