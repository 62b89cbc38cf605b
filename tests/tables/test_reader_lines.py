"""The one reader keeps physical lines and rows in step: a stray quote never hides a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lokus.tables import read_frame

STRAY = 'nik,name,village\n1,"YUNI,18\n2,BUDI,18\n3,"ANI, SARI",18\n4,DEDI,18\n5,EKA,18\n'


def _read(tmp_path: Path, text: str, name: str = "f.csv", newline: str = "\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return read_frame(path)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_stray_quote_does_not_swallow_the_next_line(tmp_path: Path, newline: str) -> None:
    table = _read(tmp_path, STRAY, newline=newline)
    assert table.frame.height == 5
    assert table.lines == [2, 3, 4, 5, 6]
    assert table.frame["name"].to_list() == ['"YUNI', "BUDI", "ANI, SARI", "DEDI", "EKA"]
    assert table.literal_quotes == [2]
    assert table.bad_lines == []


def test_blank_lines_keep_line_numbers(tmp_path: Path) -> None:
    table = _read(tmp_path, "a,b\n1,x\n\n2,y\n   \n3,z\n\n")
    assert table.lines == [2, 4, 6]
    assert table.frame["b"].to_list() == ["x", "y", "z"]


def test_quoted_field_over_two_lines_is_one_row(tmp_path: Path) -> None:
    table = _read(tmp_path, 'a,b,c\n1,"Jl. Merdeka\nNo 5",18\n2,B,18\n')
    assert table.lines == [2, 4]
    assert table.frame["b"].to_list() == ["Jl. Merdeka\nNo 5", "B"]
    assert table.literal_quotes == []


def test_line_with_wrong_field_count_is_named_and_later_lines_stay_right(tmp_path: Path) -> None:
    table = _read(tmp_path, "a,b,c\n1,x,18\n2,y\n3,z,18\n4,w,18,extra\n5,v,18\n")
    assert table.lines == [2, 4, 6]
    assert [(line, text) for line, text, _ in table.bad_lines] == [(3, "2,y"), (5, "4,w,18,extra")]
    assert table.rows_read == 5


def test_semicolon_file_with_title_rows_and_cp1252(tmp_path: Path) -> None:
    text = "DATA P3KE KAB. LAMPUNG BARAT\n\nnik;nama;desa\n1;SITI ’A;18\n2;\"YUNI;18\n"
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("cp1252"))
    table = read_frame(path)
    assert table.headers == ["nik", "nama", "desa"]
    assert table.lines == [4, 5]
    assert table.frame["nama"].to_list() == ["SITI ’A", '"YUNI']


def test_registry_ingest_reads_every_line_of_a_file_with_a_stray_quote(tmp_path: Path) -> None:
    from lokus.workspace import Workspace
    from tests.registry.conftest import TODAY
    from tests.registry.factory import people, with_, write_p3ke

    persons = people(5)
    persons[0] = with_(persons[0], name='"YUNI')
    path = write_p3ke(tmp_path / "p.csv", persons)
    # csv.writer quotes the value; write it the way Excel users send it: a bare stray quote.
    text = path.read_text(encoding="utf-8").replace('"""YUNI"', '"YUNI')
    path.write_text(text, encoding="utf-8")
    from lokus.registry import ingest_registry

    with Workspace(tmp_path / "ws.duckdb") as ws:
        s = ingest_registry(ws, path, snapshot="s", today=TODAY)
        assert s.rows_read == 5 and s.accepted + s.quarantined == 5
        lines = [r[0] for r in ws.con.execute(
            "SELECT source_line FROM registry WHERE snapshot = 's' UNION ALL "
            "SELECT source_line FROM quarantine WHERE snapshot = 's' ORDER BY 1").fetchall()]
        assert lines == [2, 3, 4, 5, 6]
        name, warnings = ws.con.execute(
            "SELECT name, warnings FROM registry WHERE source_line = 2").fetchone()
        assert name == '"YUNI' and "quote_literal" in warnings


def test_cells_over_lines_of_another_delimiter_do_not_decide_it(tmp_path: Path) -> None:
    """Found by the property test: continuation lines holding only "," tied with the header's one ";"."""
    path = tmp_path / "t.csv"
    path.write_bytes(b'id;kolom1\n0;"\n,\n"\n1;"\n,\n"\n')
    read = read_frame(path)
    assert read.bad_lines == [] and read.frame.height == 2
    assert read.frame["kolom1"].to_list() == ["\n,\n", "\n,\n"]


def _regular_by_definition(text: bytes, header_line: int) -> bool:
    """Every line below the header region has an even number of ``"``, and no blank line (empty or a lone
    ``\\r``) lies before a line with text: the definition :func:`lines_regular` checks block by block."""
    lines = text.split(b"\n")
    if text.endswith(b"\n"):
        lines = lines[:-1]
    blank_seen = False
    for line in lines[header_line:]:
        if line.count(b'"') % 2:
            return False
        if line in (b"", b"\r"):
            blank_seen = True
        elif blank_seen:
            return False
    return True


_LINES = ["1,x", '"2",y', "", "\r", '3,"a""b"', "4,y\r", '5,"Jl.\nNo 5"', '6,"YUNI', '""']


@pytest.mark.parametrize(("block", "few_quotes"), [(1 << 22, 4096), (7, 1), (3, 4096), (16, 2)])
def test_lines_regular_is_the_same_for_any_block_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       block: int, few_quotes: int) -> None:
    """Block edges (a header longer than a block, a line cut by one) and the two ways of checking quotes
    (a byte search per pair; a line for every quote) give the definition's answer."""
    import random

    from lokus.tables import _lines

    monkeypatch.setattr(_lines, "_BLOCK", block)
    monkeypatch.setattr(_lines, "_FEW_QUOTES", few_quotes)
    rng = random.Random(block)
    path = tmp_path / "f.csv"
    for _ in range(300):
        preamble = rng.choice(["", "Data P3KE\n", 'Judul "x"\n\n'])
        newline = rng.choice(["\n", "\r\n"])
        pool = _LINES if newline == "\n" else [line for line in _LINES if not line.endswith("\r")]
        body = newline.join(rng.choice(pool) for _ in range(rng.randint(0, 6)))
        text = (preamble + "a,b" + newline + body + rng.choice(["", newline, newline * 2])).encode()
        header_line = preamble.count("\n") + 1
        path.write_bytes(text)
        assert _lines.lines_regular(path, ",", header_line) == _regular_by_definition(text, header_line), text


def test_a_line_longer_than_duckdbs_limit_is_read_line_by_line(tmp_path: Path) -> None:
    """DuckDB's quick copy keeps its own 2 MB line limit (a larger one reads on one thread); a 3 MB line makes
    the line-by-line reader read the file, with every line and its number."""
    import duckdb

    from lokus.tables import open_table

    path = tmp_path / "long.csv"
    path.write_text("nik,name,note\n1,A," + "x" * 3_000_000 + '\n2,B,short\n3,C,"q"\n', encoding="utf-8")
    con = duckdb.connect()
    with open_table(con, path) as table:
        rows = con.sql(f"SELECT __line, c0, length(c2) FROM {table.relation} ORDER BY __line").fetchall()
    assert rows == [(2, "1", 3_000_000), (3, "2", 5), (4, "3", 1)]
