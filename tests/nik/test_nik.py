from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lokus.nik import check_nik, normalize_nik, parse_nik, soft_checks

TODAY = date(2026, 11, 27)


def make_nik(day: int, month: int, year: int, female: bool, serial: int = 1, region: str = "180404") -> str:
    dd = day + 40 if female else day
    return f"{region}{dd:02d}{month:02d}{year % 100:02d}{serial:04d}"


def test_valid_male():
    info = parse_nik("1804041607900001", today=TODAY)
    assert info is not None
    assert info.sex == "L"
    assert info.birth_date == date(1990, 7, 16)
    assert info.region_code == "18.04.04"


def test_women_day_plus_40():
    info = parse_nik("1804045607900001", today=TODAY)
    assert info is not None and info.sex == "P" and info.birth_date == date(1990, 7, 16)


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("", "nik_missing"),
        (None, "nik_missing"),
        ("1.80404E+15", "nik_scientific"),
        ("1,80404E+15", "nik_scientific"),
        ("18040416079O0001", "nik_non_digit"),
        ("18040456079000²1", "nik_non_digit"),
        ("１８０４０４１６０７９００００１", "nik_non_digit"),
        ("180404160790001", "nik_length"),
        ("18040416079000011", "nik_length"),
        ("9904041607900001", "nik_province"),
        ("1804043207900001", "nik_date"),
        ("1804041613900001", "nik_date"),
        ("1804047207900001", "nik_date"),
        ("1804040000900001", "nik_date"),
        ("1804042902010001", "nik_date"),  # 2001 is not a leap year
        ("1804041607900000", "nik_serial"),
    ],
)
def test_hard_reasons(raw, reason):
    assert check_nik(raw, today=TODAY) == reason


def test_leap_day_ok():
    assert check_nik("1804042902040001", today=TODAY) is None


@pytest.mark.parametrize("raw", ["'1804041607900001", " 1804 0416 0790 0001 ", "1804041607900001.0"])
def test_normalisation(raw):
    assert normalize_nik(raw) == "1804041607900001"
    assert check_nik(raw, today=TODAY) is None


def test_soft_checks_never_reject():
    nik = "1804041607900001"
    assert soft_checks(nik, date(1990, 7, 16), "L") == []
    assert soft_checks(nik, date(1991, 7, 16), "P") == ["nik_birthdate_mismatch", "nik_sex_mismatch"]
    assert check_nik(nik, today=TODAY) is None


@given(
    birth=st.dates(min_value=date(1930, 1, 1), max_value=TODAY),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_roundtrip_property(birth, female, serial):
    nik = make_nik(birth.day, birth.month, birth.year, female, serial)
    info = parse_nik(nik, today=TODAY)
    assert info is not None
    assert info.sex == ("P" if female else "L")
    assert (info.birth_date.day, info.birth_date.month, info.birth_date.year % 100) == (
        birth.day, birth.month, birth.year % 100,
    )


@given(st.text(max_size=20))
def test_any_text_gives_a_reason_or_valid(text):
    reason = check_nik(text, today=TODAY)
    if reason is None:
        assert len(normalize_nik(text)) == 16 and normalize_nik(text).isdigit()


@given(st.integers(min_value=10**15, max_value=10**16 - 1))
def test_excel_float_is_never_valid_by_accident(number):
    # Excel shows large numbers in scientific notation; such a cell must never pass silently.
    shown = f"{float(number):.5E}"
    assert check_nik(shown, today=TODAY) == "nik_scientific"
