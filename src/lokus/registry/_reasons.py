"""Reason codes for registry rows, with their messages (Bahasa Indonesia and English).

Hard reasons send a row to the ``quarantine`` table; soft reasons are listed in the accepted row's
``warnings`` column. Every code is documented in ``docs/reference/reason-codes.md`` (a test fails
when one is not).
"""

from __future__ import annotations

from lokus.i18n import register
from lokus.nik import HARD_REASONS as NIK_HARD
from lokus.nik import SOFT_REASONS as NIK_SOFT
from lokus.quarantine import ERASED_REASON, ROW_MALFORMED

__all__ = ["HARD_REASONS", "SOFT_REASONS", "ALL_REASONS"]

_ROW_HARD: dict[str, dict[str, str]] = {
    "household_missing": {
        "id": "ID keluarga dan No KK kosong; baris tidak bisa dikaitkan ke keluarga",
        "en": "household ID and KK number are empty; the row cannot be tied to a household",
    },
    "village_missing": {"id": "kode desa/kelurahan kosong", "en": "village code is empty"},
    "village_unknown": {
        "id": "kode desa/kelurahan tidak ada dalam daftar Kemendagri (harus 10 digit, mis. 18.04.04.2001)",
        "en": "village code is not in the Kemendagri list (must be 10 digits, e.g. 18.04.04.2001)",
    },
    "village_outside_district": {
        "id": "desa/kelurahan berada di luar wilayah --district yang dipilih",
        "en": "the village lies outside the chosen --district",
    },
    "decile_missing": {"id": "desil kesejahteraan kosong", "en": "welfare decile is empty"},
    "decile_invalid": {
        "id": "desil kesejahteraan bukan angka (contoh yang benar: 1, 01, Desil 1)",
        "en": "welfare decile is not a number (valid examples: 1, 01, Desil 1)",
    },
    "decile_not_whole": {
        "id": "desil kesejahteraan bukan bilangan bulat (mis. 1,5); desil adalah 1–10 tanpa pecahan",
        "en": "welfare decile is not a whole number (e.g. 1.5); a decile is 1–10 without fractions",
    },
    "decile_out_of_range": {
        "id": "desil kesejahteraan di luar 1–10",
        "en": "welfare decile is outside 1–10",
    },
    "birth_date_invalid": {
        "id": "tanggal lahir tidak terbaca (gunakan dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd "
        "atau 15 Januari 1981)",
        "en": "birth date cannot be read (use dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd "
        "or 15 Januari 1981)",
    },
    "birth_date_two_digit_year": {
        "id": "tahun lahir ditulis dua digit (mis. 15/01/21: 1921 atau 2021?); tulis tahun empat digit",
        "en": "birth year written with two digits (e.g. 15/01/21: 1921 or 2021?); write the year with "
        "four digits",
    },
    "birth_date_future": {"id": "tanggal lahir di masa depan", "en": "birth date is in the future"},
    "duplicate_row": {
        "id": "baris kembar persis dengan baris sebelumnya (baris pertama diterima)",
        "en": "exact duplicate of an earlier row (the first one is accepted)",
    },
    "nik_duplicate": {
        "id": "NIK yang sama sudah ada di baris sebelumnya dalam keluarga yang sama, dengan data berbeda",
        "en": "the same NIK appears on an earlier row of the same household with different data",
    },
    "nik_multiple_households": {
        "id": "NIK yang sama tercatat di dua keluarga atau lebih; semua barisnya ditahan untuk diperiksa",
        "en": "the same NIK is listed in two or more households; all its rows are held for review",
    },
    **ROW_MALFORMED,
    **ERASED_REASON,
}

_ROW_SOFT: dict[str, dict[str, str]] = {
    "sex_invalid": {
        "id": "jenis kelamin tidak dikenali (gunakan L/P, Laki-laki/Perempuan, 1/2)",
        "en": "sex not recognised (use L/P, Laki-laki/Perempuan, 1/2)",
    },
    "flag_invalid": {
        "id": "nilai Ya/Tidak tidak dikenali pada kolom penanda (dibiarkan kosong)",
        "en": "a Yes/No flag value was not recognised (left empty)",
    },
    "kk_invalid": {
        "id": "No KK bukan 16 digit; orang ini dihitung sebagai keluarga tersendiri",
        "en": "KK number is not 16 digits; this person is counted as a household of their own",
    },
    "kk_scientific": {
        "id": "No KK rusak oleh Excel (notasi ilmiah, digit hilang); orang ini dihitung sebagai keluarga tersendiri; "
        "ekspor ulang kolom No KK sebagai Teks",
        "en": "KK number mangled by Excel (scientific notation, digits lost); this person is counted as a household "
        "of their own; re-export the KK column as Text",
    },
    "kk_serial": {
        "id": "nomor urut No KK 0000, sering karena Excel membulatkan No KK; orang ini dihitung sebagai keluarga "
        "tersendiri; ekspor ulang kolom No KK sebagai Teks",
        "en": "KK serial number is 0000, often because Excel rounded the KK number; this person is counted as a "
        "household of their own; re-export the KK column as Text",
    },
    "kk_placeholder": {
        "id": "No KK pengganti (0, semua nol atau semua sembilan); orang ini dihitung sebagai keluarga tersendiri",
        "en": "placeholder KK number (0, all zeros or all nines); this person is counted as a household of their own",
    },
    "household_placeholder": {
        "id": "ID keluarga pengganti (0, semua nol atau semua sembilan); keluarga diambil dari No KK atau orang ini "
        "dihitung tersendiri",
        "en": "placeholder household ID (0, all zeros or all nines); the household is taken from the KK number, or "
        "the person is counted on their own",
    },
    "village_code_bps": {
        "id": "kode desa adalah kode BPS lama; diterjemahkan ke kode Kemendagri lewat tabel padanan BPS 2018",
        "en": "the village code is an old BPS code; translated to Kemendagri through the 2018 BPS crosswalk",
    },
    "quote_literal": {
        "id": "tanda kutip \" yang tidak berpasangan di baris ini dibaca sebagai huruf biasa "
        "(baris tidak digabung dengan baris berikutnya)",
        "en": "an unpaired quote \" on this line was read as an ordinary character "
        "(the line was not merged with the next one)",
    },
    "village_from_name": {
        "id": "kode desa tidak ada; desa ditemukan dari nama desa, kecamatan (dan kabupaten)",
        "en": "no village code; the village was found from the village, kecamatan (and kabupaten) names",
    },
}

HARD_REASONS: dict[str, dict[str, str]] = {**NIK_HARD, **_ROW_HARD}
SOFT_REASONS: dict[str, dict[str, str]] = {**NIK_SOFT, **_ROW_SOFT}
ALL_REASONS: dict[str, dict[str, str]] = {**HARD_REASONS, **SOFT_REASONS}

register({f"reason.{code}": texts for code, texts in {**_ROW_HARD, **_ROW_SOFT}.items()})
