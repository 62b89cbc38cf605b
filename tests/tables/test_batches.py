"""``read_batches`` gives the cells of ``read_frame``, in the same order, however small the batches: the quick
path block by block, and the general path (through DuckDB) for any file the quick path may not read."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lokus.errors import InputFileError
from lokus.tables import NotPlainText, read_batches, read_frame
from tests.tables._csv_cases import CELL, write_case


def _read_in_batches(path: Path, block: int) -> object:
    """(headers, frame, bad lines) read in batches, the general path taken when the quick one gives up."""
    for plain in (True, False):
        try:
            with read_batches(path, block_bytes=block, batch_rows=2, plain=plain) as table:
                frames = [frame for frame, _ in table]
                frame = pl.concat(frames) if frames else pl.DataFrame()
                return table.headers, frame, table.bad_lines
        except NotPlainText:
            assert plain, "the general path never gives up"
        except InputFileError as exc:
            return ("error", exc.key)
    raise AssertionError


def _read_whole(path: Path) -> object:
    try:
        whole = read_frame(path)
    except InputFileError as exc:
        return ("error", exc.key)
    return whole.headers, whole.frame, whole.bad_lines


def _same(batched: object, whole: object) -> None:
    if isinstance(whole, tuple) and whole[0] == "error":
        assert batched == whole
        return
    assert isinstance(batched, tuple) and isinstance(whole, tuple)
    assert batched[0] == whole[0]
    assert batched[2] == whole[2]
    if whole[1].height or batched[1].height:
        assert batched[1].equals(whole[1])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delimiter=st.sampled_from([",", ";", "\t", "|"]), newline=st.sampled_from(["\n", "\r\n"]),
       width=st.integers(2, 4), rows=st.lists(st.lists(CELL, min_size=4, max_size=4), max_size=12),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), title=st.booleans(),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 400), st.sampled_from(['"', ",", "\n", " ", "\r", ""]))),
       trailing=st.integers(0, 2), block=st.sampled_from([1, 7, 40, 1 << 20]))
def test_batches_equal_the_whole_file(tmp_path: Path, delimiter: str, newline: str, width: int,
                                      rows: list[list[str]], quoting: int, title: bool,
                                      damage: tuple[int, str] | None, trailing: int, block: int) -> None:
    path = write_case(tmp_path, delimiter, newline, width, rows, quoting, title, damage, trailing)
    _same(_read_in_batches(path, block), _read_whole(path))


@pytest.mark.parametrize("text", [
    'a,b\n1,x\n2,y\n3,"z\n',  # an unclosed quote in the last block
    "a,b\n1,x\n2,y\n\n3,z\n",  # a blank line between rows, blocks later
    "a,b\n1,x\n2,y\n3,z,w\n",  # a line with a field too many
])
def test_the_quick_path_gives_up_late_and_the_general_path_decides(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with read_batches(path, block_bytes=4) as table, pytest.raises(NotPlainText):
        for _ in table:
            pass
    _same(_read_in_batches(path, 4), _read_whole(path))
