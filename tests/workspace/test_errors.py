"""Workspace errors are one sentence from the catalogue, never the engine's text (issue 10, build 8)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from lokus.errors import WorkspaceError
from lokus.workspace import LEGACY_QUARANTINE_TABLES, Workspace

ENGINE_WORDS = ("IO Error", "Catalog Error", "DuckDB database", "Could not", "Traceback", "Exception", "Permission Error")


def _clean(text: str) -> bool:
    return not any(word in text for word in ENGINE_WORDS)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_folder_damaged_file_and_memory_are_one_sentence(cli, tmp_path: Path, lang: str):
    folder = tmp_path / "adir"
    folder.mkdir()
    damaged = tmp_path / "bad.duckdb"
    damaged.write_text("not a database\n")
    for target in (folder, damaged, ":memory:"):
        for command in (("snapshots", "list"), ("quarantine", "list")):
            res = cli("--workspace", str(target), "--lang", lang, *command)
            assert res.exit_code == 4, (target, res.stderr)
            assert _clean(res.stderr) and res.stderr.count("\n") == 1, res.stderr


def test_missing_workspace_for_a_view_says_how_to_start(cli, tmp_path: Path):
    res = cli("--workspace", str(tmp_path / "none.duckdb"), "--lang", "en", "snapshots", "list")
    assert res.exit_code == 4 and "lokus demo" in res.stderr and _clean(res.stderr)


def test_locked_workspace_is_one_sentence(cli, tmp_path: Path):
    path = tmp_path / "ws.duckdb"
    Workspace(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("held", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        res = cli("--workspace", str(path), "--lang", "en", "snapshots", "list")
        assert res.exit_code == 4 and "in use by another process" in res.stderr and _clean(res.stderr)
    finally:
        holder.communicate("", timeout=30)
        time.sleep(0)


def test_workspace_error_keeps_engine_text_for_debug_only(tmp_path: Path):
    with pytest.raises(WorkspaceError) as info:
        Workspace(tmp_path)
    assert _clean(info.value.message("en")) and _clean(info.value.message("id"))


def test_schema_1_quarantine_tables_are_folded_into_one(tmp_path: Path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE snapshots (name VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, source_file VARCHAR, "
                "sha256 VARCHAR, rows_read BIGINT, rows BIGINT, quarantined BIGINT, created_at TIMESTAMP, "
                "lokus_version VARCHAR, details VARCHAR)")
    con.execute("INSERT INTO snapshots VALUES ('r', 'registry', 'r.csv', 'x', 2, 1, 1, now(), '0', NULL), "
                "('pkh', 'programs', 'p.csv', 'y', 2, 1, 1, now(), '0', NULL)")
    cols = "snapshot VARCHAR, source_file VARCHAR, sheet VARCHAR, source_line BIGINT, reasons VARCHAR[], " \
           "raw JSON, quarantined_at TIMESTAMP"
    con.execute(f"CREATE TABLE registry_quarantine ({cols})")
    con.execute("INSERT INTO registry_quarantine VALUES ('r', 'r.csv', NULL, 3, ['nik_length'], '{\"nik\": \"1\"}', now())")
    con.execute("CREATE TABLE program_quarantine (snapshot VARCHAR, program VARCHAR, source_file VARCHAR, "
                "sheet VARCHAR, source_line BIGINT, reasons VARCHAR[], raw JSON, quarantined_at TIMESTAMP)")
    con.execute("INSERT INTO program_quarantine VALUES ('pkh', 'PKH', 'p.csv', NULL, 2, ['id_missing'], '{}', now())")
    con.close()
    with Workspace(path) as ws:
        rows = ws.con.execute("SELECT snapshot, kind, source_line, reasons FROM quarantine ORDER BY 1").fetchall()
        assert rows == [("pkh", "programs", 2, ["id_missing"]), ("r", "registry", 3, ["nik_length"])]
        assert not any(ws.has_table(t) for t in LEGACY_QUARANTINE_TABLES)


def test_duckdb_out_of_memory_is_one_sentence_naming_the_option():
    from lokus.workspace._memory import out_of_memory_error

    con = duckdb.connect()
    con.execute("SET memory_limit = '2MB'")
    con.execute("SET threads = 1")
    with pytest.raises(duckdb.OutOfMemoryException) as caught:
        con.execute("SELECT count(DISTINCT i) FROM range(3000000) t(i)").fetchall()
    err = out_of_memory_error(caught.value)
    assert err is not None and err.exit_code == 2
    assert "--memory-limit" in err.message("id") and "Memori tidak cukup" in err.message("id")
    assert "ran out of memory" in err.message("en") and _clean(err.message("en"))
    assert out_of_memory_error(ValueError("Out of Memory")) is None


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_memory_limit_too_small_for_the_work_is_one_sentence(cli, tmp_path: Path, lang: str):
    from lokus.synth import synthesize

    synthesize("18.04", 2_000, tmp_path / "s")
    assert cli("ingest", "registry", tmp_path / "s" / "people.parquet").exit_code == 0
    res = cli("--lang", lang, "loci", "--memory-limit", "1KB")
    assert res.exit_code == 2, res.stderr
    assert _clean(res.stderr) and "duckdb.org" not in res.stderr and res.stderr.count("\n") == 1, res.stderr
    assert "--memory-limit" in res.stderr
