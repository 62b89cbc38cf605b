"""The vectorised normalisers read every spelling seen in the field, and agree with lokus.nik."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lokus.nik import check_nik, normalize_nik
from lokus.tables import FieldKind
from lokus.tables._sqlnorm import field_plan, ident_sql, nik_reason_sql

TODAY = date(2026, 11, 27)
CON = duckdb.connect()


def normalise(kind: FieldKind, values: list[str | None]) -> list[tuple[object, bool]]:
    """(value, unreadable) for each raw value, through the same layered SQL the ingest uses."""
    plan = field_plan(kind, "x", "f")
    prep = ", ".join(f"{e} AS {n}" for n, e in plan.prepare.items())
    refine = "".join(f", {e} AS {n}" for n, e in plan.refine.items())
    sql = (
        f"SELECT {plan.value}, {plan.unreadable} FROM (SELECT *{refine} FROM (SELECT i, x, {prep} "
        "FROM (SELECT unnest(?) AS x, generate_subscripts(?, 1) AS i))) ORDER BY i"
    )
    return [tuple(r) for r in CON.execute(sql, [values, values]).fetchall()]


def test_sex_spellings():
    raw = [
        "L",
        "P",
        "Laki-laki",
        "LAKI LAKI",
        "perempuan",
        "1",
        "2",
        "M",
        "F",
        " l ",
        "Wanita",
        "",
        None,
        "X",
    ]
    got = [v for v, _ in normalise(FieldKind.SEX, raw)]
    assert got == ["L", "P", "L", "L", "P", "L", "P", "L", "P", "L", "P", None, None, None]
    assert [u for _, u in normalise(FieldKind.SEX, ["X", "", None, "-"])] == [True, False, False, False]


def test_date_spellings():
    raw = [
        "17-08-1990",
        "17/08/1990",
        "1990-08-17",
        "17.08.1990",
        "29221",
        "29221.0",
        "1990-08-17 00:00:00",
        "17081990",
        "31-02-1990",
        "kemarin",
        "",
        None,
    ]
    got = [v for v, _ in normalise(FieldKind.DATE, raw)]
    d = date(1990, 8, 17)
    assert got == [d, d, d, d, date(1980, 1, 1), date(1980, 1, 1), d, d, None, None, None, None]
    assert [u for _, u in normalise(FieldKind.DATE, ["31-02-1990", "kemarin", "", None])] == [
        True,
        True,
        False,
        False,
    ]


def test_decile_spellings():
    raw = ["1", "01", "Desil 1", "desil 10", "DESIL-3", "4.0", " 5 ", "0", "11", "satu", "", None]
    got = [v for v, _ in normalise(FieldKind.DECILE, raw)]
    assert got == [1, 1, 1, 10, 3, 4, 5, None, None, None, None, None]


def test_flag_spellings():
    raw = ["Ya", "Tidak", "Y", "T", "1", "0", "true", "FALSE", "ya ", "iya", "-", "", None, "mungkin"]
    got = normalise(FieldKind.FLAG, raw)
    assert [v for v, _ in got] == [
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        True,
        True,
        None,
        None,
        None,
        None,
    ]
    assert [u for _, u in got][-4:] == [False, False, False, True]


def test_village_spellings():
    raw = [
        "1804042002",
        "18.04.04.2002",
        "18 04 04 2002",
        "18-04-04-2002",
        "'1804042002",
        "1804042002.0",
        " 18.04.04.2002 ",
        "180404200",
        "18.04.04",
        "desa",
        "",
        None,
    ]
    got = [v for v, _ in normalise(FieldKind.VILLAGE, raw)]
    assert got[:7] == ["18.04.04.2002"] * 7 and got[7:] == [None] * 5
    assert [u for _, u in normalise(FieldKind.VILLAGE, ["180404200", "", None])] == [True, False, False]


def test_ident_spellings():
    raw = [
        "1804040101800001",
        "'1804040101800001",
        "1804 0401 0180 0001",
        "1804040101800001.0",
        "\u20181804040101800001\u2019",
        "1.80404E+15",
        "",
        None,
    ]
    got = [v for v, _ in normalise(FieldKind.IDENT, raw)]
    assert got[:5] == ["1804040101800001"] * 5
    assert got[5:] == ["1.80404E+15", None, None]


def _sql_reason(value: str | None) -> str | None:
    sql = f"SELECT {nik_reason_sql('n', TODAY)} FROM (SELECT {ident_sql('?')} AS n)"
    return CON.execute(sql, [value]).fetchone()[0]


# ASCII only: Python's str.isdigit() also accepts other scripts' digits, which no NIK contains;
# the SQL accepts only 0-9 (documented in docs/reference/reason-codes.md).
_ALPHABET = "0123456789" * 4 + " .,eE+-'\"`\u2018\u2019\tx/"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=20))
@example("1804045607900001")
@example("1.80404E+15")
@example("1804040000900001")
@example("1804047102000001")
@example("1804042902010001")
@example("1804042902000001")
@example("1804040101800000")
@example("9904040101800001")
@example("1804040101800001.0")
@example("18040401018000011")
@example(".0")
@example("")
def test_sql_nik_reason_matches_check_nik(value: str):
    assert _sql_reason(value) == check_nik(value, today=TODAY)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted({"18", "11", "31", "99", "00", "94", "20"})),
    st.integers(0, 9999).map(lambda n: f"{n:04d}"),
    st.integers(0, 79).map(lambda n: f"{n:02d}"),
    st.integers(0, 13).map(lambda n: f"{n:02d}"),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(0, 9999).map(lambda n: f"{n:04d}"),
)
def test_sql_nik_reason_matches_on_structured_niks(prov, regdist, day, month, yy, serial):
    nik = prov + regdist + day + month + yy + serial
    assert _sql_reason(nik) == check_nik(nik, today=TODAY)


@pytest.mark.parametrize("value", ["1804040101800001", " '1804040101800001' ", "1804040101800001.0"])
def test_sql_ident_matches_normalize_nik(value: str):
    assert CON.execute(f"SELECT {ident_sql('?')}", [value]).fetchone()[0] == normalize_nik(value)
