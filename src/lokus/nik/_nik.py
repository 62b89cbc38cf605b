"""NIK parsing. Reason codes are documented in docs/reason-codes.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from lokus.i18n import register

# Hard reasons: the value cannot be a NIK.
HARD_REASONS: dict[str, dict[str, str]] = {
    "nik_missing": {"id": "NIK kosong", "en": "NIK is empty"},
    "nik_scientific": {
        "id": "NIK rusak oleh Excel (notasi ilmiah, digit hilang); ekspor ulang dengan kolom berformat Teks",
        "en": "NIK mangled by Excel (scientific notation, digits lost); re-export with the column as Text",
    },
    "nik_non_digit": {"id": "NIK mengandung karakter selain angka", "en": "NIK contains non-digits"},
    "nik_length": {"id": "NIK tidak 16 digit", "en": "NIK is not 16 digits long"},
    "nik_province": {
        "id": "dua digit pertama NIK bukan kode provinsi",
        "en": "the first two NIK digits are not a province code",
    },
    "nik_date": {
        "id": "tanggal lahir dalam NIK mustahil (hari/bulan tidak ada)",
        "en": "the birth date inside the NIK is impossible (no such day/month)",
    },
    "nik_serial": {
        "id": "nomor urut NIK 0000; sering karena Excel membulatkan NIK (1.80404560790000E+15 menjadi "
        "1804045607900000): ekspor ulang kolom NIK sebagai Teks",
        "en": "NIK serial number is 0000; often Excel rounded the NIK (1.80404560790000E+15 became "
        "1804045607900000): re-export the NIK column as Text",
    },
}
# Soft reasons: a warning beside an accepted row.
SOFT_REASONS: dict[str, dict[str, str]] = {
    "nik_birthdate_mismatch": {
        "id": "tanggal lahir tidak sama dengan yang tersirat di NIK",
        "en": "birth date differs from the one encoded in the NIK",
    },
    "nik_sex_mismatch": {
        "id": "jenis kelamin tidak sama dengan yang tersirat di NIK",
        "en": "sex differs from the one encoded in the NIK",
    },
}
register({f"reason.{k}": v for k, v in {**HARD_REASONS, **SOFT_REASONS}.items()})

PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
     "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82",
     "91", "92", "93", "94", "95", "96", "97"}
)
_SCI = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+$")
_STRIP = re.compile(r"[\s'\"`‘’]")


def normalize_nik(value: object) -> str:
    """Text form of a NIK cell: strips quotes, apostrophes, spaces and an Excel ``.0`` tail.

    It does not repair digits; :func:`check_nik` says what is wrong.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        # A float can only be a NIK that Excel turned into a number; keep what it shows.
        text = repr(value)
    else:
        text = str(value)
    text = _STRIP.sub("", text)
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


@dataclass(frozen=True)
class NikInfo:
    nik: str
    province: str
    regency: str
    district: str
    birth_date: date
    sex: str  # "L" or "P"
    serial: str
    region_code: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "region_code", f"{self.province}.{self.regency}.{self.district}")


def _century_year(yy: int, today: date) -> int:
    year = 2000 + yy
    return year if year <= today.year else 1900 + yy


def check_nik(value: object, *, today: date | None = None) -> str | None:
    """The hard reason code why ``value`` is not a valid NIK, or None when it is valid."""
    text = normalize_nik(value)
    if not text:
        return "nik_missing"
    if _SCI.match(text):
        return "nik_scientific"
    if not (text.isascii() and text.isdigit()):  # "²" and other scripts' digits are not NIK digits
        return "nik_non_digit"
    if len(text) != 16:
        return "nik_length"
    if text[:2] not in PROVINCE_CODES:
        return "nik_province"
    day, month, yy = int(text[6:8]), int(text[8:10]), int(text[10:12])
    if day > 40:
        day -= 40
    try:
        date(_century_year(yy, today or date.today()), month, day)
    except ValueError:
        return "nik_date"
    if text[12:] == "0000":
        return "nik_serial"
    return None


def parse_nik(value: object, *, today: date | None = None) -> NikInfo | None:
    """The parts of a valid NIK, or None when :func:`check_nik` finds a reason."""
    today = today or date.today()
    if check_nik(value, today=today) is not None:
        return None
    text = normalize_nik(value)
    day, month, yy = int(text[6:8]), int(text[8:10]), int(text[10:12])
    sex = "P" if day > 40 else "L"
    if day > 40:
        day -= 40
    born = date(_century_year(yy, today), month, day)
    return NikInfo(text, text[0:2], text[2:4], text[4:6], born, sex, text[12:16])


def soft_checks(nik: str, birth_date: date | None, sex: str | None) -> list[str]:
    """Soft reason codes for a valid NIK against the row's own birth date and sex.

    Only the day and month and the last two digits of the year are compared (the century is
    not in the NIK).
    """
    info = parse_nik(nik)
    if info is None:
        return []
    out: list[str] = []
    if birth_date is not None and (
        (birth_date.day, birth_date.month, birth_date.year % 100)
        != (info.birth_date.day, info.birth_date.month, info.birth_date.year % 100)
    ):
        out.append("nik_birthdate_mismatch")
    if sex in ("L", "P") and sex != info.sex:
        out.append("nik_sex_mismatch")
    return out
