"""The one SQL string literal (lokus._sql)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from lokus._sql import sql_literal


def test_a_literal_reads_back_as_the_same_text():
    con = duckdb.connect()
    for value in ["pekon", "Pekon 'Way' Ngison", "''", "", "a\\b", "Dusun\nII"]:
        assert con.execute(f"SELECT {sql_literal(value)}").fetchone() == (value,)
    assert con.execute(f"SELECT {sql_literal(None)}").fetchone() == (None,)
    assert sql_literal(Path("/tmp/o'brien.csv")) == "'/tmp/o''brien.csv'"
