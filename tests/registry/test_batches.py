"""Cross-row checks hold across the reader's batch boundaries.

Every reader copies a file in pieces: DuckDB reads a CSV in parallel buffers, workbooks and HTML
tables are inserted ``BATCH_ROWS`` rows at a time, Parquet is read by row group. Here the pieces are
made tiny (a few rows each) so that a duplicate NIK lies in two pieces, a household is split between
two pieces and the bad row is in the last piece; the result must be the same as in one piece, with
every row's own line number.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lokus.tables import _load
from tests.registry.factory import P3KE_HEADERS, p3ke_row, people, with_, write_p3ke

N = 40


def _persons():
    ps = people(N)
    ps[25] = with_(ps[25], nik=ps[3].nik)  # the NIK of row 3 again, in another household, far below
    ps[35] = with_(ps[6], name="Warga Lain")  # the person of row 6 again (same NIK and household)
    ps[N - 1] = with_(ps[N - 1], village="9999999999")  # a bad row in the last piece
    return ps


def _expected(ws, s) -> None:
    """Line 1 is the header: the person at position i is on line i + 2."""
    assert (s.rows_read, s.accepted, s.quarantined) == (N, N - 4, 4)
    assert s.reasons == {"nik_multiple_households": 2, "nik_duplicate": 1, "village_unknown": 1}
    lines = dict(ws.con.execute("SELECT source_line, reasons FROM quarantine WHERE snapshot = 's'").fetchall())
    assert lines == {
        5: ["nik_multiple_households"],
        27: ["nik_multiple_households"],
        37: ["nik_duplicate"],
        N + 1: ["village_unknown"],
    }
    ps = _persons()
    got = ws.con.execute("SELECT source_line, nik, name FROM registry WHERE snapshot = 's'").fetchall()
    assert len(got) == N - 4
    for line, nik, name in got:  # every accepted row keeps its own line
        assert (ps[line - 2].nik, ps[line - 2].name) == (nik, name)
    # The household of rows 20 and 21 (split between pieces at every size used here) stays whole.
    hh = ws.con.execute(
        "SELECT count(*) FROM registry WHERE snapshot = 's' AND household_id = ?", [ps[20].household]
    ).fetchall()[0][0]
    assert hh == 2


def test_csv_in_many_parallel_pieces(tmp_path: Path, ws, ingest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_load, "CSV_BUFFER_BYTES", 1024)  # ~3 rows per DuckDB buffer
    ws.con.execute("SET threads = 2")
    path = write_p3ke(tmp_path / "f.csv", _persons())
    assert path.stat().st_size > 10 * 1024
    _expected(ws, ingest(path, snapshot="s"))


def test_xlsx_in_batches_of_three(tmp_path: Path, ws, ingest, monkeypatch: pytest.MonkeyPatch):
    import xlsxwriter

    monkeypatch.setattr(_load, "BATCH_ROWS", 3)
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    sheet = wb.add_worksheet("Individu")
    sheet.write_row(0, 0, P3KE_HEADERS)
    for i, p in enumerate(_persons(), start=1):
        row = p3ke_row(p)
        for j, h in enumerate(P3KE_HEADERS):
            sheet.write_string(i, j, row[h])
    wb.close()
    _expected(ws, ingest(path, snapshot="s"))


def test_parquet_in_row_groups_of_three(tmp_path: Path, ws, ingest):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [p3ke_row(p) for p in _persons()]
    pq.write_table(pa.table({h: [r[h] for r in rows] for h in P3KE_HEADERS}), tmp_path / "f.parquet",
                   row_group_size=3)
    assert pq.ParquetFile(tmp_path / "f.parquet").num_row_groups > 10
    ws.con.execute("SET threads = 2")
    _expected(ws, ingest(tmp_path / "f.parquet", snapshot="s"))
