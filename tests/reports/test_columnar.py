"""The column-by-column CSV writer gives the same bytes as the per-cell writer."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from lokus.reports._columnar import columnar, csv_body
from lokus.reports._sheets import PLAIN_NUMBER, Sheet, csv_text, is_text_column, safe_text


def _per_cell(table: object) -> bytes:
    sheet = Sheet.from_table("data", table)
    return csv_text(sheet.columns, sheet.rows).encode()


def _columns(table: object) -> bytes:
    t = columnar(table)
    assert t is not None
    cols = t.column_names
    body = csv_body(t, [is_text_column(c) for c in cols], rows_per_part=7)
    return csv_text(cols, []).encode() + b"".join(bytes(p) for p in body)


_texts = st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["=1+1", "-3", "@x", "\tt", 'a"b', "a,b",
                                                                     "l\nm", "r\rs", "+62", "", "-0.5", "-1e-3",
                                                                     "-2+3", "-A1", "-inf", "-3\n", "-.5"]),
                   # texts near the plain-number shape, which must pass unguarded only when they match it
                   st.text(alphabet="-+=0123456789.eE ,A\n", max_size=7),
                   st.from_regex(PLAIN_NUMBER, fullmatch=True))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_texts, st.one_of(st.none(), st.floats(width=64)), st.one_of(st.none(), st.integers(-10**12, 10**12)),
                          st.one_of(st.none(), st.booleans())), min_size=1, max_size=25))
def test_columnar_csv_equals_per_cell(rows: list[tuple]) -> None:
    s, f, i, b = (list(c) for c in zip(*rows, strict=True))
    t = pa.table({"name": pa.array(s, pa.string()), "z": pa.array(f, pa.float64()), "n": pa.array(i, pa.int64()),
                  "ok": pa.array(b, pa.bool_()), "village_code": pa.array(i, pa.int64()),
                  "x_nik": pa.array(f, pa.float64())})
    assert _columns(t) == _per_cell(t)
    assert _columns(pl.from_arrow(t)) == _per_cell(pl.from_arrow(t))
    assert _columns(t.select(["name"])) == _per_cell(t.select(["name"]))


def test_columnar_floats_like_repr() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal(50_000) * 10.0 ** rng.integers(-9, 20, 50_000)
    x[::97] = np.nan
    t = pa.table({"x": x, "r": np.round(x, 2)})
    assert _columns(t) == _per_cell(t)


def test_dates_take_the_per_cell_path() -> None:
    import datetime as dt

    assert columnar(pa.table({"d": [dt.date(2024, 1, 2)]})) is None


def test_several_text_columns_and_polars_types() -> None:
    frame = pl.DataFrame({"a": ["", None, "=x", "b,c"], "b": ["x", "", "-1", 'q"'],
                          "cat": pl.Series(["m", "f", None, "m"], dtype=pl.Categorical),
                          "i8": pl.Series([1, None, -1, 0], dtype=pl.Int8),
                          "f32": pl.Series([0.1, None, float("nan"), 3.3e-5], dtype=pl.Float32)})
    assert _columns(frame) == _per_cell(frame)


def test_write_table_polars_frame_same_bytes(tmp_path) -> None:  # noqa: ANN001
    from lokus.reports import write_table
    from lokus.reports._sheets import Sheet, write_csv

    frame = pl.DataFrame({"name": ["=1", "", None, "a,b"], "z": [1.5, float("nan"), None, 1e-7],
                          "ok": [True, False, None, True], "village_code": [1, -2, None, 3]})
    write_table(frame, tmp_path / "fast.csv")
    write_csv(tmp_path / "slow.csv", Sheet.from_table("data", frame))
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet="-+=@0123456789.eE ,A\n\t", max_size=8),
                          st.from_regex(PLAIN_NUMBER, fullmatch=True)), min_size=1, max_size=30))
def test_number_texts_same_bytes_both_ways(texts: list[str]) -> None:
    """The vectorised guard (one expression, and the first-byte path of a String column) lets through
    exactly the texts safe_text lets through."""
    import re

    t = pa.table({"a": pa.array(texts, pa.string()), "village_code": pa.array(texts, pa.string())})
    assert _columns(t) == _per_cell(t)
    for text in texts:  # the rule itself: guarded iff it starts like a formula and is no plain number
        guarded = text.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) and not re.fullmatch(PLAIN_NUMBER, text)
        assert safe_text(text) == ("'" + text if guarded else text)
