"""One parser per value kind: dates, decimals and money, the same in SQL and in Python."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

from lokus.tables import AmbiguousColumnError, ValueKind, parse_values
from lokus.tables._sqlnorm import date_problem_sql, date_sql


def _day(x: float) -> dt.date | None:
    return None if np.isnan(x) else dt.date(1970, 1, 1) + dt.timedelta(days=int(x))


DATES = {
    "2021-02-03": dt.date(2021, 2, 3),
    "03/02/2021": dt.date(2021, 2, 3),
    "3/2/2021": dt.date(2021, 2, 3),
    "03-02-2021": dt.date(2021, 2, 3),
    "03.02.2021": dt.date(2021, 2, 3),
    "2021/02/03": dt.date(2021, 2, 3),
    "2021-02-03 00:00:00": dt.date(2021, 2, 3),
    "2021-02-03T08:30:00": dt.date(2021, 2, 3),
    "03/02/2021 08:30": dt.date(2021, 2, 3),
    "3 Februari 2021": dt.date(2021, 2, 3),
    "03-Feb-2021": dt.date(2021, 2, 3),
    "3 Agt 2021": dt.date(2021, 8, 3),
    "17 Agustus 1945": dt.date(1945, 8, 17),
    "1 Mei 2020": dt.date(2020, 5, 1),
    "25 Des 2019": dt.date(2019, 12, 25),
    "44319": dt.date(2021, 5, 3),  # Excel serial day number
    "44319.5": dt.date(2021, 5, 3),
    "03022021": dt.date(2021, 2, 3),
    "20210203": dt.date(2021, 2, 3),
    "20110102": dt.date(2011, 1, 2),  # was read as year 102 by %d%m%Y
}


@pytest.mark.parametrize(("text", "expected"), list(DATES.items()))
def test_dates_are_read(text: str, expected: dt.date) -> None:
    parsed = parse_values([text], ValueKind.DATE)
    assert _day(parsed.values[0]) == expected
    assert parsed.problem == [None] and not parsed.invalid[0] and not parsed.missing[0]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("15/01/81", "date_two_digit_year"),  # was read as the year 81
        ("03.02.21", "date_two_digit_year"),
        ("3 Feb 21", "date_two_digit_year"),
        ("31/02/2021", "date_unreadable"),
        ("13/25/2021", "date_unreadable"),
        ("besok", "date_unreadable"),
        ("15/1/0081", "date_unreadable"),
    ],
)
def test_unreadable_dates_get_a_reason(text: str, problem: str) -> None:
    parsed = parse_values([text], ValueKind.DATE)
    assert np.isnan(parsed.values[0]) and parsed.invalid[0]
    assert parsed.problem == [problem]


@pytest.mark.parametrize("text", ["", "  ", "-", "#N/A", None])
def test_empty_dates_are_missing_not_invalid(text: str | None) -> None:
    parsed = parse_values([text], ValueKind.DATE)
    assert parsed.missing[0] and not parsed.invalid[0] and parsed.problem == [None]


def test_sql_and_python_agree() -> None:
    texts = [*DATES, "15/01/81", "31/02/2021", "", None]
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT {date_sql('x')}, {date_problem_sql('x')} FROM unnest(?::VARCHAR[]) t(x)", [texts]
    ).fetchall()
    parsed = parse_values(texts, ValueKind.DATE)
    assert [r[0] for r in rows] == [_day(v) for v in parsed.values]
    assert [r[1] for r in rows] == parsed.problem


def test_a_column_with_month_first_evidence_is_read_month_first() -> None:
    # 07/27/2020 can only be month first, and nothing in the column is only day first
    parsed = parse_values(["03/04/2020", "07/27/2020", "05/01/2020", "08-23-2022", ""], ValueKind.DATE)
    assert [_day(v) for v in parsed.values[:4]] == [
        dt.date(2020, 3, 4), dt.date(2020, 7, 27), dt.date(2020, 5, 1), dt.date(2022, 8, 23)]
    assert parsed.problem == [None] * 5


def test_a_column_without_evidence_is_read_day_first() -> None:
    # the documented Indonesian convention (docs/reference/input-files.md#dates)
    parsed = parse_values(["03/04/2020", "05/01/2020", "25/12/2019"], ValueKind.DATE)
    assert [_day(v) for v in parsed.values] == [dt.date(2020, 4, 3), dt.date(2020, 1, 5), dt.date(2019, 12, 25)]


def test_a_column_written_in_both_orders_is_refused_with_one_sentence() -> None:
    with pytest.raises(AmbiguousColumnError) as err:
        parse_values(["13/04/1990", "12/25/1988", "03/04/1990"], ValueKind.DATE, column="Tgl Lahir", path="f.csv")
    msg = err.value.message("en")
    assert "'Tgl Lahir'" in msg and "13/04/1990" in msg and "12/25/1988" in msg and "\n" not in msg


def test_month_first_in_sql() -> None:
    con = duckdb.connect()
    from lokus.tables._values import date_order

    con.execute("CREATE TABLE t AS SELECT unnest(['03/04/2020', '07/27/2020']) AS x, unnest([2, 3]) AS __line")
    assert date_order(con, "t", "x") == "mdy"
    rows = con.execute(f"SELECT {date_sql('x', 'mdy')}, {date_problem_sql('x', 'mdy')} FROM t").fetchall()
    assert rows == [(dt.date(2020, 3, 4), None), (dt.date(2020, 7, 27), None)]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["525.000", "1.170.000", "350.000"], [525000, 1170000, 350000]),
        (["Rp 1.200.000", "Rp. 75.000,50", "900"], [1200000, 75000.5, 900]),
        (["1,170,000", "12.50", "1,234.5"], [1170000, 12.5, 1234.5]),
        (["525000", "12"], [525000, 12]),
    ],
)
def test_money(values: list[str], expected: list[float]) -> None:
    assert parse_values(values, ValueKind.MONEY).values.tolist() == expected


def test_money_written_two_ways_is_refused_with_one_sentence() -> None:
    with pytest.raises(AmbiguousColumnError) as err:
        parse_values(["525.000", "12.50"], ValueKind.MONEY, column="pengeluaran", path="s.csv")
    text = err.value.message("id")
    assert "pengeluaran" in text and "525.000" in text and "12.50" in text and "\n" not in text
    assert "525 or 525000" in err.value.message("en")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["106,92", "98.5", "110"], [106.92, 98.5, 110]),
        (["1.234,5", "12,5"], [1234.5, 12.5]),
        (["1,234.5", "12.5"], [1234.5, 12.5]),
    ],
)
def test_decimals(values: list[str], expected: list[float]) -> None:
    assert parse_values(values, ValueKind.DECIMAL).values.tolist() == expected


def test_decimal_written_two_ways_is_refused() -> None:
    with pytest.raises(AmbiguousColumnError):
        parse_values(["1.234,5", "1,234.5"], ValueKind.DECIMAL)


def test_bad_number_is_invalid_not_an_error() -> None:
    parsed = parse_values(["12", "dua", "", None], ValueKind.DECIMAL)
    assert parsed.invalid.tolist() == [False, True, False, False]
    assert parsed.missing.tolist() == [False, False, True, True]


def test_a_batch_reports_both_conventions_instead_of_refusing() -> None:
    """One batch of a file (``mixed_ok``): no error, the first value written each way, the same numbers; the
    caller refuses the file with the sentence the whole column would give."""
    from lokus.tables._values import mixed_error

    values = ["9.5", "1,234.5", "7", "1.234,5", "2.345,5"]
    with pytest.raises(AmbiguousColumnError) as whole:
        parse_values(values, ValueKind.DECIMAL, column="weight_kg")
    batch = parse_values(values, ValueKind.DECIMAL, column="weight_kg", mixed_ok=True)
    assert batch.examples == {"en": "1,234.5", "id": "1.234,5"}
    assert batch.values.tolist() == [9.5, 1234.5, 7.0, 1234.5, 2345.5]
    error = mixed_error(ValueKind.DECIMAL, "weight_kg", "", batch.examples)
    assert error is not None and error.message("en") == whole.value.message("en")
    assert parse_values(["9.5", "1,234.5"], ValueKind.DECIMAL, mixed_ok=True).examples == {"en": "1,234.5"}
