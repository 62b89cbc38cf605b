"""Property: for generated CSVs with random quotes, delimiters and line endings, the rows read are
the rows written, and an ingest accounts for every one (accepted + quarantined = read)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lokus.tables import read_frame

ALPHABET = st.sampled_from(list('abcXYZ 019,;|\t"\'.-') + ["é", "’"])
CELL = st.text(ALPHABET, max_size=8) | st.text(st.sampled_from(list("ab,\n")), max_size=5)
STRAY = st.text(st.sampled_from(list("abcXYZ 019")), min_size=1, max_size=6).map(lambda s: '"' + s)


@st.composite
def tables(draw):  # noqa: ANN001, ANN201
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    width = draw(st.integers(min_value=2, max_value=5))
    n = draw(st.integers(min_value=1, max_value=12))
    # the first column is a row id, so the header and delimiter are easy to sniff
    rows = [[str(i)] + [draw(CELL) for _ in range(width - 1)] for i in range(n)]
    strays = draw(st.sets(st.integers(min_value=0, max_value=n - 1), max_size=3))
    return delimiter, newline, width, rows, strays


def _write(path: Path, delimiter: str, newline: str, width: int, rows: list[list[str]], strays: set[int]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quotechar='"', lineterminator=newline)
    writer.writerow(["id"] + [f"kolom{j}" for j in range(1, width)])
    lines = []
    for i, row in enumerate(rows):
        line = io.StringIO()
        # the line terminator "\r\n" makes csv quote any cell holding a line break
        csv.writer(line, delimiter=delimiter, quotechar='"', lineterminator="\r\n").writerow(row)
        text = line.getvalue()[:-2]
        if i in strays:
            # a cell typed in Excel as "NAME (an opening quote that is never closed), written bare
            text = delimiter.join([row[0], '"YUNI'] + ["x"] * (width - 2))
        lines.append(text)
    path.write_bytes((buf.getvalue() + newline.join(lines) + newline).encode("utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables())
def test_rows_read_equal_rows_written(tmp_path: Path, table) -> None:  # noqa: ANN001
    delimiter, newline, width, rows, strays = table
    path = tmp_path / "t.csv"
    _write(path, delimiter, newline, width, rows, strays)
    read = read_frame(path)
    assert read.bad_lines == []
    assert read.frame.height == len(rows)
    starts, line = [], 2  # the physical line each record starts on
    for i, row in enumerate(rows):
        starts.append(line)
        line += 1 if i in strays else 1 + sum(c.count("\n") for c in row)
    assert read.lines == starts
    assert read.frame["id"].to_list() == [r[0] for r in rows]
    for i, row in enumerate(rows):
        got = list(read.frame.row(i))
        if i in strays:
            assert got[1] == '"YUNI'
        else:
            assert got == [c if c != "" else None for c in row] or got == row


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables())
def test_ingest_accounts_for_every_row(tmp_path: Path, table) -> None:  # noqa: ANN001
    from lokus.convergence import ingest_programs
    from lokus.workspace import Workspace

    delimiter, newline, width, rows, strays = table
    # the second column is a NIK column: most rows are quarantined (no usable NIK), some are not
    rows = [[r[0], "1804040101700001" if int(r[0]) % 3 == 0 else r[1], *r[2:]] for r in rows]
    path = tmp_path / "p.csv"
    _write(path, delimiter, newline, width, rows, strays)
    text = path.read_text(encoding="utf-8").replace("kolom1", "nik", 1)
    path.write_text(text, encoding="utf-8", newline="")
    ws_path = tmp_path / "ws.duckdb"
    ws_path.unlink(missing_ok=True)
    from lokus.errors import InputFileError

    with Workspace(ws_path) as ws:
        try:
            s = ingest_programs(ws, path, program="PKH", period="2024-01", snapshot="p")
        except InputFileError as exc:  # nothing accepted: the load fails loudly and stores nothing
            assert exc.key == "ingest.nothing_accepted" and exc.params["rows_read"] == len(rows)
            assert ws.find_snapshot("p") is None
            return
        assert s.rows_read == len(rows)
        assert s.accepted + s.quarantined == s.rows_read
