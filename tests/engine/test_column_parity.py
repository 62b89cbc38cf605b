"""The column checks of a growth input are the same on every path (tests/engine/_column_fixtures.py).

A month-first date column (proven only in a later batch), a decimal-comma column and a column written twice
give the same z-scores and prevalence; a date column in both orders, a number column in two styles and two
disagreeing columns for one field are refused with the same sentence — on the default path, with
``--engine duckdb``, with ``--engine spark`` (partitions of a row or two), through :func:`lokus.engine.prevalence_on`
on DuckDB and through :func:`lokus.growth.stunting_prevalence` (batches of two rows).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from lokus.errors import LokusError

from ._column_fixtures import FILES, REFUSED, write
from ._fixtures import SPARK_MARKS


def _outcome(run) -> object:  # noqa: ANN001
    """What ``run()`` gives, or the English sentence it refuses with."""
    try:
        return run()
    except LokusError as exc:
        return ("refused", exc.message("en"))


def _commands(cli, path: Path, out: Path, *engine: str) -> tuple[object, ...]:  # noqa: ANN001
    z = cli("--lang", "en", "anthro", "zscores", path, "--out", out, *engine)
    p = cli("--lang", "en", "anthro", "prevalence", path, "--full", "--format", "json", *engine)
    text = out.read_text(encoding="utf-8") if z.exit_code == 0 else None
    return z.exit_code, z.stderr.replace(str(out), "OUT"), text, p.exit_code, p.stderr, p.stdout


def _check_refusal(name: str, result: tuple[object, ...]) -> None:
    code, stderr = result[0], result[1]
    if name in REFUSED:
        assert code != 0 and REFUSED[name] in str(stderr) and result[3] != 0
    else:
        assert code == 0 and result[3] == 0, result


@pytest.mark.parametrize("name", list(FILES))
def test_duckdb_engine_commands_equal_the_default(name: str, tmp_path: Path, cli) -> None:  # noqa: ANN001
    path = write(tmp_path, name)
    default = _commands(cli, path, tmp_path / "a.csv")
    duck = _commands(cli, path, tmp_path / "b.csv", "--engine", "duckdb")
    _check_refusal(name, default)
    assert duck == default


@pytest.mark.parametrize("name", list(FILES))
def test_prevalence_on_duckdb_decides_over_the_whole_table(name: str, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import duckdb

    from lokus.engine import _decide, backend, input_table, prevalence_on
    from lokus.growth import prevalence_file

    monkeypatch.setattr(_decide, "_DUCKDB_BATCH_ROWS", 2)  # the checks' batches
    path = write(tmp_path, name)
    expected = _outcome(lambda: prevalence_file(path, block_bytes=60).to_dicts())
    be = backend(duckdb.connect())
    got = _outcome(lambda: prevalence_on(be, input_table(be, str(path)), source=str(path)).to_dicts())
    if name in REFUSED:
        assert got == expected and REFUSED[name] in str(got)
    else:
        assert isinstance(got, list) and isinstance(expected, list)
        for a, b in zip(got, expected, strict=True):
            _close(a, b)


def _close(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key, value in b.items():
        if isinstance(value, float):
            assert a[key] == pytest.approx(value, rel=1e-9, abs=1e-12, nan_ok=True), key
        else:
            assert a[key] == value, key


@pytest.mark.parametrize("name", list(FILES))
def test_stunting_prevalence_decides_over_all_batches(name: str, tmp_path: Path) -> None:
    from lokus.growth import prevalence_file, stunting_prevalence

    path = write(tmp_path, name)
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={c: pa.string() for c in FILES[name].splitlines()[0].split(",")}))
    if name == "month_first":  # a repeated header: the file reader's names
        table = table.rename_columns([*table.column_names[:-1], "weight_kg_2"])
    expected = _outcome(lambda: prevalence_file(path).to_dicts())
    batched = _outcome(lambda: stunting_prevalence(table.to_batches(max_chunksize=2), source=str(path)).to_pylist())
    whole = _outcome(lambda: stunting_prevalence([table], source=str(path)).to_pylist())
    assert batched == whole
    if name in REFUSED:
        assert batched == expected
        return
    assert isinstance(batched, list) and isinstance(expected, list)
    for a, b in zip(batched, expected, strict=True):
        assert a["Group"] == b["Group"]
        for key in ("HA_2_r", "HA_3_r", "HAZ_unwpop"):
            left, right = (float("nan") if v is None else v for v in (a[key], b[key]))
            assert left == pytest.approx(right, rel=1e-12, nan_ok=True), key


def _spark_marks(test):  # noqa: ANN001, ANN202 - the Spark marks on one test, not the module
    for mark in reversed(SPARK_MARKS):
        test = mark(test)
    return test


@_spark_marks
def test_spark_engine_commands_equal_the_default(spark, tmp_path: Path, cli, monkeypatch) -> None:  # noqa: ANN001
    """Every fixture through `anthro zscores` and `anthro prevalence` with `--engine spark`, each file split
    into partitions of a row or two: the same file and table as the default path, or the same refusal."""
    monkeypatch.setenv("LOKUS_SPARK_MASTER", "local[2]")
    monkeypatch.setenv("LOKUS_SPARK_TABLES", "")
    key = "spark.sql.files.maxPartitionBytes"  # not Arrow's batch size: the regions table goes through Arrow
    before = spark.conf.get(key)
    spark.conf.set(key, "48")
    try:
        for name in FILES:
            path = write(tmp_path, name)
            default = _commands(cli, path, tmp_path / "a.csv")
            sp = _commands(cli, path, tmp_path / "b.csv", "--engine", "spark")
            _check_refusal(name, default)
            assert sp[:3] == default[:3], name  # zscores: exit code, summary or sentence, the file written
            assert sp[3:5] == default[3:5], name  # prevalence: exit code, sentence
            if name not in REFUSED:
                for a, b in zip(json.loads(str(sp[5])), json.loads(str(default[5])), strict=True):
                    _close(a, b)
    finally:
        spark.conf.set(key, before)
