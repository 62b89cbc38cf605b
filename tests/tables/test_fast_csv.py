"""The pyarrow path of ``read_frame`` (plain UTF-8 delimited files) gives exactly what the general
DuckDB path gives: the same cells, lines, headers and metadata; any file it is not sure about goes
the general way."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lokus.tables._frame as frame_module
from lokus.errors import InputFileError
from lokus.tables import read_frame
from lokus.tables._fastcsv import read_csv_text
from tests.tables._csv_cases import CELL, write_case


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    def read() -> object:
        try:
            return read_frame(path)
        except InputFileError as exc:
            return ("error", exc.key)

    fast = read()
    with monkeypatch.context() as m:
        m.setattr(frame_module, "_read_plain_csv", lambda p: None)
        general = read()
    return fast, general


def _same(fast: object, general: object) -> None:
    if isinstance(general, tuple):
        assert fast == general
        return
    for name in ("lines", "headers", "bad_lines", "literal_quotes", "encoding", "delimiter", "kind", "sheet"):
        assert getattr(fast, name) == getattr(general, name), name
    assert fast.frame.schema == general.frame.schema  # type: ignore[attr-defined]
    assert fast.frame.equals(general.frame)  # type: ignore[attr-defined]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delimiter=st.sampled_from([",", ";", "\t", "|"]), newline=st.sampled_from(["\n", "\r\n"]),
       width=st.integers(1, 4), rows=st.lists(st.lists(CELL, min_size=4, max_size=4), max_size=6),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]), title=st.booleans(),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 400), st.sampled_from(['"', ",", "\n", " ", "\r", ""]))),
       trailing=st.integers(0, 2))
def test_fast_path_equals_general_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, delimiter: str,
                                       newline: str, width: int, rows: list[list[str]], quoting: int, title: bool,
                                       damage: tuple[int, str] | None, trailing: int) -> None:
    path = write_case(tmp_path, delimiter, newline, width, rows, quoting, title, damage, trailing)
    _same(*_both(path, monkeypatch))


def test_measurement_file_takes_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.csv"
    path.write_text('"sex","age_days","weight_kg"\n"f",248,6\n"M",,"1,5"\n,"",7\n', encoding="utf-8")
    assert read_csv_text(path) is not None
    fast, general = _both(path, monkeypatch)
    _same(fast, general)
    assert fast.lines == [2, 3, 4]  # type: ignore[attr-defined]
    assert fast.frame["weight_kg"].to_list() == ["6", "1,5", "7"]  # type: ignore[attr-defined]
    assert fast.frame["age_days"].to_list() == ["248", None, None]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [
    'a,b\n1,"x\ny"\n',  # a quoted field over two lines
    'a,b\n1,x"y"\n',  # a quote inside an unquoted field
    'a,b\n1,"x" \n',  # text after a closing quote
    "a,b\n1,x\n\n2,y\n",  # a blank line between rows
    "a,b\n1,x\r2,y\n",  # a bare carriage return
])
def test_files_the_fast_path_leaves_to_the_general_one(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    assert read_csv_text(path) is None
