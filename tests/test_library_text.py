"""A library's English never reaches a person inside a lokus sentence: TOML syntax errors (policy,
program catalogue, column mapping, targets), CSV lines that cannot be split, and ``workspace compact``
are each one catalogue sentence in the user's language, naming the file and the line and column."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from lokus.errors import toml_problem

# tomllib's own words, which must stay on the exception's cause (--debug) only.
TOMLLIB_WORDS = ("Expected", "Cannot overwrite", "Invalid", "Unclosed", "codec", "(at line")

BROKEN = {
    "table": ('[policy\nname = "x"\n', 1, 8),
    "duplicate": ('name = "x"\nname = "y"\n', 2, 11),
    "value": ('name = "x"\ncriteria = \n', 2, 12),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_toml_problem_says_line_and_column_in_each_language(name: str) -> None:
    text, line, column = BROKEN[name]
    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads(text)
    problem = toml_problem(info.value)
    assert problem.text("id") == f"penulisan salah di baris {line}, kolom {column}"
    assert problem.text("en") == f"a syntax error at line {line}, column {column}"


def test_toml_problem_of_text_that_is_not_utf8() -> None:
    try:
        b"\xff\xfe".decode("utf-8")
    except UnicodeDecodeError as exc:
        assert toml_problem(exc).text("id") == "berkasnya bukan teks UTF-8"
        assert toml_problem(exc).text("en") == "the file is not UTF-8 text"


def _commands(path: Path, tmp_path: Path) -> dict[str, tuple[str, ...]]:
    registry = tmp_path / "r.csv"
    registry.write_text("nik,no_kk,kode_desa,desil\n", encoding="utf-8")
    return {
        "policy": ("policy", "check", str(path)),
        "catalogue": ("programs", "list", "--catalogue", str(path)),
        "columns": ("ingest", "registry", str(registry), "--columns", str(path)),
        "targets": ("targets", "show", "18.04", "--targets", str(path)),
    }


@pytest.mark.parametrize("kind", ["policy", "catalogue", "columns", "targets"])
@pytest.mark.parametrize("name", ["table", "duplicate", "latin1"])
def test_every_toml_file_error_is_one_sentence_in_the_users_language(cli, tmp_path: Path, kind: str,  # noqa: ANN001
                                                                     name: str) -> None:
    path = tmp_path / "broken.toml"
    if name == "latin1":
        path.write_bytes('[[target]]\nname = "Pekon Cahaya Negeri · Ã©"\n'.encode().replace(b"\xc3", b"\xff"))
    else:
        path.write_text(BROKEN[name][0].replace("[policy", "[target"), encoding="utf-8")
    args = _commands(path, tmp_path)[kind]
    for lang, where in (("id", "baris"), ("en", "line")):
        res = cli("--lang", lang, *args)
        assert res.exit_code in (2, 3), (res.stdout, res.stderr)
        err = res.stderr.strip()
        assert "broken.toml" in err and "Traceback" not in err
        assert len(err.splitlines()) <= 2  # one sentence (the console may wrap it once)
        if name == "latin1":
            assert ("UTF-8" in err), err
        else:
            line, column = BROKEN[name][1:]
            assert f"{where} {line}" in err and str(column) in err, err
        assert not any(w in err for w in TOMLLIB_WORDS), err
        if lang == "id":
            assert "Galat:" in err and "syntax" not in err


def test_csv_line_that_cannot_be_split_is_said_in_each_language(cli, tmp_path: Path) -> None:  # noqa: ANN001
    data = tmp_path / "anak.csv"
    data.write_text("sex,age_days,weight_kg\nL,10,3\nL,1,2,3,4\n", encoding="utf-8")
    res = cli("anthro", "zscores", data, "--out", tmp_path / "o.csv")
    assert res.exit_code == 3
    assert "baris 3: 5 kolom, seharusnya 3" in res.stderr and "fields" not in res.stderr, res.stderr
    en = cli("--lang", "en", "anthro", "zscores", data, "--out", tmp_path / "o.csv")
    assert "line 3: 5 fields, expected 3" in en.stderr, en.stderr


def test_a_csv_duckdb_cannot_split_is_read_line_by_line_without_duckdbs_english(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB's fast copy failing (its English "CSV Error on Line …") sends the file down the line-by-line
    path, which reads it or quarantines the lines it cannot split with lokus's own reasons."""
    import duckdb

    from lokus.tables import _load

    data = tmp_path / "d.csv"
    data.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    con = duckdb.connect()
    real_execute = con.execute

    class Con:
        def __getattr__(self, name: str) -> object:
            return getattr(con, name)

        def cursor(self) -> object:
            return self

        def close(self) -> None:
            pass

        def execute(self, sql: str, *args: object) -> object:
            if sql.lstrip().startswith("COPY") and "read_csv(" in sql:
                raise duckdb.InvalidInputException("Invalid Input Error: CSV Error on Line: 3\nOriginal Line: x")
            return real_execute(sql, *args)

    assert _load._duckdb_csv(Con(), data, ",", 0, 2, "temp.t", tmp_path) is False  # type: ignore[arg-type]
    assert not (tmp_path / "rows.parquet").exists()
    with _load.open_table(Con(), data) as table:  # type: ignore[arg-type]
        rows = con.execute(f"SELECT __line, c0, c1 FROM {table.relation} ORDER BY 1").fetchall()
    assert rows == [(2, "1", "2"), (3, "3", "4")] and table.rejects is None


def test_workspace_compact_speaks_the_language_and_never_creates_a_workspace(cli, tmp_path: Path,  # noqa: ANN001
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "none.duckdb"
    res = cli("-w", missing, "workspace", "compact")
    assert res.exit_code == 4 and not missing.exists(), res.stderr
    from lokus.workspace import Workspace

    ws_path = tmp_path / "ws2.duckdb"
    Workspace(ws_path).close()
    done = cli("-w", ws_path, "workspace", "compact")
    assert done.exit_code == 0 and "Workspace ditulis ulang:" in done.stdout
    assert "," in done.stdout.split(":", 1)[1] or "kB" in done.stdout  # 2,6 MB: the Indonesian decimal comma
    monkeypatch.setenv("LOKUS_QUARANTINE_RETENTION_DAYS", "x")
    bad = cli("-w", ws_path, "workspace", "compact")
    assert "jumlah hari" in bad.stderr and "a number of days" not in bad.stderr
    assert "a number of days" in cli("--lang", "en", "-w", ws_path, "workspace", "compact").stderr


def test_compact_failure_is_said_in_each_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from lokus.errors import WorkspaceError
    from lokus.workspace import Workspace, _compact

    ws_path = tmp_path / "ws.duckdb"
    Workspace(ws_path).close()
    real = duckdb.connect

    def connect(target: str, *args: object, **kwargs: object) -> object:
        if target == ":memory:":
            raise duckdb.IOException("IO Error: Could not write file: No space left on device (errno 28)")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(_compact.duckdb, "connect", connect)
    with pytest.raises(WorkspaceError) as info:
        _compact.compact_workspace(ws_path)
    assert info.value.message("id") == f"Workspace {ws_path} tidak bisa ditulis ulang (disk penuh); berkas asli tidak diubah."
    assert "(the disk is full)" in info.value.message("en")
